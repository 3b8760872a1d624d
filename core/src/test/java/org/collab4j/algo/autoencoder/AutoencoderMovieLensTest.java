package org.collab4j.algo.autoencoder;

import org.collab4j.train.Fixtures;
import org.collab4j.train.History;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import org.collab4j.train.Algorithms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.eval.Metrics;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.junit.jupiter.api.Test;

/**
 * Accuracy band of a small autoencoder on MovieLens 100k's u1 (the full model, 500 hidden units
 * and 300 iterations, takes minutes; docs/notes/classic-and-probabilistic-models.md has its figures): 100 hidden units,
 * 40 L-BFGS iterations.
 */
class AutoencoderMovieLensTest {
    @Test
    void smallNetworkOnU1StaysInsideItsBand() {
        Dataset d = Fixtures.ml100k();
        Split u1 = Splits.official(d, Fixtures.ml100kFolder(), "u1");
        TrainConfig c = Algorithms.get("autoencoder").defaults().withEpochs(40).withThreads(2).withExtra("hidden", "100");
        History h = new History();
        TrainResult res = Algorithms.get("autoencoder").trainer().train(d, u1, c, List.of(h));
        double rmse = Metrics.accuracy(res.model(), d.ratings(), u1.valid()).rmse();
        assertThat(rmse).as("u1 RMSE (0.9570 when written)").isBetween(0.935, 0.975);
        assertThat(h.epochs()).hasSize(40);
        assertThat(h.last().trainLoss()).isLessThan(h.epochs().get(0).trainLoss());
    }
}
