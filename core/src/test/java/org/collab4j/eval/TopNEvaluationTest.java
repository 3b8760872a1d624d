package org.collab4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;

import org.collab4j.data.Confidence;
import org.collab4j.data.Holdout;
import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TopNModel;
import org.junit.jupiter.api.Test;

/** Every ranking metric, by hand, on two users and six items. */
class TopNEvaluationTest {
    /** Scores from a fixed table; a folded-in user gets {@code foldInScores} and the history is recorded. */
    static final class FixedScores implements TopNModel {
        final float[][] table;
        final float[] foldInScores;
        int[] lastItems;
        float[] lastWeights;

        FixedScores(float[][] table, float[] foldInScores) {
            this.table = table;
            this.foldInScores = foldInScores;
        }

        @Override
        public String kind() {
            return "fixed";
        }

        @Override
        public int numUsers() {
            return table.length;
        }

        @Override
        public int numItems() {
            return table[0].length;
        }

        @Override
        public float predict(int user, int item) {
            return table[user][item];
        }

        @Override
        public void scoreHistory(int[] items, float[] weights, int n, float[] out) {
            lastItems = Arrays.copyOf(items, n);
            lastWeights = Arrays.copyOf(weights, n);
            System.arraycopy(foldInScores, 0, out, 0, out.length);
        }
    }

    // user 0: history {0}, held out {1, 3, 5}; ranked 2 (8), 5 (6), 1 (5), 4 (4), 3 (1)
    // user 1: history {2, 3}, held out {4}; ranked 4 (3), 1 (2), 0 (1), 5 (0)
    static final float[][] SCORES = {{9, 5, 8, 1, 4, 6}, {1, 2, 9, 9, 3, 0}};

    static Ratings data() {
        int[] u = {0, 0, 0, 0, 1, 1, 1};
        int[] i = {0, 1, 3, 5, 2, 3, 4};
        float[] v = {1, 1, 1, 1, 2, 3, 1};
        return new Ratings(u, i, v, null, IdIndex.of(new String[] {"a", "b"}), IdIndex.of(new String[] {"0", "1", "2", "3", "4", "5"}),
                new RatingScale(0, 3));
    }

    static double lg(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static void assertHandValues(Map<String, Double> m) {
        // user 0 at K=2: one hit (rank 2) of 3; truncated recall 1/min(2,3); user 1: its one item at rank 1
        double ndcg0at2 = (1 / lg(3)) / (1 + 1 / lg(3));
        assertThat(m.get("recall@2")).isCloseTo((0.5 + 1) / 2, within(1e-12));
        assertThat(m.get("precision@2")).isCloseTo((0.5 + 0.5) / 2, within(1e-12));
        assertThat(m.get("ndcg@2")).isCloseTo((ndcg0at2 + 1) / 2, within(1e-12));
        assertThat(m.get("map@2")).isCloseTo(((1 / 2.0) / 2 + 1) / 2, within(1e-12));
        assertThat(m.get("hr@2")).isEqualTo(1.0);
        // K=4: user 0 hits at ranks 2 and 3 of 3 held out
        double ndcg0at4 = (1 / lg(3) + 1 / lg(4)) / (1 + 1 / lg(3) + 1 / lg(4));
        assertThat(m.get("recall@4")).isCloseTo((2 / 3.0 + 1) / 2, within(1e-12));
        assertThat(m.get("precision@4")).isCloseTo((0.5 + 0.25) / 2, within(1e-12));
        assertThat(m.get("ndcg@4")).isCloseTo((ndcg0at4 + 1) / 2, within(1e-12));
        assertThat(m.get("map@4")).isCloseTo(((1 / 2.0 + 2 / 3.0) / 3 + 1) / 2, within(1e-12));
        assertThat(m.get("hr@4")).isEqualTo(1.0);
        // best held-out item of user 0 at rank 2, of user 1 at rank 1
        assertThat(m.get("mrr")).isCloseTo((0.5 + 1) / 2, within(1e-12));
        // lists {2,5} and {4,1}: 4 of 6 items, each shown once; at 4, {2,5,1,4} and {4,1,0,5}
        assertThat(m.get("coverage@2")).isCloseTo(4 / 6.0, within(1e-12));
        assertThat(m.get("coverage@4")).isCloseTo(5 / 6.0, within(1e-12));
        assertThat(m.get("gini@2")).isCloseTo(Exposure.gini(new int[] {0, 1, 1, 0, 1, 1}), within(1e-12));
        assertThat(m.get("gini@2")).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void everyMetricByHand() {
        Ratings r = data();
        Holdout h = new Holdout("hand", new int[] {0, 4, 5}, new int[0], new int[] {1, 2, 3, 6});
        TopNEvaluation.Result res = TopNEvaluation.evaluate(new FixedScores(SCORES, null), r, h, Confidence.NONE, new int[] {2, 4}, 1);
        assertThat(res.users()).isEqualTo(2);
        Map<String, Double> m = res.metrics();
        assertHandValues(m);
        // training popularity: items 0, 2, 3 once each by 2 users; every shown item is worth -log2(1/2) = 1 bit
        assertThat(m.get("novelty@2")).isCloseTo(1.0, within(1e-12));
        assertThat(m.keySet()).startsWith("recall@2", "precision@2", "ndcg@2", "map@2", "hr@2", "coverage@2", "novelty@2", "gini@2");
        assertThat(res.get("ndcg@4")).isEqualTo(m.get("ndcg@4"));
        assertThatThrownBy(() -> res.get("ndcg@5")).hasMessageStartingWith("no metric 'ndcg@5'; measured: recall@2, ");
        // the same on two threads
        TopNEvaluation.Result two = TopNEvaluation.evaluate(new FixedScores(SCORES, null), r, h, Confidence.NONE, new int[] {2, 4}, 2);
        assertThat(two.metrics()).isEqualTo(m);
    }

    @Test
    void aUserHeldOutOfTrainingIsFoldedInFromTheirItems() {
        Ratings r = data();
        FixedScores model = new FixedScores(new float[][] {SCORES[0], new float[6]}, SCORES[1]);
        // user 1 is not trained on: rows 4 and 5 (items 2, 3) are folded in with their confidences
        Holdout h = new Holdout("strong", new int[] {0}, new int[] {5, 4}, new int[] {1, 2, 3, 6});
        Map<String, Double> m = TopNEvaluation.evaluate(model, r, h, Confidence.linear(2), new int[] {2, 4}, 1).metrics();
        assertHandValues(m);
        assertThat(model.lastItems).containsExactly(2, 3);
        assertThat(model.lastWeights).containsExactly(1 + 2 * 2, 1 + 2 * 3);
        RatingModel plain = new RatingModel() {
            public String kind() {
                return "plain";
            }

            public int numUsers() {
                return 2;
            }

            public int numItems() {
                return 6;
            }

            public float predict(int user, int item) {
                return 0;
            }
        };
        assertThatThrownBy(() -> TopNEvaluation.evaluate(plain, r, h, Confidence.NONE, new int[] {2}, 1))
                .hasMessage("model plain cannot fold in users held out of training");
        assertThatThrownBy(() -> TopNEvaluation.evaluate(model, r, h, Confidence.NONE, new int[] {0}, 1))
                .hasMessage("a cut-off K must be at least 1, got 0");
    }

    @Test
    void reciprocalRankBreaksTiesByIndexAndSkipsUnscoredItems() {
        float[] s = {Float.NaN, 3, 5, 3, 1};
        assertThat(TopNEvaluation.reciprocalRank(s, new int[] {3})).isEqualTo(1 / 3.0);
        assertThat(TopNEvaluation.reciprocalRank(s, new int[] {1, 3})).isEqualTo(1 / 2.0);
        assertThat(TopNEvaluation.reciprocalRank(s, new int[] {0})).isEqualTo(0.0);
    }

    @Test
    void metricNames() {
        assertThat(TopNEvaluation.isMetric("ndcg@20")).isTrue();
        assertThat(TopNEvaluation.isMetric("hr@10")).isTrue();
        assertThat(TopNEvaluation.isMetric("mrr")).isTrue();
        assertThat(TopNEvaluation.isMetric("ndcg")).isFalse();
        assertThat(TopNEvaluation.isMetric("rmse@3")).isFalse();
        assertThat(TopNEvaluation.isMetric("recall@0")).isFalse();
        assertThat(TopNEvaluation.cutoff("recall@20")).isEqualTo(20);
    }
}
