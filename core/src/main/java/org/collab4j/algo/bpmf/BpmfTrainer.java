package org.collab4j.algo.bpmf;

import org.collab4j.kernel.Cholesky;
import org.collab4j.kernel.Sampling;
import org.collab4j.kernel.Workers;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochReporter;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.RatingMatrix;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.kernel.Rng;

/**
 * {@code bpmf}: Bayesian probabilistic matrix factorisation by Gibbs sampling (Salakhutdinov &amp;
 * Mnih 2008, "Bayesian probabilistic matrix factorization using Markov chain Monte Carlo").
 *
 * <p><b>Model.</b> {@code r_ui ~ N(mu + x_u . y_i, 1/alpha)} around the training mean
 * {@code mu}; user vectors {@code x_u ~ N(mu_U, Lambda_U^-1)}, item vectors likewise, with
 * Normal-Wishart hyperpriors {@code (mu_U, Lambda_U) ~ N(mu_0, (beta_0 Lambda_U)^-1) W(Lambda_U | W_0, nu_0)},
 * {@code mu_0 = 0}, {@code W_0 = I}, {@code nu_0 = d}, {@code beta_0 = 2} as in the paper.
 * Three extensions, each on by default and each measured to help on MovieLens 100k
 * (docs/notes/classic-and-probabilistic-models.md):
 * <ul>
 * <li>{@code biases}: each side also has a bias, sampled jointly with its factors: a user's
 * vector is {@code [p_u, b_u]} and it meets the item's {@code [q_i, 1]} (and the other way
 * round), so the prediction is {@code mu + b_u + b_i + p_u . q_i} and the hyperprior covers factors
 * and bias together.</li>
 * <li>{@code sample-alpha}: the noise precision is not fixed (the paper's {@code alpha = 2}) but
 * sampled from its conditional under a Gamma(1, 1) prior, so it needs no tuning (it settles
 * where a grid search over fixed values finds its best, about 1.5 on MovieLens 100k).</li>
 * <li>{@code robust}: each user and each item scales the precision of its ratings by a factor
 * with a Gamma(nu/2, nu/2) prior, sampled too, i.e. Student-t noise with nu degrees of freedom
 * per user and item (Lakshminarayanan, Bouchard &amp; Archambeau 2011, "Robust Bayesian matrix
 * factorisation"): erratic users and items pull less on the factors.</li>
 * </ul>
 * {@code --set biases=false --set sample-alpha=false --set robust=0 --set alpha=2} is the paper's sampler.
 *
 * <p><b>Sampler.</b> One sweep (an "epoch") draws the hyperparameters of each side from their
 * Normal-Wishart conditional, every user's vector from its Gaussian conditional given the items
 * ({@code precision Lambda_U + alpha sum_i y_i y_i^T}, a Cholesky factorisation per user), then
 * every item's given the users. Rows are independent given the other side and are sampled in
 * parallel on {@code threads} threads; each row's random numbers come from its own generator,
 * seeded by (seed, sweep, side, row), so the chain is the same bit for bit for a seed whatever
 * the thread count.
 *
 * <p><b>Prediction.</b> After {@code burn-in} sweeps, each of the next {@code samples} sweeps is
 * kept (every {@code thin}-th), and the model predicts the average of the kept samples'
 * predictions, exactly ({@link BpmfModel}); predictions are clipped to the rating scale. The
 * epoch table's losses are those of the current sample during burn-in and of the running
 * average afterwards. {@code --epochs} is not used: the chain runs {@code burn-in + samples} sweeps.
 *
 * <p>Options: {@code --factors} (20), {@code --set burn-in=20} ({@code --burn-in}),
 * {@code --set samples=80} ({@code --samples}), {@code --set alpha=2} (fixed, or the starting value
 * when sampled), {@code --set beta0=2}, {@code --set biases=true}, {@code --set sample-alpha=true},
 * {@code --set robust=10}, {@code --set thin=1}, {@code --set init-std=0.1}, {@code --seed},
 * {@code --threads}.
 */
public final class BpmfTrainer implements ModelTrainer {
    public static final String KIND = BpmfModel.KIND;
    static final int DEFAULT_BURN_IN = 20;
    static final int DEFAULT_SAMPLES = 80;
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.integer("burn-in", DEFAULT_BURN_IN, 0, "sweeps discarded before samples are kept (also --burn-in)"),
            OptionSpec.integer("samples", DEFAULT_SAMPLES, 1, "sweeps after burn-in whose predictions are averaged (also --samples)"),
            OptionSpec.number("alpha", 2.0, OptionSpec.Range.above(0), "precision of the rating noise, 1/sigma^2 (the start when sampled)"),
            OptionSpec.number("beta0", 2.0, OptionSpec.Range.above(0), "prior strength of the hyper-mean"),
            OptionSpec.bool("biases", true, "sample a user and an item bias with the factors"),
            OptionSpec.integer("thin", 1, 1, "keep every thin-th sample after burn-in (1: all)"),
            OptionSpec.number("init-std", 0.1, OptionSpec.Range.atLeast(0), "standard deviation of the initial factors"),
            OptionSpec.bool("sample-alpha", true, "sample the noise precision alpha from its Gamma posterior, starting at --set alpha"),
            OptionSpec.number("robust", 10.0, OptionSpec.Range.atLeast(0),
                    "degrees of freedom of per-user and per-item noise scales (Student-t noise); 0 = off"));

    @Override
    public String name() {
        return KIND;
    }

    /** The sampler's settings. */
    public record Settings(int factors, int burnIn, int samples, int thin, double alpha, double beta0, boolean biases, double initStd,
                           long seed, int threads, boolean sampleAlpha, double robust) {
        /** The paper's sampler: fixed alpha, no noise scales. */
        public Settings(int factors, int burnIn, int samples, int thin, double alpha, double beta0, boolean biases, double initStd, long seed,
                        int threads) {
            this(factors, burnIn, samples, thin, alpha, beta0, biases, initStd, seed, threads, false, 0);
        }
    }

    /** Reads the sampler's settings from a configuration, checking every option. */
    public static Settings settings(TrainConfig config) {
        OptionValues opt = OptionValues.parse(KIND, OPTIONS, config);
        return new Settings(config.factors(), opt.getInt("burn-in"), opt.getInt("samples"), opt.getInt("thin"), opt.getDouble("alpha"),
                opt.getDouble("beta0"), opt.getBoolean("biases"), opt.getDouble("init-std"), config.seed(), config.threads(),
                opt.getBoolean("sample-alpha"), opt.getDouble("robust"));
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        Settings s = settings(config);
        RatingMatrix m = RatingMatrix.of(data.ratings(), split.train());
        EpochReporter report = new EpochReporter(data.ratings(), split, callbacks);
        BpmfModel model = new Sampler(m, s).run(data.ratings(), split.valid(), report);
        model.clipTo(data.ratings().scale().min(), data.ratings().scale().max());
        return new TrainResult(model, report.afterFit());
    }

    /** One chain: the state (all users' and items' vectors), the hyperparameters, the kept samples. */
    public static final class Sampler {
        final RatingMatrix m;
        final Settings s;
        final int k;
        final int d;
        /** Users' vectors, {@code numUsers x d} row-major: k factors, then the bias when sampled. */
        public final float[] userVectors;
        /** Items' vectors, {@code numItems x d}. */
        public final float[] itemVectors;
        final double[] lambdaU;
        final double[] lambdaMuU;
        final double[] lambdaV;
        final double[] lambdaMuV;
        /** The current noise precision, and per-user and per-item scales of it (all 1 unless robust). */
        double alpha;
        final float[] userScale;
        final float[] itemScale;
        /** Training residuals {@code r - prediction} of the current state, when {@link #residualsFresh} (shared by the loss and the noise draws). */
        private double[] residuals;
        private boolean residualsFresh;
        final List<float[]> keptUsers = new ArrayList<>();
        final List<float[]> keptItems = new ArrayList<>();

        public Sampler(RatingMatrix m, Settings s) {
            this.m = m;
            this.s = s;
            this.k = s.factors();
            this.d = k + (s.biases() ? 1 : 0);
            Rng init = new Rng(s.seed());
            userVectors = new float[m.numUsers * d];
            itemVectors = new float[m.numItems * d];
            for (int j = 0; j < userVectors.length; j++) userVectors[j] = (float) (init.nextGaussian() * s.initStd());
            for (int j = 0; j < itemVectors.length; j++) itemVectors[j] = (float) (init.nextGaussian() * s.initStd());
            if (s.biases()) {
                for (int u = 0; u < m.numUsers; u++) userVectors[u * d + k] = 0f;
                for (int i = 0; i < m.numItems; i++) itemVectors[i * d + k] = 0f;
            }
            alpha = s.alpha();
            userScale = new float[m.numUsers];
            itemScale = new float[m.numItems];
            java.util.Arrays.fill(userScale, 1f);
            java.util.Arrays.fill(itemScale, 1f);
            lambdaU = new double[d * d];
            lambdaMuU = new double[d];
            lambdaV = new double[d * d];
            lambdaMuV = new double[d];
        }

        /** Runs burn-in and sampling, reporting each sweep; returns the averaged predictive model. */
        public BpmfModel run(Ratings data, int[] validRows, EpochReporter report) {
            int sweeps = s.burnIn() + s.samples();
            double[] validSum = new double[validRows.length];
            double[] trainSum = new double[m.size()];
            int averaged = 0;
            report.beforeFit(sweeps);
            try (Workers workers = new Workers(s.threads())) {
                RowSampler rows = new RowSampler(d, workers.threads());
                for (int t = 0; t < sweeps; t++) {
                    report.beforeEpoch(t);
                    sweep(t, workers, rows);
                    boolean keep = t >= s.burnIn() && (t - s.burnIn()) % s.thin() == 0;
                    if (keep) {
                        keptUsers.add(copyOf(userVectors, m.numUsers));
                        keptItems.add(copyOf(itemVectors, m.numItems));
                        averaged++;
                    }
                    double trainLoss = trainLoss(trainSum, keep, averaged);
                    double validLoss = report.wantsValidation() ? validLoss(data, validRows, validSum, keep, averaged) : Double.NaN;
                    if (report.afterEpoch(t, trainLoss, validLoss) && averaged > 0) break;
                }
            }
            if (keptUsers.isEmpty()) { // stopped during burn-in: the current state is the only sample
                keptUsers.add(copyOf(userVectors, m.numUsers));
                keptItems.add(copyOf(itemVectors, m.numItems));
            }
            return average();
        }

        /** One Gibbs sweep: hyperparameters of both sides, then users given items, then items given users. */
        public void sweep(int t, Workers workers, RowSampler rows) {
            if (t > 0) sampleNoise(new Rng(rowSeed(s.seed(), t, 4, 0)));
            residualsFresh = false;
            sampleHyper(new Rng(rowSeed(s.seed(), t, 2, 0)), userVectors, m.numUsers, lambdaU, lambdaMuU);
            sampleHyper(new Rng(rowSeed(s.seed(), t, 3, 0)), itemVectors, m.numItems, lambdaV, lambdaMuV);
            rows.sampleSide(workers, t, 0, m.numUsers, m.userStart, m.userItems, m.userValues, itemVectors, userVectors, lambdaU, lambdaMuU,
                    userScale, itemScale);
            rows.sampleSide(workers, t, 1, m.numItems, m.itemStart, m.itemUsers, m.itemValues, userVectors, itemVectors, lambdaV, lambdaMuV,
                    itemScale, userScale);
        }

        /**
         * Draws the noise parameters given the current vectors: with {@code robust = nu > 0} each
         * user's and item's precision scale from {@code Gamma(nu/2 + n/2, nu/2 + alpha/2 sum scale e^2)}
         * (so that the noise is Student-t with nu degrees of freedom per user and item, as in
         * Lakshminarayanan, Bouchard &amp; Archambeau 2011), and with {@code sample-alpha} the
         * global precision from {@code Gamma(1 + N/2, 1 + 1/2 sum scales e^2)}.
         */
        void sampleNoise(Rng rng) {
            double nu = s.robust();
            if (!s.sampleAlpha() && nu == 0) return;
            double[] res = residuals();
            if (nu > 0) {
                for (int u = 0; u < m.numUsers; u++) {
                    double se = 0;
                    for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++) se += itemScale[m.userItems[j]] * res[j] * res[j];
                    userScale[u] = (float) (Sampling.gamma(rng, nu / 2 + m.userCount(u) / 2.0) / (nu / 2 + alpha * se / 2));
                }
                double[] itemSe = new double[m.numItems];
                for (int u = 0; u < m.numUsers; u++)
                    for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++) itemSe[m.userItems[j]] += userScale[u] * res[j] * res[j];
                for (int i = 0; i < m.numItems; i++)
                    itemScale[i] = (float) (Sampling.gamma(rng, nu / 2 + m.itemCount(i) / 2.0) / (nu / 2 + alpha * itemSe[i] / 2));
            }
            if (s.sampleAlpha()) {
                double se = 0;
                for (int u = 0; u < m.numUsers; u++)
                    for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++) se += userScale[u] * itemScale[m.userItems[j]] * res[j] * res[j];
                alpha = Sampling.gamma(rng, 1 + m.size() / 2.0) / (1 + se / 2);
            }
        }

        /** Draws (mu, Lambda) of one side from the Normal-Wishart conditional given its rows' vectors. */
        void sampleHyper(Rng rng, float[] x, int n, double[] lambda, double[] lambdaMu) {
            double[] mean = new double[d];
            for (int r = 0; r < n; r++)
                for (int f = 0; f < d; f++) mean[f] += x[r * d + f];
            for (int f = 0; f < d; f++) mean[f] /= Math.max(1, n);
            // inverse scale: W0^-1 + sum (x - mean)(x - mean)^T + beta0 n / (beta0 + n) (mean - mu0)(mean - mu0)^T, mu0 = 0
            double[] sInv = new double[d * d];
            double[] row = new double[d];
            for (int r = 0; r < n; r++) {
                for (int f = 0; f < d; f++) row[f] = x[r * d + f] - mean[f];
                Cholesky.addOuter(sInv, d, row, 0, 1);
            }
            double beta0 = s.beta0();
            Cholesky.addOuter(sInv, d, mean, 0, beta0 * n / (beta0 + n));
            for (int f = 0; f < d; f++) sInv[f * d + f] += 1;
            Cholesky.symmetrize(sInv, d);
            Sampling.wishartFromInverseScale(rng, sInv, d, d + n, lambda);
            // mu ~ N(n mean / (beta0 + n), ((beta0 + n) Lambda)^-1)
            double[] prec = new double[d * d];
            for (int j = 0; j < d * d; j++) prec[j] = (beta0 + n) * lambda[j];
            if (!Cholesky.decompose(prec, d)) throw new IllegalStateException("BPMF: sampled hyper-precision is not positive definite");
            double[] mu = new double[d];
            for (int f = 0; f < d; f++) mu[f] = rng.nextGaussian();
            Cholesky.backward(prec, d, mu);
            for (int f = 0; f < d; f++) mu[f] += n * mean[f] / (beta0 + n);
            for (int a = 0; a < d; a++) {
                double acc = 0;
                for (int b = 0; b < d; b++) acc += lambda[a * d + b] * mu[b];
                lambdaMu[a] = acc;
            }
        }

        /** Row-by-row conditional draws, with per-worker scratch. */
        final class RowSampler {
            private final int d;
            private final double[][] prec;
            private final double[][] rhs;
            private final double[][] gram;
            private final double[][] gather;
            private final int stride;
            static final int CHUNK = 128;

            RowSampler(int d, int workers) {
                this.d = d;
                this.stride = Cholesky.stride(d + 1);
                prec = new double[workers][d * d];
                rhs = new double[workers][d];
                gram = new double[workers][(d + 1) * (d + 1)];
                gather = new double[workers][CHUNK * stride];
            }

            void sampleSide(Workers workers, int t, int side, int rows, int[] start, int[] cols, float[] values, float[] other,
                            float[] mine, double[] lambda, double[] lambdaMu, float[] myScale, float[] otherScale) {
                workers.forEach(rows, 16, (w, from, to) -> {
                    for (int r = from; r < to; r++) sampleRow(w, new Rng(rowSeed(s.seed(), t, side, r)), r, start, cols, values, other, mine, lambda,
                            lambdaMu, myScale, otherScale);
                });
            }

            void sampleRow(int w, Rng rng, int r, int[] start, int[] cols, float[] values, float[] other, float[] mine, double[] lambda,
                           double[] lambdaMu, float[] myScale, float[] otherScale) {
                // rows [sqrt(w) x_c, sqrt(w) t_c]: their Gram matrix holds sum w x x^T and, in its last
                // column, sum w t x, the data parts of the precision and of the right-hand side
                double[] a = prec[w], b = rhs[w], g = gram[w], v = gather[w];
                int e = d + 1;
                java.util.Arrays.fill(g, 0);
                double rowAlpha = alpha * myScale[r];
                boolean biases = s.biases();
                int from = start[r], to = start[r + 1];
                for (int c0 = from; c0 < to; c0 += CHUNK) {
                    int c1 = Math.min(to, c0 + CHUNK);
                    for (int j = c0; j < c1; j++) {
                        int c = cols[j], oc = c * d, ov = (j - c0) * stride;
                        double sw = Math.sqrt(rowAlpha * otherScale[c]);
                        for (int f = 0; f < k; f++) v[ov + f] = sw * other[oc + f];
                        if (biases) v[ov + k] = sw;
                        v[ov + d] = sw * (values[j] - m.mean - (biases ? other[oc + k] : 0));
                    }
                    Cholesky.addGram(g, e, v, stride, c1 - c0);
                }
                for (int i = 0; i < d; i++) {
                    System.arraycopy(g, i * e + i, a, i * d + i, d - i);
                    b[i] = lambdaMu[i] + g[i * e + d];
                }
                for (int i = 0; i < d; i++)
                    for (int j = i; j < d; j++) a[i * d + j] += lambda[i * d + j];
                if (!Cholesky.decompose(a, d)) throw new IllegalStateException("BPMF: posterior precision of row " + r + " is not positive definite");
                Cholesky.forward(a, d, b);
                Sampling.normalFromForward(rng, a, d, b);
                int o = r * d;
                for (int f = 0; f < d; f++) mine[o + f] = (float) b[f];
            }
        }

        private float[] copyOf(float[] vectors, int rows) {
            return java.util.Arrays.copyOf(vectors, rows * d);
        }

        double predictCurrent(int u, int i) {
            int ou = u * d, oi = i * d;
            double dot = 0;
            for (int f = 0; f < k; f++) dot += userVectors[ou + f] * itemVectors[oi + f];
            if (s.biases()) dot += userVectors[ou + k] + itemVectors[oi + k];
            return m.mean + dot;
        }

        /** Residuals {@code r - prediction} of the training ratings under the current state (user-major), computed once per state. */
        private double[] residuals() {
            if (residualsFresh) return residuals;
            if (residuals == null) residuals = new double[m.size()];
            for (int u = 0; u < m.numUsers; u++)
                for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++) residuals[j] = m.userValues[j] - predictCurrent(u, m.userItems[j]);
            residualsFresh = true;
            return residuals;
        }

        /** Training mean squared error of the current sample, or of the running average once samples are kept. */
        private double trainLoss(double[] sum, boolean keep, int averaged) {
            double[] res = residuals();
            double se = 0;
            for (int j = 0; j < res.length; j++) {
                double p = m.userValues[j] - res[j];
                if (keep) sum[j] += p;
                double e = (averaged > 0 ? sum[j] / averaged : p) - m.userValues[j];
                se += e * e;
            }
            return m.size() == 0 ? Double.NaN : se / m.size();
        }

        private double validLoss(Ratings data, int[] rows, double[] sum, boolean keep, int averaged) {
            if (rows.length == 0) return Double.NaN;
            float lo = data.scale().min(), hi = data.scale().max();
            double se = 0;
            for (int j = 0; j < rows.length; j++) {
                int r = rows[j];
                double p = predictCurrent(data.user(r), data.item(r));
                if (keep) sum[j] += p;
                double avg = averaged > 0 ? sum[j] / averaged : p;
                double e = Math.min(hi, Math.max(lo, avg)) - data.value(r);
                se += e * e;
            }
            return se / rows.length;
        }

        /** The exact average of the kept samples as one factor model (see {@link BpmfModel}). */
        BpmfModel average() {
            int n = keptUsers.size();
            float scale = (float) (1 / Math.sqrt(n));
            float[] uf = new float[m.numUsers * n * k], itf = new float[m.numItems * n * k];
            float[] bu = new float[m.numUsers], bi = new float[m.numItems];
            concat(keptUsers, m.numUsers, uf, bu, scale);
            concat(keptItems, m.numItems, itf, bi, scale);
            return new BpmfModel(m.numUsers, m.numItems, n, k, uf, itf, bu, bi, (float) m.mean);
        }

        private void concat(List<float[]> kept, int rows, float[] out, float[] bias, float scale) {
            int n = kept.size(), width = n * k;
            for (int smp = 0; smp < n; smp++) {
                float[] x = kept.get(smp);
                for (int r = 0; r < rows; r++) {
                    int o = r * width + smp * k, ox = r * d;
                    for (int f = 0; f < k; f++) out[o + f] = scale * x[ox + f];
                    if (s.biases()) bias[r] += x[ox + k] / n;
                }
            }
        }
    }

    /** A seed for one row's generator in one sweep: SplitMix64's finaliser over (seed, sweep, side, row). */
    static long rowSeed(long seed, int sweep, int side, int row) {
        long h = mix(seed + 0x9E3779B97F4A7C15L * (sweep + 1));
        h = mix(h ^ (((long) side << 32) | (row & 0xffffffffL)));
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
