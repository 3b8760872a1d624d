package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.data.ItemInfo;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recommend} and {@code similar} on the command line and the server's
 * {@code GET /v1/users/{id}/recommendations}, {@code POST /v1/users} and
 * {@code GET /v1/items/{id}/similar} give the same list for the same input, in the same default
 * order: one MovieLens 100k model, trained once, served in this JVM.
 */
class ServeAgreesWithRecommendTest {
    @TempDir
    static Path dir;
    static Path model;
    static Served served;

    @BeforeAll
    static void trainAndServe() throws Exception {
        String data = System.getenv("COLLAB4J_DATA");
        assumeTrue(data != null && Files.isDirectory(Path.of(data, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        model = dir.resolve("m.c4j");
        CliTest.Run r = CliTest.run("train", "--data", "ml-100k", "--data-dir", data, "--threads", "2", "--epochs", "3",
                "--out", model.toString(), "--quiet", "--show", "0");
        assertThat(r.code()).as(r.err()).isZero();
        served = new Served(model);
    }

    @AfterAll
    static void stop() {
        if (served != null) served.close();
    }

    static JsonNode cli(String... args) throws Exception {
        return served.cli(args);
    }

    static JsonNode get(String path) throws Exception {
        return served.get(path);
    }

    static JsonNode post(String path, String body, int status) throws Exception {
        return served.post(path, body, status);
    }

    static List<String> ids(JsonNode items) {
        return Served.ids(items);
    }

    static List<Float> scores(JsonNode items, String field) {
        return Served.scores(items, field);
    }

    @Test
    void aNewUserWhoRatedStarWarsAndTheEmpireGetsTheSameListFromBoth() throws Exception {
        JsonNode c = cli("recommend", "--ratings", "50=5,172=4.5", "-n", "10");
        post("/v1/users/sw-fan/ratings", "[{\"item\":\"50\",\"rating\":5},{\"item\":\"172\",\"rating\":4.5}]", 200);
        JsonNode s = get("/v1/users/sw-fan/recommendations?n=10");
        assertThat(c.get("ranked_by").asText()).isEqualTo("relevance");
        assertThat(s.get("ranked_by").asText()).isEqualTo("relevance");
        assertThat(ids(s.get("items"))).hasSize(10).isEqualTo(ids(c.get("items"))).doesNotContain("50", "172");
        assertThat(scores(s.get("items"), "score")).isEqualTo(scores(c.get("items"), "score"));
        assertThat(scores(s.get("items"), "predicted_rating")).isEqualTo(scores(c.get("items"), "predicted_rating"));
        // Return of the Jedi is what a fan of the first two wants next, from both
        assertThat(ids(s.get("items")).subList(0, 5)).contains("181");

        JsonNode cr = cli("recommend", "--ratings", "50=5,172=4.5", "-n", "10", "--rank-by", "rating");
        JsonNode sr = get("/v1/users/sw-fan/recommendations?n=10&rank_by=rating");
        assertThat(sr.get("ranked_by").asText()).isEqualTo("rating");
        assertThat(ids(sr.get("items"))).isEqualTo(ids(cr.get("items")));
    }

    @Test
    void horrorGivesHorrorFilmsAndTheSameListFromBoth() throws Exception {
        JsonNode c = cli("recommend", "--genres", "Horror", "-n", "10");
        JsonNode s = post("/v1/users", "{\"id\":\"horror-fan\",\"genres\":[\"Horror\"]}", 201);
        assertThat(ids(s.get("items"))).hasSize(10).isEqualTo(ids(c.get("items")));
        assertThat(ids(get("/v1/users/horror-fan/recommendations?n=10").get("items"))).isEqualTo(ids(c.get("items")));
        TrainedModel m = ModelFile.read(model);
        ItemInfo info = m.itemInfo();
        int horror = info.genreIndex("Horror");
        for (String id : ids(s.get("items"))) {
            int i = m.itemIds().index(id);
            assertThat(info.genres(i)).as(m.title(i) + " is a horror film").contains(horror);
        }
        List<String> comedy = ids(post("/v1/users", "{\"id\":\"comedy-fan\",\"genres\":[\"Comedy\",\"Romance\"]}", 201).get("items"));
        List<String> children = ids(post("/v1/users", "{\"id\":\"kid\",\"genres\":[\"Children's\",\"Animation\"]}", 201).get("items"));
        inGenres(m, comedy, "Comedy", "Romance");
        inGenres(m, children, "Children's", "Animation");
        assertThat(comedy).isNotEqualTo(children);
    }

    /** Every item of {@code ids} has one of {@code genres}. */
    static void inGenres(TrainedModel m, List<String> ids, String... genres) {
        ItemInfo info = m.itemInfo();
        for (String id : ids) {
            int i = m.itemIds().index(id);
            boolean in = false;
            for (String g : genres) for (int x : info.genres(i)) in |= x == info.genreIndex(g);
            assertThat(in).as(m.title(i) + " is in " + String.join(" or ", genres)).isTrue();
        }
    }

    @Test
    void unknownIsNoGenreToOffer() throws Exception {
        List<String> genres = new ArrayList<>();
        get("/v1/onboarding").get("genres").forEach(g -> genres.add(g.asText()));
        assertThat(genres).hasSize(18).contains("Horror", "Film-Noir").doesNotContain("unknown");
        JsonNode refused = post("/v1/users", "{\"id\":\"placeholder\",\"genres\":[\"unknown\"]}", 422);
        assertThat(refused.get("error").asText()).startsWith("unknown genre unknown; the model knows: ").endsWith("; nothing was stored");
        assertThat(refused.get("unknown_genres").toString()).isEqualTo("[\"unknown\"]");
        assertThat(served.server.store().statedUsers()).noneMatch(u -> u.user().equals("placeholder"));
    }

    @Test
    void aUserOfTheModelGetsTheSameListFromBoth() throws Exception {
        assertThat(ids(get("/v1/users/196/recommendations?n=10").get("items"))).isEqualTo(ids(cli("recommend", "--user", "196").get("items")));
        assertThat(ids(get("/v1/users/196/recommendations?n=10&rank_by=relevance").get("items")))
                .isEqualTo(ids(cli("recommend", "--user", "196", "--rank-by", "relevance").get("items")));
    }

    @Test
    void schindlersListsSimilarFilmsHaveAtLeastTenRatingsAsOnTheCommandLine() throws Exception {
        TrainedModel m = ModelFile.read(model);
        JsonNode s = get("/v1/items/318/similar?n=20");
        assertThat(s.get("title").asText()).startsWith("Schindler's List");
        assertThat(ids(s.get("similar"))).hasSize(20).isEqualTo(ids(cli("similar", "--item", "318", "-n", "20").get("similar")));
        for (String id : ids(s.get("similar")))
            assertThat(m.itemCount(m.itemIds().index(id))).as(m.title(m.itemIds().index(id))).isGreaterThanOrEqualTo(10);
        List<String> loose = ids(get("/v1/items/318/similar?n=20&min_ratings=1").get("similar"));
        assertThat(loose).isEqualTo(ids(cli("similar", "--item", "318", "-n", "20", "--min-ratings", "1").get("similar")));
        assertThat(loose).as("without the minimum, rarely rated films come in").anySatisfy(id ->
                assertThat(m.itemCount(m.itemIds().index(id))).isLessThan(10));
    }
}
