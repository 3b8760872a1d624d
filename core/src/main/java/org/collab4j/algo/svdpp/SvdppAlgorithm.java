package org.collab4j.algo.svdpp;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code svdpp}: SVD++ by SGD ({@link SvdppTrainer}, {@link SvdppModel}). */
public final class SvdppAlgorithm extends AlgorithmDescriptor {
    public SvdppAlgorithm() {
        super(SvdppTrainer.KIND, "SVD++ with the implicit 'which items did the user rate' term, by SGD (Koren 2008)",
                TrainConfig.defaults().withFactors(20).withEpochs(60).withLr(0.005).withWd(0.08), new SvdppTrainer(), SvdppTrainer.OPTIONS, new SvdppCodec());
    }
}
