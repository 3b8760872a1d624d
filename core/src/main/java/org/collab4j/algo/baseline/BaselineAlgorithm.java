package org.collab4j.algo.baseline;

import java.util.List;

import org.collab4j.io.FactorModelCodec;
import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code baseline}: the global mean and damped user and item biases ({@link BaselineTrainer}), a factor model without factors. */
public final class BaselineAlgorithm implements Algorithm {
    private final BaselineTrainer trainer = new BaselineTrainer();

    @Override
    public String name() {
        return BaselineTrainer.KIND;
    }

    @Override
    public String description() {
        return "global mean + user and item biases (Koren's baseline estimates, damped ALS)";
    }

    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withEpochs(10);
    }

    @Override
    public List<OptionSpec> options() {
        return BaselineTrainer.OPTIONS;
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
