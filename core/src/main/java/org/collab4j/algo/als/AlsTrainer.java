package org.collab4j.algo.als;

import org.collab4j.kernel.Cholesky;
import org.collab4j.kernel.Workers;
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
import org.collab4j.model.FactorModel;

/**
 * {@code als}: explicit-feedback alternating least squares with weighted-lambda regularisation
 * (Zhou, Wilkinson, Schreiber &amp; Pan 2008, "Large-scale parallel collaborative filtering for
 * the Netflix Prize"), with user and item biases. It minimises
 *
 * <pre>  sum_{(u,i)} (r_ui - mu - b_u - b_i - p_u . q_i)^2
 *     + lambda   * (sum_u n_u |p_u|^2 + sum_i n_i |q_i|^2)
 *     + lambda_b * (sum_u n_u b_u^2   + sum_i n_i b_i^2)</pre>
 *
 * where {@code mu} is the training mean and {@code n_u}, {@code n_i} count ratings. Each epoch
 * is one sweep: every user's {@code [p_u, b_u]} is the exact minimiser with the items fixed, a
 * (k+1)-dimensional ridge regression on {@code [q_i, 1]} against {@code r_ui - mu - b_i}, solved by
 * a hand-written Cholesky factorisation ({@link Cholesky}); then every item's, likewise. Rows are
 * independent within a half-sweep and are solved in parallel on {@code threads} threads; the
 * result does not depend on the thread count. Predictions are clipped to the rating scale.
 *
 * <p>Options: {@code --factors} (20), {@code --epochs} (sweeps, 10), {@code --wd} (lambda, 0.14),
 * {@code --set bias-wd=} (lambda_b, 0.1), {@code --set init-std=0.1} (the item factors' initial
 * N(0, std^2)), {@code --seed}. The defaults were chosen by {@code tune --cv u1..u5} on MovieLens
 * 100k (docs/notes/classic-and-probabilistic-models.md).
 */
public final class AlsTrainer implements ModelTrainer {
    public static final String KIND = "als";
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.number("bias-wd", 0.1, OptionSpec.Range.atLeast(0), "weighted-lambda regularisation of the biases"),
            OptionSpec.number("init-std", 0.1, OptionSpec.Range.atLeast(0), "standard deviation of the initial random factors"));

    @Override
    public String name() {
        return KIND;
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(KIND, OPTIONS, config);
        double lambda = config.wd();
        double lambdaB = opt.getDouble("bias-wd");
        double std = opt.getDouble("init-std");
        RatingMatrix m = RatingMatrix.of(data.ratings(), split.train());
        int k = config.factors();
        FactorModel model = FactorModel.initialized(KIND, m.numUsers, m.numItems, k, (float) std, (float) m.mean, null, config.seed());
        java.util.Arrays.fill(model.userBias(), 0f);
        java.util.Arrays.fill(model.itemBias(), 0f);
        model.clipTo(data.ratings().scale().min(), data.ratings().scale().max());
        EpochReporter report = new EpochReporter(data.ratings(), split, callbacks);
        try (Workers workers = new Workers(config.threads())) {
            Solver solver = new Solver(k, lambda, lambdaB, workers.threads());
            report.beforeFit(config.epochs());
            for (int e = 0; e < config.epochs(); e++) {
                report.beforeEpoch(e);
                solver.halfStep(workers, m.numUsers, m.userStart, m.userItems, m.userValues, m.mean,
                        model.itemFactors(), model.itemBias(), model.userFactors(), model.userBias());
                solver.halfStep(workers, m.numItems, m.itemStart, m.itemUsers, m.itemValues, m.mean,
                        model.userFactors(), model.userBias(), model.itemFactors(), model.itemBias());
                if (report.afterEpoch(e, trainMse(m, model, workers), model)) break;
            }
        }
        return new TrainResult(model, report.afterFit());
    }

    /** The per-row ridge solves of one half-sweep, with per-worker scratch space. */
    public static final class Solver {
        private final int k;
        private final double lambda;
        private final double lambdaB;
        private final double[][] gram;
        private final double[][] rhs;
        private final double[][] x;
        private final int stride;
        /** Rows gathered per Gram update: bounded scratch however long a row is. */
        static final int CHUNK = 128;

        public Solver(int k, double lambda, double lambdaB, int workers) {
            this.k = k;
            this.lambda = lambda;
            this.lambdaB = lambdaB;
            int d = k + 1;
            gram = new double[workers][d * d];
            rhs = new double[workers][d];
            stride = Cholesky.stride(d);
            x = new double[workers][CHUNK * stride];
        }

        /**
         * Solves every row of one side with the other side fixed: row {@code r}'s ratings are
         * {@code cols[start[r] .. start[r+1])} with {@code values}; the unknowns are
         * {@code factors[r*k .. r*k+k)} and {@code bias[r]}, written in place. A row without
         * ratings gets zero factors and bias.
         */
        public void halfStep(Workers workers, int rows, int[] start, int[] cols, float[] values, double mu,
                             float[] otherFactors, float[] otherBias, float[] factors, float[] bias) {
            workers.forEach(rows, 16, (w, from, to) -> {
                for (int r = from; r < to; r++) solveRow(w, r, start, cols, values, mu, otherFactors, otherBias, factors, bias);
            });
        }

        void solveRow(int w, int r, int[] start, int[] cols, float[] values, double mu,
                      float[] otherFactors, float[] otherBias, float[] factors, float[] bias) {
            int from = start[r], to = start[r + 1], n = to - from;
            int d = k + 1;
            if (n == 0) {
                java.util.Arrays.fill(factors, r * k, r * k + k, 0f);
                bias[r] = 0f;
                return;
            }
            double[] a = gram[w], b = rhs[w];
            java.util.Arrays.fill(a, 0);
            java.util.Arrays.fill(b, 0);
            double[] v = x[w];
            for (int c0 = from; c0 < to; c0 += CHUNK) {
                int c1 = Math.min(to, c0 + CHUNK);
                for (int j = c0; j < c1; j++) {
                    int c = cols[j], oc = c * k, ov = (j - c0) * stride;
                    double t = values[j] - mu - otherBias[c];
                    for (int f = 0; f < k; f++) {
                        double q = otherFactors[oc + f];
                        v[ov + f] = q;
                        b[f] += t * q;
                    }
                    v[ov + k] = 1;
                    b[k] += t;
                }
                Cholesky.addGram(a, d, v, stride, c1 - c0);
            }
            for (int f = 0; f < k; f++) a[f * d + f] += lambda * n;
            a[k * d + k] += lambdaB * n;
            if (!Cholesky.solve(a, d, b))
                throw new IllegalStateException("ALS: the normal equations of row " + r + " are not positive definite; use a larger --wd");
            int o = r * k;
            for (int f = 0; f < k; f++) factors[o + f] = (float) b[f];
            bias[r] = (float) b[k];
        }
    }

    /** Training mean squared error, summed in a fixed order of user blocks (the same for any thread count). */
    static double trainMse(RatingMatrix m, FactorModel model, Workers workers) {
        int block = 64;
        int blocks = (m.numUsers + block - 1) / block;
        double[] partial = new double[blocks];
        workers.forEach(blocks, 1, (w, from, to) -> {
            for (int bl = from; bl < to; bl++) {
                double se = 0;
                for (int u = bl * block; u < Math.min(m.numUsers, (bl + 1) * block); u++)
                    for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++) {
                        double e = model.predict(u, m.userItems[j]) - m.userValues[j];
                        se += e * e;
                    }
                partial[bl] = se;
            }
        });
        double se = 0;
        for (double p : partial) se += p;
        return m.size() == 0 ? Double.NaN : se / m.size();
    }
}
