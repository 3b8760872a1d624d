package org.collab4j.algo.als;

import org.collab4j.io.FactorModelCodec;
import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code als}: alternating least squares with weighted-lambda regularisation ({@link AlsTrainer}), a factor model. */
public final class AlsAlgorithm extends AlgorithmDescriptor {
    public AlsAlgorithm() {
        super(AlsTrainer.KIND, "alternating least squares with weighted-lambda regularisation and biases (Zhou et al. 2008)",
                TrainConfig.defaults().withFactors(20).withEpochs(10).withWd(0.14), new AlsTrainer(), AlsTrainer.OPTIONS, new FactorModelCodec());
    }
}
