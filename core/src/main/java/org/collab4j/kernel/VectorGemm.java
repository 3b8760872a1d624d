package org.collab4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product of the linear layers with the JDK's Vector API, register-blocked: a block
 * of 4 output rows by 2 vectors of columns stays in 8 vector registers for the whole sum over
 * {@code k}, so each step loads 2 vectors and 4 scalars for 8 fused multiply-adds (C2's
 * automatic vectorisation reloads and stores the accumulators at every {@code k}).
 *
 * <p>Every output is one chain of fused multiply-adds in increasing {@code k}, whatever the
 * blocking or the rows a thread is given, so results do not depend on the number of threads.
 * Only loaded when {@link Linear#SIMD}.
 */
public final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    public static final int L = S.length();

    private VectorGemm() {
    }

    /** {@code n} rounded up to whole vectors: the row length of a padded right-hand matrix. */
    public static int padded(int n) {
        return (n + L - 1) / L * L;
    }

    /**
     * For rows {@code i} in {@code [i0, i1)} and columns {@code j < n}:
     * <pre>  c[i*cRow + j] = init[j] + sum_{k < kk} a[i*aRow + k*aCol] * b[k*bRow + j]   (init != null)
     *   c[i*cRow + j] += sum_{k < kk} a[i*aRow + k*aCol] * b[k*bRow + j]           (init == null)</pre>
     * {@code b} (and {@code init}) hold {@code padded(n)} columns per row, zero beyond {@code n};
     * {@code tmp} is scratch of at least {@link #L} floats.
     */
    public static void gemm(int i0, int i1, int n, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                     float[] c, int cRow, float[] init, float[] tmp) {
        int np = padded(n);
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = 0;
            for (; j + 2 * L <= np; j += 2 * L) block4x2(i, j, n, kk, a, aRow, aCol, b, bRow, c, cRow, init, tmp);
            for (; j < np; j += L) block4x1(i, j, n, kk, a, aRow, aCol, b, bRow, c, cRow, init, tmp);
        }
        for (; i < i1; i++) row(i, n, kk, a, aRow, aCol, b, bRow, c, cRow, init, tmp);
    }

    /*
     * gemm itself only walks blocks; every loop over k is in a method of its own, so that gemm
     * has few back-edges per call and the JIT compiles it as a whole method (quickly, while the
     * kernels warm up) rather than on the stack, in the middle of a long loop.
     */

    /** One row {@code i} of the product (the rows left over after the blocks of four). */
    private static void row(int i, int n, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                            float[] c, int cRow, float[] init, float[] tmp) {
        int np = padded(n), ao = i * aRow;
        for (int j = 0; j < np; j += L) {
            FloatVector s = init != null ? FloatVector.fromArray(S, init, j) : FloatVector.zero(S);
            for (int k = 0; k < kk; k++) s = FloatVector.fromArray(S, b, k * bRow + j).fma(FloatVector.broadcast(S, a[ao + k * aCol]), s);
            store(s, c, i * cRow + j, n - j, init == null, tmp);
        }
    }

    private static void block4x2(int i, int j, int n, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                                 float[] c, int cRow, float[] init, float[] tmp) {
        FloatVector s00, s01, s10, s11, s20, s21, s30, s31;
        if (init != null) {
            s00 = s10 = s20 = s30 = FloatVector.fromArray(S, init, j);
            s01 = s11 = s21 = s31 = FloatVector.fromArray(S, init, j + L);
        } else {
            s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = FloatVector.zero(S);
        }
        int a0 = i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        for (int k = 0; k < kk; k++) {
            int bo = k * bRow + j, ak = k * aCol;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ak]);
            s00 = b0.fma(x, s00);
            s01 = b1.fma(x, s01);
            x = FloatVector.broadcast(S, a[a1 + ak]);
            s10 = b0.fma(x, s10);
            s11 = b1.fma(x, s11);
            x = FloatVector.broadcast(S, a[a2 + ak]);
            s20 = b0.fma(x, s20);
            s21 = b1.fma(x, s21);
            x = FloatVector.broadcast(S, a[a3 + ak]);
            s30 = b0.fma(x, s30);
            s31 = b1.fma(x, s31);
        }
        boolean add = init == null;
        int c0 = i * cRow + j;
        store(s00, c, c0, n - j, add, tmp);
        store(s01, c, c0 + L, n - j - L, add, tmp);
        store(s10, c, c0 + cRow, n - j, add, tmp);
        store(s11, c, c0 + cRow + L, n - j - L, add, tmp);
        store(s20, c, c0 + 2 * cRow, n - j, add, tmp);
        store(s21, c, c0 + 2 * cRow + L, n - j - L, add, tmp);
        store(s30, c, c0 + 3 * cRow, n - j, add, tmp);
        store(s31, c, c0 + 3 * cRow + L, n - j - L, add, tmp);
    }

    private static void block4x1(int i, int j, int n, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                                 float[] c, int cRow, float[] init, float[] tmp) {
        FloatVector s0, s1, s2, s3;
        if (init != null) s0 = s1 = s2 = s3 = FloatVector.fromArray(S, init, j);
        else s0 = s1 = s2 = s3 = FloatVector.zero(S);
        int a0 = i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        for (int k = 0; k < kk; k++) {
            int ak = k * aCol;
            FloatVector b0 = FloatVector.fromArray(S, b, k * bRow + j);
            s0 = b0.fma(FloatVector.broadcast(S, a[a0 + ak]), s0);
            s1 = b0.fma(FloatVector.broadcast(S, a[a1 + ak]), s1);
            s2 = b0.fma(FloatVector.broadcast(S, a[a2 + ak]), s2);
            s3 = b0.fma(FloatVector.broadcast(S, a[a3 + ak]), s3);
        }
        boolean add = init == null;
        int c0 = i * cRow + j;
        store(s0, c, c0, n - j, add, tmp);
        store(s1, c, c0 + cRow, n - j, add, tmp);
        store(s2, c, c0 + 2 * cRow, n - j, add, tmp);
        store(s3, c, c0 + 3 * cRow, n - j, add, tmp);
    }

    /** Writes (or adds) the first {@code valid} lanes of {@code v} at {@code c[off..]}. */
    private static void store(FloatVector v, float[] c, int off, int valid, boolean add, float[] tmp) {
        if (valid <= 0) return;
        if (valid >= L) {
            if (add) v = v.add(FloatVector.fromArray(S, c, off));
            v.intoArray(c, off);
            return;
        }
        v.intoArray(tmp, 0);
        if (add) for (int l = 0; l < valid; l++) c[off + l] += tmp[l];
        else System.arraycopy(tmp, 0, c, off, valid);
    }
}
