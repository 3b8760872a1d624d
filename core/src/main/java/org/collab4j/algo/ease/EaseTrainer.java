package org.collab4j.algo.ease;

import java.util.List;

import org.collab4j.data.Confidence;
import org.collab4j.data.Dataset;
import org.collab4j.data.Interactions;
import org.collab4j.data.Split;
import org.collab4j.kernel.Workers;
import org.collab4j.kernel.SpdInverse;
import org.collab4j.train.Callback;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.ImplicitTrainer;
import org.collab4j.train.TopNEpochs;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;

/**
 * {@code ease}: Steck (2019)'s closed form ({@link EaseModel}). With X the binary users x items
 * matrix of the training interactions:
 *
 * <pre>  G = X^T X + lambda I,   P = G^-1,   B_ij = -P_ij / P_jj (i != j),   B_jj = 0</pre>
 *
 * G is accumulated from the sparse rows on {@code threads} threads (each thread owns a range of
 * rows of G, so no two write the same entry), and inverted through its Cholesky factor
 * ({@link SpdInverse}: native LAPACK when installed). The inverse costs about {@code n^3} flops and
 * {@code n^2} numbers for n items, so catalogues above {@code max-items} are refused: iALS
 * handles those.
 *
 * <p>Options ({@code --set}): {@code lambda} (200: the best value on the MovieLens 100k
 * reference split; Steck uses 500 on ML-20M), {@code max-items} (20000), {@code precision}
 * ({@code double} up to 8192 items, {@code float} above: half the memory, twice the speed).
 * Reported as one epoch without a loss.
 */
public final class EaseTrainer implements ImplicitTrainer {
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.number("lambda", 200.0, OptionSpec.Range.above(0), "L2 weight added to the Gram matrix's diagonal"),
            OptionSpec.integer("max-items", 20_000, 1, "largest catalogue to invert a dense items x items matrix for"),
            OptionSpec.choice("precision", null, List.of("float", "double"), "float or double for the inverse (double up to 8192 items, float above)"));

    /** Catalogues up to this size are inverted in double precision unless told otherwise. */
    static final int DOUBLE_UP_TO = 8192;

    @Override
    public String name() {
        return EaseModel.KIND;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(EaseModel.KIND, OPTIONS, config);
        double lambda = opt.getDouble("lambda");
        int maxItems = opt.getInt("max-items");
        int ni = data.ratings().numItems();
        if (ni > maxItems)
            throw new IllegalArgumentException("ease inverts a dense " + ni + " x " + ni + " matrix (about " + gib(ni) + " GiB and " + ni
                    + "^3 flops), above max-items " + maxItems + "; use --model ials for a catalogue this large, or raise --set max-items=");
        if (ni > 46_340) throw new IllegalArgumentException("ease cannot hold a dense " + ni + " x " + ni + " matrix in one Java array; use --model ials");
        String precision = config.extra("precision", ni <= DOUBLE_UP_TO ? "double" : "float");
        if (!precision.equals("double") && !precision.equals("float"))
            throw new IllegalArgumentException("ease: precision must be float or double, got '" + precision + "'");
        if (!(lambda > 0)) throw new IllegalArgumentException("ease: lambda must be positive (G must be invertible), got " + lambda);

        TopNEpochs epochs = new TopNEpochs(callbacks);
        epochs.beforeFit(1);
        epochs.beforeEpoch(0);
        Interactions x = Interactions.of(data.ratings(), split.train(), Confidence.NONE);
        float[] b = precision.equals("double") ? fitDouble(x, lambda, config.threads()) : fitFloat(x, lambda, config.threads());
        EaseModel model = new EaseModel(x.numUsers(), ni, b, x.userStart(), x.userItems(), (float) lambda);
        epochs.afterEpoch(0, Double.NaN, model);
        return new TrainResult(model, epochs.afterFit());
    }

    private static String gib(int n) {
        return String.format(java.util.Locale.ROOT, "%.1f", (double) n * n * 4 / (1 << 30));
    }

    /** B in double precision, returned as float. */
    static float[] fitDouble(Interactions x, double lambda, int threads) {
        int n = x.numItems();
        double[] g = new double[n * n];
        gram(x, threads, (row, col) -> g[row * n + col] += 1);
        for (int i = 0; i < n; i++) g[i * n + i] += lambda;
        if (!SpdInverse.invert(g, n)) throw new IllegalStateException("ease: X^T X + lambda I is not positive definite");
        float[] b = new float[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) b[i * n + j] = i == j ? 0f : (float) (-g[i * n + j] / g[j * n + j]);
        return b;
    }

    /** B in single precision, computed in the Gram matrix's own array. */
    static float[] fitFloat(Interactions x, double lambda, int threads) {
        int n = x.numItems();
        float[] g = new float[n * n];
        gram(x, threads, (row, col) -> g[row * n + col] += 1);
        for (int i = 0; i < n; i++) g[i * n + i] += (float) lambda;
        if (!SpdInverse.invert(g, n)) throw new IllegalStateException("ease: X^T X + lambda I is not positive definite");
        float[] diag = new float[n];
        for (int j = 0; j < n; j++) diag[j] = g[j * n + j];
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            for (int j = 0; j < n; j++) g[ri + j] = -g[ri + j] / diag[j];
            g[ri + i] = 0f;
        }
        return g;
    }

    private interface Cell {
        void add(int row, int col);
    }

    /**
     * Calls {@code cell} once for every (i, j, u) with users u of both i and j: {@code X^T X}.
     * Thread t owns the rows of G of items in its range, so no two threads touch one entry.
     */
    static void gram(Interactions x, int threads, Cell cell) {
        int n = x.numItems();
        int[] is = x.itemStart(), iu = x.itemUsers(), us = x.userStart(), ui = x.userItems();
        // split items so that the parts hold about equal work (sum over an item's users of their item counts)
        long[] work = new long[n + 1];
        for (int i = 0; i < n; i++) {
            long w = 0;
            for (int p = is[i]; p < is[i + 1]; p++) w += us[iu[p] + 1] - us[iu[p]];
            work[i + 1] = work[i] + w;
        }
        int parts = Math.max(1, Math.min(threads, n));
        int[] bound = new int[parts + 1];
        for (int t = 1, i = 0; t < parts; t++) {
            long target = work[n] * t / parts;
            while (i < n && work[i] < target) i++;
            bound[t] = i;
        }
        bound[parts] = n;
        try (Workers pool = new Workers(parts)) {
            pool.run(parts, t -> {
                for (int i = bound[t]; i < bound[t + 1]; i++)
                    for (int p = is[i]; p < is[i + 1]; p++) {
                        int u = iu[p];
                        for (int q = us[u]; q < us[u + 1]; q++) cell.add(i, ui[q]);
                    }
            });
        }
    }
}
