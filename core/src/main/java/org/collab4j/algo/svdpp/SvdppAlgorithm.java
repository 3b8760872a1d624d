package org.collab4j.algo.svdpp;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code svdpp}: SVD++ by SGD ({@link SvdppTrainer}, {@link SvdppModel}). */
public final class SvdppAlgorithm implements Algorithm {
    private final SvdppTrainer trainer = new SvdppTrainer();

    @Override
    public String name() {
        return SvdppTrainer.KIND;
    }

    @Override
    public String description() {
        return "SVD++ with the implicit 'which items did the user rate' term, by SGD (Koren 2008)";
    }

    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withFactors(20).withEpochs(60).withLr(0.005).withWd(0.08);
    }

    @Override
    public List<OptionSpec> options() {
        return SvdppTrainer.OPTIONS;
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new SvdppCodec());
    }
}
