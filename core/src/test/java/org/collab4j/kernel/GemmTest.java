package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class GemmTest {
    @Test
    void multiplyOfAHandComputedProduct() {
        // [1 2; 3 4] [5 6 7; 8 9 10] = [21 24 27; 47 54 61]
        float[] a = {1, 2, 3, 4}, b = {5, 6, 7, 8, 9, 10};
        float[] c = new float[6], cs = new float[6];
        Gemm.multiply(0, 2, 3, 2, a, 2, 1, b, 3, c, 3);
        Gemm.scalar(0, 2, 3, 2, a, 2, 1, b, 3, cs, 3);
        assertThat(c).containsExactly(21, 24, 27, 47, 54, 61);
        assertThat(cs).containsExactly(21, 24, 27, 47, 54, 61);
        // A read transposed: A(i, k) = a[i + 2k] = [1 3; 2 4]
        Gemm.multiply(0, 2, 3, 2, a, 1, 2, b, 3, c, 3);
        assertThat(c).containsExactly(29, 33, 37, 42, 48, 54);
    }

    @Test
    void productsMatchTheDefinitionForPlainAndTransposedInputs() {
        Random rnd = new Random(2);
        int m = 23, k = 19, n = 37; // n not a multiple of any vector width
        float[] a = new float[m * k], b = new float[k * n];
        for (int q = 0; q < a.length; q++) a[q] = (float) rnd.nextGaussian();
        for (int q = 0; q < b.length; q++) b[q] = (float) rnd.nextGaussian();
        float[] c = new float[m * n], cs = new float[m * n], ct = new float[k * n];
        Arrays.fill(c, Float.NaN); // overwritten, not accumulated into
        Gemm.multiply(0, 9, n, k, a, k, 1, b, n, c, n);
        Gemm.multiply(9, m, n, k, a, k, 1, b, n, c, n);
        Gemm.scalar(0, m, n, k, a, k, 1, b, n, cs, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[i * k + p] * b[p * n + j];
                assertThat((double) c[i * n + j]).isCloseTo(s, within(1e-4));
                assertThat((double) cs[i * n + j]).isCloseTo(s, within(1e-4));
            }
        // A read transposed: rows of C are columns of a (m x k), summed over a's m rows; B is a's partner (m x n)
        float[] b2 = new float[m * n];
        for (int q = 0; q < b2.length; q++) b2[q] = (float) rnd.nextGaussian();
        Gemm.multiply(0, k, n, m, a, 1, k, b2, n, ct, n);
        for (int r = 0; r < k; r++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) s += (double) a[i * k + r] * b2[i * n + j];
                assertThat((double) ct[r * n + j]).isCloseTo(s, within(1e-4));
            }
    }

    /**
     * With the Vector API every output is one chain of fused multiply-adds in increasing k,
     * whatever block, vector, tail column or row split computes it: bit for bit the reference.
     */
    @Test
    void everyOutputIsOneFusedChainWhateverTheBlockingOrTheEntryPoint() {
        assumeTrue(Simd.SIMD, "the Vector API is not on");
        Random rnd = new Random(7);
        int l = Gemm.L;
        for (int n : new int[] {1, l - 1, l, l + 3, 2 * l, 3 * l + 1, 5 * l - 2})
            for (int m : new int[] {1, 3, 4, 6, 9}) {
                int k = 11, np = Gemm.padded(n);
                float[] a = gaussians(rnd, m * k), b = gaussians(rnd, k * n), init = gaussians(rnd, np), old = gaussians(rnd, m * n);
                float[] bp = new float[k * np];
                for (int p = 0; p < k; p++) System.arraycopy(b, p * n, bp, p * np, n);
                float[] set = new float[m * n], start = new float[m * n], add = old.clone(), tmp = new float[l];
                // split the rows unevenly, as threads do
                int cut = m / 3;
                Gemm.multiply(0, cut, n, k, a, k, 1, b, n, set, n);
                Gemm.multiply(cut, m, n, k, a, k, 1, b, n, set, n);
                Gemm.gemm(0, cut, n, k, a, k, 1, bp, np, start, n, init, tmp);
                Gemm.gemm(cut, m, n, k, a, k, 1, bp, np, start, n, init, tmp);
                Gemm.gemm(0, m, n, k, a, k, 1, bp, np, add, n, null, tmp);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        float zero = 0f, fromInit = init[j];
                        for (int p = 0; p < k; p++) {
                            zero = Math.fma(b[p * n + j], a[i * k + p], zero);
                            fromInit = Math.fma(b[p * n + j], a[i * k + p], fromInit);
                        }
                        String at = "n=" + n + " m=" + m + " (" + i + ", " + j + ")";
                        assertThat(set[i * n + j]).as(at).isEqualTo(zero);
                        assertThat(start[i * n + j]).as(at).isEqualTo(fromInit);
                        assertThat(add[i * n + j]).as(at).isEqualTo(old[i * n + j] + zero);
                    }
            }
    }

    @Test
    void gemmLeavesRowsOutsideItsRangeAndColumnsPastNAlone() {
        assumeTrue(Simd.SIMD, "the Vector API is not on");
        int l = Gemm.L, n = l + 1, np = Gemm.padded(n), k = 2, cRow = np + 2;
        float[] a = {1, 1, 1, 1, 1, 1}, bp = new float[k * np];
        Arrays.fill(bp, 1f);
        float[] c = new float[3 * cRow];
        Arrays.fill(c, -7f);
        Gemm.gemm(1, 2, n, k, a, k, 1, bp, np, c, cRow, new float[np], new float[l]);
        for (int q = 0; q < c.length; q++) {
            boolean inside = q >= cRow && q < cRow + n;
            assertThat(c[q]).as("c[%d]", q).isEqualTo(inside ? 2f : -7f);
        }
    }

    private static float[] gaussians(Random rnd, int n) {
        float[] x = new float[n];
        for (int q = 0; q < n; q++) x[q] = (float) rnd.nextGaussian();
        return x;
    }
}
