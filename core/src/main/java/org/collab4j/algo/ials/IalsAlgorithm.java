package org.collab4j.algo.ials;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code ials}: {@link IalsTrainer}, {@link IalsModel}. */
public final class IalsAlgorithm implements Algorithm {
    private final IalsTrainer trainer = new IalsTrainer();

    @Override
    public String name() {
        return IalsModel.KIND;
    }

    @Override
    public String description() {
        return "implicit feedback: weighted ALS (Hu et al. 2008) with Rendle et al. 2022's unobserved weight and scaled regularisation";
    }

    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withFactors(IalsTrainer.DEFAULT_FACTORS).withEpochs(IalsTrainer.DEFAULT_EPOCHS);
    }

    @Override
    public List<OptionSpec> options() {
        return trainer.options();
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new IalsCodec());
    }
}
