package org.collab4j.algo.autoencoder;

import org.collab4j.kernel.Lbfgs;
import org.collab4j.kernel.Workers;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochReporter;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;

/**
 * {@code autoencoder}: the item-based autoencoder with kernelised weight matrices of Muller et al.
 * (2018), "Kernelized Synaptic Weight Matrices" (ICML; the "Sparse FC" model of the MovieLens
 * benchmarks, whose code is kernelNet), also the local-kernel stage of GLocal-K (Han et al., CIKM
 * 2021). The network and its loss are {@link KernelNet}: each item's rating vector over the users
 * is encoded by two sigmoid layers of {@code hidden} units and decoded to a prediction for every
 * user; each weight matrix is gated elementwise by {@code max(0, 1 - |u_i - v_j|^2)} between
 * learned {@code kernel-dim}-dimensional embeddings of its input and output units, with L2 on the
 * weights ({@code l2}) and on the gates ({@code sparsity}).
 *
 * <p>Training is full-batch L-BFGS ({@link Lbfgs}), {@code --epochs} iterations, each reported as
 * one epoch (training loss: mean squared error of the unclipped outputs on the training ratings).
 * As in the originals, which call SciPy's L-BFGS-B for a few iterations at a time, the optimiser's
 * memory is cleared every {@code restart} iterations (GLocal-K: 5 iterations, 30 + 60 times). The
 * defaults are GLocal-K's for MovieLens 100k (500 hidden units, 5 kernel dimensions, l2 20,
 * sparsity 0.006, 300 iterations in restarts of 5); GLocal-K's second stage (fine-tuning with a
 * convolution of the input by a "global kernel") is not implemented. Predictions are clipped to
 * the rating scale, as the originals do when scoring; users or items with no training ratings are
 * predicted from means ({@link AutoencoderModel}). Deterministic for a seed and thread count.
 *
 * <p>Cost: the middle layer's three {@code items x hidden x hidden} products dominate an
 * evaluation; about 1.1 evaluations per iteration. The model stores a dense {@code items x users}
 * matrix of predictions, so data sets with more than 2^31 (item, user) pairs are refused.
 */
public final class AutoencoderTrainer implements ModelTrainer {
    public static final String KIND = AutoencoderModel.KIND;
    static final int DEFAULT_ITERATIONS = 300;
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.integer("hidden", 500, 1, "units in each of the two hidden layers"),
            OptionSpec.integer("kernel-dim", 5, 1, "dimensions of the unit embeddings that gate the weights"),
            OptionSpec.number("l2", 20.0, OptionSpec.Range.atLeast(0), "L2 penalty on the weights, lambda/2 |W|^2 against the summed squared error"),
            OptionSpec.number("sparsity", 0.006, OptionSpec.Range.atLeast(0), "L2 penalty on the kernel gates"),
            OptionSpec.integer("restart", 5, 0, "L-BFGS iterations between clearing its memory, 0 = never"),
            OptionSpec.integer("memory", 10, 1, "L-BFGS memory: steps kept"));

    @Override
    public String name() {
        return KIND;
    }

    /** The network's settings. */
    public record Settings(int hidden, int kernelDim, double l2, double sparsity, int restart, int memory, int iterations, long seed,
                           int threads) {
    }

    /** Reads the settings from a configuration, checking every option. */
    public static Settings settings(TrainConfig config) {
        OptionValues opt = OptionValues.parse(KIND, OPTIONS, config);
        return new Settings(opt.getInt("hidden"), opt.getInt("kernel-dim"), opt.getDouble("l2"), opt.getDouble("sparsity"), opt.getInt("restart"),
                opt.getInt("memory"), config.epochs(), config.seed(), config.threads());
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        Settings s = settings(config);
        Ratings r = data.ratings();
        int nu = r.numUsers(), ni = r.numItems();
        if ((long) nu * ni > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("autoencoder keeps a dense items x users matrix; " + ni + " items x " + nu
                    + " users is too large (at most 2^31 pairs)");
        int[] rows = split.train();
        int n = rows.length;
        int[] user = new int[n], item = new int[n];
        float[] value = new float[n];
        for (int k = 0; k < n; k++) {
            user[k] = r.user(rows[k]);
            item[k] = r.item(rows[k]);
            value[k] = r.value(rows[k]);
        }
        KernelNet net = new KernelNet(ni, nu, item, user, value, s.hidden(), s.kernelDim(), s.l2(), s.sparsity());
        EpochReporter report = new EpochReporter(r, split, callbacks);
        float lo = r.scale().min(), hi = r.scale().max();
        int[] valid = split.valid();
        float[] userMean = means(net.uStart, nu, net, true), itemMean = means(net.iStart, ni, net, false);
        float global = globalMean(value);
        report.beforeFit(s.iterations());
        float[] x;
        try (Workers workers = new Workers(s.threads())) {
            Lbfgs opt = new Lbfgs((p, g) -> net.evaluate(p, g, workers), net.init(s.seed()), s.memory());
            for (int t = 0; t < s.iterations(); t++) {
                report.beforeEpoch(t);
                if (s.restart() > 0 && t % s.restart() == 0) opt.restart();
                if (!opt.step()) break; // no further decrease: at a minimum
                double trainLoss = n == 0 ? Double.NaN : net.lastSquaredError / n;
                double validLoss = Double.NaN;
                if (report.wantsValidation()) {
                    double se = 0;
                    for (int v : valid) {
                        int u = r.user(v), i = r.item(v);
                        float p = userMean[u] == userMean[u] && itemMean[i] == itemMean[i]
                                ? Math.min(hi, Math.max(lo, net.lastOutput(opt.x(), i, u))) : AutoencoderModel.fromMeans(userMean[u], itemMean[i], global);
                        se += (p - r.value(v)) * (double) (p - r.value(v));
                    }
                    validLoss = se / valid.length;
                }
                if (report.afterEpoch(t, n == 0 ? 0 : trainLoss, validLoss)) break;
            }
            x = opt.x();
            float[] pred = net.predictAll(x, workers);
            for (int q = 0; q < pred.length; q++) pred[q] = Math.min(hi, Math.max(lo, pred[q]));
            AutoencoderModel model = new AutoencoderModel(nu, ni, pred, userMean, itemMean, global);
            return new TrainResult(model, report.afterFit());
        }
    }

    private static float[] means(int[] start, int rows, KernelNet net, boolean byUser) {
        float[] m = new float[rows];
        for (int a = 0; a < rows; a++) {
            double s = 0;
            for (int q = start[a]; q < start[a + 1]; q++) s += net.iValue[byUser ? net.uPos[q] : q];
            m[a] = start[a + 1] > start[a] ? (float) (s / (start[a + 1] - start[a])) : Float.NaN;
        }
        return m;
    }

    private static float globalMean(float[] value) {
        double s = 0;
        for (float v : value) s += v;
        return value.length == 0 ? 0f : (float) (s / value.length);
    }
}
