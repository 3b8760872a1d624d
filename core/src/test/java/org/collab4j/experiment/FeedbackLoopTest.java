package org.collab4j.experiment;

import org.collab4j.data.Split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.kernel.Rng;
import org.collab4j.recommend.FoldIn;
import org.collab4j.algo.dotbias.DotBiasTrainer;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

class FeedbackLoopTest {
    static final int USERS = 60, ITEMS = 40;

    /**
     * 60 users of two tastes, 40 items of two kinds; item i is rated by a user with probability
     * 0.9 * 0.93^i (a few items everyone rates, a long tail), 5 or 4 stars for the user's own kind,
     * 2 or 1 otherwise.
     */
    static Dataset fixture() {
        Rng rng = new Rng(9);
        List<int[]> pairs = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int u = 0; u < USERS; u++)
            for (int i = 0; i < ITEMS; i++) {
                if (rng.nextDouble() >= 0.9 * Math.pow(0.93, i)) continue;
                pairs.add(new int[] {u, i});
                boolean likes = (u % 2) == (i % 2);
                values.add((float) (likes ? 4 + rng.nextInt(2) : 1 + rng.nextInt(2)));
            }
        int n = pairs.size();
        int[] us = new int[n], is = new int[n];
        float[] vs = new float[n];
        for (int j = 0; j < n; j++) {
            us[j] = pairs.get(j)[0];
            is[j] = pairs.get(j)[1];
            vs[j] = values.get(j);
        }
        String[] uid = new String[USERS], iid = new String[ITEMS];
        for (int u = 0; u < USERS; u++) uid[u] = "u" + u;
        for (int i = 0; i < ITEMS; i++) iid[i] = "i" + i;
        Ratings r = new Ratings(us, is, vs, null, IdIndex.of(uid), IdIndex.of(iid), new RatingScale(1, 5));
        return new Dataset("fixture", r, null, null, LoadReport.none("fixture"));
    }

    static final FoldIn.Ranking R = FoldIn.Ranking.RATING;

    static final TrainConfig CONFIG = TrainConfig.defaults().withThreads(1).withFactors(4).withEpochs(3).withLr(2e-2);

    static FeedbackLoop.Result run(FeedbackLoop.Options o) {
        return FeedbackLoop.run(fixture(), new DotBiasTrainer(), CONFIG, o);
    }

    @Test
    void theSplitHoldsOutTheLastFloorShareOfEachUsersShuffledRatings() {
        Ratings r = fixture().ratings();
        Split s = FeedbackLoop.split(r, 0.5, 3);
        int[] total = new int[USERS], future = new int[USERS];
        for (int row = 0; row < r.size(); row++) total[r.user(row)]++;
        for (int row : s.valid()) future[r.user(row)]++;
        for (int u = 0; u < USERS; u++) assertThat(future[u]).isEqualTo(total[u] / 2);
        assertThat(FeedbackLoop.split(r, 0.5, 3).valid()).containsExactly(s.valid());
        assertThat(FeedbackLoop.split(r, 0.5, 4).valid()).isNotEqualTo(s.valid());
    }

    @Test
    void theSimulationIsDeterministicForASeed() {
        FeedbackLoop.Options o = new FeedbackLoop.Options(3, 5, 0.3, 0.3, false, 0.5, 7, false, R);
        FeedbackLoop.Result a = run(o), b = run(o);
        assertThat(a.plain()).isEqualTo(b.plain()).hasSize(3);
        assertThat(a.safeguarded()).isEqualTo(b.safeguarded()).hasSize(3);
        assertThat(run(new FeedbackLoop.Options(3, 5, 0.3, 0.3, false, 0.5, 8, false, R)).plain()).isNotEqualTo(a.plain());
    }

    @Test
    void listsOfTheWholeCatalogueAcceptEveryFutureRatingInTheFirstRound() {
        // n = every item: round 1 shows each user all their unrated items, so every future rating is accepted;
        // nothing is left to show in round 2
        FeedbackLoop.Result res = run(new FeedbackLoop.Options(2, ITEMS, 0, 0, false, 0.5, 1, false, R));
        FeedbackLoop.Round first = res.plain().get(0), second = res.plain().get(1);
        assertThat(first.accepted()).isEqualTo(res.future());
        assertThat(first.hitRate()).isEqualTo(1.0);
        assertThat(first.coverage()).isEqualTo(1.0);
        assertThat(second.accepted()).isZero();
        assertThat(second.hitRate()).isEqualTo(0.0);
        assertThat(second.coverage()).isEqualTo(0.0);
        assertThat(res.visible() + res.future()).isEqualTo(fixture().ratings().size());
    }

    @Test
    void safeguardsSpreadExposure() {
        FeedbackLoop.Result res = run(new FeedbackLoop.Options(4, 5, 0.5, 0.5, false, 0.5, 7, false, R));
        // round 1 starts from the same model: the safeguarded lists cover more items, more evenly
        FeedbackLoop.Round p = res.plain().get(0), s = res.safeguarded().get(0);
        assertThat(s.coverage()).isGreaterThan(p.coverage());
        assertThat(s.gini()).isLessThan(p.gini());
        assertThat(s.novelty()).isGreaterThan(p.novelty());
        for (FeedbackLoop.Round r : res.plain()) assertThat(r.hitRate()).isBetween(0.0, 1.0);
    }

    @Test
    void reshowingPassedOverItemsChangesOnlyLaterRounds() {
        FeedbackLoop.Result res = run(new FeedbackLoop.Options(3, 3, 0, 0, false, 0.5, 7, true, R));
        FeedbackLoop.Result dismissed = run(new FeedbackLoop.Options(3, 3, 0, 0, false, 0.5, 7, false, R));
        assertThat(res.plain().get(0)).isEqualTo(dismissed.plain().get(0));
        assertThat(res.plain().get(1)).isNotEqualTo(dismissed.plain().get(1));
    }

    @Test
    void relevanceRankingFavoursPopularItems() {
        FeedbackLoop.Result rating = run(new FeedbackLoop.Options(2, 5, 0, 0, false, 0.5, 7, false, R));
        FeedbackLoop.Result relevance = run(new FeedbackLoop.Options(2, 5, 0, 0, false, 0.5, 7, false, FoldIn.Ranking.RELEVANCE));
        assertThat(relevance.plain().get(0).novelty()).isLessThan(rating.plain().get(0).novelty());
        FeedbackLoop.Options retrain = new FeedbackLoop.Options(2, 5, 0, 0, true, 0.5, 7, false, FoldIn.Ranking.RELEVANCE);
        assertThat(run(retrain).plain()).isEqualTo(run(retrain).plain());
    }

    @Test
    void retrainingIsDeterministicWithOneThread() {
        FeedbackLoop.Options o = new FeedbackLoop.Options(2, 5, 0.3, 0.2, true, 0.5, 7, false, R);
        assertThat(run(o).safeguarded()).isEqualTo(run(o).safeguarded());
    }

    @Test
    void badOptionsAreRefusedWithAReason() {
        assertThatThrownBy(() -> new FeedbackLoop.Options(0, 5, 0, 0, false, 0.5, 1, false, R)).hasMessage("--rounds must be at least 1, got 0");
        assertThatThrownBy(() -> new FeedbackLoop.Options(1, 0, 0, 0, false, 0.5, 1, false, R)).hasMessage("-n must be at least 1, got 0");
        assertThatThrownBy(() -> new FeedbackLoop.Options(1, 5, 1.5, 0, false, 0.5, 1, false, R))
                .hasMessage("--diversity must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> new FeedbackLoop.Options(1, 5, 0, -0.1, false, 0.5, 1, false, R))
                .hasMessage("--explore must be between 0 and 1, got -0.1");
        assertThatThrownBy(() -> new FeedbackLoop.Options(1, 5, 0, 0, false, 1, 1, false, R))
                .hasMessage("--future must be between 0 and 1 (exclusive), got 1.0");
        assertThatThrownBy(() -> new FeedbackLoop.Options(1, 5, 0, 0, false, Double.NaN, 1, false, R))
                .hasMessageContaining("--future must be between 0 and 1");
        assertThatThrownBy(() -> new FeedbackLoop.Options(1, 5, 0, 0, false, 0.5, 1, false, null))
                .hasMessage("a ranking (rating or relevance) is required");
    }
}
