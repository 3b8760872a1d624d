package org.collab4j.algo.knn;

import org.collab4j.kernel.Workers;
import org.collab4j.train.BaselineBiases;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochReporter;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.RatingMatrix;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;

/**
 * {@code item-knn}: the item neighbourhood model with baselines ({@link ItemKnnModel}), as
 * Surprise's {@code KNNBaseline} with {@code sim_options={'name': 'pearson_baseline',
 * 'user_based': False}}.
 *
 * <p>Fitting is two steps. The baselines {@code b_ui = mu + b_u + b_i} are Koren's damped
 * estimates ({@link BaselineBiases}, {@code reg-u} 5, {@code reg-i} 3, {@code baseline-epochs} 10). Then the similarity of items i and
 * j is the baseline-adjusted Pearson correlation over the users U(i,j) who rated both, shrunk
 * towards zero when few users support it (Koren 2010, eq. 3 and section 2.2):
 *
 * <pre>  rho_ij = sum_u e_ui e_uj / sqrt(sum_u e_ui^2 * sum_u e_uj^2),   e_ui = r_ui - b_ui, sums over U(i,j)
 *   s_ij   = (n_ij - 1) / (n_ij - 1 + shrinkage) * rho_ij,           n_ij = |U(i,j)|</pre>
 *
 * (0 when {@code n_ij < min-support}). Similarities are computed item by item in parallel on
 * {@code threads} threads: for item i, every user who rated i contributes to the accumulators of
 * each item j &gt; i that the user also rated (O(sum_u n_u^2 / 2) in all, dense per-thread
 * accumulators of one row), and only positive similarities are kept ({@link ItemKnnModel}).
 * The result does not depend on the thread count.
 *
 * <p>Options ({@code --set}): {@code k} (40), {@code min-k} (1), {@code shrinkage} (400),
 * {@code min-support} (1), {@code reg-u} (5), {@code reg-i} (3), {@code baseline-epochs} (10),
 * {@code keep} (most neighbours stored per item, 0 = all; trades exactness for size on large
 * catalogues). Reported as one epoch. The defaults were chosen by {@code tune --cv u1..u5} on
 * MovieLens 100k; {@code --set shrinkage=100 --set reg-u=15 --set reg-i=10} is Surprise's
 * {@code KNNBaseline} exactly.
 */
public final class ItemKnnTrainer implements ModelTrainer {
    public static final String KIND = ItemKnnModel.KIND;
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.integer("k", 40, 1, "most neighbours per prediction"),
            OptionSpec.integer("min-k", 1, 0, "fewest neighbours for the neighbourhood term"),
            OptionSpec.number("shrinkage", 400.0, OptionSpec.Range.atLeast(0), "shrinkage of similarities supported by few common users (Surprise uses 100)"),
            OptionSpec.integer("min-support", 1, 1, "fewest common users for a non-zero similarity"),
            BaselineBiases.REG_U,
            BaselineBiases.REG_I,
            OptionSpec.integer("baseline-epochs", 10, 0, "ALS sweeps of the baseline"),
            OptionSpec.integer("keep", 0, 0, "most neighbours stored per item, 0 = all with a positive similarity"));

    @Override
    public String name() {
        return KIND;
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(KIND, OPTIONS, config);
        int k = opt.getInt("k"), minK = opt.getInt("min-k"), minSupport = opt.getInt("min-support");
        double shrinkage = opt.getDouble("shrinkage");
        double regU = opt.getDouble("reg-u"), regI = opt.getDouble("reg-i");
        int baselineEpochs = opt.getInt("baseline-epochs"), keep = opt.getInt("keep");
        EpochReporter report = new EpochReporter(data.ratings(), split, callbacks);
        report.beforeFit(1);
        report.beforeEpoch(0);
        RatingMatrix m = RatingMatrix.of(data.ratings(), split.train());
        float[] bu = new float[m.numUsers], bi = new float[m.numItems];
        double baselineMse = BaselineBiases.fit(m, regU, regI, baselineEpochs, bu, bi);
        float[] residuals = userResiduals(m, bu, bi);
        Neighbours nb;
        try (Workers workers = new Workers(config.threads())) {
            nb = similarities(m, residuals, shrinkage, minSupport, keep, workers);
        }
        float[] clip = {data.ratings().scale().min(), data.ratings().scale().max()};
        ItemKnnModel model = new ItemKnnModel(m.numUsers, m.numItems, (float) m.mean, bu, bi, m.userStart, m.userItems, residuals,
                nb.start(), nb.items(), nb.similarities(), k, minK, clip);
        // the epoch's training loss is the baseline's: scoring every training rating with its
        // neighbours would cost more than the fit itself
        report.afterEpoch(0, baselineMse, model);
        return new TrainResult(model, report.afterFit());
    }

    /** {@code r_uj - (mu + b_u + b_j)} for every rating, in the user-major order of {@code m}. */
    public static float[] userResiduals(RatingMatrix m, float[] bu, float[] bi) {
        float[] e = new float[m.size()];
        for (int u = 0; u < m.numUsers; u++)
            for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++)
                e[j] = (float) (m.userValues[j] - m.mean - bu[u] - bi[m.userItems[j]]);
        return e;
    }

    /** Each item's neighbours with a positive similarity, rows sorted by item. */
    public record Neighbours(int[] start, int[] items, float[] similarities) {
    }

    /**
     * Shrunk Pearson correlations of the residuals {@code e} (user-major, as {@link #userResiduals})
     * between all pairs of items, keeping the positive ones (at most {@code keep} per item when
     * {@code keep > 0}, the most similar).
     */
    public static Neighbours similarities(RatingMatrix m, float[] e, double shrinkage, int minSupport, int keep, Workers workers) {
        int ni = m.numItems;
        // item-major residuals and, for each of them, the position of the rating in the user's row
        int[] posInUserRow = new int[m.size()];
        float[] itemResid = new float[m.size()];
        int[] fill = java.util.Arrays.copyOf(m.itemStart, ni);
        for (int u = 0; u < m.numUsers; u++)
            for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++) {
                int at = fill[m.userItems[j]]++;
                posInUserRow[at] = j;
                itemResid[at] = e[j];
            }
        int[][] upper = new int[ni][];
        float[][] upperSim = new float[ni][];
        Accumulator[] acc = new Accumulator[workers.threads()];
        for (int w = 0; w < acc.length; w++) acc[w] = new Accumulator(ni);
        workers.forEach(ni, 8, (w, from, to) -> {
            Accumulator a = acc[w];
            for (int i = from; i < to; i++) {
                a.row(m, e, i, m.itemStart[i], m.itemStart[i + 1], posInUserRow, itemResid);
                a.emit(i, shrinkage, minSupport);
                upper[i] = a.outItems();
                upperSim[i] = a.outSims();
            }
        });
        return symmetric(ni, upper, upperSim, keep);
    }

    /** One row of accumulators (for the items j > i), reset as they are read. */
    static final class Accumulator {
        final int[] freq;
        final double[] prod;
        final double[] sqI;
        final double[] sqJ;
        int[] outItems = new int[16];
        float[] outSims = new float[16];
        int numOut;

        Accumulator(int ni) {
            freq = new int[ni];
            prod = new double[ni];
            sqI = new double[ni];
            sqJ = new double[ni];
        }

        /**
         * Accumulates item i against every later item over i's users: ratings {@code from..to} of
         * i in item-major order, {@code pos[t]} the rating's position in its user's row.
         */
        void row(RatingMatrix m, float[] e, int i, int from, int to, int[] pos, float[] itemResid) {
            for (int t = from; t < to; t++) {
                int u = m.itemUsers[t];
                double ei = itemResid[t];
                double ei2 = ei * ei;
                int end = m.userStart[u + 1];
                for (int j = pos[t] + 1; j < end; j++) {
                    int item = m.userItems[j];
                    double ej = e[j];
                    freq[item]++;
                    prod[item] += ei * ej;
                    sqI[item] += ei2;
                    sqJ[item] += ej * ej;
                }
            }
        }

        /**
         * Turns the accumulators of row i into shrunk similarities, keeps the positive ones, and
         * resets. Scans j = i+1.. in order (cheaper than sorting the touched items).
         */
        void emit(int i, double shrinkage, int minSupport) {
            numOut = 0;
            int ni = freq.length;
            for (int j = i + 1; j < ni; j++) {
                int n = freq[j];
                if (n == 0) continue;
                double den = Math.sqrt(sqI[j] * sqJ[j]);
                if (n >= minSupport && den > 0) {
                    double sim = prod[j] / den * (n - 1) / (n - 1 + shrinkage);
                    if (sim > 0) {
                        if (numOut == outItems.length) {
                            outItems = java.util.Arrays.copyOf(outItems, numOut * 2);
                            outSims = java.util.Arrays.copyOf(outSims, numOut * 2);
                        }
                        outItems[numOut] = j;
                        outSims[numOut++] = (float) sim;
                    }
                }
                freq[j] = 0;
                prod[j] = 0;
                sqI[j] = 0;
                sqJ[j] = 0;
            }
        }

        int[] outItems() {
            return java.util.Arrays.copyOf(outItems, numOut);
        }

        float[] outSims() {
            return java.util.Arrays.copyOf(outSims, numOut);
        }
    }

    /** Mirrors the upper-triangle rows into full rows sorted by item; trims each to its {@code keep} best. */
    static Neighbours symmetric(int ni, int[][] upper, float[][] upperSim, int keep) {
        int[] count = new int[ni + 1];
        for (int i = 0; i < ni; i++) {
            count[i + 1] += upper[i].length;
            for (int j : upper[i]) count[j + 1]++;
        }
        for (int i = 0; i < ni; i++) count[i + 1] += count[i];
        int[] start = count.clone();
        int[] fill = java.util.Arrays.copyOf(count, ni);
        int[] items = new int[count[ni]];
        float[] sims = new float[count[ni]];
        // row r receives its entries from items i < r (in increasing i) before its own upper row: sorted
        for (int i = 0; i < ni; i++) {
            int[] js = upper[i];
            float[] ss = upperSim[i];
            for (int t = 0; t < js.length; t++) {
                int at = fill[js[t]]++;
                items[at] = i;
                sims[at] = ss[t];
            }
            for (int t = 0; t < js.length; t++) {
                int at = fill[i]++;
                items[at] = js[t];
                sims[at] = ss[t];
            }
        }
        Neighbours all = new Neighbours(start, items, sims);
        return keep > 0 ? trim(all, ni, keep) : all;
    }

    private static Neighbours trim(Neighbours nb, int ni, int keep) {
        int[] start = new int[ni + 1];
        int[][] rowsI = new int[ni][];
        float[][] rowsS = new float[ni][];
        for (int i = 0; i < ni; i++) {
            int from = nb.start()[i], to = nb.start()[i + 1], n = to - from;
            float[] s = java.util.Arrays.copyOfRange(nb.similarities(), from, to);
            int[] it = java.util.Arrays.copyOfRange(nb.items(), from, to);
            if (n > keep) {
                float[] order = s.clone();
                java.util.Arrays.sort(order);
                float cut = order[n - keep];
                int[] ki = new int[keep];
                float[] ks = new float[keep];
                int c = 0;
                for (int t = 0; t < n && c < keep; t++) if (s[t] > cut) { ki[c] = it[t]; ks[c++] = s[t]; }
                for (int t = 0; t < n && c < keep; t++) if (s[t] == cut) { ki[c] = it[t]; ks[c++] = s[t]; }
                // restore item order
                Integer[] boxed = new Integer[keep];
                for (int t = 0; t < keep; t++) boxed[t] = t;
                java.util.Arrays.sort(boxed, (x, y) -> Integer.compare(ki[x], ki[y]));
                it = new int[keep];
                s = new float[keep];
                for (int t = 0; t < keep; t++) {
                    it[t] = ki[boxed[t]];
                    s[t] = ks[boxed[t]];
                }
            }
            rowsI[i] = it;
            rowsS[i] = s;
            start[i + 1] = start[i] + it.length;
        }
        int[] items = new int[start[ni]];
        float[] sims = new float[start[ni]];
        for (int i = 0; i < ni; i++) {
            System.arraycopy(rowsI[i], 0, items, start[i], rowsI[i].length);
            System.arraycopy(rowsS[i], 0, sims, start[i], rowsS[i].length);
        }
        return new Neighbours(start, items, sims);
    }
}
