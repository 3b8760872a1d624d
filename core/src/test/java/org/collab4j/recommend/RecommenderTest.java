package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.FactorModel;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;

class RecommenderTest {
    static final String[] TITLES = {"Toy Story (1995)", "Toy Story 2 (1999)", "Café (2010)", "Heat (1995)", "Heat (2013)"};

    /*
     * Two factors, no biases, no y_range: score = p_u . q_i.
     *   item   id  q            cos to item 0   u1 = (1, 0.5)   u2 = (-1, 0)
     *   0      10  (1, 0)       1               1               -1
     *   1      20  (0.8, 0.6)   0.8             1.1 (seen)      -0.8
     *   2      30  (0, 1)       0               0.5              0   (seen)
     *   3      40  (-1, 0)     -1              -1                1   (seen)
     *   4      50  (0.6, -0.8)  0.6             0.2             -0.6
     */
    static TrainedModel model(float[] itemFactors, ItemInfo info) {
        FactorModel fm = new FactorModel("dot-bias", 2, 5, 2, new float[] {1f, 0.5f, -1f, 0f}, itemFactors,
                new float[2], new float[5], 0f, null);
        Ratings train = new Ratings(new int[] {0, 1, 1}, new int[] {1, 3, 2}, new float[] {5, 4, 3}, null,
                IdIndex.of("u1", "u2"), IdIndex.of("10", "20", "30", "40", "50"), new RatingScale(1, 5));
        return TrainedModel.of(fm, train, train.allRows(), info, null, Map.of());
    }

    static float[] factors() {
        return new float[] {1f, 0f, 0.8f, 0.6f, 0f, 1f, -1f, 0f, 0.6f, -0.8f};
    }

    static ItemInfo titles() {
        long[] days = new long[5];
        java.util.Arrays.fill(days, Long.MIN_VALUE);
        return new ItemInfo(TITLES.clone(), new int[] {1995, 1999, 2010, 1995, 2013}, days, new String[0], new int[5][0]);
    }

    final Recommender rec = new Recommender(model(factors(), titles()));

    @Test
    void recommendRanksUnseenItemsByScore() {
        List<ScoredItem> top = rec.recommend("u1", 3);
        assertThat(top).extracting(ScoredItem::item).containsExactly("10", "30", "50");
        assertThat(top.get(1).score()).isEqualTo(0.5f);
        assertThat(top.get(2).score()).isCloseTo(0.2f, within(1e-6f));
        assertThat(top.get(0)).isEqualTo(new ScoredItem(0, "10", "Toy Story (1995)", 1f));
    }

    @Test
    void recommendNeverReturnsSeenItems() {
        // u2 rated 40 (score 1, the best) and 30: only three candidates remain
        List<ScoredItem> all = rec.recommend("u2", 10);
        assertThat(all).extracting(ScoredItem::item).containsExactly("50", "20", "10");
        assertThat(rec.recommend("u2", 0)).isEmpty();
    }

    @Test
    void similarExcludesTheItemAndOrdersByCosine() {
        List<ScoredItem> sim = rec.similar(0, 10);
        assertThat(sim).extracting(ScoredItem::item).containsExactly("20", "50", "30", "40");
        assertThat(sim.get(0).score()).isCloseTo(0.8f, within(1e-6f));
        assertThat(sim.get(1).score()).isCloseTo(0.6f, within(1e-6f));
        assertThat(sim.get(2).score()).isCloseTo(0f, within(1e-6f));
        assertThat(sim.get(3).score()).isCloseTo(-1f, within(1e-6f));
        assertThat(rec.similar(0, 2)).extracting(ScoredItem::item).containsExactly("20", "50");
    }

    @Test
    void similarSkipsItemsWithoutFactors() {
        float[] q = factors();
        q[4] = 0f;
        q[5] = 0f; // item 30 has no factors (untrained)
        Recommender r = new Recommender(model(q, titles()));
        assertThat(r.similar(0, 10)).extracting(ScoredItem::item).containsExactly("20", "50", "40");
        assertThat(Recommender.cosineToAll((FactorModel) r.model().model(), 2)).containsOnly(Float.NaN);
    }

    @Test
    void similarNeedsItemFactors() {
        TrainedModel tm = model(factors(), titles());
        RatingModel noFactors = new RatingModel() {
            public String kind() {
                return "popular";
            }

            public int numUsers() {
                return 2;
            }

            public int numItems() {
                return 5;
            }

            public float predict(int user, int item) {
                return item;
            }
        };
        assertThatThrownBy(() -> new Recommender(tm.withModel(noFactors)).similar(0, 3))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("popular");
    }

    @Test
    void predictByExternalIds() {
        assertThat(rec.predict("u2", "40")).isEqualTo(1f);
        assertThat(rec.predict("u1", "20")).isCloseTo(1.1f, within(1e-6f));
    }

    @Test
    void resolveItemByIdTitleBareTitleAndUniqueSubstring() {
        assertThat(rec.resolveItem("30")).isEqualTo(2);
        assertThat(rec.resolveItem("Toy Story (1995)")).isEqualTo(0);
        assertThat(rec.resolveItem("toy story")).isEqualTo(0); // exact without the year beats "Toy Story 2"
        assertThat(rec.resolveItem("  CAFÉ ")).isEqualTo(2);
        assertThat(rec.resolveItem("story 2")).isEqualTo(1);   // unique substring
        assertThat(rec.resolveItem("Heat (2013)")).isEqualTo(4);
    }

    @Test
    void ambiguousTitleListsTheCandidates() {
        assertThatThrownBy(() -> rec.resolveItem("Heat"))
                .isInstanceOf(AmbiguousItemException.class)
                .hasMessageContaining("'Heat' matches 2 items")
                .hasMessageContaining("40  Heat (1995)")
                .hasMessageContaining("50  Heat (2013)")
                .hasMessageNotContaining("Toy Story");
        assertThatThrownBy(() -> rec.resolveItem("(19"))
                .isInstanceOf(AmbiguousItemException.class)
                .hasMessageContaining("matches 3 items")
                .hasMessageContaining("10  Toy Story (1995)");
    }

    @Test
    void unknownIdsAreNamed() {
        assertThatThrownBy(() -> rec.recommend("u99", 3))
                .isInstanceOfSatisfying(UnknownIdException.class, e -> assertThat(e.ids()).containsExactly("u99"))
                .hasMessageContaining("unknown user 'u99'");
        assertThatThrownBy(() -> rec.predict("u1", "77"))
                .isInstanceOfSatisfying(UnknownIdException.class, e -> assertThat(e.ids()).containsExactly("77"))
                .hasMessageContaining("unknown item '77'");
        assertThatThrownBy(() -> rec.resolveItem("Vertigo"))
                .isInstanceOfSatisfying(UnknownIdException.class, e -> assertThat(e.ids()).containsExactly("Vertigo"))
                .hasMessageContaining("'Vertigo'");
        Recommender noTitles = new Recommender(model(factors(), null));
        assertThatThrownBy(() -> noTitles.resolveItem("Heat")).isInstanceOf(UnknownIdException.class)
                .hasMessageContaining("unknown item 'Heat'");
        assertThat(noTitles.recommend("u1", 1).get(0).title()).isEqualTo("10");
    }
}
