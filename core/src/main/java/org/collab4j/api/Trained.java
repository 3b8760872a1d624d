package org.collab4j.api;

import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.History;

/**
 * A finished training run: the model, its report, its history and its provenance. The bundle a
 * model file keeps ({@link #trainedModel()}: ids, titles, each user's training ratings) is built
 * when first asked for, since its seen-item rows cost 8 bytes a training rating.
 */
public final class Trained {
    private final RatingModel model;
    private final TrainReport report;
    private final History history;
    private final Dataset data;
    private final Split split;
    private final Map<String, String> provenance;
    private TrainedModel bundle;

    Trained(RatingModel model, TrainReport report, History history, Dataset data, Split split, Map<String, String> provenance) {
        this.model = model;
        this.report = report;
        this.history = history;
        this.data = data;
        this.split = split;
        this.provenance = provenance;
    }

    /** The scoring model. */
    public RatingModel model() {
        return model;
    }

    public TrainReport report() {
        return report;
    }

    /** Every batch's loss and rate, and the epoch table. */
    public History history() {
        return history;
    }

    /**
     * The split the model was trained on (with any cold or new users held out); null when the
     * trainer let go of the data ({@link Training#releasingData()}).
     */
    public Split split() {
        return split;
    }

    /** Where the model came from ({@link org.collab4j.train.Provenance}). */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * The model bundled with the data set's ids, item and user information, training ratings and provenance.
     *
     * @throws IllegalStateException the trainer let go of the training ratings ({@link Training#releasingData()})
     */
    public synchronized TrainedModel trainedModel() {
        if (bundle == null && data == null)
            throw new IllegalStateException("this run let go of its training ratings while training (Training.releasingData), "
                    + "so it cannot bundle the model with the items each user rated; plan the run without releasingData to save or show the model");
        if (bundle == null) bundle = TrainedModel.of(model, data.ratings(), split.train(), data.items(), data.users(), provenance);
        return bundle;
    }
}
