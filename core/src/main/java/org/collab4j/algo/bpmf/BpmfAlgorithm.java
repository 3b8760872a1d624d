package org.collab4j.algo.bpmf;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code bpmf}: Bayesian probabilistic matrix factorisation by Gibbs sampling ({@link BpmfTrainer}, {@link BpmfModel}). */
public final class BpmfAlgorithm extends AlgorithmDescriptor {
    public BpmfAlgorithm() {
        super(BpmfTrainer.KIND, "Bayesian PMF by Gibbs sampling with Normal-Wishart hyperpriors (Salakhutdinov & Mnih 2008)",
                TrainConfig.defaults().withFactors(20), new BpmfTrainer(), BpmfTrainer.OPTIONS, new BpmfCodec());
    }
}
