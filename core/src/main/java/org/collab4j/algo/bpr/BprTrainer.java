package org.collab4j.algo.bpr;

import java.util.List;

import org.collab4j.data.Confidence;
import org.collab4j.data.Dataset;
import org.collab4j.data.Interactions;
import org.collab4j.data.Split;
import org.collab4j.kernel.Rng;
import org.collab4j.kernel.Workers;
import org.collab4j.train.Callback;
import org.collab4j.train.ImplicitTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.TopNEpochs;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;

/**
 * {@code bpr}: LearnBPR (Rendle et al. 2009), stochastic gradient descent on
 *
 * <pre>  sum over (u, i, j) of  -ln sigma(x_ui - x_uj) + reg/2 (|p_u|^2 + |q_i|^2 + |q_j|^2) + reg-bias/2 (b_i^2 + b_j^2)</pre>
 *
 * with {@code x_ui = b_i + p_u . q_i} ({@link BprModel}). An epoch draws as many triples as there
 * are training interactions: a (user, positive item) pair uniformly from the interactions, then a
 * negative j the user does not have:
 * <ul>
 * <li>{@code sampler=uniform}: j uniform over the catalogue (Rendle's bootstrap sampling);</li>
 * <li>{@code sampler=warp}: adaptive, as WARP (Weston, Bengio and Usunier 2011) samples: draw up to
 * {@code max-samples} negatives and update on the first that violates the margin
 * ({@code x_uj > x_ui - 1}), or on the hardest drawn when none does. Late in training, when
 * uniform negatives are mostly ranked far below and their gradients vanish, this keeps the
 * updates informative.</li>
 * </ul>
 * Every interaction counts once: weights and confidence rules do not apply.
 *
 * <p>Parallel Hogwild-style (Niu et al. 2011): {@code threads} parts each draw their share of an
 * epoch's triples from their own seeded stream and update the shared arrays without locks;
 * collisions are rare because a step touches one user and two items. With one thread the result
 * is the same bit for bit for a seed; with more it depends on the interleaving.
 *
 * <p>Shared options: {@code --factors}, {@code --epochs}, {@code --lr} (constant). Own options
 * ({@code --set}): {@code reg}, {@code reg-bias}, {@code sampler}, {@code max-samples},
 * {@code init-std}. The defaults are the best on a validation part of the MovieLens 100k
 * implicit split (docs/benchmarks.md).
 */
public final class BprTrainer implements ImplicitTrainer {
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.number("reg", 0.05, OptionSpec.Range.above(0), "L2 weight of the user and item factors, per update"),
            OptionSpec.number("reg-bias", 0.01, OptionSpec.Range.atLeast(0), "L2 weight of the item biases, per update"),
            OptionSpec.choice("sampler", "warp", List.of("uniform", "warp"),
                    "negatives: uniform, or warp (the first of max-samples draws that violates the margin, else the hardest)"),
            OptionSpec.integer("max-samples", 20, 1, "negatives drawn per step at most by the warp sampler"),
            OptionSpec.number("init-std", 0.1, OptionSpec.Range.above(0), "standard deviation of the initial factors (truncated normal)"));

    /** WARP's margin: a negative violates when it scores within this of the positive. */
    static final float MARGIN = 1f;
    /** Draws of a negative before giving up on a user who has nearly every item. */
    static final int MAX_REJECTIONS = 64;

    @Override
    public String name() {
        return BprModel.KIND;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    /** The step sizes and weights of one run. */
    record Settings(int k, float lr, float reg, float regBias, boolean warp, int maxSamples) {
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(BprModel.KIND, OPTIONS, config);
        Settings s = new Settings(config.factors(), (float) config.lr(), opt.getFloat("reg"), opt.getFloat("reg-bias"),
                opt.getString("sampler").equals("warp"), opt.getInt("max-samples"));
        Interactions x = Interactions.of(data.ratings(), split.train(), Confidence.NONE);
        int nu = x.numUsers(), ni = x.numItems(), k = s.k();
        if ((long) nu * k > Integer.MAX_VALUE - 8 || (long) ni * k > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("bpr: " + k + " factors for " + Math.max(nu, ni) + " rows do not fit one Java array; use fewer --factors");
        Rng rng = new Rng(config.seed());
        float[] p = new float[nu * k], q = new float[ni * k], b = new float[ni];
        float std = opt.getFloat("init-std");
        rng.truncatedNormal(p, std);
        rng.truncatedNormal(q, std);
        int[] rowUser = new int[x.size()];
        for (int u = 0; u < nu; u++) java.util.Arrays.fill(rowUser, x.userStart()[u], x.userStart()[u + 1], u);

        TopNEpochs epochs = new TopNEpochs(callbacks);
        epochs.beforeFit(config.epochs());
        int parts = Math.max(1, Math.min(config.threads(), Workers.MAX_PARTS));
        double[] loss = new double[parts];
        long[] drawn = new long[parts];
        try (Workers pool = new Workers(parts)) {
            for (int e = 0; e < config.epochs(); e++) {
                epochs.beforeEpoch(e);
                long[] seeds = new long[parts];
                for (int t = 0; t < parts; t++) seeds[t] = rng.nextLong();
                int total = x.size();
                pool.run(parts, t -> {
                    int steps = total / parts + (t < total % parts ? 1 : 0);
                    Part part = new Part(x, rowUser, p, q, b, s, new Rng(seeds[t]));
                    loss[t] = part.run(steps);
                    drawn[t] = part.updates;
                });
                double sum = 0;
                long n = 0;
                for (int t = 0; t < parts; t++) { sum += loss[t]; n += drawn[t]; }
                BprModel snapshot = epochs.wantsModels() ? model(x, p.clone(), q.clone(), b.clone(), s) : null;
                if (epochs.afterEpoch(e, n == 0 ? Double.NaN : sum / n, snapshot)) break;
            }
        }
        return new TrainResult(model(x, p, q, b, s), epochs.afterFit());
    }

    /** The model of the arrays, with users who had no training interaction at zero factors (scored by item biases alone). */
    private static BprModel model(Interactions x, float[] p, float[] q, float[] b, Settings s) {
        int k = s.k();
        for (int u = 0; u < x.numUsers(); u++) if (x.userCount(u) == 0) java.util.Arrays.fill(p, u * k, u * k + k, 0f);
        return new BprModel(x.numUsers(), x.numItems(), k, p, q, b, s.reg());
    }

    /** One thread's share of an epoch: its own random stream, the shared parameter arrays. */
    static final class Part {
        private final int[] userStart;
        private final int[] userItems;
        private final int[] rowUser;
        private final float[] p;
        private final float[] q;
        private final float[] b;
        private final Settings s;
        private final Rng rng;
        private final int numItems;
        long updates;

        Part(Interactions x, int[] rowUser, float[] p, float[] q, float[] b, Settings s, Rng rng) {
            this.userStart = x.userStart();
            this.userItems = x.userItems();
            this.rowUser = rowUser;
            this.p = p;
            this.q = q;
            this.b = b;
            this.s = s;
            this.rng = rng;
            this.numItems = x.numItems();
        }

        /** Draws {@code steps} triples and updates on each; returns the summed BPR loss (before the update, without the L2 terms). */
        double run(int steps) {
            double loss = 0;
            int k = s.k(), nnz = userItems.length;
            for (int step = 0; step < steps; step++) {
                int row = rng.nextInt(nnz);
                int u = rowUser[row], i = userItems[row];
                int j = s.warp() ? warpNegative(u, i) : uniformNegative(u);
                if (j < 0) continue;
                loss += update(p, u * k, q, i, j, b, k, s.lr(), s.reg(), s.regBias());
                updates++;
            }
            return loss;
        }

        private int uniformNegative(int u) {
            for (int tries = 0; tries < MAX_REJECTIONS; tries++) {
                int j = rng.nextInt(numItems);
                if (!has(u, j)) return j;
            }
            return -1;
        }

        private int warpNegative(int u, int i) {
            int k = s.k(), pu = u * k;
            float threshold = b[i] + dot(p, pu, q, i * k, k) - MARGIN;
            int hardest = -1;
            float best = Float.NEGATIVE_INFINITY;
            for (int d = 0; d < s.maxSamples(); d++) {
                int j = uniformNegative(u);
                if (j < 0) break;
                float sj = b[j] + dot(p, pu, q, j * k, k);
                if (sj > threshold) return j;
                if (sj > best) { best = sj; hardest = j; }
            }
            return hardest;
        }

        private boolean has(int u, int j) {
            return java.util.Arrays.binarySearch(userItems, userStart[u], userStart[u + 1], j) >= 0;
        }
    }

    static float dot(float[] a, int ao, float[] c, int co, int k) {
        float s = 0f;
        for (int f = 0; f < k; f++) s += a[ao + f] * c[co + f];
        return s;
    }

    /**
     * One SGD step on the triple (user at {@code p[pu..pu+k)}, positive i, negative j): every
     * parameter moves by {@code -lr} times its gradient of {@link #loss}, all gradients taken at
     * the values before the step. Returns the BPR term {@code ln(1 + e^-x)} before the step.
     */
    static float update(float[] p, int pu, float[] q, int i, int j, float[] b, int k, float lr, float reg, float regBias) {
        int qi = i * k, qj = j * k;
        float x = b[i] - b[j];
        for (int f = 0; f < k; f++) x += p[pu + f] * (q[qi + f] - q[qj + f]);
        float ex = (float) Math.exp(-Math.abs(x));
        float g = x >= 0 ? ex / (1f + ex) : 1f / (1f + ex); // sigma(-x) = -d/dx ln sigma(x)
        float l = Math.max(-x, 0f) + (float) Math.log1p(ex);
        for (int f = 0; f < k; f++) {
            float pf = p[pu + f], a = q[qi + f], c = q[qj + f];
            p[pu + f] = pf + lr * (g * (a - c) - reg * pf);
            q[qi + f] = a + lr * (g * pf - reg * a);
            q[qj + f] = c + lr * (-g * pf - reg * c);
        }
        b[i] += lr * (g - regBias * b[i]);
        b[j] += lr * (-g - regBias * b[j]);
        return l;
    }

    /** The loss of one triple that {@link #update} descends, with its L2 terms. */
    static double loss(float[] p, int pu, float[] q, int i, int j, float[] b, int k, float reg, float regBias) {
        int qi = i * k, qj = j * k;
        double x = b[i] - b[j], l2 = 0;
        for (int f = 0; f < k; f++) {
            x += (double) p[pu + f] * (q[qi + f] - q[qj + f]);
            l2 += (double) p[pu + f] * p[pu + f] + (double) q[qi + f] * q[qi + f] + (double) q[qj + f] * q[qj + f];
        }
        return Math.log1p(Math.exp(-x)) + reg / 2 * l2 + regBias / 2 * ((double) b[i] * b[i] + (double) b[j] * b[j]);
    }
}
