package org.collab4j.interpret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.RatingScale;
import org.collab4j.model.FactorModel;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;

class FactorInterpretationTest {
    /**
     * 3 users, 5 items, 2 factors. Item 4 has no ratings. Ratings per item: 0:3, 1:2, 2:3, 3:1.
     * Item factors lie on the line (t, 2t) around their mean, so the first component is (1,2)/sqrt5.
     */
    static TrainedModel tiny() {
        float[] p = {1, 0, 0, 1, 1, 1};
        float[] q = {1, 2, -1, -2, 2, 4, 0, 0, 9, 9};
        float[] bu = {0.5f, -0.25f, 0.1f};
        float[] bi = {0.3f, -0.6f, 0.3f, 0.9f, 5f};
        FactorModel m = new FactorModel("dot-bias", 3, 5, 2, p, q, bu, bi, 0f, null);
        ItemInfo info = ItemInfo.empty(5);
        String[] titles = info.titles();
        titles[0] = "Alpha (1990)";
        titles[1] = "Beta (1991)";
        titles[2] = "Gamma (1992)";
        titles[3] = "Delta (1993)";
        // user 0: items 0,1,2,3; user 1: 0,2; user 2: 0,1,2
        int[] start = {0, 4, 6, 9};
        int[] items = {0, 1, 2, 3, 0, 2, 0, 1, 2};
        float[] values = {5, 1, 4, 5, 4, 4, 3, 2, 5};
        return new TrainedModel(m, IdIndex.of("u1", "u2", "u3"), IdIndex.of("10", "20", "30", "40", "50"), info, null,
                new RatingScale(1, 5), start, items, values, Map.of());
    }

    @Test
    void itemBiasesRankHighestAndLowestSkippingUnratedItemsAndBreakingTiesByRatings() {
        FactorInterpretation fi = new FactorInterpretation(tiny());
        List<RankedItem> top = fi.topItemBiases(3);
        // item 4 (bias 5, no ratings) is skipped; items 0 and 2 tie at 0.3 with 3 ratings each: lower index first
        assertThat(top).extracting(RankedItem::id).containsExactly("40", "10", "30");
        assertThat(top.get(0).title()).isEqualTo("Delta (1993)");
        assertThat(top.get(0).ratings()).isEqualTo(1);
        assertThat(top.get(0).value()).isCloseTo(0.9, within(1e-6));
        assertThat(fi.bottomItemBiases(2)).extracting(RankedItem::id).containsExactly("20", "10");
        assertThat(fi.bottomItemBiases(10)).hasSize(4);
    }

    @Test
    void userBiasesRankWithRatingCounts() {
        FactorInterpretation fi = new FactorInterpretation(tiny());
        List<RankedItem> top = fi.topUserBiases(3);
        assertThat(top).extracting(RankedItem::id).containsExactly("u1", "u3", "u2");
        assertThat(top).extracting(RankedItem::ratings).containsExactly(4, 3, 2);
        assertThat(fi.bottomUserBiases(1).get(0).id()).isEqualTo("u2");
    }

    @Test
    void mostRatedOrdersByCountThenIndex() {
        assertThat(new FactorInterpretation(tiny()).mostRated(10)).containsExactly(0, 2, 1, 3);
    }

    @Test
    void componentsOfTheMostRatedItemsListTheirEnds() {
        FactorInterpretation fi = new FactorInterpretation(tiny());
        // top 3 most rated: items 0 (1,2), 2 (2,4), 1 (-1,-2); mean (2/3, 4/3); all on the direction (1,2)
        List<Component> comps = fi.components(3, 2, 1);
        assertThat(comps).hasSize(2);
        Component c0 = comps.get(0);
        assertThat(c0.varianceShare()).isCloseTo(1.0, within(1e-9));
        double s5 = Math.sqrt(5);
        assertThat(c0.positive()).extracting(RankedItem::id).containsExactly("30");
        assertThat(c0.positive().get(0).value()).isCloseTo((2 - 2.0 / 3) / s5 + 2 * (4 - 4.0 / 3) / s5, within(1e-5));
        assertThat(c0.negative()).extracting(RankedItem::id).containsExactly("20");
        assertThat(c0.negative().get(0).title()).isEqualTo("Beta (1991)");
        assertThat(comps.get(1).varianceShare()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void refusesModelsWithoutFactorsAndTooSmallTop() {
        TrainedModel t = tiny();
        assertThatThrownBy(() -> new FactorInterpretation(t).pca(1, 2)).hasMessageContaining("--top must be at least 2");
        RatingModel plain = new RatingModel() {
            public String kind() {
                return "baseline";
            }

            public int numUsers() {
                return 3;
            }

            public int numItems() {
                return 5;
            }

            public float predict(int user, int item) {
                return 3;
            }

            public void scoreItems(int user, float[] out) {
            }
        };
        assertThatThrownBy(() -> new FactorInterpretation(t.withModel(plain))).hasMessageContaining("no factors");
    }
}
