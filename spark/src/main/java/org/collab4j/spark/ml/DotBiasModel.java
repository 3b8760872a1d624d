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
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.spark.ModelOutput;

/**
 * A trained {@link DotBias}: MLlib's {@code ALSModel} for collab4j's dot-bias model. {@code
 * transform} adds the predicted rating; the three {@code recommendFor...} methods give MLlib's
 * shapes (a user column and {@code recommendations: array<struct<item, rating>>}, or an item
 * column and {@code recommendations: array<struct<user, rating>>}), with two differences: ids keep
 * the data's own values (as strings), and pairs rated in training are never recommended (MLlib's
 * recommend them again).
 *
 * <p>Saved with {@code write().save(path)}: MLlib's parameter metadata under {@code path/metadata},
 * and the model as an ordinary collab4j model file, {@code path/data/model.c4j}, which
 * {@code collab4j serve --model} and {@code collab4j recommend --model} read as they are.
 */
public final class DotBiasModel extends Model<DotBiasModel> implements MLWritable, HasDotBiasParams {
    private static final long serialVersionUID = 1L;
    /** Where the collab4j model file lives inside a saved model's folder. */
    public static final String MODEL_FILE = "data/model.c4j";
    private final String uid;
    private final transient TrainedModel model;
    private final DotBiasParams p;

    public DotBiasModel(String uid, TrainedModel model) {
        if (!(model.model() instanceof FactorModel))
            throw new IllegalArgumentException("a dot-bias Spark model needs a factor model, got " + model.kind());
        this.uid = uid;
        this.model = model;
        this.p = new DotBiasParams(this);
        p.setDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The collab4j model: ids, titles, the training pairs and provenance, as a model file holds them. */
    public TrainedModel trainedModel() {
        return model;
    }

    @Override
    public DotBiasParams dotBiasParams() {
        return p;
    }

    public DotBiasModel setUserCol(String v) { set(p.userCol, v); return this; }
    public DotBiasModel setItemCol(String v) { set(p.itemCol, v); return this; }
    public DotBiasModel setPredictionCol(String v) { set(p.predictionCol, v); return this; }
    public DotBiasModel setColdStartStrategy(String v) { set(p.coldStartStrategy, v); return this; }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Broadcast<Scorer> b = sc(dataset.sparkSession()).broadcast(new Scorer(model, false));
        UserDefinedFunction predict = udf((UDF2<Object, Object, Float>) (u, i) -> b.value().predict(u, i), DataTypes.FloatType);
        Dataset<Row> out = dataset.withColumn($(p.predictionCol), predict.apply(col($(p.userCol)), col($(p.itemCol))));
        return "drop".equals($(p.coldStartStrategy)) ? out.filter(not(isnan(col($(p.predictionCol))))) : out;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return DotBiasParams.transformSchema(schema, $(p.userCol), $(p.itemCol), $(p.ratingCol), $(p.predictionCol), false);
    }

    /** The top {@code n} unrated items of every user of the model. */
    public Dataset<Row> recommendForAllUsers(int n) {
        return recommendFor(SparkSession.active(), null, n, false);
    }

    /** The top {@code n} unrated items of each user in {@code dataset}'s user column (users the model does not know are left out). */
    public Dataset<Row> recommendForUserSubset(Dataset<?> dataset, int n) {
        return recommendFor(dataset.sparkSession(), ids(dataset, $(p.userCol)), n, false);
    }

    /** For every item of the model, the {@code n} users who have not rated it with the highest predicted rating. */
    public Dataset<Row> recommendForAllItems(int n) {
        return recommendFor(SparkSession.active(), null, n, true);
    }

    /** The same for the items in {@code dataset}'s item column. */
    public Dataset<Row> recommendForItemSubset(Dataset<?> dataset, int n) {
        return recommendFor(SparkSession.active(), ids(dataset, $(p.itemCol)), n, true);
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
        String key = byItem ? $(p.itemCol) : $(p.userCol), other = byItem ? $(p.userCol) : $(p.itemCol);
        StructType entry = new StructType().add(other, DataTypes.StringType, false).add("rating", DataTypes.FloatType, false);
        StructType schema = new StructType().add(key, DataTypes.StringType, false)
                .add("recommendations", DataTypes.createArrayType(entry, false), false);
        int slices = Math.max(1, Math.min(jsc.defaultParallelism() * 4, wanted.size()));
        return spark.createDataFrame(jsc.parallelize(wanted, slices).mapPartitions(it -> b.value().top(it, n, byItem)), schema);
    }

    @Override
    public DotBiasModel copy(ParamMap extra) {
        return copyValues(new DotBiasModel(uid, model), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** MLlib's reader ({@code Pipeline} loading calls it through reflection). */
    public static MLReader<DotBiasModel> read() {
        return new Reader();
    }

    public static DotBiasModel load(String path) {
        return read().load(path);
    }

    private static JavaSparkContext sc(SparkSession spark) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    static final class Writer extends MLWriter {
        private final DotBiasModel instance;

        Writer(DotBiasModel instance) {
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

    static final class Reader extends MLReader<DotBiasModel> {
        @Override
        public DotBiasModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(), DotBiasModel.class.getName());
            TrainedModel model;
            try {
                model = ModelOutput.read(new org.apache.hadoop.fs.Path(path, MODEL_FILE).toString(), sc().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the model file under " + path + ": " + e.getMessage(), e);
            }
            DotBiasModel m = new DotBiasModel(metadata.uid(), model);
            metadata.getAndSetParams(m, scala.Option.apply(null));
            return m;
        }
    }
}
