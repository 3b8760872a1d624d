package org.collab4j;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.DatasetRegistry;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Progress;
import org.collab4j.data.Split;
import org.collab4j.algo.dotbias.DotProductBias;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.train.Adam;
import org.collab4j.train.Learner;

/**
 * The short way in, as fastai's {@code collab_learner}: load a data set by name or path, get a
 * {@link Learner} for a dot-bias model, and turn the trained learner into a {@link Recommender}.
 *
 * <pre>{@code
 * Dataset ml = Collab.load("ml-100k");
 * Split split = Splits.random(ml.ratings(), 0.2, 42);
 * Learner learn = Collab.learner(ml, split, 50);
 * learn.fitOneCycle(5, 5e-3, 0.1);
 * Recommender rec = Collab.recommender(learn, ml);
 * }</pre>
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
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("model", learner.model().kind());
        prov.put("data", data.name());
        prov.put("split", learner.split().name());
        return TrainedModel.of(learner.model(), data.ratings(), learner.split().train(), data.items(), data.users(), prov);
    }

    /** A recommender over a trained learner's model. */
    public static Recommender recommender(Learner learner, Dataset data) {
        return new Recommender(export(learner, data));
    }
}
