package org.collab4j.kernel;

/**
 * The one switch between the Vector API kernels ({@link VectorOps}, {@link Gemm}) and
 * plain loops, and the small row kernels every factor model shares: dot product, the paired SGD
 * update, axpy and a table sigmoid. Each picks the SIMD or the scalar loop by {@link #SIMD}.
 */
public final class Simd {
    /**
     * Whether the SIMD kernels ({@link VectorOps}) are used: the module {@code jdk.incubator.vector}
     * is in the boot layer and {@code -Dcollab4j.scalar=true} was not given. Otherwise the
     * plain loops of this class run (same arithmetic, different summation order).
     */
    public static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("collab4j.scalar");

    /** Whether {@link #dot32} and {@link #update32} use their SIMD form (else {@link #dot} and {@link #update}). */
    private static final boolean SIMD_32 = SIMD && VectorOps.ROWS_32;

    private Simd() {
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

    /**
     * {@link #dot} for rows of 32 factors, shaped for the per-rating SGD step, where the dot product
     * heads a chain of dependent instructions (see {@link VectorOps#dot32}); the same value up to the
     * order of the additions.
     */
    public static float dot32(float[] a, int ao, float[] b, int bo) {
        return SIMD_32 ? VectorOps.dot32(a, ao, b, bo) : dot(a, ao, b, bo, 32);
    }

    /** {@link #update} for rows of 32 factors, without loop control; the same values up to the rounding of a multiply-add. */
    public static void update32(float[] p, int pu, float[] q, int qi, float decay, float step) {
        if (SIMD_32) VectorOps.update32(p, pu, q, qi, decay, step);
        else update(p, pu, q, qi, 32, decay, step);
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
     * {@code out[j] = x[off[j] .. off[j]+k) . v[0..k)} for {@code from <= j < to}: a matrix-vector
     * product over rows picked by offset (iALS's conjugate-gradient steps, its scores). Each entry
     * is the same number {@link #dot} gives.
     */
    public static void dotRows(float[] x, int[] off, int from, int to, float[] v, int k, float[] out) {
        if (SIMD) {
            VectorOps.dotRows(x, off, from, to, v, k, out);
            return;
        }
        for (int j = from; j < to; j++) out[j] = dotScalar(x, off[j], v, 0, k);
    }

    /** {@code out[0..k) += sum_{from <= j < to} coef[j] x[off[j] .. off[j]+k)}: the transposed product of {@link #dotRows}. */
    public static void addRows(float[] x, int[] off, int from, int to, float[] coef, float[] out, int k) {
        if (SIMD) {
            VectorOps.addRows(x, off, from, to, coef, out, k);
            return;
        }
        for (int j = from; j < to; j++) {
            float c = coef[j];
            int o = off[j];
            for (int f = 0; f < k; f++) out[f] += c * x[o + f];
        }
    }

    /** Segments of the sigmoid table per unit of its argument. */
    private static final int SIGMOID_PER_UNIT = 16;
    /** The table covers [-SIGMOID_LIMIT, SIGMOID_LIMIT]. */
    private static final float SIGMOID_LIMIT = 16f;
    private static final int SIGMOID_SEGMENTS = (int) (2 * SIGMOID_LIMIT * SIGMOID_PER_UNIT);
    private static final float[] SIGMOID = sigmoidTable();

    /**
     * {@code 1 / (1 + e^-x)} in float precision (absolute error below 3e-7), from a table of cubic
     * pieces (Hermite interpolation of the sigmoid and its derivative at steps of 1/16 on [-16, 16],
     * 8 KB, which stays in L1): a multiply-add, two conversions, a load and three multiply-adds.
     * In the per-rating SGD step the sigmoid sits on the chain of dependent instructions from a
     * user's row to its update, which the step's speed is bound by; {@code 1 / (1 + exp(-x))} took
     * about twice as long there (an exp and a division). Clamped to [-16, 16], where it is within
     * 1.2e-7 of 0 and 1; NaN gives NaN.
     */
    public static float sigmoid(float x) {
        x = x < -SIGMOID_LIMIT ? -SIGMOID_LIMIT : x > SIGMOID_LIMIT ? SIGMOID_LIMIT : x;
        float y = Math.fma(x, SIGMOID_PER_UNIT, SIGMOID_LIMIT * SIGMOID_PER_UNIT);
        int m = (int) y;
        float t = y - m;
        int o = m << 2;
        float[] c = SIGMOID;
        return Math.fma(Math.fma(Math.fma(c[o + 3], t, c[o + 2]), t, c[o + 1]), t, c[o]);
    }

    /** Per segment m, the coefficients c0..c3 of the cubic in t in [0, 1) from x0 = -16 + m/16 (one spare segment for x = 16). */
    private static float[] sigmoidTable() {
        double h = 1.0 / SIGMOID_PER_UNIT;
        float[] c = new float[4 * (SIGMOID_SEGMENTS + 1)];
        for (int m = 0; m <= SIGMOID_SEGMENTS; m++) {
            double x0 = -SIGMOID_LIMIT + m * h, x1 = x0 + h;
            double y0 = 1 / (1 + Math.exp(-x0)), y1 = 1 / (1 + Math.exp(-x1));
            double d0 = h * y0 * (1 - y0), d1 = h * y1 * (1 - y1);
            c[4 * m] = (float) y0;
            c[4 * m + 1] = (float) d0;
            c[4 * m + 2] = (float) (3 * (y1 - y0) - 2 * d0 - d1);
            c[4 * m + 3] = (float) (2 * (y0 - y1) + d0 + d1);
        }
        return c;
    }

    /** The dot product with four accumulators, so the additions overlap. */
    public static float dotScalar(float[] a, int ao, float[] b, int bo, int k) {
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

    public static void updateScalar(float[] p, int pu, float[] q, int qi, int k, float decay, float step) {
        for (int f = 0; f < k; f++) {
            float pf = p[pu + f], qf = q[qi + f];
            p[pu + f] = decay * pf + step * qf;
            q[qi + f] = decay * qf + step * pf;
        }
    }
}
