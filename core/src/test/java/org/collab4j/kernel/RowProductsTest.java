package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link Simd#dotRows} and {@link Simd#addRows} against plain double loops, for row lengths around the vector width. */
class RowProductsTest {
    @Test
    void rowProductsMatchPlainLoops() {
        Rng rng = new Rng(7);
        for (int k : new int[] {1, 3, 8, 15, 16, 17, 31, 64, 67, 128}) {
            int rows = 23;
            float[] x = new float[rows * k + 5];
            for (int j = 0; j < x.length; j++) x[j] = (float) rng.nextGaussian();
            float[] v = new float[k];
            for (int f = 0; f < k; f++) v[f] = (float) rng.nextGaussian();
            // rows picked out of order, one twice, starting past the array's first floats
            int[] off = new int[rows];
            for (int j = 0; j < rows; j++) off[j] = 5 + ((j * 7) % rows) * k;
            off[3] = off[9];
            float[] q = new float[rows];
            Simd.dotRows(x, off, 2, 21, v, k, q);
            assertThat(q[0]).isZero();
            assertThat(q[21]).isZero();
            for (int j = 2; j < 21; j++) {
                double want = 0;
                for (int f = 0; f < k; f++) want += (double) x[off[j] + f] * v[f];
                assertThat((double) q[j]).as("k %d row %d", k, j).isCloseTo(want, within(1e-4 * Math.sqrt(k)));
                assertThat(q[j]).isEqualTo(Simd.dot(x, off[j], v, 0, k)); // the same number as one dot product
            }
            float[] out = new float[k];
            for (int f = 0; f < k; f++) out[f] = f;
            Simd.addRows(x, off, 2, 21, q, out, k);
            for (int f = 0; f < k; f++) {
                double want = f;
                for (int j = 2; j < 21; j++) want += (double) q[j] * x[off[j] + f];
                assertThat((double) out[f]).as("k %d column %d", k, f).isCloseTo(want, within(1e-3 * Math.sqrt(k)));
            }
        }
    }
}
