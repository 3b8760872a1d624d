package org.collab4j.algo.ease;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code ease}: {@link EaseTrainer}, {@link EaseModel}. */
public final class EaseAlgorithm implements Algorithm {
    private final EaseTrainer trainer = new EaseTrainer();

    @Override
    public String name() {
        return EaseModel.KIND;
    }

    @Override
    public String description() {
        return "implicit feedback: Steck's EASE, a closed-form item-item model (dense inverse; catalogues up to max-items)";
    }

    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withEpochs(1);
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
        return List.of(new EaseCodec());
    }
}
