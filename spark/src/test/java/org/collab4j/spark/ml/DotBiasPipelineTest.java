package org.collab4j.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimator and its model in MLlib's own machinery: Pipeline, TrainValidationSplit, RegressionEvaluator, persistence. */
class DotBiasPipelineTest {
    static final StructType ML100K = new StructType().add("userId", DataTypes.IntegerType).add("movieId", DataTypes.IntegerType)
            .add("rating", DataTypes.DoubleType).add("timestamp", DataTypes.LongType);
    static SparkSession spark;
    static Dataset<Row> train, test;
    static DotBiasModel model;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void fit() throws Exception {
        String data = System.getenv("COLLAB4J_DATA");
        assumeTrue(data != null && Files.isDirectory(Path.of(data, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        spark = org.collab4j.spark.SparkTestSession.get();
        train = spark.read().option("sep", "\t").schema(ML100K).csv(Path.of(data, "ml-100k", "u1.base").toString()).cache();
        test = spark.read().option("sep", "\t").schema(ML100K).csv(Path.of(data, "ml-100k", "u1.test").toString()).cache();
        model = estimator().fit(train);
    }

    static DotBias estimator() {
        return new DotBias().setUserCol("userId").setItemCol("movieId").setRatingCol("rating").setRank(32).setMaxIter(8)
                .setStepSize(0.02).setRegParam(0.05).setNumBlocks(2).setColdStartStrategy("drop").setSeed(7);
    }

    static double rmse(Dataset<Row> predictions) {
        return new RegressionEvaluator().setLabelCol("rating").setPredictionCol("prediction").setMetricName("rmse").evaluate(predictions);
    }

    @Test
    void transformPredictsHeldOutRatingsAsWellAsTheCommandLineEngine() {
        Dataset<Row> p = model.transform(test);
        assertThat(p.schema().fieldNames()).containsExactly("userId", "movieId", "rating", "timestamp", "prediction");
        double rmse = rmse(p);
        assertThat(rmse).isBetween(0.92, 0.97); // 0.946 with these settings
        // the prediction is the collab4j model's own
        Row first = p.orderBy("userId", "movieId").first();
        TrainedModel t = model.trainedModel();
        float expected = t.model().predict(t.userIds().index(Integer.toString(first.getInt(0))), t.itemIds().index(Integer.toString(first.getInt(1))));
        assertThat(first.getFloat(4)).isEqualTo(expected);
        // an unknown item: NaN under "nan", dropped under "drop"
        Dataset<Row> stranger = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(1, 99999, 4.0, 0L)), ML100K);
        assertThat(model.transform(stranger).count()).isZero();
        DotBiasModel nan = model.copy(new ParamMap()).setColdStartStrategy("nan");
        assertThat(nan.transform(stranger).first().getFloat(4)).isNaN();
    }

    @Test
    void recommendationsAreCollab4jsOwnListsInMllibsShape() {
        Dataset<Row> all = model.recommendForAllUsers(5);
        assertThat(all.schema().fieldNames()).containsExactly("userId", "recommendations");
        assertThat(all.count()).isEqualTo(model.trainedModel().numUsers());
        Row u1 = all.filter("userId = '1'").first();
        List<Row> recs = u1.getList(1);
        List<Recommendations.Item> exact = new Recommendations(model.trainedModel()).recommend(Requester.known("1"), 5).items();
        assertThat(recs).hasSize(5);
        for (int j = 0; j < 5; j++) {
            assertThat(recs.get(j).getString(0)).isEqualTo(exact.get(j).item());
            assertThat(recs.get(j).getFloat(1)).isEqualTo(exact.get(j).score());
        }
        Dataset<Row> subset = model.recommendForUserSubset(test.select("userId").filter("userId <= 3"), 3);
        assertThat(subset.count()).isEqualTo(3);
        Dataset<Row> items = model.recommendForAllItems(4);
        assertThat(items.schema().fieldNames()).containsExactly("movieId", "recommendations");
        assertThat(items.count()).isEqualTo(model.trainedModel().numItems());
        // no user is recommended an item they rated in training
        TrainedModel t = model.trainedModel();
        int starWars = t.itemIds().index("50");
        for (Row r : items.filter("movieId = '50'").first().<Row>getList(1))
            assertThat(t.hasSeen(t.userIds().index(r.getString(0)), starWars)).isFalse();
    }

    @Test
    void aPipelineTunedByTrainValidationSplitSavesAndLoadsAsACollab4jModelFile() throws Exception {
        DotBias dsgd = estimator().setMaxIter(3);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {dsgd});
        ParamMap[] grid = new ParamGridBuilder().addGrid(dsgd.regParam(), new double[] {0.02, 0.1}).build();
        RegressionEvaluator evaluator = new RegressionEvaluator().setLabelCol("rating").setPredictionCol("prediction").setMetricName("rmse");
        TrainValidationSplitModel tuned = new TrainValidationSplit().setEstimator(pipeline).setEvaluator(evaluator)
                .setEstimatorParamMaps(grid).setTrainRatio(0.8).setSeed(1).fit(train);
        assertThat(tuned.validationMetrics()).hasSize(2);
        for (double m : tuned.validationMetrics()) assertThat(m).isBetween(0.85, 1.2);
        PipelineModel best = (PipelineModel) tuned.bestModel();
        DotBiasModel stage = (DotBiasModel) best.stages()[0];
        double chosen = (Double) stage.getOrDefault(stage.regParam());
        assertThat(chosen).isEqualTo(tuned.validationMetrics()[0] <= tuned.validationMetrics()[1] ? 0.02 : 0.1);

        String where = tmp.resolve("pipeline").toString();
        best.write().overwrite().save(where);
        PipelineModel loaded = PipelineModel.load(where);
        DotBiasModel back = (DotBiasModel) loaded.stages()[0];
        assertThat(back.uid()).isEqualTo(stage.uid());
        assertThat((Double) back.getOrDefault(back.regParam())).isEqualTo(chosen);
        assertThat(back.getOrDefault(back.userCol())).isEqualTo("userId");
        assertThat(rmse(loaded.transform(test))).isEqualTo(rmse(best.transform(test)));
        // the stage's data is an ordinary model file: the CLI and the server read it as it is
        Path file = Path.of(where, "stages");
        Path c4j;
        try (var s = Files.walk(file)) {
            c4j = s.filter(x -> x.toString().endsWith(DotBiasModel.MODEL_FILE)).findFirst().orElseThrow();
        }
        TrainedModel onDisk = ModelFile.read(c4j);
        assertThat(onDisk.kind()).isEqualTo("dot-bias");
        assertThat(onDisk.model().predict(0, 0)).isEqualTo(stage.trainedModel().model().predict(0, 0));
        // the estimator on its own saves its parameters too
        String est = tmp.resolve("estimator").toString();
        dsgd.write().overwrite().save(est);
        assertThat((Integer) DotBias.load(est).getOrDefault(DotBias.load(est).rank())).isEqualTo(32);
    }

    @Test
    void missingOrWrongColumnsAreNamed() {
        assertThatThrownBy(() -> new DotBias().fit(train)).hasMessageContaining("no column 'user'").hasMessageContaining("userId, movieId");
        Dataset<Row> text = train.withColumn("rating", org.apache.spark.sql.functions.lit("five"));
        assertThatThrownBy(() -> estimator().fit(text)).hasMessageContaining("'rating' must be numeric");
        assertThatThrownBy(() -> new DotBias().setColdStartStrategy("skip")).hasMessageContaining("coldStartStrategy");
        Set<String> names = new HashSet<>();
        for (var p : new DotBias().params()) names.add(p.name());
        assertThat(names).contains("userCol", "itemCol", "ratingCol", "predictionCol", "rank", "maxIter", "regParam", "seed", "coldStartStrategy");
    }
}
