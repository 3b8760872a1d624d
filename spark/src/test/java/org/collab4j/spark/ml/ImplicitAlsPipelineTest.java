package org.collab4j.spark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.RankingEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.collab4j.algo.ials.IalsModel;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The implicit-feedback estimator and its model in MLlib's machinery, on a made-up play log of two taste groups. */
class ImplicitAlsPipelineTest {
    static final StructType PLAYS = new StructType().add("userId", DataTypes.IntegerType).add("trackId", DataTypes.IntegerType)
            .add("plays", DataTypes.DoubleType);
    /** Group A is tracks 100..107, group B 200..207; users 1..30 play A, users 31..60 play B. */
    static final int GROUP = 8;
    static SparkSession spark;
    static Dataset<Row> plays;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void data() {
        spark = org.collab4j.spark.SparkTestSession.get();
        Random rng = new Random(5);
        List<Row> rows = new ArrayList<>();
        // user 1 has played only the first three tracks of group A
        for (int t = 100; t < 103; t++) rows.add(RowFactory.create(1, t, 3.0));
        for (int u = 2; u <= 60; u++) {
            int base = u <= 30 ? 100 : 200;
            for (int t = 0; t < GROUP; t++) if (rng.nextInt(4) != 0) rows.add(RowFactory.create(u, base + t, 1.0 + rng.nextInt(6)));
        }
        plays = spark.createDataFrame(rows, PLAYS).cache();
    }

    static ImplicitAls estimator() {
        return new ImplicitAls().setUserCol("userId").setItemCol("trackId").setRatingCol("plays").setRank(2).setMaxIter(10)
                .setRegParam(0.1).setAlpha(2.0).setSeed(3);
    }

    @Test
    void defaultsAreThoseOfTheIalsModelAndTheCommand() {
        ImplicitAls d = new ImplicitAls();
        assertThat((Integer) d.getOrDefault(d.rank())).isEqualTo(128);
        assertThat((Integer) d.getOrDefault(d.maxIter())).isEqualTo(16);
        assertThat((Double) d.getOrDefault(d.regParam())).isEqualTo(0.1);
        assertThat((Double) d.getOrDefault(d.alpha())).isEqualTo(1.0);
        assertThat(d.getOrDefault(d.coldStartStrategy())).isEqualTo("nan");
        Set<String> names = new HashSet<>();
        for (var p : d.params()) names.add(p.name());
        assertThat(names).containsExactlyInAnyOrder("userCol", "itemCol", "ratingCol", "predictionCol", "rank", "maxIter", "regParam", "alpha",
                "seed", "coldStartStrategy");
    }

    @Test
    void aPipelineRanksTheRestOfAUsersGroupFirst() {
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {estimator()}).fit(plays);
        ImplicitAlsModel model = (ImplicitAlsModel) fitted.stages()[0];
        assertThat(model.trainedModel().model()).isInstanceOf(IalsModel.class);
        List<Row> recs = model.recommendForUserSubset(plays.filter("userId = 1"), 5).first().getList(1);
        assertThat(recs).hasSize(5);
        for (Row r : recs) assertThat(Integer.parseInt(r.getString(0))).as(recs.toString()).isBetween(103, 107);
        // the lists are collab4j's own: what `collab4j recommend` gives for the same model file
        List<Recommendations.Item> exact = new Recommendations(model.trainedModel()).recommend(Requester.known("1"), 5).items();
        for (int j = 0; j < 5; j++) {
            assertThat(recs.get(j).getString(0)).isEqualTo(exact.get(j).item());
            assertThat(recs.get(j).getFloat(1)).isEqualTo(exact.get(j).score());
        }
        Dataset<Row> all = model.recommendForAllUsers(3);
        assertThat(all.schema().fieldNames()).containsExactly("userId", "recommendations");
        assertThat(all.count()).isEqualTo(60);
        // a B track's best users are B players who have not played it
        Dataset<Row> items = model.recommendForAllItems(2);
        assertThat(items.schema().fieldNames()).containsExactly("trackId", "recommendations");
        TrainedModel t = model.trainedModel();
        int track = t.itemIds().index("203");
        for (Row r : items.filter("trackId = '203'").first().<Row>getList(1)) {
            assertThat(Integer.parseInt(r.getString(0))).isGreaterThan(30);
            assertThat(t.hasSeen(t.userIds().index(r.getString(0)), track)).isFalse();
        }
        // the preference of a user's own group is near 1, of the other group near 0
        Dataset<Row> pairs = spark.createDataFrame(List.of(RowFactory.create(1, 105, 0.0), RowFactory.create(1, 205, 0.0)), PLAYS);
        List<Row> p = model.transform(pairs).orderBy("trackId").collectAsList();
        assertThat(p.get(0).getFloat(3)).isGreaterThan(0.5f);
        assertThat(Math.abs(p.get(1).getFloat(3))).isLessThan(0.2f);
    }

    @Test
    void theScoresAreMllibsImplicitAlsPredictionsAndTheFileRecordsTheConfidenceRule() {
        ImplicitAlsModel model = estimator().fit(plays);
        TrainedModel t = model.trainedModel();
        assertThat(t.provenance()).containsEntry("confidence", "linear").containsEntry("engine", "mllib-als-implicit");
        assertThat(Double.parseDouble(t.provenance().get("alpha"))).isEqualTo(2.0);
        assertThat(new Recommendations(t).confidence().apply(3f)).isEqualTo(7f);
        // MLlib's own fit on the same interactions under the model's dense ids (same seed and settings)
        List<Row> dense = new ArrayList<>();
        for (Row r : plays.collectAsList())
            dense.add(RowFactory.create(t.userIds().index(Integer.toString(r.getInt(0))), t.itemIds().index(Integer.toString(r.getInt(1))),
                    (float) r.getDouble(2)));
        StructType schema = new StructType().add("uidx", DataTypes.IntegerType).add("iidx", DataTypes.IntegerType).add("rating", DataTypes.FloatType);
        Dataset<Row> frame = spark.createDataFrame(dense, schema);
        Dataset<Row> grid = frame.select("uidx").distinct().crossJoin(frame.select("iidx").distinct());
        List<Row> mllib = new ALS().setRank(2).setMaxIter(10).setRegParam(0.1).setImplicitPrefs(true).setAlpha(2.0).setSeed(3)
                .setUserCol("uidx").setItemCol("iidx").setRatingCol("rating").setCheckpointInterval(5).fit(frame).transform(grid)
                .select("uidx", "iidx", "prediction").collectAsList();
        assertThat(mllib).hasSize(60 * 16);
        Dataset<Row> ours = model.transform(spark.createDataFrame(toIds(mllib, t), PLAYS));
        java.util.Map<String, Float> byPair = new java.util.HashMap<>();
        for (Row r : ours.collectAsList()) byPair.put(r.getInt(0) + "/" + r.getInt(1), r.getFloat(3));
        for (Row r : mllib) {
            String key = t.userIds().id(r.getInt(0)) + "/" + t.itemIds().id(r.getInt(1));
            assertThat(byPair.get(key)).as(key).isCloseTo(r.getFloat(2), within(1e-4f));
        }
    }

    private static List<Row> toIds(List<Row> dense, TrainedModel t) {
        List<Row> out = new ArrayList<>();
        for (Row r : dense)
            out.add(RowFactory.create(Integer.parseInt(t.userIds().id(r.getInt(0))), Integer.parseInt(t.itemIds().id(r.getInt(1))), 0.0));
        return out;
    }

    @Test
    void unknownUsersAndItemsAreNanOrDropped() {
        ImplicitAlsModel model = estimator().fit(plays);
        Dataset<Row> strangers = spark.createDataFrame(List.of(RowFactory.create(1, 999, 1.0), RowFactory.create(999, 100, 1.0),
                RowFactory.create(2, 100, 1.0)), PLAYS);
        List<Row> nan = model.transform(strangers).orderBy("userId", "trackId").collectAsList();
        assertThat(nan).hasSize(3);
        assertThat(nan.get(0).getFloat(3)).isNaN();
        assertThat(nan.get(1).getFloat(3)).isGreaterThan(0.3f); // user 2 plays group A
        assertThat(nan.get(2).getFloat(3)).isNaN();
        List<Row> kept = model.copy(new ParamMap()).setColdStartStrategy("drop").transform(strangers).collectAsList();
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).getInt(0)).isEqualTo(2);
        assertThat(kept.get(0).getFloat(3)).isEqualTo(nan.get(1).getFloat(3));
    }

    @Test
    void savedAndLoadedItIsAnIalsModelFileWithTheSamePredictions() throws Exception {
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {estimator().setPredictionCol("preference")}).fit(plays);
        String where = tmp.resolve("implicit-pipeline").toString();
        fitted.write().overwrite().save(where);
        PipelineModel loaded = PipelineModel.load(where);
        ImplicitAlsModel before = (ImplicitAlsModel) fitted.stages()[0], back = (ImplicitAlsModel) loaded.stages()[0];
        assertThat(back.uid()).isEqualTo(before.uid());
        assertThat((Double) back.getOrDefault(back.alpha())).isEqualTo(2.0);
        assertThat(back.getOrDefault(back.predictionCol())).isEqualTo("preference");
        List<Row> a = fitted.transform(plays).orderBy("userId", "trackId").collectAsList();
        List<Row> b = loaded.transform(plays).orderBy("userId", "trackId").collectAsList();
        assertThat(b).isEqualTo(a);
        Path c4j;
        try (var s = Files.walk(Path.of(where, "stages"))) {
            c4j = s.filter(x -> x.toString().endsWith(ImplicitAlsModel.MODEL_FILE)).findFirst().orElseThrow();
        }
        TrainedModel onDisk = ModelFile.read(c4j);
        assertThat(onDisk.kind()).isEqualTo("ials");
        assertThat(onDisk.provenance()).containsEntry("confidence", "linear");
        assertThat(onDisk.model().predict(0, 0)).isEqualTo(before.trainedModel().model().predict(0, 0));
        String est = tmp.resolve("implicit-estimator").toString();
        estimator().write().overwrite().save(est);
        ImplicitAls e = ImplicitAls.load(est);
        assertThat((Double) e.getOrDefault(e.alpha())).isEqualTo(2.0);
        assertThat(e.getOrDefault(e.ratingCol())).isEqualTo("plays");
    }

    @Test
    void trainValidationSplitWithRankingEvaluatorRanksHeldOutPlaysAboveTracksNotPlayed() {
        // every user-track pair: the plays, and 0 for a track not played (MLlib's implicit ALS treats a 0 as no interaction)
        Dataset<Row> full = plays.select("userId").distinct().crossJoin(plays.select("trackId").distinct())
                .join(plays, new String[] {"userId", "trackId"}, "left").na().fill(0.0, new String[] {"plays"}).cache();
        ImplicitAls als = estimator().setColdStartStrategy("drop");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {als});
        ParamMap[] grid = new ParamGridBuilder().addGrid(als.alpha(), new double[] {1.0, 20.0}).build();
        PerUserRanking map = new PerUserRanking();
        TrainValidationSplitModel tuned = new TrainValidationSplit().setEstimator(pipeline).setEvaluator(map).setEstimatorParamMaps(grid)
                .setTrainRatio(0.75).setSeed(1).fit(full);
        double[] metrics = tuned.validationMetrics();
        assertThat(metrics).hasSize(2);
        // the same evaluator on a random ranking of the same pairs: what knowing nothing scores
        double random = map.evaluate(full.withColumn("prediction", expr("rand(7)")));
        for (double m : metrics) assertThat(m).as("MAP %s against %s for a random ranking", m, random).isGreaterThan(random + 0.3);
        ImplicitAlsModel best = (ImplicitAlsModel) ((PipelineModel) tuned.bestModel()).stages()[0];
        assertThat((Double) best.getOrDefault(best.alpha())).isEqualTo(metrics[0] >= metrics[1] ? 1.0 : 20.0);
    }

    /**
     * Mean average precision of each user's pairs ranked by prediction, the played ones (plays &gt; 0)
     * relevant: MLlib's {@link RankingEvaluator} on the per-user lists a transform's rows make.
     */
    static final class PerUserRanking extends Evaluator {
        private static final long serialVersionUID = 1L;
        private final String uid = Identifiable$.MODULE$.randomUID("perUserRanking");

        @Override
        public double evaluate(Dataset<?> rows) {
            Dataset<Row> lists = rows.groupBy("userId").agg(
                    expr("transform(sort_array(collect_list(struct(-prediction AS s, CAST(trackId AS DOUBLE) AS t))), x -> x.t)").as("ranked"),
                    expr("collect_list(CASE WHEN plays > 0 THEN CAST(trackId AS DOUBLE) END)").as("played"))
                    .filter(expr("size(played) > 0"));
            return new RankingEvaluator().setPredictionCol("ranked").setLabelCol("played").setMetricName("meanAveragePrecision")
                    .evaluate(lists.select(col("ranked"), col("played")));
        }

        @Override
        public boolean isLargerBetter() {
            return true;
        }

        @Override
        public String uid() {
            return uid;
        }

        @Override
        public Evaluator copy(ParamMap extra) {
            return this;
        }
    }

    @Test
    void badColumnsAndSettingsAreNamed() {
        assertThatThrownBy(() -> new ImplicitAls().fit(plays)).hasMessageContaining("no column 'user'").hasMessageContaining("userId, trackId, plays");
        assertThatThrownBy(() -> estimator().setItemCol("track").fit(plays)).hasMessageContaining("no column 'track'");
        Dataset<Row> text = plays.withColumn("plays", org.apache.spark.sql.functions.lit("many"));
        assertThatThrownBy(() -> estimator().fit(text)).hasMessageContaining("'plays' must be numeric");
        assertThatThrownBy(() -> new ImplicitAls().setAlpha(-1)).hasMessageContaining("alpha");
        ImplicitAlsModel model = estimator().fit(plays);
        assertThatThrownBy(() -> model.transform(plays.withColumnRenamed("trackId", "song"))).hasMessageContaining("no column 'trackId'");
    }
}
