package org.collab4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.collab4j.data.LoadOptions;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkTrainerTest {
    @TempDir
    Path tmp;

    private Path csv() throws Exception {
        Path f = tmp.resolve("ratings.csv");
        Files.writeString(f, new TinyRatings(120, 80, 25, 3).csv());
        return f;
    }

    @Test
    void theModelFileFromSparkLoadsInCoreAndRecommendsLikeTheBatchTopN() throws Exception {
        Path data = csv();
        Path out = tmp.resolve("models/m.c4j");
        Path top = tmp.resolve("top");
        TrainConfig cfg = new TrainConfig(8, 3, 0.02, 0.05, 64, "sgd", "constant", null, 2, 42, Map.of());
        SparkTrainer.Job job = new SparkTrainer.Job(data.toString(), LoadOptions.defaults(), false, "dsgd", cfg, "random", 0.2, null, 2,
                out.toString(), top.toString(), 5);
        SparkTrainer.Outcome o = SparkTrainer.run(SparkTestSession.get(), job, List.of());
        assertThat(o.nTrain() + o.nValid()).isEqualTo(120 * 25);
        assertThat(o.validRmse()).isBetween(0.3, 1.3);

        TrainedModel m = ModelFile.read(out);
        assertThat(m.kind()).isEqualTo("dot-bias");
        assertThat(m.numUsers()).isEqualTo(120);
        assertThat(m.provenance()).containsEntry("engine", "dsgd").containsKey("valid_rmse");
        Recommender rec = new Recommender(m);
        List<ScoredItem> recs = rec.recommend("u7", 5);
        assertThat(recs).hasSize(5);
        for (ScoredItem s : recs) assertThat(m.hasSeen(m.userIds().index("u7"), s.index())).isFalse();
        assertThat(rec.similar(recs.get(0).index(), 3)).hasSize(3);

        List<Row> rows = SparkTestSession.get().read().parquet(top.toString()).filter("user = 'u7'").orderBy("rank").collectAsList();
        assertThat(rows).hasSize(5);
        assertThat(SparkTestSession.get().read().parquet(top.toString()).schema().fieldNames()).containsExactly("user", "rank", "item", "score");
        for (int j = 0; j < 5; j++) {
            assertThat(rows.get(j).getInt(1)).isEqualTo(j + 1);
            assertThat(rows.get(j).getString(2)).isEqualTo(recs.get(j).item());
            assertThat(rows.get(j).getFloat(3)).isCloseTo(recs.get(j).score(), org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void jsonHasTheFieldsOfTrain() throws Exception {
        Path data = csv();
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparkMain.run(new String[] {"train", "--data", data.toString(), "--factors", "4", "--epochs", "2", "--blocks", "2",
                "--json", "--quiet"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        for (String f : new String[] {"model", "n_train", "n_valid", "epochs", "valid_rmse", "valid_mae", "train_seconds"})
            assertThat(j.has(f)).as(f).isTrue();
        assertThat(j.get("model").asText()).isEqualTo("dot-bias");
        assertThat(j.get("epochs")).hasSize(2);
        for (String f : new String[] {"epoch", "train_loss", "valid_loss", "seconds"}) assertThat(j.get("epochs").get(1).has(f)).as(f).isTrue();
        assertThat(j.get("n_train").asLong() + j.get("n_valid").asLong()).isEqualTo(120 * 25);
    }

    @Test
    void readsParquetByColumnNames() throws Exception {
        Path data = csv();
        Path pq = tmp.resolve("ratings.parquet");
        SparkTestSession.get().read().option("header", "true").csv(data.toString()).write().parquet(pq.toString());
        RatingsInput.Loaded l = RatingsInput.read(SparkTestSession.get(), pq.toString(), LoadOptions.defaults(), false);
        assertThat(l.ratings().count()).isEqualTo(120 * 25);
        Set<String> users = new HashSet<>();
        for (Row r : l.ratings().select("user").distinct().collectAsList()) users.add(r.getString(0));
        assertThat(users).hasSize(120).contains("u7");
    }
}
