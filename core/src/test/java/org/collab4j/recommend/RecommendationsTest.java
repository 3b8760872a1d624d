package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;

/** One answer per kind of requester, on {@link GenreFans}' model, with the scores worked out by hand. */
class RecommendationsTest {
    final TrainedModel model = GenreFans.model();
    final Recommendations recs = new Recommendations(model);

    static List<String> ids(Recommendations.Answer a) {
        return a.items().stream().map(Recommendations.Item::item).toList();
    }

    @Test
    void aNewUserIsRankedByRelevanceAndAKnownOneByRatingUnlessAskedOtherwise() {
        assertThat(recs.defaultRanking(Requester.known("u0"))).isEqualTo(FoldIn.Ranking.RATING);
        assertThat(recs.defaultRanking(Requester.rated(new String[] {"i0"}, new float[] {5}))).isEqualTo(FoldIn.Ranking.RELEVANCE);
        assertThat(recs.defaultRanking(Requester.genres(List.of("Horror"), null))).isEqualTo(FoldIn.Ranking.RELEVANCE);
        assertThat(recs.defaultRanking(Requester.described(new Demographics("F", 0, null, null)))).isEqualTo(FoldIn.Ranking.RATING);
        // a user of the model with new ratings is not a new user
        assertThat(recs.defaultRanking(new Requester.Rated("u3", new String[] {"i1"}, new float[] {4}))).isEqualTo(FoldIn.Ranking.RATING);
        assertThat(recs.defaultRanking(new Requester.Rated("someone-new", new String[] {"i1"}, new float[] {4})))
                .isEqualTo(FoldIn.Ranking.RELEVANCE);
    }

    @Test
    void aKnownUserGetsTheModelsScoresWithoutWhatTheyRated() {
        // u0: 3 + 0.4 + p . q with p = (1, 0); rated i0 and i2
        Recommendations.Answer a = recs.recommend(Requester.known("u0"), 10);
        assertThat(a.user()).isEqualTo("u0");
        assertThat(a.newUser()).isFalse();
        assertThat(a.rankedBy()).isEqualTo(FoldIn.Ranking.RATING);
        assertThat(ids(a)).containsExactly("i1", "i4", "i5", "i3");
        assertThat(a.items().get(0).score()).isCloseTo(4.2f, within(1e-6f));
        assertThat(a.items().get(0).predictedRating()).isEqualTo(a.items().get(0).score());
        assertThat(a.items().get(3).score()).isCloseTo(3.5f, within(1e-6f));
        assertThat(a.items()).extracting(Recommendations.Item::item)
                .isEqualTo(recs.recommender().recommend("u0", 10).stream().map(ScoredItem::item).toList());
        assertThatThrownBy(() -> recs.recommend(Requester.known("nobody"), 3)).isInstanceOf(UnknownIdException.class)
                .hasMessageStartingWith("unknown user 'nobody'");
    }

    @Test
    void byRelevanceAKnownUsersListComesFromTheirOwnFactors() {
        Recommendations.Answer a = recs.recommend(Requester.known("u0"), 10, FoldIn.Ranking.RELEVANCE);
        FoldIn f = recs.foldIn();
        UserProfile own = new UserProfile(new float[] {1, 0}, 0.4f);
        float[] expected = new float[6];
        f.relevanceScores(own, f.relevantRating(), expected);
        for (Recommendations.Item it : a.items()) {
            assertThat(it.score()).isEqualTo(expected[it.index()]);
            assertThat(it.predictedRating()).isEqualTo(f.predict(own, it.index()));
        }
        assertThat(ids(a)).doesNotContain("i0", "i2").hasSize(4);
    }

    @Test
    void ratingsAreCheckedAgainstTheModelBeforeTheyAreFoldedIn() {
        assertThatThrownBy(() -> recs.recommend(Requester.rated(new String[] {"i0", "i3"}, new float[] {9, -3}), 5))
                .isInstanceOf(OffScaleRatingsException.class).hasMessage("ratings outside the scale 1..5: i0=9, i3=-3");
        assertThatThrownBy(() -> recs.recommend(Requester.rated(new String[] {"zz", "i3"}, new float[] {3, -3}), 5))
                .isInstanceOf(UnknownIdException.class).hasMessageStartingWith("unknown item id 'zz'");
    }

    @Test
    void aNewUsersRatingsAreFoldedInAndLeftOut() {
        Recommendations.Answer a = recs.recommend(Requester.rated(new String[] {"i0"}, new float[] {5}), 10);
        assertThat(a.user()).isEqualTo("new user (1 rating)");
        assertThat(a.newUser()).isTrue();
        assertThat(a.rankedBy()).isEqualTo(FoldIn.Ranking.RELEVANCE);
        FoldIn f = recs.foldIn();
        UserProfile p = f.user(new int[] {0}, new float[] {5});
        float[] expected = new float[6];
        f.relevanceScores(p, f.relevantRating(), expected);
        assertThat(ids(a)).hasSize(5).doesNotContain("i0");
        for (Recommendations.Item it : a.items()) {
            assertThat(it.score()).isEqualTo(expected[it.index()]);
            assertThat(it.predictedRating()).isEqualTo(f.predict(p, it.index()));
        }
        assertThat(recs.recommend(Requester.rated(new String[] {"i0", "i1"}, new float[] {5, 4}), 3).user()).isEqualTo("new user (2 ratings)");
    }

    @Test
    void aKnownUsersNewRatingsAreFoldedInWithTheirTrainingOnes() {
        // u0 rated i0 = 5 and i2 = 2 in training; now i2 = 4 and i3 = 1
        Recommendations.Answer a = recs.recommend(new Requester.Rated("u0", new String[] {"i2", "i3"}, new float[] {4, 1}), 10,
                FoldIn.Ranking.RATING);
        assertThat(a.user()).isEqualTo("u0");
        assertThat(a.newUser()).isFalse();
        UserProfile p = recs.foldIn().user(new int[] {0, 2, 3}, new float[] {5, 4, 1});
        assertThat(ids(a)).containsExactlyInAnyOrder("i1", "i4", "i5");
        for (Recommendations.Item it : a.items()) assertThat(it.score()).isEqualTo(recs.foldIn().predict(p, it.index()));
    }

    @Test
    void statedGenresGiveTheirItemsFirstRankedByTheFansProfileThenTheRest() {
        // the Horror start: p = (1, 0), bias 0.2; predicted 3.2 + q_1: i0 4.2, i1 4.0, i4 3.7 | i5 3.4, i3 3.3, i2 3.2
        Recommendations.Answer a = recs.recommend(Requester.genres(List.of("horror"), Demographics.NONE), 5, FoldIn.Ranking.RATING);
        assertThat(a.user()).isEqualTo("new user (genres Horror)");
        assertThat(a.newUser()).isTrue();
        assertThat(ids(a)).containsExactly("i0", "i1", "i4", "i5", "i3");
        assertThat(a.items().get(0).score()).isCloseTo(4.2f, within(1e-6f));
        assertThat(a.items().get(2).score()).isCloseTo(3.7f, within(1e-6f));
        assertThat(a.items().get(4).score()).isCloseTo(3.3f, within(1e-6f));
        // by relevance (the default) too the genre's items come first
        Recommendations.Answer rel = recs.recommend(Requester.genres(List.of("Horror"), Demographics.NONE), 3);
        assertThat(rel.rankedBy()).isEqualTo(FoldIn.Ranking.RELEVANCE);
        assertThat(ids(rel)).containsExactlyInAnyOrder("i0", "i1", "i4");
        // a Comedy fan's list starts elsewhere
        assertThat(ids(recs.recommend(Requester.genres(List.of("Comedy"), Demographics.NONE), 3, FoldIn.Ranking.RATING)))
                .containsExactly("i2", "i3", "i4");
        // the zip is not used by a genre start, and said so; too few matching users is a note
        Recommendations.Answer withZip = recs.recommend(Requester.genres(List.of("Horror"), new Demographics("F", 0, null, "12345")), 3);
        assertThat(withZip.ignored()).containsExactly("zip");
        assertThat(withZip.notes()).hasSize(1);
        assertThatThrownBy(() -> recs.recommend(Requester.genres(List.of("unknown"), Demographics.NONE), 3))
                .isInstanceOf(UnknownGenreException.class);
    }

    @Test
    void excludedItemsAndRerankingApplyToEveryKind() {
        Recommendations.Options o = new Recommendations.Options(0, 0, 42, List.of("i1", "no-such-item"));
        assertThat(ids(recs.recommend(Requester.known("u0"), 10, null, o))).containsExactly("i4", "i5", "i3");
        assertThat(ids(recs.recommend(Requester.genres(List.of("Horror"), null), 3, FoldIn.Ranking.RATING, o)))
                .containsExactly("i0", "i4", "i5");
        assertThat(recs.recommend(Requester.known("u0"), 10, null, new Recommendations.Options(0.5, 0, 1, List.of())).items()).hasSize(4);
        assertThatThrownBy(() -> new Recommendations.Options(2, 0, 1, List.of())).hasMessage("diversity must be between 0 and 1, got 2.0");
    }

    @Test
    void aUserDescribedByDemographicsNeedsAModelWithUserFeatures() {
        assertThatThrownBy(() -> recs.recommend(Requester.described(new Demographics("F", 30, null, null)), 3))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("takes no user features")
                .hasMessageContaining("--genres");
        assertThatThrownBy(() -> Requester.described(Demographics.NONE)).hasMessageContaining("at least one of gender, age");
    }

    @Test
    void similarItemsNeedTenTrainingRatingsUnlessAskedOtherwise() {
        // counts: i0 10, i1 0, i2 20, i3 10, i4 0, i5 0
        assertThat(recs.similar(0, 5)).extracting(ScoredItem::item).containsExactlyInAnyOrder("i2", "i3");
        assertThat(recs.similar(0, 5, 0)).extracting(ScoredItem::item).containsExactly("i1", "i4", "i5", "i3", "i2");
        assertThat(recs.similar(0, 5, 11)).extracting(ScoredItem::item).containsExactly("i2");
        assertThatThrownBy(() -> recs.similar(0, 5, -1)).hasMessageContaining("0 or more");
    }
}
