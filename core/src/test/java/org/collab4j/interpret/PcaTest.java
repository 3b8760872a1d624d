package org.collab4j.interpret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PcaTest {
    static final double EPS = 1e-9;

    @Test
    void twoDimensionalCrossHasTheDiagonalsAsComponents() {
        // (2,2), (-2,-2), (1,-1), (-1,1): mean 0, covariance [[10/3, 2], [2, 10/3]]
        // eigenvalues 16/3 along (1,1)/sqrt2 and 4/3 along (1,-1)/sqrt2
        float[] x = {2, 2, -2, -2, 1, -1, -1, 1};
        Pca pca = Pca.fit(x, 2, new int[] {0, 1, 2, 3}, 2);
        double r = Math.sqrt(0.5);
        assertThat(pca.component(0)).containsExactly(new double[] {r, r}, within(EPS));
        assertThat(pca.component(1)).containsExactly(new double[] {r, -r}, within(EPS));
        assertThat(pca.variance(0)).isCloseTo(16.0 / 3, within(EPS));
        assertThat(pca.variance(1)).isCloseTo(4.0 / 3, within(EPS));
        assertThat(pca.varianceShare(0)).isCloseTo(0.8, within(EPS));
        assertThat(pca.varianceShare(1)).isCloseTo(0.2, within(EPS));
        assertThat(pca.project(x, 0, 0)).isCloseTo(2 * Math.sqrt(2), within(1e-6));
        assertThat(pca.project(x, 1, 0)).isCloseTo(-2 * Math.sqrt(2), within(1e-6));
        assertThat(pca.project(x, 2, 1)).isCloseTo(Math.sqrt(2), within(1e-6));
        assertThat(pca.project(x, 2, 0)).isCloseTo(0, within(1e-6));
    }

    @Test
    void componentsAreOrderedByVarianceAndOnlyTheGivenRowsCount() {
        // columns with spreads 1, 3 and 2 around a mean of (5, 5, 5); row 4 is far away but not used
        float[] x = {
            6, 5, 5,
            4, 5, 5,
            5, 8, 5,
            5, 2, 5,
            100, 100, 100,
            5, 5, 7,
            5, 5, 3,
        };
        Pca pca = Pca.fit(x, 3, new int[] {0, 1, 2, 3, 5, 6}, 3);
        assertThat(pca.mean()).containsExactly(new double[] {5, 5, 5}, within(EPS));
        assertThat(pca.component(0)).containsExactly(new double[] {0, 1, 0}, within(EPS));
        assertThat(pca.component(1)).containsExactly(new double[] {0, 0, 1}, within(EPS));
        assertThat(pca.component(2)).containsExactly(new double[] {1, 0, 0}, within(EPS));
        // sample variances (n - 1 = 5): 18/5, 8/5, 2/5
        assertThat(pca.variance(0)).isCloseTo(18.0 / 5, within(EPS));
        assertThat(pca.variance(1)).isCloseTo(8.0 / 5, within(EPS));
        assertThat(pca.variance(2)).isCloseTo(2.0 / 5, within(EPS));
    }

    @Test
    void jacobiDiagonalisesASymmetricMatrix() {
        int n = 6;
        double[][] a = new double[n][n];
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < n; i++) for (int j = i; j < n; j++) a[i][j] = a[j][i] = rnd.nextGaussian();
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) copy[i] = a[i].clone();
        double[][] v = new double[n][n];
        double[] values = Pca.jacobi(copy, v);
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i][j] * v[j][e];
                assertThat(av).isCloseTo(values[e] * v[i][e], within(1e-9));
            }
        }
    }

    @Test
    void refusesTooFewRowsOrComponents() {
        float[] x = {1, 2, 3, 4};
        assertThatThrownBy(() -> Pca.fit(x, 2, new int[] {0}, 1)).hasMessageContaining("at least 2 rows");
        assertThatThrownBy(() -> Pca.fit(x, 2, new int[] {0, 1}, 3)).hasMessageContaining("between 1 and 2");
    }
}
