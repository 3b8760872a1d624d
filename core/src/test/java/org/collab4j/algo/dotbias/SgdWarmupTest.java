package org.collab4j.algo.dotbias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TinyData;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

class SgdWarmupTest {
    static FactorModel train() {
        Dataset data = TinyData.dataset();
        Split split = Splits.random(data.ratings(), 0.2, 3);
        TrainConfig c = new TrainConfig(32, 30, 0.01, 0.05, 4, "sgd", "constant", null, 1, 7, Map.of());
        return (FactorModel) new DotBiasTrainer().train(data, split, c, List.of()).model();
    }

    @Test
    void itTrainsItsOwnModelForABoundedNumberOfEpochsAndEndsByItself() throws InterruptedException {
        SgdWarmup w = SgdWarmup.start(32);
        w.join();
        assertThat(w.epochs()).isEqualTo(SgdWarmup.EPOCHS);
    }

    @Test
    void closingItStopsItAfterTheEpochInProgress() throws InterruptedException {
        SgdWarmup w = SgdWarmup.start(8);
        w.close();
        w.join();
        assertThat(w.epochs()).isLessThanOrEqualTo(1);
        assertThatThrownBy(() -> SgdWarmup.start(0)).hasMessageContaining("factors must be at least 1");
    }

    @Test
    void aTrainingBesideItGivesTheSameModelBitForBit() throws InterruptedException {
        FactorModel alone = train();
        SgdWarmup w = SgdWarmup.start(32);
        FactorModel beside = train();
        w.join();
        DotBiasWarmupTest.assertSameBitForBit(beside, alone);
    }
}
