package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.Split;
import org.collab4j.model.RatingModel;
import org.junit.jupiter.api.Test;

/** The solvers' reporters: the calls each callback gets for a sweep, the history, and a callback's stop. */
class SweepEpochsTest {
    /** Writes down every call, and asks to stop after {@code stopAfter} epochs. */
    static final class Recorder implements EpochModelCallback {
        final List<String> calls = new ArrayList<>();
        final int stopAfter;
        int epochs;

        Recorder(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void beforeFit(int epochs, int batchesPerEpoch) {
            calls.add("beforeFit " + epochs + " " + batchesPerEpoch);
        }

        @Override
        public void beforeEpoch(int epoch) {
            calls.add("beforeEpoch " + epoch);
        }

        @Override
        public void afterBatch(int epoch, int batch, double lr, double loss) {
            calls.add("afterBatch " + epoch + " " + batch + " " + lr + " " + loss);
        }

        @Override
        public void afterEpoch(EpochResult r) {
            epochs++;
            calls.add("afterEpoch " + r.epoch() + " " + r.trainLoss() + " " + r.validLoss());
        }

        @Override
        public boolean stop() {
            return epochs >= stopAfter;
        }

        @Override
        public void afterFit() {
            calls.add("afterFit");
        }

        @Override
        public void epochModel(int epoch, RatingModel model) {
            calls.add("epochModel " + epoch + " " + model.kind());
        }
    }

    @Test
    void aRatingSolversSweepsAreEpochsOfOneBatch() {
        Recorder rec = new Recorder(2);
        EpochReporter r = new EpochReporter(null, new Split("none", new int[0], new int[0]), List.of(rec));
        r.beforeFit(3);
        r.beforeEpoch(0);
        assertThat(r.afterEpoch(0, 0.5, 0.25)).isFalse();
        r.beforeEpoch(1);
        assertThat(r.afterEpoch(1, 0.375, Double.NaN)).as("the callback asks to stop after two").isTrue();
        History h = r.afterFit();
        assertThat(rec.calls).containsExactly("beforeFit 3 1", "beforeEpoch 0", "afterBatch 0 0 0.0 0.5", "afterEpoch 0 0.5 0.25",
                "beforeEpoch 1", "afterBatch 1 0 0.0 0.375", "afterEpoch 1 0.375 NaN", "afterFit");
        assertThat(h.epochs()).extracting(EpochResult::trainLoss).containsExactly(0.5, 0.375);
        assertThat(h.epochs()).allSatisfy(e -> assertThat(e.seconds()).isGreaterThanOrEqualTo(0));
        assertThatThrownBy(() -> r.afterEpoch(2, Double.NaN, 0.0)).isInstanceOf(TrainingDivergedException.class);
    }

    @Test
    void aTopNSolverHandsItsModelOverBeforeTheEpoch() {
        Recorder rec = new Recorder(5);
        TopNEpochs t = new TopNEpochs(List.of(rec));
        assertThat(t.wantsModels()).isTrue();
        RatingModel model = new org.collab4j.algo.popularity.PopularityModel(1, new float[] {3, 1});
        t.beforeFit(1);
        t.beforeEpoch(0);
        assertThat(t.afterEpoch(0, Double.NaN, model)).isFalse();
        assertThat(t.afterFit().epochs()).hasSize(1);
        assertThat(rec.calls).containsExactly("beforeFit 1 1", "beforeEpoch 0", "epochModel 0 popularity", "afterBatch 0 0 0.0 NaN",
                "afterEpoch 0 NaN NaN", "afterFit");
        assertThat(new TopNEpochs(List.of()).wantsModels()).isFalse();
        assertThatThrownBy(() -> t.afterEpoch(1, Double.POSITIVE_INFINITY, model)).isInstanceOf(TrainingDivergedException.class);
    }
}
