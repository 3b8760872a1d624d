package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint's happy path and every error it answers, on a small synthetic model. */
class ServerApiTest {
    @TempDir
    static Path dir;
    static Server server;
    static Http http;
    static TrainedModel model;

    @BeforeAll
    static void start() throws IOException {
        model = TestModels.small(60, 7);
        Path file = TestModels.write(model, dir.resolve("model.c4j"));
        server = Server.start(ServerConfig.local(file, 0));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static void noStackTrace(Http.Reply r) {
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("org.collab4j.");
    }

    static Http.Reply error(Http.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        assertThat(r.json().get("error").asText()).isNotBlank();
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        noStackTrace(r);
        return r;
    }

    @Test
    void healthSaysOkAndSizes() {
        Http.Reply r = http.get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
        assertThat(r.json().get("items").asInt()).isEqualTo(TestModels.TITLES.length);
        assertThat(r.json().get("db").asText()).isEqualTo("sqlite");
    }

    @Test
    void recommendationsUseTheCliFieldsAndExcludeSeenItems() {
        Http.Reply r = http.get("/v1/users/3/recommendations?n=5");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode o = r.json();
        assertThat(o.get("user").asText()).isEqualTo("3");
        assertThat(o.get("items")).hasSize(5);
        int u = model.userIds().index("3");
        for (JsonNode it : o.get("items")) {
            assertThat(it.has("item") && it.has("title") && it.has("score")).isTrue();
            assertThat(model.hasSeen(u, model.itemIds().index(it.get("item").asText()))).isFalse();
        }
        assertThat(http.get("/v1/users/3/recommendations").json().get("items")).hasSize(10);
    }

    @Test
    void recommendationErrors() {
        assertThat(error(http.get("/v1/users/nobody/recommendations"), 404).json().get("error").asText())
                .contains("unknown user 'nobody'").contains("/v1/users/nobody/ratings").contains("onboarding");
        error(http.get("/v1/users/3/recommendations?n=0"), 400);
        error(http.get("/v1/users/3/recommendations?n=1001"), 400);
        assertThat(error(http.get("/v1/users/3/recommendations?n=ten"), 400).json().get("error").asText()).contains("n must be");
        assertThat(error(http.get("/v1/users/a%20b/recommendations"), 400).json().get("error").asText()).contains("user id");
        error(http.get("/v1/users/" + "x".repeat(129) + "/recommendations"), 400);
        assertThat(error(http.get("/v1/users/3/recommendations?diversity=0.3"), 501).json().get("error").asText()).contains("not available");
        error(http.get("/v1/users/3/recommendations?explore=0.1"), 501);
    }

    @Test
    void similarItems() {
        JsonNode o = http.get("/v1/items/17/similar?n=4").json();
        assertThat(o.get("item").asText()).isEqualTo("17");
        assertThat(o.get("similar")).hasSize(4);
        for (JsonNode s : o.get("similar")) {
            assertThat(s.get("item").asText()).isNotEqualTo("17");
            assertThat(s.get("similarity").asDouble()).isBetween(-1.0, 1.0);
            assertThat(s.get("title").asText()).isNotBlank();
        }
        assertThat(error(http.get("/v1/items/9999/similar"), 404).json().get("error").asText()).contains("unknown item '9999'");
        error(http.get("/v1/items/17/similar?n=-1"), 400);
        error(http.get("/v1/items/bad%3Bid/similar"), 400);
    }

    @Test
    void itemDetails() {
        JsonNode o = http.get("/v1/items/17").json();
        assertThat(o.get("title").asText()).isEqualTo("Star Wars (1977)");
        assertThat(o.get("year").asInt()).isEqualTo(1977);
        assertThat(o.get("genres").get(0).asText()).isEqualTo(TestModels.GENRES[16 % 4]);
        assertThat(o.get("ratings").asInt()).isEqualTo(model.itemCount(16));
        error(http.get("/v1/items/0"), 404);
    }

    @Test
    void titleSearchIsCaseInsensitiveAndRanked() {
        JsonNode items = http.get("/v1/items?q=APOLLO%2013").json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("title").asText()).isEqualTo("Apollo 13 (1995)"); // exact before partial
        assertThat(http.get("/v1/items?q=the&n=2").json().get("items")).hasSize(2);
        assertThat(http.get("/v1/items?q=zzzz").json().get("items")).isEmpty();
        assertThat(error(http.get("/v1/items"), 400).json().get("error").asText()).contains("q=");
        error(http.get("/v1/items?q=" + "a".repeat(201)), 400);
    }

    @Test
    void postedRatingsAreStoredThenFoldedInForANewUser() {
        error(http.get("/v1/users/newbie/recommendations"), 404);
        long before = server.store().count();
        Http.Reply p = http.post("/v1/users/newbie/ratings",
                "[{\"item\":\"17\",\"rating\":5,\"time\":880000000},{\"item\":\"18\",\"rating\":4.5},{\"item\":3,\"rating\":1}]");
        assertThat(p.status()).as(p.body()).isEqualTo(200);
        assertThat(p.json().get("stored").asInt()).isEqualTo(3);
        assertThat(server.store().count()).isEqualTo(before + 3);
        JsonNode recs = http.get("/v1/users/newbie/recommendations?n=40").json().get("items");
        List<String> ids = new ArrayList<>();
        recs.forEach(x -> ids.add(x.get("item").asText()));
        assertThat(ids).hasSize(TestModels.TITLES.length - 3).doesNotContain("17", "18", "3");
        JsonNode stored = http.get("/v1/users/newbie/ratings").json().get("ratings");
        assertThat(stored).hasSize(3);
        assertThat(stored.get(0).get("time").asLong()).isEqualTo(880000000L);
        assertThat(stored.get(1).get("rating").asDouble()).isEqualTo(4.5);
    }

    @Test
    void aKnownUsersNewRatingsChangeTheirRecommendationsAtOnce() {
        JsonNode before = http.get("/v1/users/5/recommendations?n=3").json().get("items");
        String top = before.get(0).get("item").asText();
        assertThat(http.post("/v1/users/5/ratings", "[{\"item\":\"" + top + "\",\"rating\":1}]").status()).isEqualTo(200);
        JsonNode after = http.get("/v1/users/5/recommendations?n=40").json().get("items");
        after.forEach(x -> assertThat(x.get("item").asText()).isNotEqualTo(top));
        int u = model.userIds().index("5");
        after.forEach(x -> assertThat(model.hasSeen(u, model.itemIds().index(x.get("item").asText()))).isFalse());
    }

    @Test
    void ratingPostErrorsStoreNothing() {
        long before = server.store().count();
        assertThat(error(http.post("/v1/users/e1/ratings", "[{\"item\": \"1\", \"rating\": 4"), 400).json().get("error").asText())
                .startsWith("malformed JSON");
        assertThat(error(http.post("/v1/users/e1/ratings", "{\"item\": \"1\"}"), 400).json().get("error").asText()).contains("array");
        error(http.post("/v1/users/e1/ratings", "[]"), 400);
        error(http.post("/v1/users/e1/ratings", ""), 400);
        assertThat(error(http.post("/v1/users/e1/ratings", "[{\"item\":\"1\"}]"), 400).json().get("error").asText()).contains("\"rating\"");
        error(http.post("/v1/users/e1/ratings", "[{\"rating\":3}]"), 400);
        error(http.post("/v1/users/e1/ratings", "[3]"), 400);
        error(http.post("/v1/users/e1/ratings", "[{\"item\":\"1\",\"rating\":\"four\"}]"), 400);
        error(http.post("/v1/users/e1/ratings", "[{\"item\":\"1\",\"rating\":4,\"time\":\"yesterday\"}]"), 400);
        error(http.post("/v1/users/e1/ratings", "[{\"item\":\"1;drop\",\"rating\":4}]"), 400);
        Http.Reply unknown = error(http.post("/v1/users/e1/ratings",
                "[{\"item\":\"1\",\"rating\":4},{\"item\":\"nope\",\"rating\":4},{\"item\":\"999\",\"rating\":2}]"), 422);
        assertThat(unknown.json().get("unknown_items").toString()).isEqualTo("[\"nope\",\"999\"]");
        assertThat(unknown.json().get("error").asText()).contains("nope").contains("999").contains("nothing was stored");
        assertThat(error(http.post("/v1/users/e1/ratings", "[{\"item\":\"1\",\"rating\":4},{\"item\":\"2\",\"rating\":6}]"), 422)
                .json().get("error").asText()).contains("outside the scale 1..5").contains("2=6");
        error(http.post("/v1/users/e1/ratings", "[{\"item\":\"2\",\"rating\":0.5}]"), 422);
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < ServerConfig.MAX_RATINGS_PER_POST + 1; i++) many.append(i == 0 ? "" : ",").append("{\"item\":\"1\",\"rating\":3}");
        error(http.post("/v1/users/e1/ratings", many.append("]").toString()), 413);
        error(http.post("/v1/users/e1/ratings", "[" + " ".repeat((int) ServerConfig.MAX_BODY) + "]"), 413);
        assertThat(server.store().count()).isEqualTo(before);
        assertThat(server.store().ratingsOf("e1")).isEmpty();
        error(http.get("/v1/users/e1/ratings"), 404);
    }

    @Test
    void onboardingIsNotAvailableYetAndSaysSo() {
        assertThat(error(http.get("/v1/onboarding?n=5"), 501).json().get("error").asText()).contains("not available");
        error(http.get("/v1/onboarding?n=0"), 400);
        error(http.post("/v1/users", "{\"user\":\"g1\",\"genres\":[\"Comedy\"]}"), 501);
    }

    @Test
    void reloadSwapsTheModelAndBumpsTheVersion() {
        long v = http.get("/health").json().get("model_version").asLong();
        Http.Reply r = http.post("/v1/admin/reload", "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("model_version").asLong()).isGreaterThan(v);
        assertThat(http.get("/v1/users/3/recommendations").status()).isEqualTo(200);
    }

    @Test
    void metricsInPrometheusText() {
        http.get("/v1/users/3/recommendations");
        Http.Reply r = http.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).contains("collab4j_http_requests_total{route=\"/v1/users/{id}/recommendations\",status=\"200\"}")
                .contains("collab4j_http_request_duration_seconds_bucket{route=\"/v1/users/{id}/recommendations\",le=\"0.005\"}")
                .contains("collab4j_model_version ").contains("collab4j_stored_ratings ").contains("# TYPE collab4j_model_version gauge");
    }

    @Test
    void unknownEndpointsAndMethodsAreJsonErrors() {
        error(http.get("/v2/nothing"), 404);
        error(http.post("/health", "{}"), 404);
    }

    @Test
    void theWebPageIsServed() {
        Http.Reply r = http.get("/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("<title>collab4j").contains("app.js");
        assertThat(http.get("/app.js").status()).isEqualTo(200);
    }

    @Test
    void configRefusesAPublicBindWithoutAToken(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> new ServerConfig(tmp.resolve("m"), "0.0.0.0", 0, null, null))
                .hasMessageContaining("needs a bearer token").hasMessageContaining("--token-file");
        assertThatThrownBy(() -> new ServerConfig(tmp.resolve("m"), "0.0.0.0", 0, null, "short")).hasMessageContaining("too short");
        Path tf = Files.writeString(tmp.resolve("token"), "  0123456789abcdef0123\n");
        assertThat(ServerConfig.tokenFrom(tf)).isEqualTo("0123456789abcdef0123");
        Files.writeString(tf, "\n");
        assertThatThrownBy(() -> ServerConfig.tokenFrom(tf)).hasMessageContaining("empty");
        assertThat(new ServerConfig(tmp.resolve("m"), "::1", 0, null, null).tokenRequired()).isFalse();
    }
}
