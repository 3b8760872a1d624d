package org.collab4j.algo.bpr;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code bpr}: {@link BprTrainer}, {@link BprModel}. */
public final class BprAlgorithm extends AlgorithmDescriptor {
    /** Its defaults are the best settings on a validation part of the MovieLens 100k implicit split (docs/benchmarks.md). */
    public BprAlgorithm() {
        super(BprModel.KIND, "implicit feedback: Bayesian Personalised Ranking (Rendle et al. 2009) with item biases, parallel SGD, uniform or WARP-style negatives",
                TrainConfig.defaults().withFactors(64).withEpochs(100).withLr(0.02), new BprTrainer(), new BprCodec());
    }
}
