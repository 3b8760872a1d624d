package org.collab4j.spark.ml;

import org.apache.spark.ml.util.MLReader;
import org.collab4j.algo.ials.IalsModel;
import org.collab4j.model.TrainedModel;

/**
 * A trained {@link ImplicitAls}: MLlib's {@code ALSModel} with {@code implicitPrefs} for a collab4j
 * {@code ials} model. {@code transform} adds the preference score {@code x_u . y_i} of each pair,
 * MLlib's own prediction and what {@code collab4j recommend} ranks by: a ranking score, not a
 * rating (near 1 for a pair the user would interact with, near 0 for one they would not). The
 * recommendations leave out the items each user interacted with in training; persistence is that
 * of every {@link RecommenderModel} ({@code path/data/model.c4j} is an ordinary {@code ials} model
 * file, its confidence rule recorded, which {@code collab4j serve} loads and folds events into).
 */
public final class ImplicitAlsModel extends RecommenderModel<ImplicitAlsModel> implements HasImplicitAlsParams {
    private static final long serialVersionUID = 1L;
    private final ImplicitAlsParams p;

    public ImplicitAlsModel(String uid, TrainedModel model) {
        super(uid, model);
        if (!(model.model() instanceof IalsModel))
            throw new IllegalArgumentException("an implicit ALS Spark model needs an ials model, got " + model.kind());
        this.p = new ImplicitAlsParams(this);
        p.setDefaults(this);
    }

    @Override
    public ImplicitAlsParams implicitAlsParams() {
        return p;
    }

    @Override
    ImplicitAlsModel make(String uid, TrainedModel model) {
        return new ImplicitAlsModel(uid, model);
    }

    /** MLlib's reader ({@code Pipeline} loading calls it through reflection). */
    public static MLReader<ImplicitAlsModel> read() {
        return new Reader<>(ImplicitAlsModel.class, ImplicitAlsModel::new);
    }

    public static ImplicitAlsModel load(String path) {
        return read().load(path);
    }
}
