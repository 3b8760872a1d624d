package org.collab4j.algo;

import java.util.List;
import java.util.Map;

import org.collab4j.data.Confidence;
import org.collab4j.data.DataSplit;
import org.collab4j.data.Holdout;
import org.collab4j.data.ReferenceSplit;
import org.collab4j.eval.TopNEvaluation;
import org.collab4j.model.RatingModel;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.TrainConfig;

/** Trains a top-N model on the fixed MovieLens 100k implicit split and scores it as the reference table does. */
public final class ImplicitReference {
    private static DataSplit split;

    private ImplicitReference() {
    }

    public static synchronized DataSplit split() {
        if (split == null) split = ReferenceSplit.load();
        return split;
    }

    public static RatingModel train(ModelTrainer trainer, Map<String, String> options) {
        DataSplit ds = split();
        TrainConfig config = TrainConfig.defaults().withEpochs(1).withThreads(2);
        for (Map.Entry<String, String> e : options.entrySet()) config = config.withExtra(e.getKey(), e.getValue());
        return trainer.train(ds.data(), ds.split(), config, List.of()).model();
    }

    /** recall@20, ndcg@20, hr@10, coverage@20 and the rest, full ranking, training items excluded. */
    public static TopNEvaluation.Result evaluate(RatingModel model) {
        DataSplit ds = split();
        return TopNEvaluation.evaluate(model, ds.data().ratings(), Holdout.of(ds.split()), Confidence.NONE, new int[] {10, 20}, 2);
    }
}
