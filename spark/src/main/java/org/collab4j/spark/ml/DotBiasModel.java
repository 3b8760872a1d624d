package org.collab4j.spark.ml;

import org.apache.spark.ml.util.MLReader;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/**
 * A trained {@link DotBias}: MLlib's {@code ALSModel} for collab4j's dot-bias model. {@code
 * transform} adds the predicted rating; recommendations and persistence are those of every
 * {@link RecommenderModel} (pairs rated in training are never recommended; saved as an ordinary
 * collab4j model file, {@code path/data/model.c4j}).
 */
public final class DotBiasModel extends RecommenderModel<DotBiasModel> implements HasDotBiasParams {
    private static final long serialVersionUID = 1L;
    private final DotBiasParams p;

    public DotBiasModel(String uid, TrainedModel model) {
        super(uid, model);
        if (!(model.model() instanceof FactorModel))
            throw new IllegalArgumentException("a dot-bias Spark model needs a factor model, got " + model.kind());
        this.p = new DotBiasParams(this);
        p.setDefaults(this);
    }

    @Override
    public DotBiasParams dotBiasParams() {
        return p;
    }

    @Override
    DotBiasModel make(String uid, TrainedModel model) {
        return new DotBiasModel(uid, model);
    }

    /** MLlib's reader ({@code Pipeline} loading calls it through reflection). */
    public static MLReader<DotBiasModel> read() {
        return new Reader<>(DotBiasModel.class, DotBiasModel::new);
    }

    public static DotBiasModel load(String path) {
        return read().load(path);
    }
}
