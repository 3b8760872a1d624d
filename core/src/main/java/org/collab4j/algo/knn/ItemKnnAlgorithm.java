package org.collab4j.algo.knn;

import java.util.List;

import org.collab4j.model.ModelCodec;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ImplicitTrainer;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;

/** {@code item-knn}: the item neighbourhood model with baselines ({@link ItemKnnTrainer}, {@link ItemKnnModel}). */
public final class ItemKnnAlgorithm implements Algorithm {
    private final ItemKnnTrainer trainer = new ItemKnnTrainer();
    private final ImplicitItemKnnTrainer implicit = new ImplicitItemKnnTrainer();

    @Override
    public String name() {
        return ItemKnnTrainer.KIND;
    }

    @Override
    public String description() {
        return "item neighbourhood model on baseline-adjusted Pearson similarity with shrinkage (Surprise's KNNBaseline)";
    }

    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withEpochs(1);
    }

    @Override
    public List<OptionSpec> options() {
        return ItemKnnTrainer.OPTIONS;
    }

    @Override
    public ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public List<ModelCodec> codecs() {
        return List.of(new ItemKnnCodec(), new ImplicitItemKnnCodec());
    }

    /** On interactions (or ratings turned into positives) the same name is the implicit library's item-item model. */
    @Override
    public ImplicitTrainer implicitTrainer() {
        return implicit;
    }
}
