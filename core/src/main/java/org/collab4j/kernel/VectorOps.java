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

    /** Eight lanes, when the preferred species has at least eight: the width of {@link #dot32}'s accumulators. */
    private static final VectorSpecies<Float> S8 = L >= 8 ? FloatVector.SPECIES_256 : S;

    /** Whether {@link #dot32} and {@link #update32} have their straight-line form (vectors of 8 or 16 lanes). */
    static final boolean ROWS_32 = L == 8 || L == 16;

    /**
     * {@code a[ao..ao+32) . b[bo..bo+32)} in straight-line code with two accumulators of eight
     * lanes. The horizontal sum ({@code reduceLanes}) is, in JDK 17 on x86, one scalar addition per
     * lane in sequence, the longest link in a per-rating SGD step's chain of dependent
     * instructions: eight lanes instead of sixteen halve it, and no loop control surrounds the
     * four multiply-adds.
     */
    public static float dot32(float[] a, int ao, float[] b, int bo) {
        FloatVector s0 = FloatVector.fromArray(S8, a, ao).mul(FloatVector.fromArray(S8, b, bo));
        FloatVector s1 = FloatVector.fromArray(S8, a, ao + 8).mul(FloatVector.fromArray(S8, b, bo + 8));
        s0 = FloatVector.fromArray(S8, a, ao + 16).fma(FloatVector.fromArray(S8, b, bo + 16), s0);
        s1 = FloatVector.fromArray(S8, a, ao + 24).fma(FloatVector.fromArray(S8, b, bo + 24), s1);
        return s0.add(s1).reduceLanes(VectorOperators.ADD);
    }

    /**
     * {@link #update} for rows of 32 floats, without loop control (a loop of constant trip count
     * that C2 unrolls), and with a multiply-add for each new row (two instructions a vector instead
     * of three: the per-rating step is bound by how many it issues; about 9% of an epoch).
     */
    public static void update32(float[] p, int pu, float[] q, int qi, float decay, float step) {
        FloatVector st = FloatVector.broadcast(S, step);
        for (int f = 0; f < 32; f += L) {
            FloatVector pv = FloatVector.fromArray(S, p, pu + f), qv = FloatVector.fromArray(S, q, qi + f);
            qv.fma(st, pv.mul(decay)).intoArray(p, pu + f);
            pv.fma(st, qv.mul(decay)).intoArray(q, qi + f);
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

    /** {@code out[j] = x[off[j] .. off[j]+k) . v[0..k)} for {@code from <= j < to}, four rows at a time. */
    public static void dotRows(float[] x, int[] off, int from, int to, float[] v, int k, float[] out) {
        int j = from;
        for (; j + 4 <= to; j += 4) {
            int o0 = off[j], o1 = off[j + 1], o2 = off[j + 2], o3 = off[j + 3];
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            int f = 0;
            for (; f + L <= k; f += L) {
                FloatVector vf = FloatVector.fromArray(S, v, f);
                a0 = FloatVector.fromArray(S, x, o0 + f).fma(vf, a0);
                a1 = FloatVector.fromArray(S, x, o1 + f).fma(vf, a1);
                a2 = FloatVector.fromArray(S, x, o2 + f).fma(vf, a2);
                a3 = FloatVector.fromArray(S, x, o3 + f).fma(vf, a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
            float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
            for (; f < k; f++) {
                float vf = v[f];
                s0 += x[o0 + f] * vf;
                s1 += x[o1 + f] * vf;
                s2 += x[o2 + f] * vf;
                s3 += x[o3 + f] * vf;
            }
            out[j] = s0;
            out[j + 1] = s1;
            out[j + 2] = s2;
            out[j + 3] = s3;
        }
        for (; j < to; j++) out[j] = dot(x, off[j], v, 0, k);
    }

    /**
     * {@code out[0..k) += sum_{from <= j < to} coef[j] x[off[j] .. off[j]+k)}, with four vectors of
     * {@code out} held in registers over all rows.
     */
    public static void addRows(float[] x, int[] off, int from, int to, float[] coef, float[] out, int k) {
        int f = 0;
        for (; f + 4 * L <= k; f += 4 * L) {
            FloatVector a0 = FloatVector.fromArray(S, out, f), a1 = FloatVector.fromArray(S, out, f + L);
            FloatVector a2 = FloatVector.fromArray(S, out, f + 2 * L), a3 = FloatVector.fromArray(S, out, f + 3 * L);
            for (int j = from; j < to; j++) {
                FloatVector c = FloatVector.broadcast(S, coef[j]);
                int o = off[j] + f;
                a0 = FloatVector.fromArray(S, x, o).fma(c, a0);
                a1 = FloatVector.fromArray(S, x, o + L).fma(c, a1);
                a2 = FloatVector.fromArray(S, x, o + 2 * L).fma(c, a2);
                a3 = FloatVector.fromArray(S, x, o + 3 * L).fma(c, a3);
            }
            a0.intoArray(out, f);
            a1.intoArray(out, f + L);
            a2.intoArray(out, f + 2 * L);
            a3.intoArray(out, f + 3 * L);
        }
        for (; f + L <= k; f += L) {
            FloatVector a0 = FloatVector.fromArray(S, out, f);
            for (int j = from; j < to; j++) a0 = FloatVector.fromArray(S, x, off[j] + f).fma(FloatVector.broadcast(S, coef[j]), a0);
            a0.intoArray(out, f);
        }
        for (; f < k; f++) {
            float a = out[f];
            for (int j = from; j < to; j++) a += coef[j] * x[off[j] + f];
            out[f] = a;
        }
    }
}
