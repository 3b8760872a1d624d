package org.collab4j.algo.autoencoder;

import org.collab4j.train.Fixtures;
import org.collab4j.train.History;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import org.collab4j.train.Algorithms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.eval.Metrics;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.junit.jupiter.api.Test;

public class AutoencoderTrainerTest {
    static TrainConfig small(int iterations) {
        return Algorithms.get("autoencoder").defaults().withEpochs(iterations).withThreads(2).withExtra("hidden", "12")
                .withExtra("l2", "1").withExtra("sparsity", "0.01");
    }

    /** 40 users x 30 items on a 1..5 scale, from a rank-2 model. */
    public static Ratings lowRank() {
        Ratings raw = Fixtures.lowRank(40, 30, 2, 0.5, 0.1, 11, null);
        float[] v = raw.values().clone();
        for (int q = 0; q < v.length; q++) v[q] = Math.min(5, Math.max(1, v[q]));
        return new Ratings(raw.users(), raw.items(), v, null, raw.userIds(), raw.itemIds(), new org.collab4j.data.RatingScale(1, 5));
    }

    @Test
    void learnsALowRankMatrixBetterThanItemMeansAndReportsEachIteration() {
        Ratings r = lowRank();
        Split split = Splits.random(r, 0.2, 3);
        History seen = new History();
        TrainResult res = Algorithms.get("autoencoder").trainer().train(Fixtures.dataset(r), split, small(60), List.of(seen));
        double rmse = Metrics.accuracy(res.model(), r, split.valid()).rmse();
        AutoencoderModel m = (AutoencoderModel) res.model();
        double se = 0;
        for (int v : split.valid()) {
            float mean = AutoencoderModel.fromMeans(m.userMean()[r.user(v)], m.itemMean()[r.item(v)], m.global());
            se += (mean - r.value(v)) * (mean - r.value(v));
        }
        double itemMeans = Math.sqrt(se / split.numValid());
        assertThat(rmse).isLessThan(0.8 * itemMeans);
        assertThat(seen.epochs()).hasSize(60);
        // the per-iteration validation loss is the final model's MSE
        assertThat(Math.sqrt(seen.last().validLoss())).isCloseTo(rmse, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(seen.epochs().get(59).trainLoss()).isLessThan(seen.epochs().get(0).trainLoss());
        for (float p : m.predictions()) assertThat(p).isBetween(1f, 5f);
    }

    @Test
    void sameModelForAnyThreadCount() {
        Ratings r = lowRank();
        Split split = Splits.random(r, 0.2, 3);
        Dataset d = Fixtures.dataset(r);
        AutoencoderModel one = (AutoencoderModel) Algorithms.get("autoencoder").trainer().train(d, split, small(8).withThreads(1), List.of()).model();
        AutoencoderModel two = (AutoencoderModel) Algorithms.get("autoencoder").trainer().train(d, split, small(8).withThreads(2), List.of()).model();
        assertThat(two.predictions()).containsExactly(one.predictions());
    }

    @Test
    void usersAndItemsWithoutTrainingRatingsArePredictedFromMeans() {
        // user 3 and item 3 appear only in the validation rows
        Ratings r = Fixtures.ratings(new double[][] {{0, 0, 5}, {0, 1, 3}, {1, 0, 4}, {1, 2, 2}, {2, 1, 1}, {2, 2, 4}, {3, 0, 2}, {0, 3, 5}, {3, 3, 1}});
        boolean[] valid = new boolean[r.size()];
        valid[6] = valid[7] = valid[8] = true;
        Split split = Splits.fromMask("cold", valid, 3);
        AutoencoderModel m = (AutoencoderModel) Algorithms.get("autoencoder").trainer().train(Fixtures.dataset(r), split, small(3), List.of()).model();
        assertThat(m.predict(3, 0)).isEqualTo(4.5f); // item 0's mean
        assertThat(m.predict(0, 3)).isEqualTo(4f); // user 0's mean
        assertThat(m.predict(3, 3)).isEqualTo(19f / 6); // the global mean
        assertThat(m.predictUnknown(-1, 2)).isEqualTo(3f);
        assertThat(m.predictUnknown(1, -1)).isEqualTo(3f);
        assertThat(m.predictUnknown(-1, -1)).isEqualTo(19f / 6);
        // similar items: the correlation of reconstructed rows; none for the item without training ratings
        float[] sims = new float[4];
        m.similarities(0, sims);
        assertThat(sims[0]).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
        assertThat(sims[1]).isBetween(-1f, 1f);
        assertThat(sims[3]).isNaN();
    }

    @Test
    void badOptionsAreRefusedByName() {
        Ratings r = lowRank();
        Dataset d = Fixtures.dataset(r);
        Split split = Splits.none(r);
        assertThatThrownBy(() -> Algorithms.get("autoencoder").trainer().train(d, split, small(2).withExtra("hidden", "0"), List.of()))
                .hasMessageContaining("hidden");
        assertThatThrownBy(() -> Algorithms.get("autoencoder").trainer().train(d, split, small(2).withExtra("l2", "-1"), List.of()))
                .hasMessageContaining("l2");
        assertThatThrownBy(() -> Algorithms.get("autoencoder").trainer().train(d, split, small(2).withExtra("layers", "3"), List.of()))
                .hasMessageContaining("kernel-dim");
    }
}
