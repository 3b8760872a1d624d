package org.collab4j.algo.bpr;

import org.collab4j.kernel.Lbfgs;

/**
 * Folds a user into a {@link BprModel} from their items alone, without retraining: the factors p
 * minimising the user's own BPR objective with the items' factors q and biases b frozen,
 *
 * <pre>  F(p) = 1/(|I| |J|) sum_{i in I, j in J} ln(1 + exp(-(s_i - s_j))) + reg/2 |p|^2,   s = b + Q p</pre>
 *
 * over every pair of one of the user's items I and one of the others J (not a sample). This is
 * what training minimises for a user in expectation (one SGD step per interaction per epoch,
 * each with the same {@code reg}), and it is convex in p (a sum of softplus of linear functions
 * plus a ridge), so it has one minimum, found by L-BFGS from p = 0, with no randomness: the same
 * items give the same factors. Each evaluation costs {@code O(n k + |I| n)} for n items.
 *
 * <p>Chosen over a few SGD steps against frozen items (noisy, and needs a seed per user) and
 * over a least-squares projection (the objective of iALS, not of BPR: it would rank by a model
 * the item factors were not fitted for). The zero gradient at the optimum also gives the score
 * its decomposition over the user's items ({@link BprModel#contributions}).
 */
final class BprFoldIn {
    /** L-BFGS iterations at most; the objective is smooth and small (k unknowns), so this is plenty. */
    static final int MAX_ITERATIONS = 100;
    /** Stop when an iteration lowers F by less than this share of it. */
    static final double TOLERANCE = 1e-7;
    /** Scores below this in size have exponentials far from overflow, so pairs can share them. */
    static final double EXP_SAFE = 300;

    private final BprModel model;
    private final int n;
    private final int k;

    BprFoldIn(BprModel model) {
        this.model = model;
        this.n = model.numItems();
        this.k = model.factors();
    }

    /**
     * The folded-in factors of a user with items {@code items[0..count)} (distinct). When
     * {@code alpha} is not null, it receives each item's weight in {@code p = sum_i alpha_i q_i - ...}.
     */
    float[] solve(int[] items, int count, float[] alpha) {
        boolean[] mine = new boolean[n];
        int own = 0;
        for (int j = 0; j < count; j++) if (!mine[items[j]]) { mine[items[j]] = true; own++; }
        int[] pos = new int[own];
        int[] neg = new int[n - own];
        for (int i = 0, a = 0, b = 0; i < n; i++) if (mine[i]) pos[a++] = i; else neg[b++] = i;
        float[] p = new float[k];
        if (own == 0 || neg.length == 0) {
            if (alpha != null) java.util.Arrays.fill(alpha, 0, count, 0f);
            return p;
        }
        double[] weightOfPos = new double[own];
        Pairs f = new Pairs(pos, neg, weightOfPos);
        Lbfgs opt = new Lbfgs(f, p, 10);
        double prev = opt.value();
        for (int it = 0; it < MAX_ITERATIONS && opt.step(); it++) {
            double v = opt.value();
            if (prev - v <= TOLERANCE * Math.abs(prev)) break;
            prev = v;
        }
        p = opt.x().clone();
        if (alpha != null) {
            f.evaluate(p, new float[k]); // a_i at the optimum
            double scale = 1.0 / ((double) own * neg.length * model.reg());
            for (int j = 0; j < count; j++) {
                int at = java.util.Arrays.binarySearch(pos, items[j]);
                alpha[j] = (float) (weightOfPos[at] * scale);
            }
        }
        return p;
    }

    /** F and its gradient; leaves {@code a_i = sum_j sigma(s_j - s_i)} of the last evaluation in {@code a}. */
    private final class Pairs implements Lbfgs.Objective {
        private final int[] pos;
        private final int[] neg;
        private final double[] a;
        private final double[] c;
        private final float[] s;
        private final double[] en;

        Pairs(int[] pos, int[] neg, double[] a) {
            this.pos = pos;
            this.neg = neg;
            this.a = a;
            this.c = new double[neg.length];
            this.s = new float[n];
            this.en = new double[neg.length];
        }

        @Override
        public double evaluate(float[] p, float[] g) {
            model.scoreAll(p, 0, s);
            java.util.Arrays.fill(c, 0);
            double loss = 0;
            double top = 0;
            for (int i = 0; i < n; i++) top = Math.max(top, Math.abs(s[i]));
            if (top < EXP_SAFE) { // e^(s_j - s_i) = e^(s_j) / e^(s_i): n exponentials, not one per pair, and one log per run of factors
                for (int y = 0; y < neg.length; y++) en[y] = Math.exp(s[neg[y]]);
                for (int x = 0; x < pos.length; x++) {
                    double inv = Math.exp(-s[pos[x]]), ai = 0, prod = 1;
                    for (int y = 0; y < neg.length; y++) {
                        double t = en[y] * inv, w = t / (1 + t); // e^z and sigma(z), z = s_j - s_i
                        prod *= 1 + t;
                        if (prod > 1e150) { loss += Math.log(prod); prod = 1; }
                        ai += w;
                        c[y] += w;
                    }
                    loss += Math.log(prod);
                    a[x] = ai;
                }
            } else {
                for (int x = 0; x < pos.length; x++) {
                    double si = s[pos[x]], ai = 0;
                    for (int y = 0; y < neg.length; y++) {
                        double z = s[neg[y]] - si; // loss ln(1 + e^z), slope sigma(z)
                        double e = Math.exp(-Math.abs(z));
                        double w = z >= 0 ? 1 / (1 + e) : e / (1 + e);
                        loss += Math.max(z, 0) + Math.log1p(e);
                        ai += w;
                        c[y] += w;
                    }
                    a[x] = ai;
                }
            }
            double inv = 1.0 / ((double) pos.length * neg.length), reg = model.reg();
            float[] q = model.itemFactors();
            double[] grad = new double[k];
            for (int x = 0; x < pos.length; x++) {
                int o = pos[x] * k;
                for (int f = 0; f < k; f++) grad[f] -= a[x] * q[o + f];
            }
            for (int y = 0; y < neg.length; y++) {
                int o = neg[y] * k;
                for (int f = 0; f < k; f++) grad[f] += c[y] * q[o + f];
            }
            double norm = 0;
            for (int f = 0; f < k; f++) {
                g[f] = (float) (grad[f] * inv + reg * p[f]);
                norm += (double) p[f] * p[f];
            }
            return loss * inv + 0.5 * reg * norm;
        }
    }
}
