package org.collab4j.algo.ease;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code ease}: {@link EaseTrainer}, {@link EaseModel}. */
public final class EaseAlgorithm extends AlgorithmDescriptor {
    public EaseAlgorithm() {
        super(EaseModel.KIND, "implicit feedback: Steck's EASE, a closed-form item-item model (dense inverse; catalogues up to max-items)",
                TrainConfig.defaults().withEpochs(1), new EaseTrainer(), new EaseCodec());
    }
}
