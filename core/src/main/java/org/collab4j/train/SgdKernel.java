package org.collab4j.train;

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
    /**
     * Whether the SIMD kernels ({@link VectorOps}) are used: the module {@code jdk.incubator.vector}
     * is in the boot layer and {@code -Dcollab4j.scalar=true} was not given. Otherwise the
     * plain loops below run (same arithmetic, different summation order).
     */
    public static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("collab4j.scalar");

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
     * are a bin base plus a 16-bit offset.
     */
    public static double run(FactorModel m, BlockGrid grid, int b, float lr, float l2, float biasL2) {
        final int k = m.factors();
        final float[] p = m.userFactors(), q = m.itemFactors(), bu = m.userBias(), bi = m.itemBias();
        final float g = m.global();
        final boolean squash = m.squashed();
        float[] yr = m.yRange();
        final float low = squash ? yr[0] : 0f, span = squash ? yr[1] - yr[0] : 1f;
        final float decay = 1f - lr * l2, biasDecay = 1f - lr * biasL2;
        final char[] users = grid.userOffsets(), items = grid.itemOffsets();
        final float[] values = grid.values();
        final int userBase = grid.userBase(b / grid.bins()), itemBase = grid.itemBase(b % grid.bins());
        double sse = 0;
        for (int j = grid.start(b), to = grid.end(b); j < to; j++) {
            int u = userBase + users[j], i = itemBase + items[j];
            sse += step(p, q, bu, bi, k, u, i, values[j], g, squash, low, span, lr, decay, biasDecay);
        }
        return sse;
    }

    /**
     * The step for one rating {@code r} of user {@code u} for item {@code i} (see the class
     * comment); returns {@code (r - yhat)^2} before the update. Small enough for C2 to inline into
     * both loops above.
     */
    private static float step(float[] p, float[] q, float[] bu, float[] bi, int k, int u, int i, float r, float g,
                              boolean squash, float low, float span, float lr, float decay, float biasDecay) {
        int pu = u * k, qi = i * k;
        float raw = g + bu[u] + bi[i] + dot(p, pu, q, qi, k);
        float e, se;
        if (squash) {
            float s = 1f / (1f + exp(-raw));
            e = r - (low + span * s);
            se = e * e;
            e *= span * s * (1f - s);
        } else {
            e = r - raw;
            se = e * e;
        }
        float step = lr * e;
        bu[u] = biasDecay * bu[u] + step;
        bi[i] = biasDecay * bi[i] + step;
        update(p, pu, q, qi, k, decay, step);
        return se;
    }

    /** {@code a[ao..ao+k) . b[bo..bo+k)}. */
    public static float dot(float[] a, int ao, float[] b, int bo, int k) {
        return SIMD ? VectorOps.dot(a, ao, b, bo, k) : dotScalar(a, ao, b, bo, k);
    }

    /** {@code p_u <- decay p_u + step q_i} and {@code q_i <- decay q_i + step p_u}, both from the old values. */
    public static void update(float[] p, int pu, float[] q, int qi, int k, float decay, float step) {
        if (SIMD) VectorOps.update(p, pu, q, qi, k, decay, step);
        else updateScalar(p, pu, q, qi, k, decay, step);
    }

    /** {@code out[o..o+n) += a * x[xo..xo+n)} (the scoring kernel of batch top-N). */
    public static void axpy(float a, float[] x, int xo, float[] out, int o, int n) {
        if (SIMD) {
            VectorOps.axpy(a, x, xo, out, o, n);
            return;
        }
        for (int j = 0; j < n; j++) out[o + j] += a * x[xo + j];
    }

    /**
     * {@code e^x} in float precision (relative error below 3e-7 for |x| < 80), shaped for a short
     * dependency chain, since it sits between the dot product and the update of every rating:
     * {@code 2^n * e^r} with {@code n} rounded by the 1.5*2^23 trick, {@code r = x - n ln 2} in
     * [-0.35, 0.35], and a degree-6 Taylor polynomial for {@code e^r} evaluated by Estrin's scheme.
     * Clamped to [-87, 88].
     */
    public static float exp(float x) {
        x = Math.max(-87f, Math.min(88f, x));
        float n = (x * 1.442695041f + 12582912f) - 12582912f;
        float r = (x - n * 0.693359375f) + n * 2.12194440e-4f; // ln 2 in two parts (Cody-Waite)
        float r2 = r * r, r4 = r2 * r2;
        float a = 1f + r, b = 0.5f + r * (1f / 6), c = 1f / 24 + r * (1f / 120);
        float p = (a + r2 * b) + r4 * (c + r2 * (1f / 720));
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    /** The dot product with four accumulators, so the additions overlap. */
    static float dotScalar(float[] a, int ao, float[] b, int bo, int k) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int f = 0;
        for (; f + 3 < k; f += 4) {
            s0 += a[ao + f] * b[bo + f];
            s1 += a[ao + f + 1] * b[bo + f + 1];
            s2 += a[ao + f + 2] * b[bo + f + 2];
            s3 += a[ao + f + 3] * b[bo + f + 3];
        }
        for (; f < k; f++) s0 += a[ao + f] * b[bo + f];
        return (s0 + s1) + (s2 + s3);
    }

    static void updateScalar(float[] p, int pu, float[] q, int qi, int k, float decay, float step) {
        for (int f = 0; f < k; f++) {
            float pf = p[pu + f], qf = q[qi + f];
            p[pu + f] = decay * pf + step * qf;
            q[qi + f] = decay * qf + step * pf;
        }
    }
}
