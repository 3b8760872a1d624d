package org.collab4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD versions of the factor-row kernels, with the JDK's Vector API. C2's automatic
 * vectorisation does not help rows of a few dozen floats (its pre-, main- and post-loops cost more
 * than they save at 32 factors, and it never vectorises a float sum), so these spell the lanes out.
 * Only loaded when {@link Simd#SIMD}: the module {@code jdk.incubator.vector} must be added
 * with {@code --add-modules jdk.incubator.vector} (the {@code collab4j} launcher does).
 */
public final class VectorOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorOps() {
    }

    public static float dot(float[] a, int ao, float[] b, int bo, int k) {
        FloatVector acc = FloatVector.zero(S);
        int f = 0;
        for (; f + L <= k; f += L) acc = FloatVector.fromArray(S, a, ao + f).fma(FloatVector.fromArray(S, b, bo + f), acc);
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; f < k; f++) s += a[ao + f] * b[bo + f];
        return s;
    }

    public static void update(float[] p, int pu, float[] q, int qi, int k, float decay, float step) {
        int f = 0;
        for (; f + L <= k; f += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pu + f), qv = FloatVector.fromArray(S, q, qi + f);
            pv.mul(decay).add(qv.mul(step)).intoArray(p, pu + f);
            qv.mul(decay).add(pv.mul(step)).intoArray(q, qi + f);
        }
        for (; f < k; f++) {
            float pf = p[pu + f], qf = q[qi + f];
            p[pu + f] = decay * pf + step * qf;
            q[qi + f] = decay * qf + step * pf;
        }
    }

    /** {@code out[o..o+n) += a * x[xo..xo+n)}. */
    public static void axpy(float a, float[] x, int xo, float[] out, int o, int n) {
        int j = 0;
        FloatVector av = FloatVector.broadcast(S, a);
        for (; j + L <= n; j += L)
            FloatVector.fromArray(S, x, xo + j).fma(av, FloatVector.fromArray(S, out, o + j)).intoArray(out, o + j);
        for (; j < n; j++) out[o + j] += a * x[xo + j];
    }
}
