package org.collab4j.algo.blend;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code blend}: a linear blend of other models ({@link BlendTrainer}, {@link BlendModel}). */
public final class BlendAlgorithm extends AlgorithmDescriptor {
    public BlendAlgorithm() {
        super(BlendTrainer.KIND, "linear blend of models (default autoencoder + bpmf), weights fitted on ratings held out from training",
                TrainConfig.defaults(), new BlendTrainer(), BlendTrainer.OPTIONS, new BlendCodec());
    }

    /** The blend's own options, and each component's options checked by that component's algorithm. */
    @Override
    public Validated validate(TrainConfig config) {
        BlendTrainer.Plan plan = BlendTrainer.plan(config);
        return new Validated(config.withExtras(plan.canonical()), plan.warnings());
    }
}
