package org.collab4j.algo.popularity;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code popularity}: {@link PopularityTrainer}, {@link PopularityModel}. */
public final class PopularityAlgorithm extends AlgorithmDescriptor {
    public PopularityAlgorithm() {
        super(PopularityModel.KIND, "implicit feedback: the items most users interacted with, for everyone (the baseline of top-N lists)",
                TrainConfig.defaults().withEpochs(1), new PopularityTrainer(), new PopularityCodec());
    }
}
