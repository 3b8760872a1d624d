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
    void aMovieLensFolderGivesAModelWithTitlesAndItemMetadata() throws Exception {
        // MovieLens 100k's layout: u.data with numeric ids, u.item (titles, dates, genre flags), u.user
        TinyRatings t = new TinyRatings(60, 40, 15, 5);
        Path folder = tmp.resolve("ml-tiny");
        Files.createDirectories(folder);
        StringBuilder data = new StringBuilder(), items = new StringBuilder(), users = new StringBuilder();
        for (int r = 0; r < t.value.length; r++)
            data.append(t.user[r] + 1).append('\t').append(t.item[r] + 1).append('\t').append((int) t.value[r]).append('\t').append(880000000 + r).append('\n');
        for (int i = 1; i <= 40; i++) {
            String title = i == 13 ? "Star Wars (1977)" : "Movie " + i + " (19" + (50 + i) + ")";
            items.append(i).append('|').append(title).append("|01-Jan-19").append(i == 13 ? 77 : 50 + i).append("||http://x")
                    .append(i == 13 ? "|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|1|0|1|0" : "|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0").append('\n');
        }
        for (int u = 1; u <= 60; u++) users.append(u).append('|').append(20 + u).append('|').append(u % 2 == 0 ? "F" : "M").append("|writer|0000").append(u).append('\n');
        Files.writeString(folder.resolve("u.data"), data);
        Files.writeString(folder.resolve("u.item"), items);
        Files.writeString(folder.resolve("u.user"), users);
        Path out = tmp.resolve("ml-tiny.c4j");
        TrainConfig cfg = new TrainConfig(4, 2, 0.02, 0.05, 64, "sgd", "constant", null, 2, 42, Map.of());
        SparkTrainer.Job job = new SparkTrainer.Job(folder.toString(), LoadOptions.defaults(), false, "dsgd", cfg, "random", 0.2, null, 2,
                out.toString(), null, 5);
        SparkTrainer.run(SparkTestSession.get(), job, List.of());

        TrainedModel m = ModelFile.read(out);
        assertThat(m.itemInfo()).isNotNull();
        int starWars = m.itemIds().index("13");
        assertThat(m.title(starWars)).isEqualTo("Star Wars (1977)");
        assertThat(m.itemInfo().year(starWars)).isEqualTo(1977);
        assertThat(m.itemInfo().genreNames()).contains("Sci-Fi");
        for (int i = 0; i < m.numItems(); i++) assertThat(m.title(i)).as(m.itemIds().id(i)).isNotEqualTo(m.itemIds().id(i));
        Recommender rec = new Recommender(m);
        for (ScoredItem s : rec.recommend("7", 5)) assertThat(s.title()).isNotEqualTo(s.item()).matches("(Movie \\d+ \\(19\\d\\d\\)|Star Wars \\(1977\\))");
        // similar --item "Star Wars": found by title
        assertThat(rec.resolveItem("Star Wars")).isEqualTo(starWars);
        assertThat(m.userInfo()).isNotNull();
        assertThat(m.userInfo().age(m.userIds().index("7"))).isEqualTo(27);
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
