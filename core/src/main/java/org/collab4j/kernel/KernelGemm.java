package org.collab4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense matrix products of the kernelised autoencoder ({@link KernelNet}):
 * {@code C[r][j] = sum_p A(r, p) * B[p][j]} for rows {@code r} in {@code [r0, r1)}, where
 * {@code A(r, p) = a[r * aRow + p * aCol]} (so {@code A} may be read transposed) and {@code B},
 * {@code C} are row-major with {@code n} columns. A 4 x 2-vector register block with the Vector
 * API when {@link Simd#SIMD}; otherwise plain loops of the same shape, which C2 vectorises
 * row by row.
 */
public final class KernelGemm {
    private KernelGemm() {
    }

    public static void multiply(float[] a, int aRow, int aCol, float[] b, float[] c, int r0, int r1, int k, int n) {
        if (Simd.SIMD) Vec.multiply(a, aRow, aCol, b, c, r0, r1, k, n);
        else scalar(a, aRow, aCol, b, c, r0, r1, k, n);
    }

    static void scalar(float[] a, int aRow, int aCol, float[] b, float[] c, int r0, int r1, int k, int n) {
        for (int r = r0; r < r1; r++) java.util.Arrays.fill(c, r * n, (r + 1) * n, 0f);
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            int c0 = r * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
            for (int p = 0; p < k; p++) {
                float a0 = a[r * aRow + p * aCol], a1 = a[(r + 1) * aRow + p * aCol];
                float a2 = a[(r + 2) * aRow + p * aCol], a3 = a[(r + 3) * aRow + p * aCol];
                int bo = p * n;
                for (int j = 0; j < n; j++) {
                    float bv = b[bo + j];
                    c[c0 + j] += a0 * bv;
                    c[c1 + j] += a1 * bv;
                    c[c2 + j] += a2 * bv;
                    c[c3 + j] += a3 * bv;
                }
            }
        }
        for (; r < r1; r++) {
            int co = r * n;
            for (int p = 0; p < k; p++) {
                float av = a[r * aRow + p * aCol];
                int bo = p * n;
                for (int j = 0; j < n; j++) c[co + j] += av * b[bo + j];
            }
        }
    }

    /** Only loaded when the Vector API module is present. */
    private static final class Vec {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
        private static final int L = S.length();

        public static void multiply(float[] a, int aRow, int aCol, float[] b, float[] c, int r0, int r1, int k, int n) {
            int wide = n - n % (2 * L);
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                int a0 = r * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
                for (int j = 0; j < wide; j += 2 * L) {
                    FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
                    for (int p = 0, ap = 0, bo = j; p < k; p++, ap += aCol, bo += n) {
                        FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
                        FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
                        s00 = b0.fma(x, s00);
                        s01 = b1.fma(x, s01);
                        x = FloatVector.broadcast(S, a[a1 + ap]);
                        s10 = b0.fma(x, s10);
                        s11 = b1.fma(x, s11);
                        x = FloatVector.broadcast(S, a[a2 + ap]);
                        s20 = b0.fma(x, s20);
                        s21 = b1.fma(x, s21);
                        x = FloatVector.broadcast(S, a[a3 + ap]);
                        s30 = b0.fma(x, s30);
                        s31 = b1.fma(x, s31);
                    }
                    int co = r * n + j;
                    s00.intoArray(c, co);
                    s01.intoArray(c, co + L);
                    s10.intoArray(c, co + n);
                    s11.intoArray(c, co + n + L);
                    s20.intoArray(c, co + 2 * n);
                    s21.intoArray(c, co + 2 * n + L);
                    s30.intoArray(c, co + 3 * n);
                    s31.intoArray(c, co + 3 * n + L);
                }
                if (wide < n) tail(a, aRow, aCol, b, c, r, r + 4, k, n, wide);
            }
            if (r < r1) {
                for (int q = r; q < r1; q++) java.util.Arrays.fill(c, q * n, (q + 1) * n, 0f);
                for (int q = r; q < r1; q++)
                    for (int p = 0; p < k; p++) VectorOps.axpy(a[q * aRow + p * aCol], b, p * n, c, q * n, n);
            }
        }

        private static void tail(float[] a, int aRow, int aCol, float[] b, float[] c, int r0, int r1, int k, int n, int from) {
            for (int r = r0; r < r1; r++) {
                int co = r * n;
                for (int j = from; j < n; j++) c[co + j] = 0f;
                for (int p = 0; p < k; p++) {
                    float av = a[r * aRow + p * aCol];
                    int bo = p * n;
                    for (int j = from; j < n; j++) c[co + j] += av * b[bo + j];
                }
            }
        }
    }
}
