package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Test
    void invertsAHandComputedMatrixWithoutChangingIt() {
        // [[4, 2], [2, 3]]^-1 = [[3, -2], [-2, 4]] / 8
        double[] a = {4, 2, 2, 3};
        double[] inv = Cholesky.inverse(a, 2);
        assertThat(inv).containsExactly(new double[] {0.375, -0.25, -0.25, 0.5}, within(1e-15));
        assertThat(a).containsExactly(4, 2, 2, 3);
    }

    @Test
    void lowerInverseWhitensTheMatrix() {
        // U = [[2, 1], [0, sqrt 2]]: U^-T = [[1/2, 0], [-1/(2 sqrt 2), 1/sqrt 2]]
        double[] u = {4, 2, 2, 3};
        assertThat(Cholesky.decompose(u, 2)).isTrue();
        double[] g = Cholesky.lowerInverse(u, 2);
        double r2 = Math.sqrt(2);
        assertThat(g).containsExactly(new double[] {0.5, 0, -1 / (2 * r2), 1 / r2}, within(1e-15));
        Rng rng = new Rng(5);
        int d = 7;
        double[] a = randomSpd(rng, d);
        double[] f = a.clone();
        assertThat(Cholesky.decompose(f, d)).isTrue();
        g = Cholesky.lowerInverse(f, d);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double s = 0; // (G A G^T)_ij
                for (int p = 0; p < d; p++) for (int q = 0; q < d; q++) s += g[i * d + p] * a[p * d + q] * g[j * d + q];
                assertThat(s).isCloseTo(i == j ? 1 : 0, within(1e-10));
                if (j > i) assertThat(g[i * d + j]).isZero();
            }
    }

    @Test
    void semidefiniteSolveNeedsNoJitterForADefiniteMatrixAndMatchesSolve() {
        Rng rng = new Rng(9);
        int d = 6;
        double[] a = randomSpd(rng, d);
        double[] b = new double[d];
        for (int i = 0; i < d; i++) b[i] = rng.nextGaussian();
        double[] a1 = a.clone(), b1 = b.clone(), a2 = a.clone(), b2 = b.clone();
        assertThat(Cholesky.solve(a1, d, b1)).isTrue();
        assertThat(Cholesky.decomposeJittered(a2.clone(), d)).isZero();
        Cholesky.solveSemidefinite(a2, d, b2);
        assertThat(b2).containsExactly(b1);
    }

    @Test
    void semidefiniteSolveJittersASingularMatrixTowardsTheMinimumNormSolution() {
        // [[1, 1], [1, 1]] x = [2, 2]: singular; the minimum-norm solution is [1, 1]
        double[] a = {1, 1, 1, 1};
        double jitter = Cholesky.decomposeJittered(a.clone(), 2);
        assertThat(jitter).isEqualTo(1e-12);
        double[] b = {2, 2};
        Cholesky.solveSemidefinite(a, 2, b);
        assertThat(b).containsExactly(new double[] {1, 1}, within(1e-6));
    }

    @Test
    void semidefiniteSolveRefusesAMatrixNoJitterCanFix() {
        assertThatThrownBy(() -> Cholesky.solveSemidefinite(new double[] {1, 0, 0, -1}, 2, new double[2]))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("2 x 2 matrix is not positive semi-definite")
                .hasMessageContaining("largest diagonal entry 1.0");
        assertThatThrownBy(() -> Cholesky.inverse(new double[] {Double.NaN, 0, 0, 1}, 2))
                .isInstanceOf(ArithmeticException.class);
    }

    /** X^T X + I for a random d x d X, whole. */
    private static double[] randomSpd(Rng rng, int d) {
        double[] x = new double[d * d], a = new double[d * d];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double s = i == j ? 1 : 0;
                for (int p = 0; p < d; p++) s += x[p * d + i] * x[p * d + j];
                a[i * d + j] = s;
            }
        return a;
    }
}
