package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.collab4j.algo.ease.EaseTrainer;
import org.collab4j.algo.knn.ImplicitItemKnnTrainer;
import org.collab4j.data.Confidence;
import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** A user known by events, on the 4 x 3 EASE example (B = [[0, 4/11, 0], [1/2, 0, 1/2], [0, 6/11, 0]], lambda 1). */
class InteractedRecommendationsTest {
    static TrainedModel ease(Map<String, String> provenance) {
        Dataset d = TopNRecommenderTest.data();
        Split all = new Split("all", d.ratings().allRows(), new int[0]);
        return TrainedModel.of(new EaseTrainer().train(d, all, TrainConfig.defaults().withExtra("lambda", "1"), List.of()).model(),
                d.ratings(), all.train(), null, null, provenance);
    }

    @Test
    void aNewUsersEventsAreFoldedInAndTheirItemsLeftOut() {
        Recommendations recs = new Recommendations(ease(Map.of()));
        Recommendations.Answer a = recs.recommend(new Requester.Interacted(null, new String[] {"y"}, new float[] {1}), 3);
        assertThat(a.items()).extracting(Recommendations.Item::item).containsExactly("x", "z");
        assertThat(a.items().get(0).score()).isCloseTo(0.5f, within(1e-6f));
        assertThat(a.user()).isEqualTo("new user (1 item)");
        assertThat(a.newUser()).isTrue();
        // EASE learns from what a user has, not how much: y twice is y
        Recommendations.Answer twice = recs.recommend(new Requester.Interacted(null, new String[] {"y", "y"}, new float[] {1, 1}), 3);
        assertThat(twice.items().get(0).score()).isCloseTo(0.5f, within(1e-6f));
        assertThat(twice.user()).isEqualTo("new user (1 item)");
    }

    static TrainedModel itemKnn(Map<String, String> provenance) {
        Dataset d = TopNRecommenderTest.data();
        Split all = new Split("all", d.ratings().allRows(), new int[0]);
        return TrainedModel.of(new ImplicitItemKnnTrainer().train(d, all, TrainConfig.defaults().withExtra("similarity", "cosine"), List.of())
                .model(), d.ratings(), all.train(), null, null, provenance);
    }

    @Test
    void repeatedEventsAreSummedAndWeighedByTheConfidenceRuleOfTraining() {
        Recommendations plain = new Recommendations(itemKnn(Map.of()));
        float once = plain.recommend(new Requester.Interacted(null, new String[] {"y"}, new float[] {1}), 3).items().get(0).score();
        assertThat(once).isPositive();
        Recommendations.Answer twice = plain.recommend(new Requester.Interacted(null, new String[] {"y", "y"}, new float[] {1, 1}), 3);
        assertThat(twice.items().get(0).score()).isCloseTo(2 * once, within(1e-6f));
        assertThat(plain.recommend(new Requester.Interacted(null, new String[] {"y"}, new float[] {2.5f}), 3).items().get(0).score())
                .isCloseTo(2.5f * once, within(1e-6f));
        Recommendations linear = new Recommendations(itemKnn(Map.of("confidence", "linear", "alpha", "2")));
        assertThat(linear.confidence()).isEqualTo(Confidence.linear(2));
        // one event of y: confidence 1 + 2 * 1 = 3
        assertThat(linear.recommend(new Requester.Interacted(null, new String[] {"y"}, new float[] {1}), 3).items().get(0).score())
                .isCloseTo(3 * once, within(1e-6f));
        assertThat(plain.confidence()).isEqualTo(Confidence.NONE);
    }

    @Test
    void aUserOfTheModelKeepsTheirTrainingItemsAndAddsTheEvents() {
        Recommendations recs = new Recommendations(ease(Map.of()));
        // d has x (training); an event of z: y gets 4/11 (from x) + 6/11 (from z) = 10/11; x and z are left out
        Recommendations.Answer a = recs.recommend(new Requester.Interacted("d", new String[] {"z"}, new float[] {1}), 3);
        assertThat(a.items()).extracting(Recommendations.Item::item).containsExactly("y");
        assertThat(a.items().get(0).score()).isCloseTo(10 / 11f, within(1e-6f));
        assertThat(a.newUser()).isFalse();
        assertThat(recs.recommend(Requester.known("d"), 3).items()).extracting(Recommendations.Item::item).containsExactly("y", "z");
    }

    @Test
    void unknownItemsBadWeightsAndRelevanceAreRefused() {
        Recommendations recs = new Recommendations(ease(Map.of()));
        assertThatThrownBy(() -> recs.recommend(new Requester.Interacted(null, new String[] {"w", "y", "v"}, new float[] {1, 1, 1}), 3))
                .isInstanceOf(UnknownIdException.class).hasMessageStartingWith("unknown item ids 'w', 'v'");
        assertThatThrownBy(() -> recs.recommend(new Requester.Interacted(null, new String[] {"y"}, new float[] {-1}), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> recs.recommend(new Requester.Interacted(null, new String[] {"y"}, new float[] {1}), 3, FoldIn.Ranking.RELEVANCE))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("learns from events");
        assertThatThrownBy(() -> recs.recommend(Requester.known("d"), 3, FoldIn.Ranking.RELEVANCE))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("learns from events");
        assertThatThrownBy(() -> recs.recommend(Requester.rated(new String[] {"y"}, new float[] {1}), 3))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("learns from events");
    }
}
