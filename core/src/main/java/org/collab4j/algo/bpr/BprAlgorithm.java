package org.collab4j.algo.bpr;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code bpr}: {@link BprTrainer}, {@link BprModel}. */
public final class BprAlgorithm implements Algorithm {
    private final BprTrainer trainer = new BprTrainer();

    @Override
    public String name() {
        return BprModel.KIND;
    }

    @Override
    public String description() {
        return "implicit feedback: Bayesian Personalised Ranking (Rendle et al. 2009) with item biases, parallel SGD, uniform or WARP-style negatives";
    }

    /** The best settings on a validation part of the MovieLens 100k implicit split (docs/benchmarks.md). */
    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withFactors(64).withEpochs(100).withLr(0.02);
    }

    @Override
    public List<OptionSpec> options() {
        return trainer.options();
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new BprCodec());
    }
}
