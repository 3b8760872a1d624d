package org.collab4j.algo.ials;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.TrainConfig;

/** {@code ials}: {@link IalsTrainer}, {@link IalsModel}. */
public final class IalsAlgorithm extends AlgorithmDescriptor {
    public IalsAlgorithm() {
        super(IalsModel.KIND, "implicit feedback: weighted ALS (Hu et al. 2008) with Rendle et al. 2022's unobserved weight and scaled regularisation",
                TrainConfig.defaults().withFactors(IalsTrainer.DEFAULT_FACTORS).withEpochs(IalsTrainer.DEFAULT_EPOCHS), new IalsTrainer(), new IalsCodec());
    }
}
