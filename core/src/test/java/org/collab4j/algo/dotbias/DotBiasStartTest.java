package org.collab4j.algo.dotbias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.collab4j.model.FactorModel;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** Where a fresh dot-bias model starts: at the training mean when the run cannot carry it there. */
class DotBiasStartTest {
    /** fastai's recipe, the defaults: 5 epochs of one-cycle with a peak lr of 5e-3, batches of 64. */
    static final TrainConfig FASTAI = new TrainConfig(50, 5, 5e-3, 0.1, 64, "adam", "one-cycle",
            new float[] {0f, 5.5f}, 1, 42, Map.of());

    static FactorModel fresh() {
        return FactorModel.initialized(DotProductBias.KIND, 10, 10, 4, 0.01f, 0f, new float[] {0f, 5.5f}, 3);
    }

    @Test
    void aRunTooShortToReachTheMeanStartsThere() {
        // 236 training ratings: 4 batches an epoch, 20 steps, reach 20 x 2.5e-3 = 0.05 against
        // the distance logit(3.6 / 5.5) = 0.639 from the middle of y_range
        FactorModel m = fresh();
        assertThat(DotBiasTrainer.startAtTheMeanWhenOutOfReach(m, 3.6, 236, FASTAI)).isTrue();
        assertThat(m.global()).isCloseTo((float) Math.log(3.6 / 1.9), within(1e-6f));
        // factors and biases of std 0.01 (about 0.03 on the 5.5-wide range): every prediction is the mean, to a few hundredths
        for (int u = 0; u < 10; u++) for (int i = 0; i < 10; i++) assertThat(m.predict(u, i)).isCloseTo(3.6f, within(0.05f));
    }

    @Test
    void aRunThatReachesTheMeanStartsAtTheMiddleAsFastaiDoes() {
        // MovieLens 100k's 80,000: 6,250 steps, reach 15.6
        FactorModel m = fresh();
        assertThat(DotBiasTrainer.startAtTheMeanWhenOutOfReach(m, 3.53, 80_000, FASTAI)).isFalse();
        assertThat(m.global()).isZero();
        assertThat(m.predict(0, 0)).isCloseTo(2.75f, within(0.01f));
    }

    @Test
    void theReachIsTenTimesTheDistanceCountingHalfThePeakRateUnderOneCycle() {
        double needed = DotBiasTrainer.REACH * Math.log(3.6 / 1.9) / (5e-3 / 2); // steps at half the peak rate
        int perEpoch = (int) Math.ceil(needed / 5);
        assertThat(DotBiasTrainer.startAtTheMeanWhenOutOfReach(fresh(), 3.6, perEpoch * 64, FASTAI)).isFalse();
        assertThat(DotBiasTrainer.startAtTheMeanWhenOutOfReach(fresh(), 3.6, (perEpoch - 1) * 64, FASTAI)).isTrue();
        // a constant rate reaches as far in half the steps
        TrainConfig constant = new TrainConfig(50, 5, 5e-3, 0.1, 64, "adam", "constant", new float[] {0f, 5.5f}, 1, 42, Map.of());
        int half = (int) Math.ceil(needed / 2 / 5);
        assertThat(DotBiasTrainer.startAtTheMeanWhenOutOfReach(fresh(), 3.6, half * 64, constant)).isFalse();
        assertThat(DotBiasTrainer.startAtTheMeanWhenOutOfReach(fresh(), 3.6, half * 64, FASTAI)).isTrue();
    }

    @Test
    void aModelWithoutYRangeIsLeftAlone() {
        FactorModel m = FactorModel.initialized(DotProductBias.KIND, 3, 3, 2, 0.01f, 0f, null, 3);
        assertThat(DotBiasTrainer.startAtTheMeanWhenOutOfReach(m, 3.6, 10, FASTAI)).isFalse();
        assertThat(m.global()).isZero();
    }
}
