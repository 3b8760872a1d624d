package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on MovieLens 100k: train, save, recommend, similar, evaluate, errors. */
class CliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path model;
    static JsonNode trainJson;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static String data() {
        String d = System.getenv("COLLAB4J_DATA");
        assumeTrue(d != null && Files.isDirectory(Path.of(d, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        return d;
    }

    @BeforeAll
    static void train() throws Exception {
        String d = System.getenv("COLLAB4J_DATA");
        if (d == null || !Files.isDirectory(Path.of(d, "ml-100k"))) return;
        model = dir.resolve("ml100k.c4j");
        Run r = run("train", "--data", "ml-100k", "--data-dir", d, "--threads", "2", "--out", model.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        trainJson = JSON.readTree(r.out());
    }

    @Test
    void trainPrintsOneJsonObjectWithTheContractFields() {
        data();
        assertThat(trainJson.get("model").asText()).isEqualTo("dot-bias");
        assertThat(trainJson.get("n_train").asInt()).isEqualTo(80000);
        assertThat(trainJson.get("n_valid").asInt()).isEqualTo(20000);
        assertThat(trainJson.get("epochs")).hasSize(5);
        JsonNode e0 = trainJson.get("epochs").get(0);
        assertThat(e0.has("epoch") && e0.has("train_loss") && e0.has("valid_loss") && e0.has("seconds")).isTrue();
        assertThat(trainJson.get("valid_rmse").asDouble()).isBetween(0.85, 0.915);
        assertThat(trainJson.get("valid_mae").asDouble()).isBetween(0.6, 0.75);
        assertThat(trainJson.get("train_seconds").asDouble()).isPositive();
        assertThat(Files.isRegularFile(model)).isTrue();
    }

    @Test
    void recommendFromTheSavedModelExcludesSeenItems() throws Exception {
        data();
        Run r = run("recommend", "--model", model.toString(), "--user", "196", "-n", "7", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("user").asText()).isEqualTo("196");
        assertThat(o.get("items")).hasSize(7);
        JsonNode first = o.get("items").get(0);
        assertThat(first.has("item") && first.has("title") && first.has("score")).isTrue();
        double prev = Double.POSITIVE_INFINITY;
        for (JsonNode it : o.get("items")) {
            assertThat(it.get("score").asDouble()).isLessThanOrEqualTo(prev);
            prev = it.get("score").asDouble();
        }
        // user 196 rated item 242 (Kolya) in u.data's first line; whichever side of the split, a
        // recommendation is never an item the user rated in training
        var m = org.collab4j.io.ModelFile.read(model);
        int u = m.userIds().index("196");
        for (JsonNode it : o.get("items")) assertThat(m.hasSeen(u, m.itemIds().index(it.get("item").asText()))).isFalse();
    }

    @Test
    void humanOutputOfRecommendListsTitles() {
        data();
        Run r = run("recommend", "--model", model.toString(), "--user", "196", "-n", "3");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("top 3 for user 196:").contains("(19");
    }

    @Test
    void similarByTitle() throws Exception {
        data();
        Run r = run("similar", "--model", model.toString(), "--item", "Silence of the Lambs", "-n", "5", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("item").asText()).isEqualTo("98");
        assertThat(o.get("similar")).hasSize(5);
        assertThat(o.get("similar").get(0).has("similarity")).isTrue();
        for (JsonNode s : o.get("similar")) assertThat(s.get("item").asText()).isNotEqualTo("98");
    }

    @Test
    void ambiguousTitleListsCandidates() {
        data();
        Run r = run("similar", "--model", model.toString(), "--item", "Star Trek");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("matches").contains("Star Trek").doesNotContain("Exception");
    }

    @Test
    void predictOneRating() throws Exception {
        data();
        Run r = run("predict", "--model", model.toString(), "--user", "196", "--item", "50", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).get("prediction").asDouble()).isBetween(1.0, 5.5);
    }

    @Test
    void evaluateMatchesTrainingValidation() throws Exception {
        data();
        Run r = run("evaluate", "--model", model.toString(), "--data", "ml-100k", "--data-dir", data(),
                "--metrics", "rmse,mae,ndcg@10,precision@10,coverage@10", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("rmse").asDouble()).isCloseTo(trainJson.get("valid_rmse").asDouble(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(o.get("ndcg@10").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("coverage@10").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void unknownUserIsAClearMessage() {
        data();
        Run r = run("recommend", "--model", model.toString(), "--user", "no-such-user");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown user 'no-such-user'").doesNotContain("at org.");
    }

    @Test
    void corruptModelIsRefused() throws Exception {
        data();
        Path bad = dir.resolve("bad.c4j");
        byte[] b = Files.readAllBytes(model);
        b[b.length / 2] ^= 0x5a;
        Files.write(bad, b);
        Run r = run("recommend", "--model", bad.toString(), "--user", "196");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("damaged").doesNotContain("at org.");
    }

    @Test
    void malformedDataLineNamesFileAndLine() throws Exception {
        Path f = dir.resolve("bad.tsv");
        Files.writeString(f, "1\t1\t5\t100\n2\t1\tfive\t100\n");
        Run r = run("train", "--data", f.toString(), "--epochs", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bad.tsv:2").contains("five").doesNotContain("at org.");
    }

    @Test
    void missingDataOptionIsExplained() {
        Run r = run("train");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--data is required");
    }

    @Test
    void badOptionValueIsAUsageError() {
        Run r = run("train", "--data", "x", "--epochs", "many");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--epochs");
    }

    @Test
    void anUnknownModelOptionIsAnErrorThatNamesTheModelAndItsOptions() {
        Run r = run("train", "--data", "ml-100k", "--data-dir", data(), "--set", "nonsense=1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("collab4j: error: model dot-bias has no option 'nonsense'; its options: regularization, factor-l2, bias-l2, adam, "
                + "init-std, bins, features, user-features, item-features").doesNotContain("at org.");
        Run nn = run("train", "--data", "ml-100k", "--data-dir", data(), "--model", "nn", "--set", "layerz=5");
        assertThat(nn.code()).isEqualTo(1);
        assertThat(nn.err()).contains("model nn has no option 'layerz' (did you mean layers?); its options: layers, emb, emb-drop");
        Run bad = run("train", "--data", "ml-100k", "--data-dir", data(), "--model", "als", "--set", "bias-wd=-1");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("als: bias-wd must be a number >= 0, got '-1'");
        // --features for a model without side information keeps its own message
        Run features = run("train", "--data", "ml-100k", "--data-dir", data(), "--model", "als", "--features", "all");
        assertThat(features.code()).isEqualTo(1);
        assertThat(features.err()).contains("--features is taken by --model nn and dot-bias");
    }

    @Test
    void modelsListsEachModelsOptionsFromItsSpecs() throws Exception {
        Run r = run("models", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode models = JSON.readTree(r.out()).get("models");
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonNode m : models) names.add(m.get("name").asText());
        assertThat(names).containsExactly("dot-bias", "baseline", "als", "svdpp", "bpmf", "item-knn", "nn", "autoencoder", "blend",
                "popularity", "ease", "ials", "bpr");
        JsonNode nn = models.get(6).get("options");
        assertThat(nn.get("emb-drop").get("kind").asText()).isEqualTo("double");
        assertThat(nn.get("emb-drop").get("type").asText()).isEqualTo("number in [0, 1)");
        assertThat(nn.get("emb-drop").get("default").asText()).isEqualTo("0");
        assertThat(nn.get("emb-drop").get("formerly").get(0).asText()).isEqualTo("emb_drop");
        assertThat(nn.get("layers").get("element").asText()).isEqualTo("int");
        assertThat(nn.get("emb-lr").get("default").isNull()).isTrue();
        assertThat(nn.get("regularization").get("choices").toString()).isEqualTo("[\"collab4j\",\"fastai\"]");
        assertThat(models.get(1).get("options").get("reg-u").get("default").asText()).isEqualTo("5");
        assertThat(models.get(1).get("defaults").get("epochs").asInt()).isEqualTo(10);

        Run human = run("models");
        assertThat(human.out()).contains("nn: fastai's EmbeddingNN")
                .containsPattern("--set emb-drop=0 +number in \\[0, 1\\) +dropout on the concatenated embeddings \\(formerly emb_drop\\)")
                .containsPattern("--set reg-u=5 +number >= 0 +damping of the user biases");
    }

    @Test
    void theHelpOfTheTrainingCommandsListsTheModelOptions() {
        for (String command : new String[] {"train", "cv", "tune"}) {
            Run r = run(command, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).as(command).contains("Model options (--set KEY=VALUE;").containsPattern("\\n  baseline +reg-u, reg-i")
                    .containsPattern("\\n  nn +layers, emb, emb-drop, dropout");
        }
        assertThat(run("recommend", "--help").out()).doesNotContain("Model options");
    }

    @Test
    void helpListsEveryCommand() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("train", "evaluate", "recommend", "similar", "predict", "datasets");
    }

    @Test
    void officialFoldSplit() throws Exception {
        Run r = run("train", "--data", "ml-100k", "--data-dir", data(), "--split", "u1", "--epochs", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("n_train").asInt()).isEqualTo(80000);
        assertThat(o.get("n_valid").asInt()).isEqualTo(20000);
        assertThat(o.get("split").asText()).isEqualTo("u1");
    }

    @Test
    void datasetsListShowsPresence() throws Exception {
        Run r = run("datasets", "list", "--data-dir", data(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        boolean found = false;
        for (JsonNode d : o.get("datasets")) {
            assertThat(d.has("name") && d.has("path") && d.has("present")).isTrue();
            if (d.get("name").asText().equals("ml-100k")) {
                found = true;
                assertThat(d.get("present").asBoolean()).isTrue();
            }
        }
        assertThat(found).isTrue();
    }
}
