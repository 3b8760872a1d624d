package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Demographics;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** recommend and train answer as the core API does, and say it plainly: one MovieLens 100k model, trained once. */
class NewUserAnswersCliTest {
    @TempDir
    static Path dir;
    static Path model;
    static String data;

    @BeforeAll
    static void train() {
        data = System.getenv("COLLAB4J_DATA");
        assumeTrue(data != null && Files.isDirectory(Path.of(data, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        model = dir.resolve("m.c4j");
        CliTest.Run r = CliTest.run("train", "--data", "ml-100k", "--data-dir", data, "--threads", "2", "--epochs", "3",
                "--out", model.toString(), "--quiet", "--show", "0");
        assertThat(r.code()).as(r.err()).isZero();
    }

    static List<String> ids(JsonNode items) {
        List<String> out = new ArrayList<>();
        for (JsonNode it : items) out.add(it.get("item").asText());
        return out;
    }

    @Test
    void ratingsOffTheModelsScaleAreRefusedAsTheServerRefusesThem() {
        CliTest.Run r = CliTest.run("recommend", "--model", model.toString(), "--ratings", "50=9,172=-3");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("ratings outside the scale 1..5: 50=9, 172=-3").doesNotContain("Exception");
        assertThat(CliTest.run("recommend", "--model", model.toString(), "--ratings", "50=5.5").err()).contains("50=5.5");
    }

    @Test
    void theCommandLineGivesTheListTheCoreApiGives() throws Exception {
        TrainedModel m = ModelFile.read(model);
        Recommendations recs = new Recommendations(m);
        record Case(Requester who, String... args) {
        }
        List<Case> cases = List.of(
                new Case(Requester.rated(new String[] {"50", "172", "181", "1"}, new float[] {5, 5, 4, 2}), "--ratings", "50=5,172=5,181=4,1=2"),
                new Case(Requester.genres(List.of("Horror"), Demographics.NONE), "--genres", "Horror"),
                new Case(Requester.genres(List.of("Comedy", "Romance"), new Demographics("F", 30, null, null)), "--genres", "Comedy,Romance",
                        "--gender", "F", "--age", "30"),
                new Case(Requester.known("196"), "--user", "196"));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(List.of("recommend", "--model", model.toString(), "-n", "10", "--json"));
            args.addAll(List.of(c.args()));
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode j = CliTest.JSON.readTree(r.out());
            Recommendations.Answer a = recs.recommend(c.who(), 10);
            assertThat(j.get("user").asText()).isEqualTo(a.user());
            assertThat(j.get("ranked_by").asText()).isEqualTo(a.rankedBy() == FoldIn.Ranking.RELEVANCE ? "relevance" : "rating");
            assertThat(a.rankedBy()).isEqualTo(recs.defaultRanking(c.who()));
            assertThat(ids(j.get("items"))).as(String.join(" ", c.args())).isEqualTo(a.items().stream().map(Recommendations.Item::item).toList());
            for (int k = 0; k < a.items().size(); k++)
                assertThat((float) j.get("items").get(k).get("score").asDouble()).isEqualTo(a.items().get(k).score());
        }
    }

    @Test
    void aNewUsersListSaysForWhomInPlainWords() {
        CliTest.Run r = CliTest.run("recommend", "--model", model.toString(), "--ratings", "50=5,172=5,181=4,1=2", "-n", "3");
        assertThat(r.out()).startsWith("top 3 for a new user (4 ratings) (by relevance; predicted rating shown):");
        CliTest.Run g = CliTest.run("recommend", "--model", model.toString(), "--genres", "Horror", "-n", "3");
        assertThat(g.out()).startsWith("top 3 for a new user (genres Horror) (by relevance; predicted rating shown):");
        assertThat(CliTest.run("recommend", "--model", model.toString(), "--user", "196", "-n", "3").out()).startsWith("top 3 for user 196:");
    }

    @Test
    void theUnknownPlaceholderIsNotAGenreToStateOrToBeOffered() {
        CliTest.Run r = CliTest.run("recommend", "--model", model.toString(), "--genres", "unknown");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown genre unknown; the model knows: Action, Adventure,").doesNotContain("knows: unknown");
    }

    @Test
    void ambiguousTitlesListTheirIdsInOneColumn() {
        CliTest.Run r = CliTest.run("similar", "--model", model.toString(), "--item", "Star");
        assertThat(r.code()).isEqualTo(1);
        List<Integer> titleColumns = new ArrayList<>();
        for (String line : r.err().split("\n"))
            if (line.startsWith("  ") && !line.trim().equals("...")) titleColumns.add(line.indexOf("St", 3));
        assertThat(titleColumns).hasSizeGreaterThan(5);
        assertThat(titleColumns).as(r.err()).containsOnly(titleColumns.get(0));
        assertThat(r.err()).contains("\n  62   Stargate (1994)").contains("\n  222  Star Trek: First Contact (1996)");
    }

    @Test
    void trainShowsSimilarItemsByTheSameRuleAsSimilar() throws Exception {
        Path out = dir.resolve("shown.c4j");
        CliTest.Run r = CliTest.run("train", "--data", "ml-100k", "--data-dir", data, "--threads", "2", "--epochs", "2", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String text = r.out();
        String sims = text.substring(text.indexOf("most similar to "));
        assertThat(sims.lines().findFirst().orElseThrow()).endsWith("(items with 10 or more ratings):");
        TrainedModel m = ModelFile.read(out);
        List<String> shown = sims.lines().skip(1).map(l -> l.trim().substring(l.trim().indexOf("  ") + 2)).toList();
        assertThat(shown).hasSize(5);
        for (String title : shown) {
            int i = -1;
            for (int j = 0; j < m.numItems(); j++) if (m.title(j).equals(title)) i = j;
            assertThat(m.itemCount(i)).as(title).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void quietTrainingPrintsNeitherTheEpochTableNorTheExample() {
        CliTest.Run r = CliTest.run("train", "--data", "ml-100k", "--data-dir", data, "--threads", "2", "--epochs", "1", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("train_loss").doesNotContain("top 5 for user").doesNotContain("most similar");
        assertThat(r.out()).contains("valid RMSE");
    }

    @Test
    void aRunThatDidNotConvergeSaysSoAndWhatToTry() throws Exception {
        Path small = dir.resolve("small.tsv");
        Files.write(small, Files.readAllLines(Path.of(data, "ml-100k", "u.data")).subList(0, 296));
        CliTest.Run r = CliTest.run("train", "--data", small.toString(), "--threads", "1", "--show", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: training did not converge").contains("--epochs").contains("--lr").contains("lr-find");
        // no titles in a bare u.data: an item's id is printed once
        assertThat(r.out()).contains("top 3 for user");
        JsonNode j = CliTest.JSON.readTree(CliTest.run("train", "--data", small.toString(), "--threads", "1", "--json").out());
        assertThat(j.get("converged").asBoolean()).isFalse();
        assertThat(j.get("warnings").get(0).asText()).startsWith("training did not converge");
        // too short a run to carry the biases from the middle of the range (2.75): it starts at the
        // training mean instead, so its first loss is about the ratings' variance (1.35), not 2.09,
        // and it scores the validation ratings about as well as their mean would (RMSE 1.04)
        assertThat(j.get("epochs").get(0).get("train_loss").asDouble()).isBetween(1.2, 1.45);
        assertThat(j.get("valid_rmse").asDouble()).isLessThan(1.1);
        JsonNode fine = CliTest.JSON.readTree(CliTest.run("train", "--data", small.toString(), "--threads", "1", "--epochs", "30",
                "--lr", "0.05", "--json").out());
        assertThat(fine.get("converged").asBoolean()).isTrue();
        assertThat(fine.get("warnings")).isEmpty();
    }

    @Test
    void withoutTitlesAnItemsIdIsPrintedOnce() throws Exception {
        Path bare = dir.resolve("bare.tsv");
        Files.copy(Path.of(data, "ml-100k", "u.data"), bare);
        Path m = dir.resolve("bare.c4j");
        assertThat(CliTest.run("train", "--data", bare.toString(), "--threads", "2", "--epochs", "1", "--show", "0", "--quiet", "--out",
                m.toString()).code()).isZero();
        CliTest.Run r = CliTest.run("recommend", "--model", m.toString(), "--user", "196", "-n", "3");
        List<String> lines = r.out().lines().skip(1).toList();
        assertThat(lines).hasSize(3);
        for (String line : lines) assertThat(line.trim().split("\\s+")).as(line).hasSize(3); // rank, score, id
        CliTest.Run s = CliTest.run("similar", "--model", m.toString(), "--item", "50", "-n", "3");
        assertThat(s.out()).startsWith("most similar to 50, by ");
        for (String line : s.out().lines().skip(1).toList()) assertThat(line.trim().split("\\s+")).as(line).hasSize(3);
    }
}
