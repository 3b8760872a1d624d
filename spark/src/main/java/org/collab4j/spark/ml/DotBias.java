package org.collab4j.spark.ml;

import static org.apache.spark.sql.functions.col;

import java.util.List;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.collab4j.spark.SparkTrainer;
import org.collab4j.train.TrainConfig;

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
public final class DotBias extends Estimator<DotBiasModel> implements DefaultParamsWritable, HasDotBiasParams {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final DotBiasParams p;

    public DotBias() {
        this(Identifiable$.MODULE$.randomUID("collab4jDotBias"));
    }

    public DotBias(String uid) {
        this.uid = uid;
        this.p = new DotBiasParams(this);
        p.setDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public DotBiasParams dotBiasParams() {
        return p;
    }

    public DotBias setUserCol(String v) { set(p.userCol, v); return this; }
    public DotBias setItemCol(String v) { set(p.itemCol, v); return this; }
    public DotBias setRatingCol(String v) { set(p.ratingCol, v); return this; }
    public DotBias setPredictionCol(String v) { set(p.predictionCol, v); return this; }
    public DotBias setColdStartStrategy(String v) { set(p.coldStartStrategy, v); return this; }
    public DotBias setRank(int v) { set(p.rank, v); return this; }
    public DotBias setMaxIter(int v) { set(p.maxIter, v); return this; }
    public DotBias setNumBlocks(int v) { set(p.numBlocks, v); return this; }
    public DotBias setRegParam(double v) { set(p.regParam, v); return this; }
    public DotBias setStepSize(double v) { set(p.stepSize, v); return this; }
    public DotBias setSeed(long v) { set(p.seed, v); return this; }

    @Override
    public DotBiasModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        SparkSession spark = dataset.sparkSession();
        Dataset<Row> ratings = dataset.select(col($(p.userCol)).cast("string").as("user"), col($(p.itemCol)).cast("string").as("item"),
                col($(p.ratingCol)).cast("float").as("rating")).na().drop();
        SparkTrainer.Prepared prepared = SparkTrainer.fromFrame(spark, ratings, "the data set given to fit");
        try {
            TrainConfig config = new TrainConfig((Integer) $(p.rank), (Integer) $(p.maxIter), (Double) $(p.stepSize), (Double) $(p.regParam), 64,
                    "sgd", "constant", null, 1, (Long) $(p.seed), java.util.Map.of());
            SparkTrainer.Job job = new SparkTrainer.Job("spark ml dataset", null, false, "dsgd", config, "none", 0, null,
                    (Integer) $(p.numBlocks), null, null, 10);
            SparkTrainer.Outcome o = SparkTrainer.train(spark, prepared, job, List.of(), msg -> { });
            return copyValues(new DotBiasModel(uid, o.model()).setParent(this), extractParamMap());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            prepared.release();
        }
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return DotBiasParams.transformSchema(schema, $(p.userCol), $(p.itemCol), $(p.ratingCol), $(p.predictionCol), true);
    }

    @Override
    public DotBias copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** MLlib's reader of this estimator's saved parameters ({@code Pipeline} loading calls it). */
    public static MLReader<DotBias> read() {
        return new DefaultParamsReader<>();
    }

    public static DotBias load(String path) {
        return read().load(path);
    }
}
