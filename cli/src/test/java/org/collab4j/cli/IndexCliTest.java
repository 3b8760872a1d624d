package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.io.ModelFile;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.ann.ApproximateTopN;
import org.collab4j.recommend.ann.IndexFile;
import org.collab4j.recommend.ann.ItemIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab4j index}, {@code train --ann} and the index behind {@code recommend}: used when it pays, refused when stale. */
class IndexCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    /** A dot-bias model of clustered random factors; each user has rated items 0..4. */
    static Path model(Path file, int users, int items, long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int k = 8;
        float[][] centre = new float[10][k];
        for (float[] c : centre) for (int f = 0; f < k; f++) c[f] = (float) rnd.nextDouble(-1, 1);
        float[] q = new float[items * k], p = new float[users * k];
        for (int i = 0; i < items; i++) for (int f = 0; f < k; f++) q[i * k + f] = centre[i % 10][f] + 0.3f * (float) rnd.nextDouble(-1, 1);
        for (int u = 0; u < users; u++) for (int f = 0; f < k; f++) p[u * k + f] = centre[u % 10][f] + 0.3f * (float) rnd.nextDouble(-1, 1);
        FactorModel m = new FactorModel("dot-bias", users, items, k, p, q, new float[users], new float[items], 3f, null);
        int[] ru = new int[users * 5], ri = new int[users * 5], rows = new int[users * 5];
        float[] rv = new float[users * 5];
        for (int j = 0; j < ru.length; j++) {
            ru[j] = j / 5;
            ri[j] = j % 5;
            rv[j] = 4;
            rows[j] = j;
        }
        IdIndex uid = new IdIndex(), iid = new IdIndex();
        for (int u = 0; u < users; u++) uid.add("u" + u);
        for (int i = 0; i < items; i++) iid.add("i" + i);
        Ratings r = new Ratings(ru, ri, rv, null, uid, iid, new RatingScale(1, 5));
        ModelFile.write(TrainedModel.of(m, r, rows, null, null, Map.of("model", "dot-bias")), file);
        return file;
    }

    static List<String> items(JsonNode answer) {
        List<String> out = new ArrayList<>();
        for (JsonNode it : answer.get("items")) out.add(it.get("item").asText());
        return out;
    }

    @Test
    void aLargeCatalogueIsServedThroughTheIndexAndExactSearchStaysAvailable() throws Exception {
        Path m = model(dir.resolve("big.c4j"), 40, ApproximateTopN.MIN_ITEMS, 5);
        CliTest.Run graph = CliTest.run("index", "--model", m.toString(), "--method", "hnsw", "--threads", "2", "--json");
        assertThat(graph.code()).as(graph.err()).isZero();
        JsonNode g = JSON.readTree(graph.out());
        assertThat(g.get("method").asText()).isEqualTo("hnsw");
        assertThat(g.get("m").asInt()).isEqualTo(16);
        assertThat(g.get("ef_construction").asInt()).isEqualTo(200);
        assertThat(g.get("ef").asInt()).isEqualTo(100);
        assertThat(g.has("lists")).isFalse();
        int sameThroughGraph = 0;
        for (int u = 0; u < 40; u += 7) {
            List<String> a = items(JSON.readTree(CliTest.run("recommend", "--model", m.toString(), "--user", "u" + u, "--json").out()));
            List<String> e = items(JSON.readTree(CliTest.run("recommend", "--model", m.toString(), "--user", "u" + u, "--exact", "--json").out()));
            for (String id : a) if (e.contains(id)) sameThroughGraph++;
        }
        assertThat(sameThroughGraph).isGreaterThanOrEqualTo(54); // of 60: the graph is approximate

        CliTest.Run built = CliTest.run("index", "--model", m.toString(), "--threads", "2", "--json");
        assertThat(built.code()).as(built.err()).isZero();
        JsonNode b = JSON.readTree(built.out());
        assertThat(b.get("items").asInt()).isEqualTo(ApproximateTopN.MIN_ITEMS);
        assertThat(b.get("factors").asInt()).isEqualTo(8);
        assertThat(b.get("method").asText()).isEqualTo("lists");
        assertThat(b.get("lists").asInt()).isEqualTo(179); // about 2 sqrt(8000)
        assertThat(b.get("scan").asInt()).isEqualTo(ItemIndex.ListOptions.DEFAULT_SCAN);
        assertThat(b.get("similar_scan").asInt()).isEqualTo(ItemIndex.ListOptions.DEFAULT_SIMILAR_SCAN);
        assertThat(b.has("m")).isFalse();
        assertThat(Path.of(b.get("index").asText())).isEqualTo(IndexFile.beside(m)).exists();
        for (int u = 0; u < 40; u += 7) {
            JsonNode approx = JSON.readTree(CliTest.run("recommend", "--model", m.toString(), "--user", "u" + u, "--json").out());
            JsonNode exact = JSON.readTree(CliTest.run("recommend", "--model", m.toString(), "--user", "u" + u, "--exact", "--json").out());
            assertThat(approx.get("notes").toString()).contains("approximate search");
            assertThat(exact.get("notes").toString()).doesNotContain("approximate");
            List<String> a = items(approx), e = items(exact);
            assertThat(a).hasSize(10).doesNotContain("i0", "i1", "i2", "i3", "i4"); // rated in training
            assertThat(a).isEqualTo(e); // within the scan budget the lists' answer is exact
            assertThat(approx.get("items")).isEqualTo(exact.get("items"));
        }
        Path out = dir.resolve("all.tsv");
        JsonNode all = JSON.readTree(CliTest.run("recommend", "--model", m.toString(), "--all-users", "--out", out.toString(), "--json").out());
        assertThat(all.get("search").asText()).isEqualTo("approximate");
        assertThat(all.get("rows").asLong()).isEqualTo(400);
        JsonNode allExact = JSON.readTree(CliTest.run("recommend", "--model", m.toString(), "--all-users", "--exact", "--out", out.toString(), "--json").out());
        assertThat(allExact.get("search").asText()).isEqualTo("exact");
    }

    @Test
    void similarGoesThroughTheSimilarItemsIndexAndGivesTheExactList() throws Exception {
        Path m = model(dir.resolve("big.c4j"), 20, ApproximateTopN.MIN_ITEMS, 7);
        CliTest.Run built = CliTest.run("index", "--model", m.toString(), "--for", "similar", "--threads", "2", "--json");
        assertThat(built.code()).as(built.err()).isZero();
        JsonNode b = JSON.readTree(built.out());
        assertThat(b.get("index").isNull()).isTrue();
        assertThat(Path.of(b.get("similar_index").asText())).isEqualTo(IndexFile.beside(m, ItemIndex.Kind.ITEM_ITEM)).exists();
        assertThat(IndexFile.beside(m)).doesNotExist();
        for (String item : List.of("i3", "i1234", "i7999")) {
            JsonNode approx = JSON.readTree(CliTest.run("similar", "--model", m.toString(), "--item", item, "--min-ratings", "0", "--json").out());
            JsonNode exact = JSON.readTree(CliTest.run("similar", "--model", m.toString(), "--item", item, "--min-ratings", "0", "--exact",
                    "--json").out());
            assertThat(approx.get("search").asText()).isEqualTo("approximate");
            assertThat(exact.get("search").asText()).isEqualTo("exact");
            assertThat(approx.get("similar")).hasSize(10).isEqualTo(exact.get("similar"));
        }
        // the default minimum (10 ratings) leaves no candidate here: items 0..4 have 20 ratings, the rest none
        JsonNode rated = JSON.readTree(CliTest.run("similar", "--model", m.toString(), "--item", "i9", "--json").out());
        List<String> ids = new ArrayList<>();
        for (JsonNode s : rated.get("similar")) ids.add(s.get("item").asText());
        assertThat(ids).containsExactlyInAnyOrder("i0", "i1", "i2", "i3", "i4");
        model(m, 20, ApproximateTopN.MIN_ITEMS, 8); // retrained: the index beside it is stale
        CliTest.Run stale = CliTest.run("similar", "--model", m.toString(), "--item", "i3");
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).contains("built from another model").contains("collab4j index --model " + m);
        assertThat(CliTest.run("similar", "--model", m.toString(), "--item", "i3", "--exact").code()).isZero();
    }

    @Test
    void anIndexOfAnotherModelIsRefusedWithTheFixAndASmallCatalogueIsScoredExactly() throws Exception {
        Path m = model(dir.resolve("small.c4j"), 20, 300, 1);
        CliTest.Run built = CliTest.run("index", "--model", m.toString());
        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.err()).contains("below " + ApproximateTopN.MIN_LIST_ITEMS).contains("faster");
        CliTest.Run small = CliTest.run("recommend", "--model", m.toString(), "--user", "u1", "--json");
        assertThat(small.code()).isZero();
        assertThat(small.err()).contains("not using").contains("small.c4j.ann");
        assertThat(small.out()).doesNotContain("approximate");

        // 2,000 items: enough for the lists, not for a graph
        Path mid = model(dir.resolve("mid.c4j"), 20, 2000, 4);
        assertThat(CliTest.run("index", "--model", mid.toString(), "--for", "recommend").code()).isZero();
        for (String u : List.of("u1", "u7")) {
            JsonNode approx = JSON.readTree(CliTest.run("recommend", "--model", mid.toString(), "--user", u, "--json").out());
            JsonNode exact = JSON.readTree(CliTest.run("recommend", "--model", mid.toString(), "--user", u, "--exact", "--json").out());
            assertThat(approx.get("notes").toString()).contains("approximate search");
            assertThat(approx.get("items")).isEqualTo(exact.get("items"));
        }
        CliTest.Run graph = CliTest.run("index", "--model", mid.toString(), "--for", "recommend", "--method", "hnsw");
        assertThat(graph.err()).contains("below " + ApproximateTopN.MIN_ITEMS);
        CliTest.Run notUsed = CliTest.run("recommend", "--model", mid.toString(), "--user", "u1", "--json");
        assertThat(notUsed.err()).contains("not using").contains("below " + ApproximateTopN.MIN_ITEMS).contains("than the graph");
        assertThat(notUsed.out()).doesNotContain("approximate");

        Path big = model(dir.resolve("big.c4j"), 10, ApproximateTopN.MIN_ITEMS, 2);
        assertThat(CliTest.run("index", "--model", big.toString()).code()).isZero();
        model(big, 10, ApproximateTopN.MIN_ITEMS, 3); // retrained: the index beside it is stale
        CliTest.Run stale = CliTest.run("recommend", "--model", big.toString(), "--user", "u1");
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).contains("built from another model").contains("collab4j index --model " + big);
        assertThat(CliTest.run("recommend", "--model", big.toString(), "--user", "u1", "--exact").code()).isZero();
    }

    @Test
    void wrongUsesSayWhatToDo() throws Exception {
        Path csv = dir.resolve("r.csv");
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < 30; u++) for (int i = 0; i < 10; i++) sb.append("u").append(u).append(",i").append(i).append(',').append(1 + (u + i) % 5).append('\n');
        Files.writeString(csv, sb);
        CliTest.Run noOut = CliTest.run("train", "--data", csv.toString(), "--model", "baseline", "--ann");
        assertThat(noOut.code()).isEqualTo(1);
        assertThat(noOut.err()).contains("--ann").contains("--out");
        Path baseline = dir.resolve("b.c4j");
        assertThat(CliTest.run("train", "--data", csv.toString(), "--model", "baseline", "--out", baseline.toString(), "--quiet").code()).isZero();
        CliTest.Run refused = CliTest.run("index", "--model", baseline.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("needs a factor model").contains("baseline");
        CliTest.Run badM = CliTest.run("index", "--model", baseline.toString(), "--method", "hnsw", "--ann-m", "1");
        assertThat(badM.code()).isEqualTo(1);
        assertThat(badM.err()).contains("--ann-m must be at least 2");
        CliTest.Run graphFlag = CliTest.run("index", "--model", baseline.toString(), "--ann-ef", "50");
        assertThat(graphFlag.code()).isEqualTo(1);
        assertThat(graphFlag.err()).contains("--ann-ef").contains("--method hnsw");
        CliTest.Run listFlag = CliTest.run("index", "--model", baseline.toString(), "--method", "hnsw", "--ann-lists", "50");
        assertThat(listFlag.code()).isEqualTo(1);
        assertThat(listFlag.err()).contains("--ann-lists").contains("k-means lists");
        CliTest.Run badScan = CliTest.run("index", "--model", baseline.toString(), "--ann-scan", "0");
        assertThat(badScan.code()).isEqualTo(1);
        assertThat(badScan.err()).contains("--ann-scan must be at least 1, got 0");
        CliTest.Run badMethod = CliTest.run("index", "--model", baseline.toString(), "--method", "kd-tree");
        assertThat(badMethod.code()).isEqualTo(1);
        assertThat(badMethod.err()).contains("--method: the index method is lists or hnsw, got 'kd-tree'");
        Path withIndex = dir.resolve("d.c4j");
        CliTest.Run trained = CliTest.run("train", "--data", csv.toString(), "--model", "dot-bias", "--epochs", "1", "--out", withIndex.toString(),
                "--ann", "--json", "--quiet");
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(JSON.readTree(trained.out()).get("index").asText()).isEqualTo(IndexFile.beside(withIndex).toString());
        assertThat(IndexFile.beside(withIndex)).exists();
        assertThat(IndexFile.beside(withIndex, ItemIndex.Kind.ITEM_ITEM)).exists();
        assertThat(IndexFile.read(IndexFile.beside(withIndex), withIndex).method()).isEqualTo(ItemIndex.Method.LISTS);
        Path withGraph = dir.resolve("g.c4j");
        CliTest.Run graph = CliTest.run("train", "--data", csv.toString(), "--model", "dot-bias", "--epochs", "1", "--out", withGraph.toString(),
                "--ann=hnsw", "--quiet");
        assertThat(graph.code()).as(graph.err()).isZero();
        assertThat(IndexFile.read(IndexFile.beside(withGraph), withGraph).method()).isEqualTo(ItemIndex.Method.HNSW);
        CliTest.Run badAnn = CliTest.run("train", "--data", csv.toString(), "--model", "dot-bias", "--out", withGraph.toString(), "--ann=kd");
        assertThat(badAnn.code()).isEqualTo(1);
        assertThat(badAnn.err()).contains("--ann: the index method is lists or hnsw, got 'kd'");
        CliTest.Run badFor = CliTest.run("index", "--model", withIndex.toString(), "--for", "users");
        assertThat(badFor.code()).isEqualTo(1);
        assertThat(badFor.err()).contains("--for takes recommend, similar or both");
    }
}
