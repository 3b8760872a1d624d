package org.collab4j.spark.ml;

import static org.apache.spark.sql.functions.col;

import java.util.List;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.collab4j.model.TrainedModel;
import org.collab4j.spark.SparkTrainer;
import org.collab4j.train.TrainConfig;

/**
 * What collab4j's Spark ML estimators share: MLlib's {@code ALS} setters, the schema check, and a
 * {@code fit} that numbers the data set's ids and trains one {@code spark train} engine on all of
 * it (nothing held out), through {@link SparkTrainer} as the command does.
 *
 * @param <E> the estimator (what the setters return)
 * @param <M> its model
 */
public abstract class RecommenderEstimator<E extends RecommenderEstimator<E, M>, M extends Model<M>> extends Estimator<M>
        implements DefaultParamsWritable, HasRecommenderParams {
    private static final long serialVersionUID = 1L;
    private final String uid;

    RecommenderEstimator(String uid) {
        this.uid = uid;
    }

    @Override
    public final String uid() {
        return uid;
    }

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    public E setUserCol(String v) { set(userCol(), v); return self(); }
    public E setItemCol(String v) { set(itemCol(), v); return self(); }
    public E setRatingCol(String v) { set(ratingCol(), v); return self(); }
    public E setPredictionCol(String v) { set(predictionCol(), v); return self(); }
    public E setColdStartStrategy(String v) { set(coldStartStrategy(), v); return self(); }
    public E setRank(int v) { set(rank(), v); return self(); }
    public E setMaxIter(int v) { set(maxIter(), v); return self(); }
    public E setRegParam(double v) { set(regParam(), v); return self(); }
    public E setSeed(long v) { set(seed(), v); return self(); }

    /** The engine of {@code spark train} and its configuration, from the parameters. */
    abstract SparkTrainer.Job job();

    /** The model of the trained collab4j model, with this estimator's parameters. */
    abstract M model(TrainedModel trained);

    /** The training options shared with {@code collab4j train}, from the parameters: rank, iterations, regularisation, seed. */
    TrainConfig config(double stepSize) {
        return new TrainConfig((Integer) $(rank()), (Integer) $(maxIter()), stepSize, (Double) $(regParam()), 64, "sgd", "constant", null, 1,
                (Long) $(seed()), java.util.Map.of());
    }

    /** A job of {@code engine} on a data frame given to {@code fit}: no split, no file, no top-N. */
    static SparkTrainer.Job job(String engine, TrainConfig config, int blocks) {
        return new SparkTrainer.Job("spark ml dataset", null, false, engine, config, "none", 0, null, blocks, null, null, 10);
    }

    @Override
    public M fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        SparkSession spark = dataset.sparkSession();
        Dataset<Row> ratings = dataset.select(col($(userCol())).cast("string").as("user"), col($(itemCol())).cast("string").as("item"),
                col($(ratingCol())).cast("float").as("rating")).na().drop();
        SparkTrainer.Prepared prepared = SparkTrainer.fromFrame(spark, ratings, "the data set given to fit");
        try {
            SparkTrainer.Outcome o = SparkTrainer.train(spark, prepared, job(), List.of(), msg -> { });
            return copyValues(model(o.model()).setParent(this), extractParamMap());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            prepared.release();
        }
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return RecommenderParams.transformSchema(schema, $(userCol()), $(itemCol()), $(ratingCol()), $(predictionCol()), true);
    }

    @Override
    public E copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
