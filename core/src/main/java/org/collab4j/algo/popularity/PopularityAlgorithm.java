package org.collab4j.algo.popularity;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code popularity}: {@link PopularityTrainer}, {@link PopularityModel}. */
public final class PopularityAlgorithm implements Algorithm {
    private final PopularityTrainer trainer = new PopularityTrainer();

    @Override
    public String name() {
        return PopularityModel.KIND;
    }

    @Override
    public String description() {
        return "implicit feedback: the items most users interacted with, for everyone (the baseline of top-N lists)";
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
        return List.of(new PopularityCodec());
    }
}
