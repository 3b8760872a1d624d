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

class EvaluatorTest {
    static final double TOL = 1e-6;

    /*
     * Model users (u1, u2), items (a, b, c); k = 1, no y_range, global 1,
     * p = (1, 2), q = (1, 0.5, 0), b_u = (0.5, -0.5), b_i = (0, 1, 0.25).
     * Training: u1 rated a, u2 rated b; item c has no training ratings.
     *   u1: a 2.5   b 3     c 1.75
     *   u2: a 2.5   b 2.5   c 0.75
     * Unknown user: 1 + mean b_u (0) + b_i;  unknown item: 1 + b_u + mean b_i (1.25/3).
     *
     * The data set indexes users (u3, u2, u1) and items (c, d, a, b):
     *   row  rating         prediction                     error
     *   0    u2 a 3         2.5                            -0.5
     *   1    u1 b 4         3                              -1
     *   2    u3 a 2         unknown user: 1 + 0 + 0 = 1    -1       (unseen user)
     *   3    u1 c 1         1.75                            0.75    (unseen item: no training ratings)
     *   4    u2 d 2         unknown item: 0.5 + 0.41667    -1.08333 (unseen item: not in the model)
     *   RMSE = sqrt(3.98611111/5) = 0.8928730157, MAE = 4.33333333/5 = 0.8666666667
     */
    static TrainedModel model() {
        FactorModel fm = new FactorModel("dot-bias", 2, 3, 1, new float[] {1f, 2f}, new float[] {1f, 0.5f, 0f},
                new float[] {0.5f, -0.5f}, new float[] {0f, 1f, 0.25f}, 1f, null);
        Ratings train = new Ratings(new int[] {0, 1}, new int[] {0, 1}, new float[] {4, 4}, null,
                IdIndex.of("u1", "u2"), IdIndex.of("a", "b", "c"), new RatingScale(1, 5));
        return TrainedModel.of(fm, train, train.allRows(), null, null, Map.of());
    }

    static Ratings data() {
        return new Ratings(new int[] {1, 2, 0, 2, 1}, new int[] {2, 3, 2, 0, 1}, new float[] {3, 4, 2, 1, 2}, null,
                IdIndex.of("u3", "u2", "u1"), IdIndex.of("c", "d", "a", "b"), new RatingScale(1, 5));
    }

    @Test
    void mapsExternalIdsBetweenDifferentlyIndexedDataSets() {
        Ratings d = data();
        TrainedModel m = model();
        assertThat(Evaluator.map(d.userIds(), m.userIds())).containsExactly(-1, 1, 0);
        assertThat(Evaluator.map(d.itemIds(), m.itemIds())).containsExactly(2, -1, 0, 1);
        assertThat(Evaluator.map(m.itemIds(), m.itemIds())).containsExactly(0, 1, 2);
    }

    @Test
    void accuracyAndUnseenCountsOnAHandCase() {
        Evaluator.Report r = Evaluator.evaluate(model(), data(), data().allRows(), 1, 3f, false);
        assertThat(r.accuracy().rmse()).isCloseTo(0.8928730157319249, within(TOL));
        assertThat(r.accuracy().mae()).isCloseTo(0.8666666666666666, within(TOL));
        assertThat(r.accuracy().n()).isEqualTo(5);
        assertThat(r.accuracy().unseenUserRows()).isEqualTo(1);
        assertThat(r.accuracy().unseenItemRows()).isEqualTo(2);
        assertThat(r.ranking()).isEmpty();
    }

    /*
     * Ranking at k = 1, relevant >= 3, over rows whose user and item the model knows (0, 1, 3):
     *   u2: relevant {a}; candidates without b (seen): a 2.5, c 0.75 -> top [a], a hit
     *   u1: relevant {b}; candidates without a (seen): b 3, c 1.75  -> top [b], a hit
     * A wrong id mapping would rank other items or evaluate other users.
     */
    @Test
    void rankingUsesTheModelsIndices() {
        Evaluator.Report r = Evaluator.evaluate(model(), data(), data().allRows(), 1, 3f, true);
        assertThat(r.ranking().get("users_evaluated")).isEqualTo(2.0);
        assertThat(r.ranking().get("precision@1")).isCloseTo(1.0, within(TOL));
        assertThat(r.ranking().get("recall@1")).isCloseTo(1.0, within(TOL));
        assertThat(r.ranking().get("coverage@1")).isCloseTo(2.0 / 3, within(TOL));
    }

    @Test
    void noRowsGiveNaN() {
        Evaluator.Report r = Evaluator.evaluate(model(), data(), new int[0], 5, 4f, false);
        assertThat(r.accuracy().rmse()).isNaN();
        assertThat(r.accuracy().n()).isZero();
    }
}
