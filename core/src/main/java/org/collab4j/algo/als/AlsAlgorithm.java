package org.collab4j.algo.als;

import java.util.List;

import org.collab4j.io.FactorModelCodec;
import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code als}: alternating least squares with weighted-lambda regularisation ({@link AlsTrainer}), a factor model. */
public final class AlsAlgorithm implements Algorithm {
    private final AlsTrainer trainer = new AlsTrainer();

    @Override
    public String name() {
        return AlsTrainer.KIND;
    }

    @Override
    public String description() {
        return "alternating least squares with weighted-lambda regularisation and biases (Zhou et al. 2008)";
    }

    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withFactors(20).withEpochs(10).withWd(0.14);
    }

    @Override
    public List<OptionSpec> options() {
        return AlsTrainer.OPTIONS;
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new FactorModelCodec());
    }
}
