package org.collab4j.algo.dotbias;

import org.collab4j.train.Callback;
import org.collab4j.train.History;
import org.collab4j.train.Learner;
import org.collab4j.train.Recipes;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.features.Features;
import org.collab4j.train.SideInputs;

/** {@code dot-bias} when side information is given ({@code features=...}; options checked by {@link DotBiasTrainer}): trains a {@link FeatureDotBias}. */
final class FeatureDotBiasTrainer {
    private FeatureDotBiasTrainer() {
    }

    static TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        Features features = SideInputs.features(data, config, split.train());
        FeatureDotBias model = new FeatureDotBias(data.ratings().numUsers(), data.ratings().numItems(), config.factors(), features,
                Recipes.yRange(data, config), DotProductBias.Options.defaults(), config.seed(), true);
        Learner learner = Recipes.learner(model, data, split, config);
        for (Callback cb : callbacks) learner.addCallback(cb);
        History h = Recipes.run(learner, config);
        return new TrainResult(model, h);
    }
}
