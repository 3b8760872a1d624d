package org.collab4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;

class MetricsTest {
    static final double TOL = 1e-9;

    /*
     * k = 1, no y_range, global 3, p = (1, 2), q = (0.5, -1): predictions
     *   (0,0) 3.5   (0,1) 2   (1,0) 4   (1,1) 1
     * ratings 4, 1, 4, 3: errors -0.5, 1, 0, -2
     *   RMSE = sqrt((0.25 + 1 + 0 + 4)/4) = sqrt(1.3125) = 1.1456439237;  MAE = 3.5/4 = 0.875
     */
    @Test
    void rmseAndMaeOnAHandCase() {
        FactorModel m = new FactorModel("dot-bias", 2, 2, 1, new float[] {1f, 2f}, new float[] {0.5f, -1f},
                new float[2], new float[2], 3f, null);
        Ratings r = new Ratings(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, new float[] {4, 1, 4, 3}, null,
                IdIndex.of("a", "b"), IdIndex.of("x", "y"), new RatingScale(1, 5));
        Metrics.Accuracy all = Metrics.accuracy(m, r, r.allRows());
        assertThat(all.rmse()).isCloseTo(1.1456439237389600, within(TOL));
        assertThat(all.mae()).isCloseTo(0.875, within(TOL));
        assertThat(all.n()).isEqualTo(4);
        assertThat(all.unseenUserRows()).isZero();

        // rows 0 and 3 only: sqrt((0.25 + 4)/2), (0.5 + 2)/2; user 1 and item 1 had no training ratings
        Metrics.Accuracy some = Metrics.accuracy(m, r, new int[] {0, 3}, new int[] {2, 0}, new int[] {1, 0});
        assertThat(some.rmse()).isCloseTo(1.4577379737113252, within(TOL));
        assertThat(some.mae()).isCloseTo(1.25, within(TOL));
        assertThat(some.unseenUserRows()).isEqualTo(1);
        assertThat(some.unseenItemRows()).isEqualTo(1);

        Metrics.Accuracy none = Metrics.accuracy(m, r, new int[0]);
        assertThat(none.rmse()).isNaN();
        assertThat(none.mae()).isNaN();
        assertThat(none.n()).isZero();
    }

    /*
     * Ranking on two users and five items, k = 2, relevant = rating >= 4.
     * k = 1 factor, no biases: score = p_u q_i with q = (5, 4, 3, 2, 1), p = (1, -1).
     *   user 0 saw item 0 in training; held out: item 2 (5), item 4 (4), item 3 (2, not relevant).
     *     candidates ranked 1, 2, 3, 4 -> top 2 = [1, 2]; relevant {2, 4}; a hit at rank 2
     *     precision 1/2, recall 1/2, DCG 1/log2(3), IDCG 1 + 1/log2(3): NDCG 0.3868528072
     *     AP = (1/2) / min(2, 2) = 0.25, hit 1
     *   user 1 saw item 4; held out: item 0 (4), item 1 (1, not relevant).
     *     candidates ranked 3, 2, 1, 0 -> top 2 = [3, 2]; relevant {0}: no hit, all zero
     *   means: precision 0.25, recall 0.25, NDCG 0.1934264036, MAP 0.125, hit rate 0.5,
     *   coverage: items {1, 2, 3} of 5 = 0.6; 2 users evaluated
     *   novelty: training counts c = (1, 0, 0, 0, 1) of U = 2 users; the four entries 1, 2, 3, 2
     *     all have c = 0 -> -log2(max(0, 1) / 2) = 1 each: novelty 1
     *   Gini: exposure (0, 1, 2, 1, 0) sorted (0, 0, 1, 1, 2), total 4:
     *     sum (2j - 6) e_(j) = 0 + 0 + 0 + 2 + 8 = 10 -> 10 / (5 * 4) = 0.5
     */
    @Test
    void rankingMetricsOnAHandCase() {
        FactorModel m = new FactorModel("dot-bias", 2, 5, 1, new float[] {1f, -1f}, new float[] {5, 4, 3, 2, 1},
                new float[2], new float[5], 0f, null);
        IdIndex users = IdIndex.of("a", "b"), items = IdIndex.of("i0", "i1", "i2", "i3", "i4");
        RatingScale scale = new RatingScale(1, 5);
        Ratings train = new Ratings(new int[] {0, 1}, new int[] {0, 4}, new float[] {5, 3}, null, users, items, scale);
        TrainedModel tm = TrainedModel.of(m, train, train.allRows(), null, null, Map.of());
        Ratings test = new Ratings(new int[] {0, 0, 0, 1, 1}, new int[] {2, 4, 3, 0, 1}, new float[] {5, 4, 2, 4, 1}, null,
                users, items, scale);
        Map<String, Double> r = RankingMetrics.evaluate(tm, test, test.allRows(), 2, 4f);
        assertThat(r.get("precision@2")).isCloseTo(0.25, within(TOL));
        assertThat(r.get("recall@2")).isCloseTo(0.25, within(TOL));
        assertThat(r.get("ndcg@2")).isCloseTo(0.19342640361727081, within(TOL));
        assertThat(r.get("map@2")).isCloseTo(0.125, within(TOL));
        assertThat(r.get("hit_rate@2")).isCloseTo(0.5, within(TOL));
        assertThat(r.get("coverage@2")).isCloseTo(0.6, within(TOL));
        assertThat(r.get("users_evaluated")).isEqualTo(2.0);
        assertThat(r.get("novelty@2")).isCloseTo(1.0, within(TOL));
        assertThat(r.get("gini@2")).isCloseTo(0.5, within(TOL));
        assertThat(r.keySet()).containsExactlyInAnyOrder("precision@2", "recall@2", "ndcg@2", "map@2", "hit_rate@2", "coverage@2",
                "novelty@2", "gini@2", "users_evaluated");

        // with the bar at 5 only user 0's item 2 is relevant: top 2 = [1, 2], hit at rank 2
        //   precision 1/2, recall 1, NDCG (1/log2 3)/1 = 0.6309297536, AP = (1/2)/min(2, 1) = 0.5
        Map<String, Double> strict = RankingMetrics.evaluate(tm, test, test.allRows(), 2, 5f);
        assertThat(strict.get("users_evaluated")).isEqualTo(1.0);
        assertThat(strict.get("precision@2")).isCloseTo(0.5, within(TOL));
        assertThat(strict.get("recall@2")).isCloseTo(1.0, within(TOL));
        assertThat(strict.get("ndcg@2")).isCloseTo(0.6309297535714575, within(TOL));
        assertThat(strict.get("map@2")).isCloseTo(0.5, within(TOL));
        assertThat(strict.get("coverage@2")).isCloseTo(0.4, within(TOL));
    }
}
