package org.collab4j.spark.ml;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.collab4j.model.TrainedModel;
import org.collab4j.spark.SparkTrainer;

/**
 * Implicit-feedback ALS (Hu, Koren and Volinsky 2008) as a Spark ML {@code Estimator}: MLlib's
 * {@code ALS} with {@code implicitPrefs} on a log of interactions whose rating column holds weights
 * (play counts, clicks; 1 for a plain event), trained as {@code collab4j spark train --engine
 * mllib-als --implicit} trains it and converted into a collab4j {@code ials} model with its
 * confidence rule {@code 1 + alpha r} recorded. The same parameter names as MLlib's {@code ALS};
 * usable in a {@code Pipeline} and with {@code TrainValidationSplit}.
 *
 * <pre>
 *   ImplicitAls als = new ImplicitAls().setUserCol("userId").setItemCol("trackId").setRatingCol("plays")
 *           .setRank(64).setAlpha(10).setColdStartStrategy("drop");
 *   ImplicitAlsModel model = als.fit(plays);
 *   model.transform(pairs);                 // adds "prediction": preference scores, not ratings
 *   model.recommendForAllUsers(10);         // user, recommendations: [{item, rating}], unplayed items
 *   model.write().overwrite().save(path);   // path/data/model.c4j is a collab4j ials model file
 * </pre>
 */
public final class ImplicitAls extends RecommenderEstimator<ImplicitAls, ImplicitAlsModel> implements HasImplicitAlsParams {
    private static final long serialVersionUID = 1L;
    private final ImplicitAlsParams p;

    public ImplicitAls() {
        this(Identifiable$.MODULE$.randomUID("collab4jImplicitAls"));
    }

    public ImplicitAls(String uid) {
        super(uid);
        this.p = new ImplicitAlsParams(this);
        p.setDefaults(this);
    }

    @Override
    public ImplicitAlsParams implicitAlsParams() {
        return p;
    }

    public ImplicitAls setAlpha(double v) { set(p.alpha, v); return this; }

    @Override
    SparkTrainer.Job job() {
        // the step is unused by ALS; the engine reads alpha from the options as `--set alpha=A` gives it
        return job(ImplicitAlsParams.ENGINE, config(0.005).withExtra("alpha", Double.toString((Double) $(p.alpha))), 0);
    }

    @Override
    ImplicitAlsModel model(TrainedModel trained) {
        return new ImplicitAlsModel(uid(), trained);
    }

    /** MLlib's reader of this estimator's saved parameters ({@code Pipeline} loading calls it). */
    public static MLReader<ImplicitAls> read() {
        return new DefaultParamsReader<>();
    }

    public static ImplicitAls load(String path) {
        return read().load(path);
    }
}
