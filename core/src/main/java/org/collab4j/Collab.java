package org.collab4j;

import java.nio.file.Path;

import org.collab4j.algo.dotbias.DotProductBias;
import org.collab4j.api.TrainRequest;
import org.collab4j.api.Trained;
import org.collab4j.api.Training;
import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.DatasetRegistry;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Progress;
import org.collab4j.data.Split;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Recommender;
import org.collab4j.train.Adam;
import org.collab4j.train.Learner;
import org.collab4j.train.Provenance;
import org.collab4j.train.TrainConfig;

/**
 * The short way in: load a data set by name or path, train any model by name, and ask the
 * trained model for recommendations, whoever asks.
 *
 * <pre>{@code
 * Dataset ml = Collab.load("ml-100k");
 * Split split = Splits.random(ml.ratings(), 0.2, 42);
 * Trained run = Collab.train(ml, split, "dot-bias", TrainConfig.defaults());
 * run.report().validRmse();                                  // the train command's --json, as a record
 * Recommendations recs = Collab.recommendations(run.trainedModel());
 * recs.recommend(Requester.known("196"), 10);                 // a user of the model
 * recs.recommend(Requester.rated(new String[] {"50", "172"}, new float[] {5, 4}), 10); // a new user, folded in
 * recs.recommend(Requester.genres(List.of("Horror"), Demographics.NONE), 10);          // a new user who likes horror
 * recs.similar(recs.resolveItem("Star Wars"), 10);
 * }</pre>
 *
 * <p>fastai's way, a {@link Learner} to drive by hand, is here too ({@link #learner}).
 */
public final class Collab {
    private Collab() {
    }

    /**
     * A known data set by name (resolved under {@code $COLLAB4J_DATA} or {@code ~/.collab4j/data},
     * downloaded and verified when missing) or a path to a ratings file or folder.
     */
    public static Dataset load(String nameOrPath) {
        Path dir = DatasetRegistry.defaultDataDir(null);
        Path path = new DatasetRegistry().resolve(nameOrPath, dir, true, Progress.NONE);
        return DataLoader.load(path, LoadOptions.defaults());
    }

    /** Trains model {@code model} (e.g. {@code dot-bias}, {@code nn}, {@code als}) with {@code config}; see {@link Training}. */
    public static Trained train(Dataset data, Split split, String model, TrainConfig config) {
        return train(data, split, TrainRequest.of(model, config));
    }

    /** Trains as {@code request} says (held-out cold or new users, early stopping, callbacks); see {@link Training}. */
    public static Trained train(Dataset data, Split split, TrainRequest request) {
        return Training.run(data, split, request);
    }

    /** Recommendations and similar items of a trained model, for any {@link org.collab4j.recommend.Requester}. */
    public static Recommendations recommendations(TrainedModel model) {
        return new Recommendations(model);
    }

    /**
     * fastai's {@code collab_learner(dls, n_factors, y_range)}: a dot-bias model with
     * {@code y_range} derived from the rating scale, Adam, batch size 64, all cores, seed 42.
     */
    public static Learner learner(Dataset data, Split split, int factors) {
        DotProductBias model = new DotProductBias(data.ratings().numUsers(), data.ratings().numItems(), factors,
                data.ratings().scale().defaultYRange(), 42);
        return new Learner(model, data.ratings(), split, new Adam(), 64, Runtime.getRuntime().availableProcessors(), 42);
    }

    /** Bundles a trained learner's model with the data set's ids, titles and training ratings. */
    public static TrainedModel export(Learner learner, Dataset data) {
        Split split = learner.split();
        return TrainedModel.of(learner.model(), data.ratings(), split.train(), data.items(), data.users(),
                Provenance.of(learner.model().kind(), data.name(), split.name(), null).counts(split.numTrain(), split.numValid()).build());
    }

    /** A recommender over a trained learner's model. */
    public static Recommender recommender(Learner learner, Dataset data) {
        return new Recommender(export(learner, data));
    }
}
