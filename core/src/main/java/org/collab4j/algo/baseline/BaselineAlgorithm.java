package org.collab4j.algo.baseline;

import org.collab4j.io.FactorModelCodec;
import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code baseline}: the global mean and damped user and item biases ({@link BaselineTrainer}), a factor model without factors. */
public final class BaselineAlgorithm extends AlgorithmDescriptor {
    public BaselineAlgorithm() {
        super(BaselineTrainer.KIND, "global mean + user and item biases (Koren's baseline estimates, damped ALS)",
                TrainConfig.defaults().withEpochs(10), new BaselineTrainer(), BaselineTrainer.OPTIONS, new FactorModelCodec());
    }
}
