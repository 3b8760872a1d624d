package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.algo.ease.EaseTrainer;
import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.InteractionLog;
import org.collab4j.data.Split;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model of implicit feedback served: EASE trained on MovieLens 100k's ratings of 4 or more
 * (as {@code train --positive 4 --model ease}); recommendations leave the user's items out and say
 * so, events are validated strictly, stored, folded in at once and summed, and survive a restart.
 */
class ImplicitServerTest {
    @TempDir
    static Path dir;
    static Path file;
    static TrainedModel model;
    static Server server;
    static Http http;

    @BeforeAll
    static void trainAndServe() throws IOException {
        String data = System.getenv("COLLAB4J_DATA");
        assumeTrue(data != null && Files.isDirectory(Path.of(data, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        Dataset raw = DataLoader.load(Path.of(data, "ml-100k"));
        Dataset d = InteractionLog.aggregate(raw, 4f, 0);
        Split all = new Split("all", d.ratings().allRows(), new int[0]);
        model = TrainedModel.of(new EaseTrainer().train(d, all, TrainConfig.defaults(), List.of()).model(), d.ratings(), all.train(),
                d.items(), d.users(), Map.of("model", "ease", "data", "ml-100k", "lambda", "200"));
        file = TestModels.write(model, dir.resolve("ease.c4j"));
        server = Server.start(ServerConfig.local(file, 0));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static List<String> ids(JsonNode o, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode it : o.get(field)) out.add(it.get("item").asText());
        return out;
    }

    static List<String> ids(Recommendations.Answer a) {
        return a.items().stream().map(Recommendations.Item::item).toList();
    }

    /** The position of {@code id} in a list of the top 1,000, or 1,000 when it is further down. */
    static int rank(List<String> list, String id) {
        int at = list.indexOf(id);
        return at < 0 ? list.size() : at;
    }

    /** A user of the model who has none of {@code items}. */
    static String userWithout(String... items) {
        for (int u = 10; u < model.numUsers(); u++) { // users 0..9 are other tests'
            boolean has = false;
            for (String i : items) has |= model.hasSeen(u, model.itemIds().index(i));
            if (!has && model.userCount(u) >= 20) return model.userIds().id(u);
        }
        throw new AssertionError("no such user");
    }

    @Test
    void aUserOfTheModelGetsTheCoresListWithoutTheirItems() {
        String user = model.userIds().id(3);
        JsonNode o = http.get("/v1/users/" + user + "/recommendations?n=20").json();
        assertThat(o.get("ranked_by").asText()).isEqualTo("score");
        assertThat(o.get("left_out").asInt()).isEqualTo(model.userCount(3)).isPositive();
        assertThat(ids(o, "items")).hasSize(20).isEqualTo(ids(new Recommendations(model).recommend(Requester.known(user), 20)));
        for (String id : ids(o, "items")) assertThat(model.hasSeen(3, model.itemIds().index(id))).isFalse();
        assertThat(http.get("/health").json().get("implicit").asBoolean()).isTrue();
        Http.Reply relevance = http.get("/v1/users/" + user + "/recommendations?rank_by=relevance");
        assertThat(relevance.status()).isEqualTo(422);
        assertThat(relevance.json().get("error").asText()).contains("learns from events");
    }

    @Test
    void eventsOfStarWarsFilmsMoveTheirNeighboursUpAtOnce() {
        String[] starWars = {"50", "172", "181"}; // Star Wars, The Empire Strikes Back, Return of the Jedi
        String user = userWithout(starWars);
        int u = model.userIds().index(user);
        List<String> before = ids(http.get("/v1/users/" + user + "/recommendations?n=1000").json(), "items");
        List<String> related = new ArrayList<>();
        for (String id : ids(http.get("/v1/items/50/similar?n=15").json(), "similar"))
            if (!List.of(starWars).contains(id) && !model.hasSeen(u, model.itemIds().index(id))) related.add(id);
        assertThat(related).hasSizeGreaterThanOrEqualTo(5);
        Http.Reply posted = http.post("/v1/users/" + user + "/events", "[{\"item\":\"50\"},{\"item\":\"172\",\"weight\":2},"
                + "{\"item\":\"181\",\"weight\":1,\"time\":" + (System.currentTimeMillis() / 1000 - 60) + "}]");
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.json().get("stored").asInt()).isEqualTo(3);
        assertThat(posted.json().get("folded").asBoolean()).isTrue();
        JsonNode after = http.get("/v1/users/" + user + "/recommendations?n=1000").json();
        List<String> afterIds = ids(after, "items");
        assertThat(afterIds).doesNotContain(starWars);
        assertThat(after.get("left_out").asInt()).isEqualTo(model.userCount(u) + 3);
        int up = 0;
        double rankBefore = 0, rankAfter = 0;
        for (String id : related) {
            if (rank(afterIds, id) < rank(before, id)) up++;
            rankBefore += rank(before, id);
            rankAfter += rank(afterIds, id);
        }
        assertThat(up).as("most of Star Wars' neighbours " + related + " move up").isGreaterThanOrEqualTo(2 * related.size() / 3);
        assertThat(rankAfter / related.size()).as("their mean rank").isLessThan(0.8 * rankBefore / related.size());
        long inTop10Before = before.subList(0, 10).stream().filter(related::contains).count();
        long inTop10After = afterIds.subList(0, 10).stream().filter(related::contains).count();
        assertThat(inTop10After).isGreaterThan(inTop10Before);
        assertThat(afterIds.subList(0, 10)).isEqualTo(ids(new Recommendations(model).recommend(
                new Requester.Interacted(user, new String[] {"50", "172", "181"}, new float[] {1, 2, 1}), 10)));
    }

    @Test
    void aNewUserIsServedFromTheirEventsAndRepeatedEventsAreSummed() {
        assertThat(http.get("/v1/users/shopper/recommendations").status()).isEqualTo(404);
        assertThat(http.get("/v1/users/shopper/recommendations").json().get("error").asText()).contains("/v1/users/shopper/events");
        assertThat(http.post("/v1/users/shopper/events", "[{\"item\":\"1\"},{\"item\":\"71\",\"weight\":2}]").status()).isEqualTo(200);
        assertThat(http.post("/v1/users/shopper/events", "[{\"item\":\"1\",\"weight\":0.5,\"time\":1000}]").status()).isEqualTo(200);
        JsonNode o = http.get("/v1/users/shopper/recommendations?n=10").json();
        assertThat(ids(o, "items")).isEqualTo(ids(new Recommendations(model).recommend(
                new Requester.Interacted(null, new String[] {"1", "71"}, new float[] {1.5f, 2}), 10))).doesNotContain("1", "71");
        assertThat(o.get("left_out").asInt()).isEqualTo(2);
        JsonNode stored = http.get("/v1/users/shopper/events").json();
        assertThat(stored.get("events")).hasSize(3);
        assertThat(stored.get("events").get(2).get("time").asLong()).isEqualTo(1000);
        assertThat(stored.get("events").get(0).get("title").asText()).isEqualTo("Toy Story (1995)");
        assertThat(stored.get("items").toString()).isEqualTo("[{\"item\":\"1\",\"title\":\"Toy Story (1995)\",\"weight\":1.5,\"events\":2},"
                + "{\"item\":\"71\",\"title\":\"Lion King, The (1994)\",\"weight\":2.0,\"events\":1}]");
        assertThat(server.store().eventsOf("shopper")).extracting(FeedbackStore.Event::item).containsExactly("1", "71", "1");
        assertThat(http.get("/v1/users/nobody-at-all/events").status()).isEqualTo(404);
        Http.Reply ratings = ServerApiTest.error(http.post("/v1/users/shopper/ratings", "[{\"item\":\"1\",\"rating\":5}]"), 422);
        assertThat(ratings.json().get("error").asText()).contains("learns from events, not ratings").contains("/v1/users/shopper/events")
                .endsWith("nothing was stored");
        assertThat(server.store().ratingsOf("shopper")).isEmpty();
        assertThat(ServerApiTest.error(http.post("/v1/users", "{\"genres\":[\"Drama\"]}"), 501).json().get("error").asText())
                .contains("model 'ease'");
    }

    @Test
    void eventsAreValidatedWholeAndARefusedPostStoresNothing() {
        long now = System.currentTimeMillis() / 1000;
        String path = "/v1/users/strict/events";
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("[{\"item\":\"1\",\"weight\":0}]", "entry 0: \"weight\" 0.0 is out of range");
        refused.put("[{\"item\":\"1\"},{\"item\":\"2\",\"weight\":-1}]", "entry 1: \"weight\" -1.0 is out of range");
        refused.put("[{\"item\":\"1\",\"weight\":1e7}]", "entry 0: \"weight\" 1.0E7 is out of range");
        refused.put("[{\"item\":\"1\",\"weight\":\"2\"}]", "entry 0: \"weight\" must be a number");
        refused.put("[{\"weight\":2}]", "entry 0: \"item\" is missing");
        refused.put("[{\"item\":\"1\",\"time\":-1}]", "entry 0: \"time\" -1 is out of range");
        refused.put("[{\"item\":\"1\",\"time\":" + (now + 2 * 86_400) + "}]", "at most a day ahead");
        refused.put("[{\"item\":\"1\",\"time\":1.5}]", "entry 0: \"time\" must be whole seconds since 1970");
        refused.put("[{\"item\":\"1\",\"rating\":4}]", "unknown field rating in entry 0");
        refused.put("[{\"item\":\"a b\"}]", "entry 0: item id 'a b' is not a valid id");
        refused.put("[]", "the array of events is empty");
        refused.put("{\"item\":\"1\"}", "the body must be a JSON array");
        refused.put("[{\"item\":\"1\"}] 1", "something follows the JSON value");
        refused.put("[7]", "entry 0 must be an object with item, weight, time");
        for (Map.Entry<String, String> c : refused.entrySet()) {
            Http.Reply r = http.post(path, c.getKey());
            ServerApiTest.error(r, 400);
            assertThat(r.json().get("error").asText()).as(c.getKey()).contains(c.getValue());
        }
        Http.Reply unknown = ServerApiTest.error(http.post(path, "[{\"item\":\"1\"},{\"item\":\"99999\"},{\"item\":\"x9\"}]"), 422);
        assertThat(unknown.json().get("error").asText()).isEqualTo("unknown items: 99999, x9; nothing was stored");
        assertThat(unknown.json().get("unknown_items").toString()).isEqualTo("[\"99999\",\"x9\"]");
        StringBuilder many = new StringBuilder("[");
        for (int k = 0; k <= ServerConfig.MAX_RATINGS_PER_POST; k++) many.append(k == 0 ? "" : ",").append("{\"item\":\"1\"}");
        ServerApiTest.error(http.post(path, many + "]"), 413);
        assertThat(server.store().eventsOf("strict")).isEmpty();
        assertThat(http.get(path).status()).isEqualTo(404);
    }

    @Test
    void similarItemsOfAnImplicitModelKeepTheMinimum() {
        JsonNode o = http.get("/v1/items/318/similar?n=20").json();
        assertThat(ids(o, "similar")).hasSize(20);
        for (String id : ids(o, "similar")) assertThat(model.itemCount(model.itemIds().index(id))).isGreaterThanOrEqualTo(10);
    }

    @Test
    void eventsSurviveARestartAndServeTheSameList() throws Exception {
        Path copy = Files.copy(file, dir.resolve("ease-restart.c4j"));
        List<String> first;
        try (Server s = Server.start(ServerConfig.local(copy, 0))) {
            Http h = new Http(s.port());
            assertThat(h.post("/v1/users/again/events", "[{\"item\":\"50\"},{\"item\":\"50\"},{\"item\":\"98\",\"weight\":3}]").status())
                    .isEqualTo(200);
            first = ids(h.get("/v1/users/again/recommendations").json(), "items");
            assertThat(h.get("/health").json().get("stored_events").asInt()).isEqualTo(3);
        }
        try (Server s = Server.start(ServerConfig.local(copy, 0))) {
            Http h = new Http(s.port());
            assertThat(ids(h.get("/v1/users/again/recommendations").json(), "items")).isEqualTo(first);
            assertThat(h.get("/health").json().get("stored_events").asInt()).isEqualTo(3);
            assertThat(h.get("/health").json().get("event_users").asInt()).isEqualTo(1);
        }
    }
}
