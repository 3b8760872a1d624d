package org.collab4j.algo.knn;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Interactions;
import org.collab4j.data.Split;
import org.collab4j.kernel.Workers;
import org.collab4j.kernel.TopK;
import org.collab4j.train.Callback;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.ImplicitTrainer;
import org.collab4j.train.TopNEpochs;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;

/**
 * {@code item-knn} on implicit feedback ({@link ImplicitItemKnnModel}), fitted as the Python
 * {@code implicit} library (0.7) fits its item-item recommenders. With {@code x_ui} the weight
 * of user u's interaction with item i (its confidence, {@link ImplicitTrainer#CONFIDENCE_OPTIONS}),
 * each interaction is weighted, then {@code S = W^T W} and each item keeps its K largest
 * entries (itself included, as {@code implicit} counts it, then dropped: an item the user has is
 * never recommended to them):
 *
 * <ul>
 * <li>{@code cosine}: {@code W_ui = x_ui / ||x_.i||}, the cosine of the items' user vectors;</li>
 * <li>{@code tfidf}: {@code W_ui = sqrt(x_ui) * idf_u / ||..||_i}, {@code idf_u = log(N) - log(1 + |I(u)|)}
 * with N the catalogue size;</li>
 * <li>{@code bm25} (default): {@code W_ui = x_ui (k1 + 1) / (k1 L_i + x_ui) * idf_u},
 * {@code L_i = 1 - b + b * (sum_u x_ui) / mean over items of the same}: an item's users count
 * less the more users it has, and a user counts less the more items they have.</li>
 * </ul>
 * {@code shrinkage} s (default 0, as in {@code implicit}) multiplies {@code S_ij} by
 * {@code n_ij / (n_ij + s)}, n_ij the users of both items, so that pairs seen together by few
 * users count less. Rows of S are computed item by item on {@code threads} threads, each with
 * its own dense accumulator; the result does not depend on the thread count.
 *
 * <p>Options ({@code --set}): {@code similarity} (bm25), {@code k} (200), {@code k1} (1.2),
 * {@code b} (0.75), {@code shrinkage} (0), and the confidence rule. Reported as one epoch
 * without a loss.
 */
public final class ImplicitItemKnnTrainer implements ImplicitTrainer {
    static final List<OptionSpec> OPTIONS = ImplicitTrainer.withConfidence(
            OptionSpec.choice("similarity", "bm25", List.of("cosine", "tfidf", "bm25"), "how neighbours are weighed"),
            OptionSpec.integer("k", 200, 1, "neighbours kept per item, the item itself counted as in implicit"),
            OptionSpec.number("k1", 1.2, OptionSpec.Range.atLeast(0), "BM25 term saturation"),
            OptionSpec.number("b", 0.75, new OptionSpec.Range(0, false, 1, false), "BM25 length normalisation"),
            OptionSpec.number("shrinkage", 0.0, OptionSpec.Range.atLeast(0), "shrink a similarity by n / (n + shrinkage), n the users of both items"));


    @Override
    public String name() {
        return ItemKnnModel.KIND;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(ItemKnnModel.KIND, OPTIONS, config);
        String similarity = opt.getString("similarity");
        int k = opt.getInt("k");
        double k1 = opt.getDouble("k1"), b = opt.getDouble("b"), shrinkage = opt.getDouble("shrinkage");
        TopNEpochs epochs = new TopNEpochs(callbacks);
        epochs.beforeFit(1);
        epochs.beforeEpoch(0);
        Interactions x = ImplicitTrainer.interactions(data, split, config);
        float[] w = switch (similarity) {
            case "cosine" -> cosine(x);
            case "tfidf" -> tfidf(x);
            case "bm25" -> bm25(x, k1, b);
            default -> throw new IllegalArgumentException("item-knn: similarity must be cosine, tfidf or bm25, got '" + similarity + "'");
        };
        String measure = similarity.equals("bm25") ? "bm25(k1 " + k1 + ", b " + b + ")" : similarity;
        if (shrinkage > 0) measure += ", shrinkage " + shrinkage;
        ImplicitItemKnnTrainer.Rows s = neighbours(x, w, k, shrinkage, config.threads());
        ImplicitItemKnnModel model = new ImplicitItemKnnModel(x.numUsers(), x.numItems(), x.userStart(), x.userItems(), x.userWeights(),
                s.start, s.items, s.sims, measure);
        epochs.afterEpoch(0, Double.NaN, model);
        return new TrainResult(model, epochs.afterFit());
    }

    /** Weights in the item-major order of {@code x.itemUsers()}: each item's column scaled to unit length. */
    static float[] cosine(Interactions x) {
        return normalizeItems(x, x.itemWeights().clone());
    }

    static float[] tfidf(Interactions x) {
        double[] idf = idf(x);
        float[] w = new float[x.size()];
        int[] iu = x.itemUsers();
        float[] v = x.itemWeights();
        for (int p = 0; p < w.length; p++) w[p] = (float) (Math.sqrt(v[p]) * idf[iu[p]]);
        return normalizeItems(x, w);
    }

    static float[] bm25(Interactions x, double k1, double b) {
        double[] idf = idf(x);
        int ni = x.numItems();
        int[] is = x.itemStart(), iu = x.itemUsers();
        float[] v = x.itemWeights();
        double[] rowSum = new double[ni];
        double total = 0;
        for (int i = 0; i < ni; i++) {
            for (int p = is[i]; p < is[i + 1]; p++) rowSum[i] += v[p];
            total += rowSum[i];
        }
        double mean = total / ni;
        float[] w = new float[x.size()];
        for (int i = 0; i < ni; i++) {
            double norm = 1 - b + b * rowSum[i] / mean;
            for (int p = is[i]; p < is[i + 1]; p++) w[p] = (float) (v[p] * (k1 + 1) / (k1 * norm + v[p]) * idf[iu[p]]);
        }
        return w;
    }

    /** {@code log(N) - log(1 + items of u)}, N the number of items. */
    private static double[] idf(Interactions x) {
        double[] idf = new double[x.numUsers()];
        double logN = Math.log(x.numItems());
        for (int u = 0; u < idf.length; u++) idf[u] = logN - Math.log1p(x.userCount(u));
        return idf;
    }

    private static float[] normalizeItems(Interactions x, float[] w) {
        int[] is = x.itemStart();
        for (int i = 0; i < x.numItems(); i++) {
            double sq = 0;
            for (int p = is[i]; p < is[i + 1]; p++) sq += (double) w[p] * w[p];
            double inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
            for (int p = is[i]; p < is[i + 1]; p++) w[p] = (float) (w[p] * inv);
        }
        return w;
    }

    record Rows(int[] start, int[] items, float[] sims) {
    }

    /**
     * Each item's K largest entries of {@code W^T W} ({@code w} in item-major order), itself
     * counted and then dropped, rows sorted by item.
     */
    static Rows neighbours(Interactions x, float[] w, int k, double shrinkage, int threads) {
        int ni = x.numItems(), nu = x.numUsers();
        int[] is = x.itemStart(), iu = x.itemUsers();
        // user-major copy of the weights, to walk each user's items
        int[] us = x.userStart(), ui = x.userItems();
        float[] wu = new float[w.length];
        int[] fill = java.util.Arrays.copyOf(us, nu);
        for (int i = 0; i < ni; i++) for (int p = is[i]; p < is[i + 1]; p++) wu[fill[iu[p]]++] = w[p];
        int[][] rowItems = new int[ni][];
        float[][] rowSims = new float[ni][];
        int parts = Math.max(1, Math.min(threads, ni));
        try (Workers pool = new Workers(parts)) {
            pool.run(parts, t -> {
                double[] acc = new double[ni];
                int[] count = new int[ni];
                int[] touched = new int[ni];
                boolean[] on = new boolean[ni];
                TopK heap = new TopK(k);
                int[] top = new int[k];
                float[] topSims = new float[k];
                for (int i = Workers.lo(ni, t, parts), e = Workers.lo(ni, t + 1, parts); i < e; i++) {
                    int nt = 0;
                    for (int p = is[i]; p < is[i + 1]; p++) {
                        int u = iu[p];
                        double wi = w[p];
                        for (int q = us[u]; q < us[u + 1]; q++) {
                            int j = ui[q];
                            if (!on[j]) {
                                on[j] = true;
                                touched[nt++] = j;
                            }
                            acc[j] += wi * wu[q];
                            count[j]++;
                        }
                    }
                    heap.clear();
                    for (int a = 0; a < nt; a++) {
                        int j = touched[a];
                        double s = acc[j];
                        if (shrinkage > 0) s *= count[j] / (count[j] + shrinkage);
                        if (s != 0) heap.offer(j, (float) s);
                        acc[j] = 0;
                        count[j] = 0;
                        on[j] = false;
                    }
                    int n = heap.drainSorted(top, topSims);
                    int kept = 0;
                    for (int a = 0; a < n; a++) if (top[a] != i) kept++;
                    long[] packed = new long[kept];
                    for (int a = 0, c = 0; a < n; a++) if (top[a] != i) packed[c++] = ((long) top[a] << 32) | (Float.floatToRawIntBits(topSims[a]) & 0xffffffffL);
                    java.util.Arrays.sort(packed);
                    rowItems[i] = new int[kept];
                    rowSims[i] = new float[kept];
                    for (int c = 0; c < kept; c++) {
                        rowItems[i][c] = (int) (packed[c] >>> 32);
                        rowSims[i][c] = Float.intBitsToFloat((int) packed[c]);
                    }
                }
            });
        }
        int[] start = new int[ni + 1];
        for (int i = 0; i < ni; i++) start[i + 1] = start[i] + rowItems[i].length;
        int[] items = new int[start[ni]];
        float[] sims = new float[start[ni]];
        for (int i = 0; i < ni; i++) {
            System.arraycopy(rowItems[i], 0, items, start[i], rowItems[i].length);
            System.arraycopy(rowSims[i], 0, sims, start[i], rowSims[i].length);
        }
        return new Rows(start, items, sims);
    }
}
