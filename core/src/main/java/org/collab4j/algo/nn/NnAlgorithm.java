package org.collab4j.algo.nn;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code nn}: fastai's EmbeddingNN ({@link NnTrainer}), optionally with side information. */
public final class NnAlgorithm extends AlgorithmDescriptor {
    public NnAlgorithm() {
        super(EmbeddingNN.KIND, "fastai's EmbeddingNN: concatenated embeddings (+ side information) through Linear-ReLU-BatchNorm layers",
                TrainConfig.defaults(), new NnTrainer(), NnTrainer.OPTIONS, new EmbeddingNNCodec());
    }
}
