package org.collab4j.algo.svdpp;

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
import org.collab4j.kernel.Rng;

/**
 * {@code svdpp}: SVD++ (Koren 2008) trained by stochastic gradient descent, as Surprise's
 * {@code SVDpp}: each rating takes one step on
 *
 * <pre>  l_ui = 1/2 e_ui^2 + reg_b/2 (b_u^2 + b_i^2) + reg/2 (|p_u|^2 + |q_i|^2 + sum_{j in N(u)} |y_j|^2),
 *   e_ui = r_ui - (mu + b_u + b_i + q_i . (p_u + |N(u)|^-1/2 sum_{j in N(u)} y_j))</pre>
 *
 * with every parameter moved by {@code -lr * gradient} from the same old values.
 *
 * <p><b>Efficiency.</b> Ratings are visited user by user (users in a seeded random order each
 * epoch, a user's ratings shuffled too). The implicit sum {@code z = |N(u)|^-1/2 sum y_j} is
 * computed once per user pass, not per rating, and the |N(u)| implicit vectors are not touched
 * per rating: every rating moves all of them by the same amount plus the same shrinkage,
 * {@code y_j <- (1 - lr*reg) y_j + lr e |N|^-1/2 q_i}, so the pass keeps the shared increment
 * {@code g} and the product of shrink factors {@code D}, tracks {@code z} exactly in O(k)
 * ({@code z <- (1 - lr*reg) z + lr e q_i}, since {@code |N| * |N|^-1 = 1}), and applies
 * {@code y_j <- D y_j + g} once at the end of the pass. The result is the per-rating algorithm's
 * (up to rounding) at O(k) per rating plus O(|N(u)| k) per user pass, instead of
 * O(|N(u)| k) per rating: Surprise's cost is quadratic in a user's number of ratings.
 *
 * <p>Options: {@code --factors} (20), {@code --epochs} (60), {@code --lr} (0.005, constant unless
 * {@code --set lr-decay}), {@code --wd} (reg, 0.08), {@code --set bias-lr=} and
 * {@code --set bias-wd=} (default: --lr and --wd), {@code --set lr-decay=1} (the rate is
 * multiplied by it after every epoch), {@code --set init-std=0.1}, {@code --seed}. Runs on one
 * thread, so a seed gives the same model bit for bit. Predictions are clipped to the rating scale.
 * The defaults were chosen by {@code tune --cv u1..u5} on MovieLens 100k; Surprise's are
 * {@code --epochs 20 --lr 0.007 --wd 0.02}.
 */
public final class SvdppTrainer implements ModelTrainer {
    public static final String KIND = SvdppModel.KIND;
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.number("bias-lr", null, OptionSpec.Range.atLeast(0), "learning rate of the biases (default: --lr)"),
            OptionSpec.number("bias-wd", null, OptionSpec.Range.atLeast(0), "L2 weight per rating on the biases (default: --wd)"),
            OptionSpec.number("lr-decay", 1.0, OptionSpec.Range.atLeast(0), "factor applied to the learning rates after every epoch"),
            OptionSpec.number("init-std", 0.1, OptionSpec.Range.atLeast(0), "standard deviation of the initial factors"));

    @Override
    public String name() {
        return KIND;
    }

    @Override
    public boolean usesLearningRate() {
        return true;
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(KIND, OPTIONS, config);
        double biasLr = opt.getDouble("bias-lr", config.lr());
        double biasWd = opt.getDouble("bias-wd", config.wd());
        double decay = opt.getDouble("lr-decay");
        double std = opt.getDouble("init-std");
        RatingMatrix m = RatingMatrix.of(data.ratings(), split.train());
        int k = config.factors();
        Rng rng = new Rng(config.seed());
        State s = new State(m, k, std, rng);
        SvdppModel model = new SvdppModel(m.numUsers, m.numItems, k, new float[m.numUsers * k], s.q, s.bu, s.bi, (float) m.mean, s.p, s.y);
        model.clipTo(data.ratings().scale().min(), data.ratings().scale().max());
        int[] users = new int[m.numUsers];
        for (int u = 0; u < users.length; u++) users[u] = u;
        int[] order = new int[m.size()];
        for (int j = 0; j < order.length; j++) order[j] = j;
        EpochReporter report = new EpochReporter(data.ratings(), split, callbacks);
        report.beforeFit(config.epochs());
        double lr = config.lr(), blr = biasLr;
        for (int e = 0; e < config.epochs(); e++) {
            report.beforeEpoch(e);
            rng.shuffle(users);
            double se = 0;
            for (int u : users) {
                shuffleSegment(order, m.userStart[u], m.userStart[u + 1], rng);
                se += s.userPass(u, order, (float) lr, (float) blr, (float) config.wd(), (float) biasWd);
            }
            effectiveVectors(m, model);
            boolean stop = report.afterEpoch(e, m.size() == 0 ? Double.NaN : se / m.size(), model);
            lr *= decay;
            blr *= decay;
            if (stop) break;
        }
        int[] uc = new int[m.numUsers], ic = new int[m.numItems];
        for (int u = 0; u < m.numUsers; u++) uc[u] = m.userCount(u);
        for (int i = 0; i < m.numItems; i++) ic[i] = m.itemCount(i);
        for (int u = 0; u < m.numUsers; u++) if (uc[u] == 0) java.util.Arrays.fill(s.p, u * k, u * k + k, 0f);
        for (int i = 0; i < m.numItems; i++) if (ic[i] == 0) java.util.Arrays.fill(s.y, i * k, i * k + k, 0f);
        model.forgetUntrained(uc, ic);
        effectiveVectors(m, model);
        return new TrainResult(model, report.afterFit());
    }

    static void effectiveVectors(RatingMatrix m, SvdppModel model) {
        for (int u = 0; u < m.numUsers; u++) model.updateUserVector(u, m.userItems, m.userStart[u], m.userStart[u + 1]);
    }

    private static void shuffleSegment(int[] a, int from, int to, Rng rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * The parameters of SVD++ during training and the three operations on them: the per-rating
     * loss and its gradient (the definition, used by the gradient check) and the fast user pass
     * (what training runs).
     */
    public static final class State {
        public final RatingMatrix m;
        public final int k;
        public final float mu;
        public final float[] p;
        public final float[] q;
        public final float[] y;
        public final float[] bu;
        public final float[] bi;
        private final float[] z;
        private final float[] g;

        /** Factors from N(0, std^2), biases zero. */
        public State(RatingMatrix m, int k, double std, Rng rng) {
            this(m, k, gaussian(m.numUsers * k, std, rng), gaussian(m.numItems * k, std, rng), gaussian(m.numItems * k, std, rng),
                    new float[m.numUsers], new float[m.numItems]);
        }

        public State(RatingMatrix m, int k, float[] p, float[] q, float[] y, float[] bu, float[] bi) {
            this.m = m;
            this.k = k;
            this.mu = (float) m.mean;
            this.p = p;
            this.q = q;
            this.y = y;
            this.bu = bu;
            this.bi = bi;
            this.z = new float[k];
            this.g = new float[k];
        }

        private static float[] gaussian(int n, double std, Rng rng) {
            float[] a = new float[n];
            for (int j = 0; j < n; j++) a[j] = (float) (rng.nextGaussian() * std);
            return a;
        }

        /** {@code |N(u)|^-1/2 sum_{j in N(u)} y_j} into {@code out}. */
        public void implicitSum(int u, float[] out) {
            int from = m.userStart[u], to = m.userStart[u + 1];
            java.util.Arrays.fill(out, 0f);
            if (to == from) return;
            double[] acc = new double[k];
            for (int j = from; j < to; j++) {
                int oy = m.userItems[j] * k;
                for (int f = 0; f < k; f++) acc[f] += y[oy + f];
            }
            double s = 1 / Math.sqrt(to - from);
            for (int f = 0; f < k; f++) out[f] = (float) (s * acc[f]);
        }

        /** The raw prediction {@code mu + b_u + b_i + q_i . (p_u + z_u)}. */
        public double predict(int u, int i) {
            float[] zz = new float[k];
            implicitSum(u, zz);
            double dot = 0;
            for (int f = 0; f < k; f++) dot += q[i * k + f] * (p[u * k + f] + zz[f]);
            return mu + bu[u] + bi[i] + dot;
        }

        /** The per-rating objective {@code l_ui} (see the class comment). */
        public double loss(int u, int i, double r, double reg, double regB) {
            double e = r - predict(u, i);
            double l = 0.5 * e * e + 0.5 * regB * (bu[u] * bu[u] + bi[i] * bi[i]);
            double sq = 0;
            for (int f = 0; f < k; f++) sq += p[u * k + f] * p[u * k + f] + q[i * k + f] * q[i * k + f];
            for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++)
                for (int f = 0; f < k; f++) sq += y[m.userItems[j] * k + f] * y[m.userItems[j] * k + f];
            return l + 0.5 * reg * sq;
        }

        /**
         * Adds the gradient of {@code l_ui} into full-size arrays shaped like the parameters
         * ({@code gp} like {@code p}, and so on).
         */
        public void gradient(int u, int i, double r, double reg, double regB, double[] gp, double[] gq, double[] gy, double[] gbu,
                             double[] gbi) {
            float[] zz = new float[k];
            implicitSum(u, zz);
            double e = r - predict(u, i);
            int n = m.userCount(u);
            double s = n == 0 ? 0 : 1 / Math.sqrt(n);
            gbu[u] += -e + regB * bu[u];
            gbi[i] += -e + regB * bi[i];
            for (int f = 0; f < k; f++) {
                gp[u * k + f] += -e * q[i * k + f] + reg * p[u * k + f];
                gq[i * k + f] += -e * (p[u * k + f] + zz[f]) + reg * q[i * k + f];
            }
            for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++) {
                int oy = m.userItems[j] * k;
                for (int f = 0; f < k; f++) gy[oy + f] += -e * s * q[i * k + f] + reg * y[oy + f];
            }
        }

        /**
         * One SGD step per rating of user {@code u}, in the order {@code order[userStart[u] ..
         * userStart[u+1])} (positions into the user's row), with the implicit factors updated
         * lazily (class comment). Returns the sum of squared errors before each step.
         */
        public double userPass(int u, int[] order, float lr, float lrB, float reg, float regB) {
            int from = m.userStart[u], to = m.userStart[u + 1];
            if (to == from) return 0;
            final int k = this.k;
            float[] p = this.p, q = this.q, z = this.z, g = this.g;
            implicitSum(u, z);
            java.util.Arrays.fill(g, 0f);
            float s = (float) (1 / Math.sqrt(to - from));
            float shrink = 1 - lr * reg;
            double d = 1;
            double se = 0;
            int pu = u * k;
            float bU = bu[u];
            for (int t = from; t < to; t++) {
                int pos = order[t];
                int i = m.userItems[pos];
                int qi = i * k;
                float dot = 0;
                for (int f = 0; f < k; f++) dot += q[qi + f] * (p[pu + f] + z[f]);
                float e = m.userValues[pos] - (mu + bU + bi[i] + dot);
                se += (double) e * e;
                bU += lrB * (e - regB * bU);
                bi[i] += lrB * (e - regB * bi[i]);
                float le = lr * e, les = le * s;
                for (int f = 0; f < k; f++) {
                    float puf = p[pu + f], qif = q[qi + f], zf = z[f];
                    p[pu + f] = puf + le * qif - lr * reg * puf;
                    q[qi + f] = qif + le * (puf + zf) - lr * reg * qif;
                    g[f] = shrink * g[f] + les * qif;
                    z[f] = shrink * zf + le * qif;
                }
                d *= shrink;
            }
            bu[u] = bU;
            float df = (float) d;
            for (int t = from; t < to; t++) {
                int oy = m.userItems[t] * k;
                for (int f = 0; f < k; f++) y[oy + f] = df * y[oy + f] + g[f];
            }
            return se;
        }
    }
}
