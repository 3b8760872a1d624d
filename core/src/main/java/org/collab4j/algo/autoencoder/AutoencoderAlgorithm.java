package org.collab4j.algo.autoencoder;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code autoencoder}: the item-based autoencoder with kernelised weights ({@link AutoencoderTrainer}, {@link AutoencoderModel}). */
public final class AutoencoderAlgorithm implements Algorithm {
    private final AutoencoderTrainer trainer = new AutoencoderTrainer();

    @Override
    public String name() {
        return AutoencoderTrainer.KIND;
    }

    @Override
    public String description() {
        return "item-based autoencoder with kernelised (learned sparse) weights, trained by L-BFGS (Muller et al. 2018; GLocal-K's local stage)";
    }

    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withEpochs(AutoencoderTrainer.DEFAULT_ITERATIONS);
    }

    @Override
    public List<OptionSpec> options() {
        return AutoencoderTrainer.OPTIONS;
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new AutoencoderCodec());
    }
}
