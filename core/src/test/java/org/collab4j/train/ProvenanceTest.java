package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProvenanceTest {
    @Test
    void everyTrainedModelRecordsTheSameKeysInTheSameOrder() {
        TrainConfig config = new TrainConfig(8, 3, 0.01, 0.05, 32, "sgd", "constant", new float[] {0f, 5.5f}, 2, 7,
                Map.of("bias_l2", "0.02"));
        Map<String, String> p = Provenance.of("dot-bias", "ml-100k", "u1", config).with("engine", "dsgd").counts(80, 20)
                .validation(0.91, 0.72).build();
        assertThat(p.keySet()).containsExactly("collab4j_version", "model", "data", "split", "factors", "epochs", "lr", "wd", "bs",
                "optimizer", "schedule", "y_range", "threads", "seed", "bias_l2", "engine", "n_train", "n_valid", "valid_rmse",
                "valid_mae", "created");
        assertThat(p).containsEntry("model", "dot-bias").containsEntry("data", "ml-100k").containsEntry("split", "u1")
                .containsEntry("factors", "8").containsEntry("optimizer", "sgd").containsEntry("y_range", "0.0,5.5")
                .containsEntry("n_train", "80").containsEntry("n_valid", "20").containsEntry("valid_rmse", "0.91")
                .containsEntry("valid_mae", "0.72").containsEntry("engine", "dsgd");
        assertThat(java.time.Instant.parse(p.get("created"))).isBeforeOrEqualTo(java.time.Instant.now());
    }

    @Test
    void noValidationFiguresWithoutValidationRatingsAndNoHyperparametersWithoutAConfig() {
        Map<String, String> none = Provenance.of("als", "d", "none", TrainConfig.defaults()).counts(100, 0).validation(Double.NaN, Double.NaN)
                .build();
        assertThat(none).doesNotContainKeys("valid_rmse", "valid_mae").containsEntry("n_valid", "0");
        Map<String, String> bare = Provenance.of("dot-bias", "d", "s", null).build();
        assertThat(bare.keySet()).containsExactly("collab4j_version", "model", "data", "split", "created");
    }
}
