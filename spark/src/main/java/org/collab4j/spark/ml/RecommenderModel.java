package org.collab4j.spark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.udf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.collab4j.model.TrainedModel;
import org.collab4j.spark.ModelOutput;

/**
 * What collab4j's Spark ML models share, MLlib's {@code ALSModel} for a collab4j model file:
 * {@code transform} adds the model's score of each (user, item) pair; the {@code recommendFor...}
 * methods give MLlib's shapes (a user column and {@code recommendations: array<struct<item,
 * rating>>}, or an item column and {@code recommendations: array<struct<user, rating>>}), with two
 * differences: ids keep the data's own values (as strings), and pairs seen in training are never
 * recommended (MLlib's recommend them again).
 *
 * <p>Saved with {@code write().save(path)}: MLlib's parameter metadata under {@code path/metadata},
 * and the model as an ordinary collab4j model file, {@code path/data/model.c4j}, which
 * {@code collab4j serve --model} and {@code collab4j recommend --model} read as they are.
 *
 * @param <M> the model (what the setters return)
 */
public abstract class RecommenderModel<M extends RecommenderModel<M>> extends Model<M> implements MLWritable, HasRecommenderParams {
    private static final long serialVersionUID = 1L;
    /** Where the collab4j model file lives inside a saved model's folder. */
    public static final String MODEL_FILE = "data/model.c4j";
    private final String uid;
    private final transient TrainedModel model;

    RecommenderModel(String uid, TrainedModel model) {
        this.uid = uid;
        this.model = model;
    }

    @Override
    public final String uid() {
        return uid;
    }

    /** The collab4j model: ids, titles, the training pairs and provenance, as a model file holds them. */
    public final TrainedModel trainedModel() {
        return model;
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    public M setUserCol(String v) { set(userCol(), v); return self(); }
    public M setItemCol(String v) { set(itemCol(), v); return self(); }
    public M setPredictionCol(String v) { set(predictionCol(), v); return self(); }
    public M setColdStartStrategy(String v) { set(coldStartStrategy(), v); return self(); }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Broadcast<Scorer> b = sc(dataset.sparkSession()).broadcast(new Scorer(model, false));
        UserDefinedFunction predict = udf((UDF2<Object, Object, Float>) (u, i) -> b.value().predict(u, i), DataTypes.FloatType);
        String prediction = $(predictionCol());
        Dataset<Row> out = dataset.withColumn(prediction, predict.apply(col($(userCol())), col($(itemCol()))));
        return "drop".equals($(coldStartStrategy())) ? out.filter(not(isnan(col(prediction)))) : out;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return RecommenderParams.transformSchema(schema, $(userCol()), $(itemCol()), $(ratingCol()), $(predictionCol()), false);
    }

    /** The top {@code n} items of every user of the model, items seen in training left out. */
    public Dataset<Row> recommendForAllUsers(int n) {
        return recommendFor(SparkSession.active(), null, n, false);
    }

    /** The top {@code n} unseen items of each user in {@code dataset}'s user column (users the model does not know are left out). */
    public Dataset<Row> recommendForUserSubset(Dataset<?> dataset, int n) {
        return recommendFor(dataset.sparkSession(), ids(dataset, $(userCol())), n, false);
    }

    /** For every item of the model, the {@code n} users who have not seen it with the highest score. */
    public Dataset<Row> recommendForAllItems(int n) {
        return recommendFor(SparkSession.active(), null, n, true);
    }

    /** The same for the items in {@code dataset}'s item column. */
    public Dataset<Row> recommendForItemSubset(Dataset<?> dataset, int n) {
        return recommendFor(SparkSession.active(), ids(dataset, $(itemCol())), n, true);
    }

    private static Set<String> ids(Dataset<?> dataset, String column) {
        Set<String> out = new HashSet<>();
        for (Row r : dataset.select(col(column).cast("string")).distinct().collectAsList()) if (!r.isNullAt(0)) out.add(r.getString(0));
        return out;
    }

    private Dataset<Row> recommendFor(SparkSession spark, Set<String> only, int n, boolean byItem) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
        Scorer scorer = new Scorer(model, byItem);
        int count = byItem ? model.numItems() : model.numUsers();
        List<Integer> wanted = new ArrayList<>();
        for (int x = 0; x < count; x++) if (only == null || only.contains(scorer.id(x, byItem))) wanted.add(x);
        JavaSparkContext jsc = sc(spark);
        Broadcast<Scorer> b = jsc.broadcast(scorer);
        String key = byItem ? $(itemCol()) : $(userCol()), other = byItem ? $(userCol()) : $(itemCol());
        StructType entry = new StructType().add(other, DataTypes.StringType, false).add("rating", DataTypes.FloatType, false);
        StructType schema = new StructType().add(key, DataTypes.StringType, false)
                .add("recommendations", DataTypes.createArrayType(entry, false), false);
        int slices = Math.max(1, Math.min(jsc.defaultParallelism() * 4, wanted.size()));
        return spark.createDataFrame(jsc.parallelize(wanted, slices).mapPartitions(it -> b.value().top(it, n, byItem)), schema);
    }

    /** A model of this class over {@code model}, with its defaults. */
    abstract M make(String uid, TrainedModel model);

    @Override
    public final M copy(ParamMap extra) {
        return copyValues(make(uid, model), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    private static JavaSparkContext sc(SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    private static final class Writer extends MLWriter {
        private final RecommenderModel<?> instance;

        Writer(RecommenderModel<?> instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
            try {
                ModelOutput.write(instance.model, new org.apache.hadoop.fs.Path(path, MODEL_FILE).toString(), sc().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the model file under " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** MLlib's reader of a saved model of class {@code type}, made by {@code make} from its uid and model file. */
    static final class Reader<M extends RecommenderModel<M>> extends MLReader<M> {
        private final Class<M> type;
        private final BiFunction<String, TrainedModel, M> make;

        Reader(Class<M> type, BiFunction<String, TrainedModel, M> make) {
            this.type = type;
            this.make = make;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
            TrainedModel model;
            try {
                model = ModelOutput.read(new org.apache.hadoop.fs.Path(path, MODEL_FILE).toString(), sc().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the model file under " + path + ": " + e.getMessage(), e);
            }
            M m = make.apply(metadata.uid(), model);
            metadata.getAndSetParams(m, scala.Option.apply(null));
            return m;
        }
    }
}
