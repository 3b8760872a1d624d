package org.collab4j.algo.knn;

import org.collab4j.train.AlgorithmDescriptor;
import org.collab4j.train.ImplicitTrainer;
import org.collab4j.train.TrainConfig;

/** {@code item-knn}: the item neighbourhood model with baselines ({@link ItemKnnTrainer}, {@link ItemKnnModel}). */
public final class ItemKnnAlgorithm extends AlgorithmDescriptor {
    private final ImplicitItemKnnTrainer implicit = new ImplicitItemKnnTrainer();

    public ItemKnnAlgorithm() {
        super(ItemKnnTrainer.KIND, "item neighbourhood model on baseline-adjusted Pearson similarity with shrinkage (Surprise's KNNBaseline)",
                TrainConfig.defaults().withEpochs(1), new ItemKnnTrainer(), ItemKnnTrainer.OPTIONS, new ItemKnnCodec(), new ImplicitItemKnnCodec());
    }

    /** On interactions (or ratings turned into positives) the same name is the implicit library's item-item model. */
    @Override
    public ImplicitTrainer implicitTrainer() {
        return implicit;
    }
}
