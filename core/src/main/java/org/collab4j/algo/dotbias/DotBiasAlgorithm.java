package org.collab4j.algo.dotbias;

import org.collab4j.io.FactorModelCodec;
import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code dot-bias}: fastai's DotProductBias ({@link DotBiasTrainer}); a plain factor model, or {@link FeatureDotBias} with features. */
public final class DotBiasAlgorithm extends AlgorithmDescriptor {
    public DotBiasAlgorithm() {
        super(DotProductBias.KIND, "fastai's DotProductBias: factors and biases, sigmoid_range(y_range), SGD/Adam",
                TrainConfig.defaults(), new DotBiasTrainer(), DotBiasTrainer.OPTIONS, new FactorModelCodec(), new FeatureDotBiasCodec());
    }
}
