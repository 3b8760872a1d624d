package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.collab4j.algo.ease.EaseTest;
import org.collab4j.algo.ease.EaseTrainer;
import org.collab4j.algo.popularity.PopularityTrainer;
import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

class TopNRecommenderTest {
    /** The 4 x 3 EASE example ({@link EaseTest#fourByThree}): B = [[0, 4/11, 0], [1/2, 0, 1/2], [0, 6/11, 0]] with lambda 1. */
    static Dataset data() {
        return EaseTest.fourByThree();
    }

    static TrainedModel trained(org.collab4j.train.ModelTrainer trainer, TrainConfig c) {
        Dataset d = data();
        Split all = new Split("all", d.ratings().allRows(), new int[0]);
        return TrainedModel.of(trainer.train(d, all, c, List.of()).model(), d.ratings(), all.train(), null, null, Map.of());
    }

    @Test
    void recommendsWithReasonsAndFoldsInNewUsers() {
        TopNRecommender rec = new TopNRecommender(trained(new EaseTrainer(), TrainConfig.defaults().withExtra("lambda", "1")));
        // user d has x: y (4/11) is recommended, x is not
        List<ScoredItem> d = rec.recommend("d", 5);
        assertThat(d).extracting(ScoredItem::item).containsExactly("y", "z");
        assertThat(d.get(0).score()).isCloseTo(4 / 11f, within(1e-6f));
        // user a has x and y: z comes from y alone
        List<ScoredItem> why = rec.because(0, 2, 2);
        assertThat(why).extracting(ScoredItem::item).containsExactly("y");
        assertThat(why.get(0).score()).isCloseTo(0.5f, within(1e-6f));
        assertThat(TopNRecommender.reason(why)).isEqualTo("because you have y");
        assertThat(TopNRecommender.reason(List.of(new ScoredItem(0, "x", "X", 1), new ScoredItem(1, "y", "Y", 1), new ScoredItem(2, "z", "Z", 1))))
                .isEqualTo("because you have X, Y and Z");
        assertThat(TopNRecommender.reason(List.of())).isNull();
        // a new user with y only: x gets 1/2, z gets 1/2; their own y is left out
        List<ScoredItem> fresh = rec.recommendForItems(List.of("y"), 3);
        assertThat(fresh).extracting(ScoredItem::item).containsExactly("x", "z");
        assertThat(fresh.get(0).score()).isCloseTo(0.5f, within(1e-6f));
        assertThatThrownBy(() -> rec.recommendForItems(List.of("w"), 3)).isInstanceOf(UnknownIdException.class)
                .hasMessageStartingWith("unknown item 'w'");
    }

    @Test
    void popularityHasNoReasonsAndCoOccurrenceForSimilarItems() {
        TrainedModel t = trained(new PopularityTrainer(), TrainConfig.defaults());
        TopNRecommender rec = new TopNRecommender(t);
        assertThat(rec.recommend("d", 2)).extracting(ScoredItem::item).containsExactly("y", "z");
        assertThat(rec.because(3, 1, 2)).isEmpty();
        Recommender base = new Recommender(t);
        // x: users a, c, d; y: a, b, c; z: b, c. cos(x, y) = 2/3, cos(x, z) = 1/sqrt(6)
        List<ScoredItem> sim = base.similar(0, 2);
        assertThat(sim).extracting(ScoredItem::item).containsExactly("y", "z");
        assertThat(sim.get(0).score()).isCloseTo(2 / 3f, within(1e-6f));
        assertThat(sim.get(1).score()).isCloseTo((float) (1 / Math.sqrt(6)), within(1e-6f));
        assertThat(base.similarityMeasure()).isEqualTo("cosine of co-occurrence: users who have both");
    }
}
