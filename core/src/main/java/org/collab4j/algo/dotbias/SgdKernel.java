package org.collab4j.algo.dotbias;

import static org.collab4j.kernel.Simd.sigmoid;
import static org.collab4j.kernel.Simd.update;
import static org.collab4j.kernel.Simd.update32;
import static org.collab4j.kernel.Simd.dot;
import static org.collab4j.kernel.Simd.dot32;
import org.collab4j.model.FactorModel;

/**
 * The per-rating SGD step of a factor model with biases and optional {@code sigmoid_range}, as
 * flat loops over the model's row-major {@code float[]} matrices (written for C2: no allocation,
 * the row offsets hoisted, the update loop a pure element-wise pass that C2 vectorises).
 *
 * <p>For a rating {@code r} of user {@code u} for item {@code i}, with
 * {@code raw = g + b_u + b_i + p_u . q_i} and {@code yhat = low + (high - low) * sigmoid(raw)}
 * (or {@code yhat = raw} without squashing), the loss {@code (r - yhat)^2 / 2 + l2/2 (|p_u|^2 +
 * |q_i|^2) + biasL2/2 (b_u^2 + b_i^2)} (LIBMF's per-rating L2) is stepped down by
 * <pre>  e' = (r - yhat) * dyhat/draw
 *   b_u += lr (e' - biasL2 b_u)            b_i += lr (e' - biasL2 b_i)
 *   p_u += lr (e' q_i - l2 p_u)            q_i += lr (e' p_u - l2 q_i)   (both from the old values)</pre>
 */
public final class SgdKernel {
    private SgdKernel() {
    }

    /**
     * One pass of SGD over positions {@code [from, to)} of the given rating columns, in order.
     * Returns the sum of squared errors {@code (r - yhat)^2} seen before each update.
     */
    public static double run(FactorModel m, int[] users, int[] items, float[] values, int from, int to,
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
            sse += step(p, q, bu, bi, k, u, i, values[j], g, squash, low, span, lr, decay, biasDecay);
        }
        return sse;
    }

    /**
     * One pass of SGD over block {@code b} of {@code grid}, in order, on a model whose rows are in
     * grid order ({@link BlockGrid#toGridOrder}): the same steps as {@link #run(FactorModel, int[],
     * int[], float[], int, int, float, float, float) run} on the block's ratings, whose row indices
     * are a bin base plus an offset packed in the grid's cells.
     */
    public static double run(FactorModel m, BlockGrid grid, int b, float lr, float l2, float biasL2) {
        final int k = m.factors();
        final float[] p = m.userFactors(), q = m.itemFactors(), bu = m.userBias(), bi = m.itemBias();
        final float g = m.global();
        final boolean squash = m.squashed();
        float[] yr = m.yRange();
        final float low = squash ? yr[0] : 0f, span = squash ? yr[1] - yr[0] : 1f;
        final float decay = 1f - lr * l2, biasDecay = 1f - lr * biasL2;
        final int[] cells = grid.cells();
        final float[] levels = grid.levels(), values = grid.valueColumn();
        final int userShift = grid.userShift(), itemMask = grid.itemMask(), valueBits = grid.valueBits(), valueMask = grid.valueMask();
        final int userBase = grid.userBase(b / grid.bins()), itemBase = grid.itemBase(b % grid.bins());
        double sse = 0;
        for (int j = grid.start(b), to = grid.end(b); j < to; j++) {
            int c = cells[j];
            int u = userBase + (c >>> userShift), i = itemBase + ((c >>> valueBits) & itemMask);
            float r = levels != null ? levels[c & valueMask] : values[j];
            sse += step(p, q, bu, bi, k, u, i, r, g, squash, low, span, lr, decay, biasDecay);
        }
        return sse;
    }

    /**
     * The sum of squared errors {@code (r - yhat)^2} of compressed rows: the ratings
     * {@code [start[u], start[u+1])} of each user {@code u} in {@code [from, to)}, with items
     * {@code items[j]} and values {@code values[j]}; {@code yhat} as in the step, with the step's
     * dot product and sigmoid (the validation loss of every epoch, which is timed with it).
     */
    static double squaredError(FactorModel m, int[] start, int[] items, float[] values, int from, int to) {
        final int k = m.factors();
        final float[] p = m.userFactors(), q = m.itemFactors(), bu = m.userBias(), bi = m.itemBias();
        final float g = m.global();
        final boolean squash = m.squashed();
        float[] yr = m.yRange();
        final float low = squash ? yr[0] : 0f, span = squash ? yr[1] - yr[0] : 1f;
        double s = 0;
        for (int u = from; u < to; u++) {
            int pu = u * k;
            float base = g + bu[u];
            for (int j = start[u], e = start[u + 1]; j < e; j++) {
                int i = items[j], qi = i * k;
                float raw = base + bi[i] + (k == 32 ? dot32(p, pu, q, qi) : dot(p, pu, q, qi, k));
                float yhat = squash ? Math.fma(span, sigmoid(raw), low) : m.squash(raw);
                float d = values[j] - yhat;
                s += d * d;
            }
        }
        return s;
    }

    /**
     * The step for one rating {@code r} of user {@code u} for item {@code i} (see the class
     * comment); returns {@code (r - yhat)^2} before the update. Small enough for C2 to inline into
     * both loops above.
     */
    private static float step(float[] p, float[] q, float[] bu, float[] bi, int k, int u, int i, float r, float g,
                              boolean squash, float low, float span, float lr, float decay, float biasDecay) {
        int pu = u * k, qi = i * k;
        float raw = g + bu[u] + bi[i] + (k == 32 ? dot32(p, pu, q, qi) : dot(p, pu, q, qi, k));
        float e, se;
        float step;
        if (squash) {
            float s = sigmoid(raw);
            e = r - Math.fma(span, s, low);
            se = e * e;
            step = e * (lr * span * s * (1f - s));   // the factor beside e is ready when e is
        } else {
            e = r - raw;
            se = e * e;
            step = lr * e;
        }
        bu[u] = biasDecay * bu[u] + step;
        bi[i] = biasDecay * bi[i] + step;
        if (k == 32) update32(p, pu, q, qi, decay, step);
        else update(p, pu, q, qi, k, decay, step);
        return se;
    }

}
