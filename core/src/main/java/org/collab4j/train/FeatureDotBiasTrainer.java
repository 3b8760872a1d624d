package org.collab4j.train;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.eval.Split;
import org.collab4j.features.Features;
import org.collab4j.features.SideInputs;
import org.collab4j.model.DotProductBias;
import org.collab4j.model.FeatureDotBias;

/** {@code dot-bias} when side information is given ({@code features=...}): trains a {@link FeatureDotBias}. */
final class FeatureDotBiasTrainer {
    private FeatureDotBiasTrainer() {
    }

    static TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        Features features = SideInputs.features(data, config, split.train());
        FeatureDotBias model = new FeatureDotBias(data.ratings().numUsers(), data.ratings().numItems(), config.factors(), features,
                DotBiasTrainer.yRange(data, config), DotProductBias.Options.defaults(), config.seed(), true);
        Learner learner = DotBiasTrainer.learner(model, data, split, config);
        for (Callback cb : callbacks) learner.addCallback(cb);
        History h = DotBiasTrainer.run(learner, config);
        return new TrainResult(model, h);
    }
}
