package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class KernelGemmTest {
    @Test
    void productsMatchTheDefinitionForPlainAndTransposedInputs() {
        Random rnd = new Random(2);
        int m = 23, k = 19, n = 37; // n not a multiple of any vector width
        float[] a = new float[m * k], b = new float[k * n];
        for (int q = 0; q < a.length; q++) a[q] = (float) rnd.nextGaussian();
        for (int q = 0; q < b.length; q++) b[q] = (float) rnd.nextGaussian();
        float[] c = new float[m * n], cs = new float[m * n], ct = new float[k * n];
        java.util.Arrays.fill(c, Float.NaN); // overwritten, not accumulated into
        KernelGemm.multiply(a, k, 1, b, c, 0, 9, k, n);
        KernelGemm.multiply(a, k, 1, b, c, 9, m, k, n);
        KernelGemm.scalar(a, k, 1, b, cs, 0, m, k, n);
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
        KernelGemm.multiply(a, 1, k, b2, ct, 0, k, m, n);
        for (int r = 0; r < k; r++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) s += (double) a[i * k + r] * b2[i * n + j];
                assertThat((double) ct[r * n + j]).isCloseTo(s, within(1e-4));
            }
    }
}
