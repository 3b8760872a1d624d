package org.collab4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collab4j.algo.ials.IalsModel;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --engine mllib-als --implicit}: MLlib's implicit-feedback ALS, converted into an ials model file. */
class ImplicitAlsTest {
    @TempDir
    Path tmp;

    @Test
    void theConvertedModelScoresAsMllibsImplicitAls() {
        TinyRatings data = new TinyRatings(150, 90, 30, 11);
        Dataset<Row> train = data.frame(false), valid = data.frame(true);
        MllibAls.Settings s = new MllibAls.Settings(6, 5, 0.1, 0, 42);
        IalsModel m = MllibAls.trainImplicit(train, data.numUsers, data.numItems, s, 2.0);
        assertThat(m.kind()).isEqualTo("ials");
        assertThat(m.alpha0()).isEqualTo(1.0);
        assertThat(m.nu()).isZero();
        assertThat(m.lambda()).isCloseTo(0.1 * train.count() / 150.0, org.assertj.core.data.Offset.offset(1e-9));
        // the same fit by MLlib itself (same seed, same data): its preference scores are the model's scores
        List<Row> spark = new ALS().setRank(6).setMaxIter(5).setRegParam(0.1).setImplicitPrefs(true).setAlpha(2.0).setSeed(42)
                .setUserCol("uidx").setItemCol("iidx").setRatingCol("rating").setCheckpointInterval(5).setColdStartStrategy("drop")
                .fit(train).transform(valid).select(col("uidx"), col("iidx"), col("prediction")).collectAsList();
        assertThat(spark).hasSizeGreaterThan(500);
        for (Row r : spark) assertThat(m.predict(r.getInt(0), r.getInt(1))).isCloseTo(r.getFloat(2), org.assertj.core.data.Offset.offset(1e-4f));
    }

    @Test
    void theCommandSavesAnIalsModelWithItsConfidenceRuleAndRefusesWhatDoesNotApply() throws Exception {
        Path data = tmp.resolve("plays.csv");
        Files.writeString(data, new TinyRatings(120, 80, 25, 3).csv());
        Path out = tmp.resolve("ials.c4j");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = SparkMain.run(new String[] {"train", "--data", data.toString(), "--engine", "mllib-als", "--implicit", "--factors", "8",
                "--epochs", "5", "--set", "alpha=4", "--out", out.toString(), "--json", "--quiet"}, new PrintWriter(o), new PrintWriter(e));
        assertThat(code).as(e.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(o.toString());
        assertThat(j.get("model").asText()).isEqualTo("ials");
        assertThat(j.get("implicit").asBoolean()).isTrue();
        TrainedModel m = ModelFile.read(out);
        assertThat(m.model()).isInstanceOf(IalsModel.class);
        assertThat(m.provenance()).containsEntry("confidence", "linear").containsEntry("engine", "mllib-als-implicit");
        assertThat(Double.parseDouble(m.provenance().get("alpha"))).isEqualTo(4.0);
        Recommendations recs = new Recommendations(m);
        assertThat(recs.confidence().apply(2f)).isEqualTo(9f); // 1 + 4 x 2, as MLlib weighed the plays
        List<Recommendations.Item> top = recs.recommend(Requester.known("u7"), 5).items();
        assertThat(top).hasSize(5);
        int u = m.userIds().index("u7");
        for (Recommendations.Item it : top) assertThat(m.hasSeen(u, it.index())).isFalse();

        StringWriter e2 = new StringWriter();
        assertThat(SparkMain.run(new String[] {"train", "--data", data.toString(), "--implicit"}, new PrintWriter(new StringWriter()),
                new PrintWriter(e2))).isNotZero();
        assertThat(e2.toString()).contains("--implicit goes with --engine mllib-als");
        StringWriter e3 = new StringWriter();
        assertThat(SparkMain.run(new String[] {"train", "--data", data.toString(), "--engine", "mllib-als", "--implicit", "--set", "bias-reg=3"},
                new PrintWriter(new StringWriter()), new PrintWriter(e3))).isNotZero();
        assertThat(e3.toString()).contains("bias-reg");
    }
}
