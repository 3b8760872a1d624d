package org.collab4j.algo.knn;

import org.collab4j.kernel.Rng;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemKnnModelTest {
    @Test
    void selectionFindsTheTopKWithTheirResiduals() {
        Rng rng = new Rng(4);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(30), k = 1 + rng.nextInt(12);
            float[] s = new float[n], r = new float[n];
            for (int j = 0; j < n; j++) {
                s[j] = rng.nextInt(6) / 5f + 0.01f; // ties on purpose
                r[j] = s[j] * 10;
            }
            float[] sorted = s.clone();
            java.util.Arrays.sort(sorted);
            ItemKnnModel.selectTop(s, r, n, Math.min(k, n));
            float[] top = java.util.Arrays.copyOf(s, Math.min(k, n));
            java.util.Arrays.sort(top);
            assertThat(top).containsExactly(java.util.Arrays.copyOfRange(sorted, n - top.length, n));
            for (int j = 0; j < n; j++) assertThat(r[j]).isEqualTo(s[j] * 10); // residuals moved with their similarities
        }
    }

}
