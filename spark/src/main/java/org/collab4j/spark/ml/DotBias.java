package org.collab4j.spark.ml;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.collab4j.model.TrainedModel;
import org.collab4j.spark.SparkTrainer;

/**
 * collab4j's dot-bias model ({@code global + b_u + b_i + p_u . q_i}, squashed into the ratings'
 * range) trained by distributed SGD on a grid of blocks, as a Spark ML {@code Estimator}: the
 * counterpart of MLlib's {@code ALS}, with the same parameter names, usable in a {@code Pipeline}
 * and with {@code CrossValidator} or {@code TrainValidationSplit}.
 *
 * <pre>
 *   DotBias dsgd = new DotBias().setUserCol("userId").setItemCol("movieId").setRatingCol("rating")
 *           .setRank(32).setMaxIter(10).setColdStartStrategy("drop");
 *   DotBiasModel model = dsgd.fit(ratings);
 *   model.transform(test);                  // adds "prediction"
 *   model.recommendForAllUsers(10);         // user, recommendations: [{item, rating}]
 *   model.write().overwrite().save(path);   // path/data/model.c4j is a collab4j model file
 * </pre>
 */
public final class DotBias extends RecommenderEstimator<DotBias, DotBiasModel> implements HasDotBiasParams {
    private static final long serialVersionUID = 1L;
    private final DotBiasParams p;

    public DotBias() {
        this(Identifiable$.MODULE$.randomUID("collab4jDotBias"));
    }

    public DotBias(String uid) {
        super(uid);
        this.p = new DotBiasParams(this);
        p.setDefaults(this);
    }

    @Override
    public DotBiasParams dotBiasParams() {
        return p;
    }

    public DotBias setNumBlocks(int v) { set(p.numBlocks, v); return this; }
    public DotBias setStepSize(double v) { set(p.stepSize, v); return this; }

    @Override
    SparkTrainer.Job job() {
        return job("dsgd", config((Double) $(p.stepSize)), (Integer) $(p.numBlocks));
    }

    @Override
    DotBiasModel model(TrainedModel trained) {
        return new DotBiasModel(uid(), trained);
    }

    /** MLlib's reader of this estimator's saved parameters ({@code Pipeline} loading calls it). */
    public static MLReader<DotBias> read() {
        return new DefaultParamsReader<>();
    }

    public static DotBias load(String path) {
        return read().load(path);
    }
}
