package org.collab4j.algo.dotbias;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TinyData;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

class DotBiasWarmupTest {
    static FactorModel train() {
        Dataset data = TinyData.dataset();
        Split split = Splits.random(data.ratings(), 0.2, 3);
        TrainConfig c = new TrainConfig(8, 20, 5e-3, 0.1, 4, "adam", "one-cycle", null, 1, 7, Map.of());
        return (FactorModel) new DotBiasTrainer().train(data, split, c, List.of()).model();
    }

    @Test
    void itTrainsItsOwnModelForABoundedNumberOfEpochsAndEndsByItself() throws InterruptedException {
        DotBiasWarmup w = DotBiasWarmup.start();
        w.join();
        assertThat(w.epochs()).isEqualTo(DotBiasWarmup.EPOCHS);
    }

    @Test
    void closingItStopsItAfterTheEpochInProgress() throws InterruptedException {
        DotBiasWarmup w = DotBiasWarmup.start();
        w.close();
        w.join();
        assertThat(w.epochs()).isLessThanOrEqualTo(1);
    }

    @Test
    void aTrainingBesideItGivesTheSameModelBitForBit() throws InterruptedException {
        FactorModel alone = train();
        DotBiasWarmup w = DotBiasWarmup.start();
        FactorModel beside = train();
        w.join();
        assertSameBitForBit(beside, alone);
    }

    static void assertSameBitForBit(FactorModel beside, FactorModel alone) {
        assertThat(beside.userFactors()).containsExactly(alone.userFactors());
        assertThat(beside.itemFactors()).containsExactly(alone.itemFactors());
        assertThat(beside.userBias()).containsExactly(alone.userBias());
        assertThat(beside.itemBias()).containsExactly(alone.itemBias());
        assertThat(beside.global()).isEqualTo(alone.global());
    }
}
