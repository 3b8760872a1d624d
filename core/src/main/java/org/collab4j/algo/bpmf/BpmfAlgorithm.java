package org.collab4j.algo.bpmf;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code bpmf}: Bayesian probabilistic matrix factorisation by Gibbs sampling ({@link BpmfTrainer}, {@link BpmfModel}). */
public final class BpmfAlgorithm implements Algorithm {
    private final BpmfTrainer trainer = new BpmfTrainer();

    @Override
    public String name() {
        return BpmfTrainer.KIND;
    }

    @Override
    public String description() {
        return "Bayesian PMF by Gibbs sampling with Normal-Wishart hyperpriors (Salakhutdinov & Mnih 2008)";
    }

    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withFactors(20);
    }

    @Override
    public List<OptionSpec> options() {
        return BpmfTrainer.OPTIONS;
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new BpmfCodec());
    }
}
