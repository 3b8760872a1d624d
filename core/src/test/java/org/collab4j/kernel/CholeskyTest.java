package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CholeskyTest {
    @Test
    void solvesAHandComputedSystem() {
        // [[4, 2], [2, 3]] x = [2, 1]  ->  det 8, x = [(3*2 - 2*1)/8, (4*1 - 2*2)/8] = [0.5, 0]
        double[] a = {4, 2, 2, 3};
        double[] b = {2, 1};
        assertThat(Cholesky.solve(a, 2, b)).isTrue();
        assertThat(b[0]).isCloseTo(0.5, within(1e-12));
        assertThat(b[1]).isCloseTo(0.0, within(1e-12));
        // U = [[2, 1], [0, sqrt 2]]
        assertThat(a[0]).isCloseTo(2, within(1e-12));
        assertThat(a[1]).isCloseTo(1, within(1e-12));
        assertThat(a[3]).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void refusesAMatrixThatIsNotPositiveDefinite() {
        assertThat(Cholesky.decompose(new double[] {1, 2, 2, 1}, 2)).isFalse();
    }

    @Test
    void gramOfRowsMatchesRankOneUpdatesAndSolvesRandomSystems() {
        Rng rng = new Rng(3);
        for (int d : new int[] {1, 3, 4, 8, 21, 22}) {
            int n = 13, stride = Cholesky.stride(d);
            double[] x = new double[n * stride];
            for (int r = 0; r < n; r++) for (int f = 0; f < d; f++) x[r * stride + f] = rng.nextGaussian();
            double[] g1 = new double[d * d], g2 = new double[d * d];
            Cholesky.addGram(g1, d, x, stride, n);
            for (int r = 0; r < n; r++) Cholesky.addOuter(g2, d, x, r * stride, 1);
            for (int i = 0; i < d; i++)
                for (int j = i; j < d; j++) assertThat(g1[i * d + j]).isCloseTo(g2[i * d + j], within(1e-9));
            for (int i = 0; i < d; i++) g1[i * d + i] += 0.5;
            Cholesky.symmetrize(g1, d);
            double[] full = g1.clone();
            double[] b = new double[d];
            for (int i = 0; i < d; i++) b[i] = rng.nextGaussian();
            double[] sol = b.clone();
            assertThat(Cholesky.solve(g1, d, sol)).isTrue();
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += full[i * d + j] * sol[j];
                assertThat(s).isCloseTo(b[i], within(1e-9));
            }
        }
    }
}
