package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;
import org.junit.jupiter.api.Test;

class RerankTest {
    static FactorModel random(int items, int k, long seed) {
        return FactorModel.initialized("test", 1, items, k, 1f, 0f, null, seed);
    }

    @Test
    void mmrWithLambdaZeroIsThePlainRanking() {
        FactorModel fm = random(300, 8, 1);
        Rng rng = new Rng(7);
        float[] scores = new float[300];
        for (int i = 0; i < scores.length; i++) scores[i] = (float) rng.nextGaussian();
        scores[3] = scores[4]; // a tie: lower index first
        scores[10] = Float.NaN;
        int[] plain = Rerank.top(scores, 20);
        assertThat(Rerank.mmr(scores, fm, 20, 0)).containsExactly(plain);
        assertThat(Rerank.mmr(scores, fm, 20, 0.5)).doesNotContain(10).doesNotHaveDuplicates().hasSize(20);
        assertThat(Rerank.explore(plain, scores, new int[300], 0, new Rng(1))).containsExactly(plain);
    }

    @Test
    void mmrPrefersADissimilarItemOverANearDuplicate() {
        // items 0 and 1 point the same way, item 2 is orthogonal; scores 1.0, 0.9, 0.8
        float[] q = {1, 0, 1, 0.01f, 0, 1};
        FactorModel fm = new FactorModel("test", 1, 3, 2, new float[2], q, new float[1], new float[3], 0f, null);
        float[] scores = {1.0f, 0.9f, 0.8f};
        assertThat(Rerank.mmr(scores, fm, 2, 0)).containsExactly(0, 1);
        assertThat(Rerank.mmr(scores, fm, 2, 0.5)).containsExactly(0, 2);
    }

    @Test
    void explorationIsSeededAndUsesLessExposedItems() {
        float[] scores = new float[50];
        int[] exposure = new int[50];
        for (int i = 0; i < 50; i++) {
            scores[i] = 50 - i;
            exposure[i] = 50 - i; // the best-scored items are the most exposed
        }
        int[] list = Rerank.top(scores, 5);
        int[] a = Rerank.explore(list, scores, exposure, 1.0, new Rng(3));
        int[] b = Rerank.explore(list, scores, exposure, 1.0, new Rng(3));
        assertThat(a).containsExactly(b).doesNotHaveDuplicates();
        for (int i : a) assertThat(exposure[i]).isLessThan(26);
        int[] half = Rerank.explore(list, scores, exposure, 0.5, new Rng(3));
        assertThat(Arrays.stream(half).filter(i -> i < 5).count()).isBetween(1L, 4L);
        assertThatThrownBy(() -> Rerank.explore(list, scores, exposure, 1.5, new Rng(1))).hasMessage("--explore must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> Rerank.mmr(scores, random(50, 2, 1), 5, -0.1)).hasMessage("--diversity must be in [0, 1], got -0.1");
    }
}
