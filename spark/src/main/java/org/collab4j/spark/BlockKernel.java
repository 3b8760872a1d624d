package org.collab4j.spark;

import org.collab4j.model.FactorModel;

/**
 * The one place DSGD calls the per-rating SGD kernel, on one block: the user block's and the
 * item block's factors wrapped as a small {@link FactorModel} (rows are block-local), the
 * block's ratings in their (seeded) order.
 *
 * <p>The kernel below is the single-machine trainer's per-rating step (LIBMF's plain SGD with
 * per-rating L2 on factors and biases, through {@code sigmoid_range} when squashed), with the
 * same signature as {@code org.collab4j.train.SgdKernel.run}; when that class lands on the main
 * branch this method becomes a one-line call to it.
 */
final class BlockKernel {
    private BlockKernel() {
    }

    /** Runs SGD over {@code block}'s ratings in order; returns the sum of squared errors before each update. */
    static double train(FactorBlock users, FactorBlock items, int k, int[] u, int[] i, float[] v,
                        float global, float[] yRange, float lr, float l2, float biasL2) {
        FactorModel m = new FactorModel("dot-bias", users.rows(), items.rows(), k, users.factors, items.factors,
                users.bias, items.bias, global, yRange);
        return run(m, u, i, v, 0, v.length, lr, l2, biasL2);
    }

    /** See {@code org.collab4j.train.SgdKernel#run}. */
    static double run(FactorModel m, int[] users, int[] items, float[] values, int from, int to,
                      float lr, float l2, float biasL2) {
        final int k = m.factors();
        final float[] p = m.userFactors(), q = m.itemFactors(), bu = m.userBias(), bi = m.itemBias();
        final float g = m.global();
        final boolean squash = m.squashed();
        float[] yr = m.yRange();
        final float low = squash ? yr[0] : 0f, span = squash ? yr[1] - yr[0] : 1f;
        final float decay = 1f - lr * l2, biasDecay = 1f - lr * biasL2;
        double sse = 0;
        for (int j = from; j < to; j++) {
            int u = users[j], i = items[j];
            int pu = u * k, qi = i * k;
            float dot = 0f;
            for (int f = 0; f < k; f++) dot += p[pu + f] * q[qi + f];
            float raw = g + bu[u] + bi[i] + dot;
            float e;
            if (squash) {
                float s = 1f / (1f + (float) Math.exp(-raw));
                e = values[j] - (low + span * s);
                sse += e * e;
                e *= span * s * (1f - s);
            } else {
                e = values[j] - raw;
                sse += e * e;
            }
            float step = lr * e;
            bu[u] = biasDecay * bu[u] + step;
            bi[i] = biasDecay * bi[i] + step;
            for (int f = 0; f < k; f++) {
                float pf = p[pu + f], qf = q[qi + f];
                p[pu + f] = decay * pf + step * qf;
                q[qi + f] = decay * qf + step * pf;
            }
        }
        return sse;
    }
}
