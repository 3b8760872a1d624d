package org.collab4j.algo.blend;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code blend}: a linear blend of other models ({@link BlendTrainer}, {@link BlendModel}). */
public final class BlendAlgorithm implements Algorithm {
    private final BlendTrainer trainer = new BlendTrainer();

    @Override
    public String name() {
        return BlendTrainer.KIND;
    }

    @Override
    public String description() {
        return "linear blend of models (default autoencoder + bpmf), weights fitted on ratings held out from training";
    }

    @Override
    public List<OptionSpec> options() {
        return BlendTrainer.OPTIONS;
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new BlendCodec());
    }

    /** The blend's own options, and each component's options checked by that component's algorithm. */
    @Override
    public Validated validate(TrainConfig config) {
        BlendTrainer.Plan plan = BlendTrainer.plan(config);
        return new Validated(config.withExtras(plan.canonical()), plan.warnings());
    }
}
