package org.collab4j.algo.autoencoder;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code autoencoder}: the item-based autoencoder with kernelised weights ({@link AutoencoderTrainer}, {@link AutoencoderModel}). */
public final class AutoencoderAlgorithm extends AlgorithmDescriptor {
    public AutoencoderAlgorithm() {
        super(AutoencoderTrainer.KIND, "item-based autoencoder with kernelised (learned sparse) weights, trained by L-BFGS (Muller et al. 2018; GLocal-K's local stage)",
                TrainConfig.defaults().withEpochs(AutoencoderTrainer.DEFAULT_ITERATIONS), new AutoencoderTrainer(), AutoencoderTrainer.OPTIONS, new AutoencoderCodec());
    }
}
