package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** recommend --ratings / --genres, onboard: the new-user commands on a MovieLens 100k model. */
class ColdStartCliTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() {
        String d = System.getenv("COLLAB4J_DATA");
        assumeTrue(d != null && Files.isDirectory(Path.of(d, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        model = dir.resolve("m.c4j");
        CliTest.Run r = CliTest.run("train", "--data", "ml-100k", "--data-dir", d, "--threads", "2", "--epochs", "3",
                "--out", model.toString(), "--quiet", "--show", "0");
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void recommendForNewRatingsHasTheSameFieldsAsForAUser() throws Exception {
        CliTest.Run r = CliTest.run("recommend", "--model", model.toString(), "--ratings", "50=5, 172=5,181=4,1=2", "-n", "5", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = CliTest.JSON.readTree(r.out());
        assertThat(o.has("user")).isTrue();
        assertThat(o.get("items")).hasSize(5);
        for (JsonNode it : o.get("items")) {
            assertThat(it.has("item") && it.has("title") && it.has("score")).isTrue();
            assertThat(it.get("item").asText()).isNotIn("50", "172", "181", "1");
        }
        Path f = dir.resolve("mine.csv");
        Files.writeString(f, "item,rating\n50,5\n172,5\n181,4\n1,2\n");
        CliTest.Run fromFile = CliTest.run("recommend", "--model", model.toString(), "--ratings-file", f.toString(), "-n", "5", "--json");
        assertThat(CliTest.JSON.readTree(fromFile.out()).get("items")).isEqualTo(o.get("items"));
    }

    @Test
    void newUsersAreRankedByRelevanceUnlessAskedOtherwise() throws Exception {
        JsonNode rel = CliTest.JSON.readTree(CliTest.run("recommend", "--model", model.toString(), "--ratings", "50=5,172=5,1=2",
                "-n", "5", "--json").out());
        assertThat(rel.get("ranked_by").asText()).isEqualTo("relevance");
        for (JsonNode it : rel.get("items")) assertThat(it.get("score").asDouble()).isNegative(); // a log-probability
        for (JsonNode it : rel.get("items")) assertThat(it.get("predicted_rating").asDouble()).isBetween(0.0, 5.5);
        JsonNode byRating = CliTest.JSON.readTree(CliTest.run("recommend", "--model", model.toString(), "--ratings", "50=5,172=5,1=2",
                "-n", "5", "--rank-by", "rating", "--json").out());
        assertThat(byRating.get("ranked_by").asText()).isEqualTo("rating");
        double last = Double.POSITIVE_INFINITY;
        for (JsonNode it : byRating.get("items")) {
            assertThat(it.has("predicted_rating")).isFalse();
            assertThat(it.get("score").asDouble()).isLessThanOrEqualTo(last);
            last = it.get("score").asDouble();
        }
        JsonNode user = CliTest.JSON.readTree(CliTest.run("recommend", "--model", model.toString(), "--user", "1", "-n", "3", "--json").out());
        assertThat(user.get("ranked_by").asText()).isEqualTo("rating");
        CliTest.Run userRel = CliTest.run("recommend", "--model", model.toString(), "--user", "1", "-n", "3", "--rank-by", "relevance", "--json");
        assertThat(userRel.code()).as(userRel.err()).isZero();
        assertThat(CliTest.JSON.readTree(userRel.out()).get("items")).hasSize(3);
        assertThat(CliTest.run("recommend", "--model", model.toString(), "--user", "1", "--rank-by", "stars").err())
                .contains("--rank-by must be 'rating' or 'relevance', got 'stars'");
    }

    @Test
    void unknownItemIdsAreNamedAndBadInputIsRefused() {
        CliTest.Run r = CliTest.run("recommend", "--model", model.toString(), "--ratings", "50=5,99999=3,abc=2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown item ids '99999', 'abc'").doesNotContain("Exception");
        assertThat(CliTest.run("recommend", "--model", model.toString(), "--ratings", "50:5").err()).contains("'50:5' is not item=rating");
        assertThat(CliTest.run("recommend", "--model", model.toString(), "--ratings", "50=x").err()).contains("'50=x' is not a number");
        assertThat(CliTest.run("recommend", "--model", model.toString(), "--user", "1", "--ratings", "50=5").err())
                .contains("give exactly one of --user, --ratings, --ratings-file, --items, --genres or --all-users");
        assertThat(CliTest.run("recommend", "--model", model.toString(), "--user", "1", "--diversity", "2").err())
                .contains("--diversity must be between 0 and 1, got 2.0");
        assertThat(CliTest.run("recommend", "--model", model.toString(), "--genres", "Polka").err()).contains("unknown genre Polka; the model knows: ");
    }

    @Test
    void onboardIsDeterministicWithDistinctItems() throws Exception {
        CliTest.Run a = CliTest.run("onboard", "--model", model.toString(), "-n", "10", "--seed", "3", "--json");
        CliTest.Run b = CliTest.run("onboard", "--model", model.toString(), "-n", "10", "--seed", "3", "--json");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        JsonNode items = CliTest.JSON.readTree(a.out()).get("items");
        assertThat(items).hasSize(10);
        Set<String> ids = new HashSet<>();
        for (JsonNode it : items) {
            assertThat(it.has("title")).isTrue();
            ids.add(it.get("item").asText());
        }
        assertThat(ids).hasSize(10);
        assertThat(CliTest.run("onboard", "--model", model.toString(), "-n", "0").err()).contains("-n must be between 1 and 300, got 0");
    }

    @Test
    void genresAndDiversityProduceLists() throws Exception {
        CliTest.Run g = CliTest.run("recommend", "--model", model.toString(), "--genres", "Comedy,Romance", "--gender", "F", "-n", "4", "--json");
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(CliTest.JSON.readTree(g.out()).get("items")).hasSize(4);
        CliTest.Run plain = CliTest.run("recommend", "--model", model.toString(), "--user", "1", "-n", "10", "--json");
        CliTest.Run zero = CliTest.run("recommend", "--model", model.toString(), "--user", "1", "-n", "10", "--diversity", "0", "--json");
        assertThat(zero.out()).isEqualTo(plain.out());
        CliTest.Run div = CliTest.run("recommend", "--model", model.toString(), "--user", "1", "-n", "10", "--diversity", "0.5",
                "--explore", "0.3", "--json");
        assertThat(CliTest.JSON.readTree(div.out()).get("items")).hasSize(10);
    }
}
