package org.collab4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.collab4j.algo.bpr.BprModel;
import org.collab4j.algo.ease.EaseModel;
import org.collab4j.algo.knn.ImplicitItemKnnModel;
import org.junit.jupiter.api.Test;

/** What the factor models and the item-item models have in common, on hand-computed cases. */
class ModelBasesTest {
    // items (1, 0), (1, 1), (0, 0); one user (2, 3)
    static final float[] Q = {1, 0, 1, 1, 0, 0};
    static final float[] P = {2, 3};

    @Test
    void factorModelsCompareItemsByTheCosineOfTheirFactors() {
        FactorModel rating = new FactorModel("dot-bias", 1, 3, 2, P.clone(), Q.clone(), new float[1], new float[3], 0f, null);
        BprModel bpr = new BprModel(1, 3, 2, P.clone(), Q.clone(), new float[3], 0.01f);
        for (DotProductModel m : new DotProductModel[] {rating, bpr}) {
            float[] out = new float[3];
            m.similarities(0, out);
            assertThat(out[0]).isEqualTo(1f);
            assertThat(out[1]).isEqualTo((float) (1 / Math.sqrt(2)));
            assertThat(out[2]).isNaN();
            assertThat(m.similarityMeasure()).isEqualTo("cosine of item factors");
            assertThat(m.factors()).isEqualTo(2);
            assertThat(m.numUsers()).isEqualTo(1);
            assertThat(m.numItems()).isEqualTo(3);
        }
        assertThat(bpr.predict(0, 1)).isEqualTo(5f); // 2*1 + 3*1, no bias
    }

    @Test
    void itemItemModelsScoreFromTheUsersItemsAndNothingForAStranger() {
        // user 0 has items 0 and 2; B = [[0, 1, 2], [3, 0, 4], [5, 6, 0]]
        EaseModel ease = new EaseModel(1, 3, new float[] {0, 1, 2, 3, 0, 4, 5, 6, 0}, new int[] {0, 2}, new int[] {0, 2}, 10f);
        assertThat(ease.predict(0, 1)).isEqualTo(7f); // B_01 + B_21
        assertThat(ease.predictUnknown(-1, 1)).isZero();
        assertThat(ease.predictUnknown(0, -1)).isZero();
        assertThat(ease.userStart()).containsExactly(0, 2);
        assertThat(ease.userItems()).containsExactly(0, 2);
        // item 0's neighbour is item 1 (0.5), item 2's is item 1 (0.25); user 0 has items 0 (weight 2) and 2 (weight 4)
        ImplicitItemKnnModel knn = new ImplicitItemKnnModel(1, 3, new int[] {0, 2}, new int[] {0, 2}, new float[] {2, 4},
                new int[] {0, 1, 1, 2}, new int[] {1, 1}, new float[] {0.5f, 0.25f}, "cosine");
        assertThat(knn.predict(0, 1)).isEqualTo(2f); // 2 * 0.5 + 4 * 0.25
        assertThat(knn.predictUnknown(-1, 1)).isZero();
    }

    @Test
    void anItemOutsideTheModelIsRefusedWithItsRange() {
        EaseModel ease = new EaseModel(1, 3, new float[9], new int[] {0, 0}, new int[0], 10f);
        assertThatThrownBy(() -> ease.scoreHistory(new int[] {3}, new float[] {1}, 1, new float[3])).hasMessage("item 3 outside 0..2");
        BprModel bpr = new BprModel(1, 3, 2, P.clone(), Q.clone(), new float[3], 0.01f);
        assertThatThrownBy(() -> bpr.contributions(new int[] {0}, new float[] {1}, 1, -1, new float[1])).hasMessage("item -1 outside 0..2");
    }
}
