package org.collab4j.algo.dotbias;

import java.util.List;

import org.collab4j.io.FactorModelCodec;
import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;

/** {@code dot-bias}: fastai's DotProductBias ({@link DotBiasTrainer}); a plain factor model, or {@link FeatureDotBias} with features. */
public final class DotBiasAlgorithm implements Algorithm {
    private final DotBiasTrainer trainer = new DotBiasTrainer();

    @Override
    public String name() {
        return DotProductBias.KIND;
    }

    @Override
    public String description() {
        return "fastai's DotProductBias: factors and biases, sigmoid_range(y_range), SGD/Adam";
    }

    @Override
    public List<OptionSpec> options() {
        return DotBiasTrainer.OPTIONS;
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new FactorModelCodec(), new FeatureDotBiasCodec());
    }
}
