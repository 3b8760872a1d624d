package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.RatingScale;
import org.collab4j.io.ModelFile;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * interpret, export, lr-find and train's pictures end to end: on a tiny saved model (always) and
 * on MovieLens 100k (when COLLAB4J_DATA has it).
 */
class InterpretCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path tiny;
    static Path ml;
    static JsonNode mlTrain;

    static CliTest.Run run(String... args) {
        return CliTest.run(args);
    }

    /** 4 users, 6 items, 3 factors, random factors; item i has 6 - i ratings (item 5 has one). */
    @BeforeAll
    static void models() throws Exception {
        java.util.Random rnd = new java.util.Random(3);
        int nu = 4, ni = 6, k = 3;
        float[] p = new float[nu * k], q = new float[ni * k];
        for (int j = 0; j < p.length; j++) p[j] = (float) rnd.nextGaussian();
        for (int j = 0; j < q.length; j++) q[j] = (float) rnd.nextGaussian();
        float[] bu = {0.1f, 0.2f, -0.3f, 0.4f}, bi = {0.5f, -0.5f, 0.25f, -0.25f, 1f, -1f};
        FactorModel m = new FactorModel("dot-bias", nu, ni, k, p, q, bu, bi, 0f, new float[] {0f, 5.5f});
        ItemInfo info = ItemInfo.empty(ni);
        for (int i = 0; i < ni; i++) info.titles()[i] = "Film " + (char) ('A' + i) + " (199" + i + ")";
        int[] start = new int[nu + 1];
        List<Integer> items = new ArrayList<>();
        for (int u = 0; u < nu; u++) {
            for (int i = 0; i < ni; i++) if (u < ni - i - 1 || (i == 5 && u == 0) || (i == 0 && u < 4)) items.add(i);
            start[u + 1] = items.size();
        }
        int[] it = items.stream().mapToInt(Integer::intValue).toArray();
        float[] vals = new float[it.length];
        java.util.Arrays.fill(vals, 4f);
        TrainedModel t = new TrainedModel(m, IdIndex.of("u1", "u2", "u3", "u4"), IdIndex.of("1", "2", "3", "4", "5", "6"), info, null,
                new RatingScale(1, 5), start, it, vals, Map.of());
        tiny = dir.resolve("tiny.c4j");
        ModelFile.write(t, tiny);

        String d = System.getenv("COLLAB4J_DATA");
        if (d == null || !Files.isDirectory(Path.of(d, "ml-100k"))) return;
        ml = dir.resolve("ml100k.c4j");
        CliTest.Run r = run("train", "--data", "ml-100k", "--data-dir", d, "--threads", "2", "--out", ml.toString(),
                "--plot", dir.resolve("curves.png").toString(), "--history", dir.resolve("history.csv").toString(), "--json", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        mlTrain = JSON.readTree(r.out());
    }

    @Test
    void interpretJsonHasBiasesUsersAndComponents() throws Exception {
        Path png = dir.resolve("tiny-map.png");
        CliTest.Run r = run("interpret", "--model", tiny.toString(), "-n", "2", "--top", "5", "--components", "2", "--plot", png.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("top_bias")).hasSize(2);
        assertThat(o.get("top_bias").get(0).get("item").asText()).isEqualTo("5");
        assertThat(o.get("top_bias").get(0).get("title").asText()).isEqualTo("Film E (1994)");
        assertThat(o.get("top_bias").get(0).get("bias").asDouble()).isEqualTo(1.0);
        assertThat(o.get("top_bias").get(0).has("ratings")).isTrue();
        assertThat(o.get("bottom_bias").get(0).get("item").asText()).isEqualTo("6");
        assertThat(o.get("top_user_bias").get(0).get("user").asText()).isEqualTo("u4");
        assertThat(o.get("bottom_user_bias").get(0).get("user").asText()).isEqualTo("u3");
        assertThat(o.get("top").asInt()).isEqualTo(5);
        assertThat(o.get("components")).hasSize(2);
        JsonNode c = o.get("components").get(0);
        assertThat(c.get("component").asInt()).isEqualTo(1);
        assertThat(c.get("variance_share").asDouble()).isBetween(0.0, 1.0);
        assertThat(c.get("positive")).hasSize(2);
        assertThat(c.get("negative")).hasSize(2);
        ChartsTest.assertPicture(png, Charts.MAP_WIDTH, Charts.MAP_HEIGHT);
    }

    @Test
    void interpretHumanOutputNamesTheLists() {
        CliTest.Run r = run("interpret", "--model", tiny.toString(), "-n", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("highest bias").contains("lowest bias").contains("Component 1").contains("Film E (1994)");
    }

    @Test
    void exportWritesEachFormat() throws Exception {
        for (String f : List.of("tsv", "npy", "csv")) {
            Path out = dir.resolve("export-" + f);
            CliTest.Run r = run("export", "--model", tiny.toString(), "--format", f, "--out", out.toString(), "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode o = JSON.readTree(r.out());
            assertThat(o.get("format").asText()).isEqualTo(f);
            for (JsonNode file : o.get("files")) assertThat(Files.isRegularFile(Path.of(file.asText()))).isTrue();
        }
        assertThat(Files.readAllLines(dir.resolve("export-tsv/item_vectors.tsv"))).hasSize(6);
        assertThat(Files.readAllLines(dir.resolve("export-tsv/item_metadata.tsv"))).hasSize(7);
        assertThat(Files.readAllLines(dir.resolve("export-tsv/user_vectors.tsv"))).hasSize(4);
        assertThat(Files.readAllLines(dir.resolve("export-csv/items.csv"))).hasSize(7);
        assertThat(Files.size(dir.resolve("export-npy/item_factors.npy"))).isEqualTo(128 + 6 * 3 * 4);
    }

    @Test
    void errorsAreOneActionableLine() throws Exception {
        CliTest.Run r = run("interpret", "--model", dir.resolve("missing.c4j").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("collab4j: error: ").contains("missing.c4j").doesNotContain("at org.");

        r = run("export", "--model", tiny.toString(), "--format", "parquet");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown export format 'parquet'; known formats: tsv, npy, csv");

        Path file = Files.writeString(dir.resolve("a-file"), "keep");
        r = run("export", "--model", tiny.toString(), "--out", file.resolve("sub").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot create folder").contains("is a file");
        assertThat(Files.readString(file)).isEqualTo("keep");

        r = run("interpret", "--model", tiny.toString(), "--plot", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is a folder");

        r = run("interpret", "--model", tiny.toString(), "--plot", file.resolve("map.png").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("is a file");

        r = run("interpret", "--model", tiny.toString(), "--top", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--top must be at least 2");

        r = run("similar", "--model", tiny.toString(), "--item", "1", "--min-ratings", "-1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--min-ratings must be 0 or more");
    }

    @Test
    void similarLeavesOutRarelyRatedItemsByDefault() throws Exception {
        // item 6 has a single rating: a candidate only with --min-ratings 0 or 1
        CliTest.Run r = run("similar", "--model", tiny.toString(), "--item", "1", "-n", "10", "--min-ratings", "2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> ids = new ArrayList<>();
        for (JsonNode s : JSON.readTree(r.out()).get("similar")) ids.add(s.get("item").asText());
        assertThat(ids).doesNotContain("6", "1");
        r = run("similar", "--model", tiny.toString(), "--item", "1", "-n", "10", "--min-ratings", "0", "--json");
        ids.clear();
        for (JsonNode s : JSON.readTree(r.out()).get("similar")) ids.add(s.get("item").asText());
        assertThat(ids).contains("6").hasSize(5);
    }

    // ---- MovieLens 100k ----

    @Test
    void trainDrawsCurvesAndWritesEveryBatchToTheHistory() throws Exception {
        CliTest.data();
        assertThat(mlTrain.get("plot").asText()).endsWith("curves.png");
        ChartsTest.assertPicture(dir.resolve("curves.png"), Charts.PLOT_WIDTH, Charts.PLOT_HEIGHT);
        List<String> lines = Files.readAllLines(dir.resolve("history.csv"));
        assertThat(lines).hasSize(1 + 5 * 1250);
        assertThat(lines.get(1250)).startsWith("1250,0,").doesNotEndWith(",");
        assertThat(lines.get(1251)).startsWith("1251,1,").endsWith(",");
    }

    @Test
    void biasesOnMovieLensNameTheFastbooksFilms() throws Exception {
        CliTest.data();
        CliTest.Run r = run("interpret", "--model", ml.toString(), "--json", "--quiet", "--plot", dir.resolve("map.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        List<String> top = new ArrayList<>();
        for (JsonNode t : o.get("top_bias")) top.add(t.get("title").asText());
        assertThat(top).hasSize(10).contains("Titanic (1997)", "Shawshank Redemption, The (1994)", "Star Wars (1977)"); // all in the fastbook's list
        for (JsonNode t : o.get("bottom_bias")) assertThat(t.get("bias").asDouble()).isLessThan(-0.3);
        assertThat(o.get("top").asInt()).isEqualTo(1000);
        ChartsTest.assertPicture(dir.resolve("map.png"), Charts.MAP_WIDTH, Charts.MAP_HEIGHT);
    }

    @Test
    void lrFindOnMovieLensSuggestsARateNearFastbooks() throws Exception {
        String d = CliTest.data();
        Path png = dir.resolve("lr.png");
        CliTest.Run r = run("lr-find", "--data", "ml-100k", "--data-dir", d, "--threads", "2", "--plot", png.toString(), "--json", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("lrs").size()).isEqualTo(o.get("losses").size()).isBetween(20, 100);
        assertThat(o.get("lrs").get(0).asDouble()).isEqualTo(1e-7);
        double valley = o.get("valley").asDouble();
        assertThat(valley).isBetween(5e-4, 5e-2);
        assertThat(o.get("steep").isNumber()).isTrue();
        assertThat(o.get("find_seconds").asDouble()).isLessThan(5.0); // 2 s on a quiet machine; generous for shared CI
        ChartsTest.assertPicture(png, Charts.PLOT_WIDTH, Charts.PLOT_HEIGHT);
    }

    @Test
    void trainRefusesAFolderAsPlotBeforeTraining() {
        CliTest.Run r = run("train", "--data", "nowhere.tsv", "--plot", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--plot " + dir + " is a folder");
    }

    @Test
    void lrFindRefusesBadRanges() {
        String d = CliTest.data();
        CliTest.Run r = run("lr-find", "--data", "ml-100k", "--data-dir", d, "--start-lr", "1", "--end-lr", "0.1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("0 < start < end");
    }
}
