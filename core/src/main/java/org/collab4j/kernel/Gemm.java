package org.collab4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense matrix products of the neural layers ({@code nn.Linear}) and of the kernelised
 * autoencoder: for rows {@code i} in {@code [i0, i1)} and columns {@code j < n},
 *
 * <pre>  C(i, j) = start(i, j) + sum_{k < kk} A(i, k) * B(k, j)
 *   A(i, k) = a[i*aRow + k*aCol]   (so A may be read transposed)
 *   B(k, j) = b[k*bRow + j],  C(i, j) = c[i*cRow + j]</pre>
 *
 * <p>With the Vector API ({@link Simd#SIMD}) the product is register-blocked: a block of 4 output
 * rows by 2 vectors of columns stays in 8 vector registers for the whole sum over {@code k}, so
 * each step loads 2 vectors and 4 scalars for 8 fused multiply-adds (C2's automatic vectorisation
 * reloads and stores the accumulators at every {@code k}). Every output is one chain of fused
 * multiply-adds in increasing {@code k} (columns after the last whole vector by
 * {@link Math#fma}), whatever the blocking or the rows a thread is given, so results do not
 * depend on the number of threads.
 *
 * <p>Two entry points over the same blocks, for the two ways callers hold their matrices:
 * {@link #gemm} (the layers) has B padded to whole vectors, so every column runs in vector
 * registers, and starts from a bias row or adds to C; it needs the Vector API (the layers keep
 * plain loops of their own over row arrays, which C2 vectorises). {@link #multiply} (the
 * autoencoder, whose matrices are too large to copy into padded ones at every evaluation)
 * overwrites C from an unpadded B, and runs plain loops of the same shape without the Vector API.
 */
public final class Gemm {
    private Gemm() {
    }

    /** Floats in one vector (1 without the Vector API). */
    public static final int L = Simd.SIMD ? Vec.L : 1;

    /** {@code n} rounded up to whole vectors: the row length of a padded right-hand matrix. */
    public static int padded(int n) {
        return (n + L - 1) / L * L;
    }

    /**
     * {@code C = init + A B} (each row starts from {@code init}) when {@code init != null}, else
     * {@code C += A B}. {@code b} (and {@code init}) hold at least {@code padded(n)} columns per
     * row, the last vector of {@code b}'s last row included; what lies beyond column {@code n}
     * does not matter. {@code tmp} is scratch of at least {@link #L} floats. Vector API only.
     */
    public static void gemm(int i0, int i1, int n, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                            float[] c, int cRow, float[] init, float[] tmp) {
        Vec.product(i0, i1, n, padded(n), kk, a, aRow, aCol, b, bRow, c, cRow, init, init == null ? ADD : START, tmp);
    }

    /**
     * {@code C = A B}, overwriting C's rows {@code [i0, i1)}; {@code b} needs only {@code n}
     * columns per row. Plain loops of the same blocks without the Vector API.
     */
    public static void multiply(int i0, int i1, int n, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                                float[] c, int cRow) {
        if (Simd.SIMD) Vec.product(i0, i1, n, n - n % L, kk, a, aRow, aCol, b, bRow, c, cRow, null, SET, new float[L]);
        else scalar(i0, i1, n, kk, a, aRow, aCol, b, bRow, c, cRow);
    }

    /** How a product starts: from {@code init}, from C (adding to it), from zero. */
    private static final int START = 0, ADD = 1, SET = 2;

    /** {@link #multiply} in plain loops: four rows at a time, each loaded value of B used four times. */
    static void scalar(int i0, int i1, int n, int kk, float[] a, int aRow, int aCol, float[] b, int bRow, float[] c, int cRow) {
        for (int r = i0; r < i1; r++) java.util.Arrays.fill(c, r * cRow, r * cRow + n, 0f);
        int r = i0;
        for (; r + 4 <= i1; r += 4) {
            int c0 = r * cRow, c1 = c0 + cRow, c2 = c1 + cRow, c3 = c2 + cRow;
            for (int p = 0; p < kk; p++) {
                float a0 = a[r * aRow + p * aCol], a1 = a[(r + 1) * aRow + p * aCol];
                float a2 = a[(r + 2) * aRow + p * aCol], a3 = a[(r + 3) * aRow + p * aCol];
                int bo = p * bRow;
                for (int j = 0; j < n; j++) {
                    float bv = b[bo + j];
                    c[c0 + j] += a0 * bv;
                    c[c1 + j] += a1 * bv;
                    c[c2 + j] += a2 * bv;
                    c[c3 + j] += a3 * bv;
                }
            }
        }
        for (; r < i1; r++) {
            int co = r * cRow;
            for (int p = 0; p < kk; p++) {
                float av = a[r * aRow + p * aCol];
                int bo = p * bRow;
                for (int j = 0; j < n; j++) c[co + j] += av * b[bo + j];
            }
        }
    }

    /** Only loaded when {@link Simd#SIMD}: the module {@code jdk.incubator.vector} is present. */
    private static final class Vec {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        static final int L = S.length();

        /**
         * Columns {@code [0, nv)} in vectors ({@code nv} a multiple of L, possibly past {@code n}:
         * the lanes beyond it are computed and dropped), the rest one by one.
         */
        static void product(int i0, int i1, int n, int nv, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                            float[] c, int cRow, float[] init, int mode, float[] tmp) {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                int j = 0;
                for (; j + 2 * L <= nv; j += 2 * L) block4x2(i, j, n, kk, a, aRow, aCol, b, bRow, c, cRow, init, mode, tmp);
                for (; j < nv; j += L) block4x1(i, j, n, kk, a, aRow, aCol, b, bRow, c, cRow, init, mode, tmp);
            }
            for (; i < i1; i++) row(i, n, nv, kk, a, aRow, aCol, b, bRow, c, cRow, init, mode, tmp);
            if (nv < n) for (int r = i0; r < i1; r++) tail(r, nv, n, kk, a, aRow, aCol, b, bRow, c, cRow, init, mode, tmp);
        }

        /*
         * product itself only walks blocks; every loop over k is in a method of its own, so that
         * product has few back-edges per call and the JIT compiles it as a whole method (quickly,
         * while the kernels warm up) rather than on the stack, in the middle of a long loop.
         */

        private static FloatVector start(float[] init, int mode, int j) {
            return mode == START ? FloatVector.fromArray(S, init, j) : FloatVector.zero(S);
        }

        /** One row {@code i} of the product (the rows left over after the blocks of four). */
        private static void row(int i, int n, int nv, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                                float[] c, int cRow, float[] init, int mode, float[] tmp) {
            int ao = i * aRow;
            for (int j = 0; j < nv; j += L) {
                FloatVector s = start(init, mode, j);
                for (int k = 0; k < kk; k++) s = FloatVector.fromArray(S, b, k * bRow + j).fma(FloatVector.broadcast(S, a[ao + k * aCol]), s);
                store(s, c, i * cRow + j, n - j, mode == ADD, tmp);
            }
        }

        private static void block4x2(int i, int j, int n, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                                     float[] c, int cRow, float[] init, int mode, float[] tmp) {
            FloatVector s00, s01, s10, s11, s20, s21, s30, s31;
            s00 = s10 = s20 = s30 = start(init, mode, j);
            s01 = s11 = s21 = s31 = start(init, mode, j + L);
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
            boolean add = mode == ADD;
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
                                     float[] c, int cRow, float[] init, int mode, float[] tmp) {
            FloatVector s0, s1, s2, s3;
            s0 = s1 = s2 = s3 = start(init, mode, j);
            int a0 = i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
            for (int k = 0; k < kk; k++) {
                int ak = k * aCol;
                FloatVector b0 = FloatVector.fromArray(S, b, k * bRow + j);
                s0 = b0.fma(FloatVector.broadcast(S, a[a0 + ak]), s0);
                s1 = b0.fma(FloatVector.broadcast(S, a[a1 + ak]), s1);
                s2 = b0.fma(FloatVector.broadcast(S, a[a2 + ak]), s2);
                s3 = b0.fma(FloatVector.broadcast(S, a[a3 + ak]), s3);
            }
            boolean add = mode == ADD;
            int c0 = i * cRow + j;
            store(s0, c, c0, n - j, add, tmp);
            store(s1, c, c0 + cRow, n - j, add, tmp);
            store(s2, c, c0 + 2 * cRow, n - j, add, tmp);
            store(s3, c, c0 + 3 * cRow, n - j, add, tmp);
        }

        /** Columns {@code [from, n)} of row {@code i} (fewer than L), one chain of {@link Math#fma} each, in {@code tmp}. */
        private static void tail(int i, int from, int n, int kk, float[] a, int aRow, int aCol, float[] b, int bRow,
                                 float[] c, int cRow, float[] init, int mode, float[] tmp) {
            int w = n - from, ao = i * aRow;
            for (int j = 0; j < w; j++) tmp[j] = mode == START ? init[from + j] : 0f;
            for (int k = 0; k < kk; k++) {
                float x = a[ao + k * aCol];
                int bo = k * bRow + from;
                for (int j = 0; j < w; j++) tmp[j] = Math.fma(b[bo + j], x, tmp[j]);
            }
            int co = i * cRow + from;
            if (mode == ADD) for (int j = 0; j < w; j++) c[co + j] += tmp[j];
            else System.arraycopy(tmp, 0, c, co, w);
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
}
