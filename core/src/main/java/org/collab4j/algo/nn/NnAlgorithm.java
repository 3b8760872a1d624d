package org.collab4j.algo.nn;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;

/** {@code nn}: fastai's EmbeddingNN ({@link NnTrainer}), optionally with side information. */
public final class NnAlgorithm implements Algorithm {
    private final NnTrainer trainer = new NnTrainer();

    @Override
    public String name() {
        return EmbeddingNN.KIND;
    }

    @Override
    public String description() {
        return "fastai's EmbeddingNN: concatenated embeddings (+ side information) through Linear-ReLU-BatchNorm layers";
    }

    @Override
    public List<OptionSpec> options() {
        return NnTrainer.OPTIONS;
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new EmbeddingNNCodec());
    }
}
