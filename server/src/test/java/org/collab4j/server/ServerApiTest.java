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
import org.collab4j.recommend.Demographics;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Onboarding;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.Requester;
import org.collab4j.recommend.ScoredItem;
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
        // with a token, so that the admin endpoints are on; every request of these tests carries it
        server = Server.start(new ServerConfig(file, "127.0.0.1", 0, null, TokenTest.TOKEN));
        http = new Http(server.port());
        http.token = TokenTest.TOKEN;
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
        assertThat(error(http.get("/v1/users/3/recommendations?diversity=1.5"), 400).json().get("error").asText())
                .contains("diversity must be a number from 0").contains("1.5");
        error(http.get("/v1/users/3/recommendations?diversity=much"), 400);
        error(http.get("/v1/users/3/recommendations?diversity=NaN"), 400);
        assertThat(error(http.get("/v1/users/3/recommendations?explore=-0.1"), 400).json().get("error").asText()).contains("explore");
        error(http.get("/v1/users/3/recommendations?explore=2"), 400);
        assertThat(error(http.get("/v1/users/3/recommendations?explore=0.2&seed=x"), 400).json().get("error").asText()).contains("seed");
        Http.Reply rankBy = error(http.get("/v1/users/3/recommendations?rank_by=best"), 400);
        assertThat(rankBy.json().get("error").asText()).isEqualTo("rank_by must be 'rating' or 'relevance', got 'best'");
        assertThat(rankBy.json().get("rank_by").toString()).isEqualTo("[\"rating\",\"relevance\"]");
        error(http.get("/v1/users/3/recommendations?rank_by="), 400);
    }

    @Test
    void eventsAreForModelsOfImplicitFeedbackOnly() {
        Http.Reply r = error(http.post("/v1/users/clicker/events", "[{\"item\":\"1\"}]"), 422);
        assertThat(r.json().get("error").asText()).contains("model 'dot-bias' learns from ratings, not events")
                .contains("/v1/users/clicker/ratings").endsWith("nothing was stored");
        assertThat(server.store().eventsOf("clicker")).isEmpty();
        assertThat(http.get("/v1/users/3/recommendations").json().get("left_out").asInt()).isEqualTo(model.userCount(model.userIds().index("3")));
    }

    @Test
    void rankByGivesTheCoresListForAUserOfTheModel() {
        Recommendations recs = new Recommendations(model);
        for (FoldIn.Ranking by : FoldIn.Ranking.values()) {
            JsonNode o = http.get("/v1/users/3/recommendations?n=6&rank_by=" + by.name().toLowerCase(java.util.Locale.ROOT)).json();
            assertThat(ids(o)).isEqualTo(recs.recommend(Requester.known("3"), 6, by).items().stream().map(Recommendations.Item::item).toList());
            assertThat(o.get("ranked_by").asText()).isEqualTo(by.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(http.get("/v1/users/3/recommendations").json().get("ranked_by").asText()).as("the core's default for a user of the model")
                .isEqualTo("rating");
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
        assertThat(error(http.get("/v1/items/17/similar?min_ratings=-1"), 400).json().get("error").asText()).contains("min_ratings must be");
        error(http.get("/v1/items/17/similar?min_ratings=many"), 400);
        error(http.get("/v1/items/17/similar?n=-1"), 400);
        error(http.get("/v1/items/bad%3Bid/similar"), 400);
    }

    @Test
    void similarItemsHaveTheCommandLinesMinimumOfRatingsUnlessAskedOtherwise() {
        Recommendations recs = new Recommendations(model);
        int i = model.itemIds().index("17");
        List<String> byDefault = ids(http.get("/v1/items/17/similar?n=39").json(), "similar");
        assertThat(byDefault).isEqualTo(recs.similar(i, 39).stream().map(ScoredItem::item).toList());
        for (String id : byDefault) assertThat(model.itemCount(model.itemIds().index(id))).isGreaterThanOrEqualTo(Recommendations.SIMILAR_MIN_RATINGS);
        List<String> all = ids(http.get("/v1/items/17/similar?n=39&min_ratings=0").json(), "similar");
        assertThat(all).isEqualTo(recs.similar(i, 39, 0).stream().map(ScoredItem::item).toList());
        assertThat(all.size()).as("some items have fewer than 10 ratings in this model").isGreaterThan(byDefault.size());
        List<String> twelve = ids(http.get("/v1/items/17/similar?n=39&min_ratings=12").json(), "similar");
        for (String id : twelve) assertThat(model.itemCount(model.itemIds().index(id))).isGreaterThanOrEqualTo(12);
    }

    static List<String> ids(JsonNode o, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode it : o.get(field)) out.add(it.get("item").asText());
        return out;
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
    void rerankedRecommendationsAreTheCoresForTrainedUsers() {
        Recommender rec = new Recommender(model);
        int u = model.userIds().index("3");
        assertThat(ids(http.get("/v1/users/3/recommendations?n=8&diversity=0.7").json()))
                .isEqualTo(itemIds(rec.recommend(u, 8, 0.7, 0, 42)))
                .isNotEqualTo(itemIds(rec.recommend(u, 8))); // diversity changes the list
        List<String> explored = ids(http.get("/v1/users/3/recommendations?n=8&explore=0.5&seed=7").json());
        assertThat(explored).isEqualTo(itemIds(rec.recommend(u, 8, 0, 0.5, 7)))
                .isEqualTo(ids(http.get("/v1/users/3/recommendations?n=8&explore=0.5&seed=7").json())) // same seed, same list
                .doesNotHaveDuplicates();
        assertThat(ids(http.get("/v1/users/3/recommendations?n=8&diversity=0&explore=0&seed=9").json()))
                .isEqualTo(itemIds(rec.recommend(u, 8)));
        for (String id : ids(http.get("/v1/users/3/recommendations?n=20&diversity=1&explore=1&seed=3").json()))
            assertThat(model.hasSeen(u, model.itemIds().index(id))).isFalse();
    }

    @Test
    void rerankingWorksForFoldedInAndGenreStartedUsers() {
        assertThat(http.post("/v1/users/rr-folded/ratings", "[{\"item\":\"1\",\"rating\":5},{\"item\":\"2\",\"rating\":2}]").status())
                .isEqualTo(200);
        List<String> folded = ids(http.get("/v1/users/rr-folded/recommendations?n=38&diversity=0.5&explore=0.3&seed=1").json());
        assertThat(folded).hasSize(38).doesNotHaveDuplicates().doesNotContain("1", "2");
        assertThat(http.post("/v1/users", "{\"id\":\"rr-genres\",\"genres\":[\"Drama\"]}").status()).isEqualTo(201);
        List<String> plain = ids(http.get("/v1/users/rr-genres/recommendations?n=8").json());
        List<String> diverse = ids(http.get("/v1/users/rr-genres/recommendations?n=8&diversity=0.9").json());
        assertThat(diverse).hasSize(8).doesNotHaveDuplicates().isNotEqualTo(plain);
        assertThat(diverse.get(0)).isEqualTo(plain.get(0)); // MMR's first pick is the best-scored item
        assertThat(ids(http.post("/v1/users?n=8&diversity=0.9", "{\"id\":\"rr-genres\",\"genres\":[\"Drama\"]}").json()))
                .isEqualTo(diverse);
    }

    @Test
    void onboardingProposesDistinctItemsDeterministicallyForASeed() {
        Http.Reply r = http.get("/v1/onboarding?n=6&seed=3");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode items = r.json().get("items");
        assertThat(items).hasSize(6);
        for (JsonNode it : items) assertThat(it.get("title").asText()).isEqualTo(model.title(model.itemIds().index(it.get("item").asText())));
        List<String> ids = ids(r.json());
        int[] expected = new Onboarding(new FoldIn(model)).propose(6, 3);
        assertThat(ids).doesNotHaveDuplicates()
                .containsExactly(java.util.Arrays.stream(expected).mapToObj(i -> model.itemIds().id(i)).toArray(String[]::new));
        assertThat(ids(http.get("/v1/onboarding?n=6&seed=3").json())).isEqualTo(ids);
        assertThat(r.json().get("genres").toString()).isEqualTo("[\"Action\",\"Comedy\",\"Drama\",\"Sci-Fi\"]");
        assertThat(r.json().get("seed").asLong()).isEqualTo(3);
        assertThat(r.json().has("user_features")).as("a factor model's answer is as before").isFalse();
        assertThat(http.get("/v1/onboarding").json().get("items")).hasSize(10);
        error(http.get("/v1/onboarding?n=0"), 400);
        assertThat(error(http.get("/v1/onboarding?n=301"), 400).json().get("error").asText()).contains("from 1 to 300");
        error(http.get("/v1/onboarding?seed=1.5"), 400);
    }

    @Test
    void aNewUserFromStatedGenresGetsRecommendationsAtOnceAndLater() {
        Http.Reply r = http.post("/v1/users?n=7", "{\"id\":\"g1\",\"genres\":[\"comedy\",\"Drama\",\"Comedy\"],\"age\":30,\"gender\":\"F\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("location")).hasValue("/v1/users/g1/recommendations");
        assertThat(r.json().get("user").asText()).isEqualTo("g1");
        assertThat(r.json().get("genres").toString()).isEqualTo("[\"Comedy\",\"Drama\"]"); // as the model spells them, once
        assertThat(r.json().get("age").asInt()).isEqualTo(30);
        Recommendations recs = new Recommendations(model);
        Recommendations.Answer start = recs.recommend(Requester.genres(List.of("Comedy", "Drama"), new Demographics("F", 30, null, null)), 7);
        List<String> expected = start.items().stream().map(Recommendations.Item::item).toList();
        assertThat(ids(r.json())).as("the core's list, as the command line's --genres gives it").isEqualTo(expected);
        assertThat(r.json().get("ranked_by").asText()).isEqualTo("relevance");
        JsonNode later = http.get("/v1/users/g1/recommendations?n=7").json();
        assertThat(ids(later)).isEqualTo(expected);
        assertThat(later.get("ranked_by").asText()).isEqualTo("relevance");
        assertThat((float) later.get("items").get(0).get("score").asDouble()).isEqualTo(start.items().get(0).score());
        assertThat((float) later.get("items").get(0).get("predicted_rating").asDouble()).isEqualTo(start.items().get(0).predictedRating());
        Recommendations.Answer byRating = recs.recommend(Requester.genres(List.of("Comedy", "Drama"), new Demographics("F", 30, null, null)), 7,
                FoldIn.Ranking.RATING);
        JsonNode rated = http.get("/v1/users/g1/recommendations?n=7&rank_by=rating").json();
        assertThat(ids(rated)).isEqualTo(byRating.items().stream().map(Recommendations.Item::item).toList());
        assertThat(rated.get("ranked_by").asText()).isEqualTo("rating");
        assertThat(rated.get("items").get(0).has("predicted_rating")).isFalse();
        assertThat(http.get("/v1/users/g1/ratings").json().get("ratings")).isEmpty();
        assertThat(server.store().statedUsers()).anySatisfy(u -> {
            assertThat(u.user()).isEqualTo("g1");
            assertThat(u.genres()).containsExactly("Comedy", "Drama");
            assertThat(u.gender()).isEqualTo("F");
            assertThat(u.age()).isEqualTo(30);
            assertThat(u.occupation()).isNull();
        });
        // stating again replaces the genres (200, not 201)
        Http.Reply again = http.post("/v1/users", "{\"id\":\"g1\",\"genres\":[\"Action\"]}");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(ids(http.get("/v1/users/g1/recommendations?n=7").json()))
                .isEqualTo(recs.recommend(Requester.genres(List.of("Action"), Demographics.NONE), 7).items().stream().map(Recommendations.Item::item).toList());
        // once ratings arrive they are folded in and rated items are left out
        assertThat(http.post("/v1/users/g1/ratings", "[{\"item\":\"" + expected.get(0) + "\",\"rating\":2}]").status()).isEqualTo(200);
        List<String> folded = ids(http.get("/v1/users/g1/recommendations?n=39").json());
        assertThat(folded).hasSize(39).doesNotContain(expected.get(0));
        assertThat(folded.subList(0, 7)).isEqualTo(recs.recommend(Requester.rated(new String[] {expected.get(0)}, new float[] {2}), 7)
                .items().stream().map(Recommendations.Item::item).toList());
        // a user with ratings cannot be restarted from genres
        assertThat(error(http.post("/v1/users", "{\"id\":\"g1\",\"genres\":[\"Action\"]}"), 409).json().get("error").asText())
                .contains("already has ratings");
    }

    @Test
    void theServerAssignsAnIdWhenNoneIsGiven() {
        Http.Reply r = http.post("/v1/users", "{\"genres\":[\"Sci-Fi\"],\"occupation\":\"writer\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String user = r.json().get("user").asText();
        assertThat(user).matches("u-[0-9a-z]+");
        assertThat(r.json().get("items")).hasSize(10);
        assertThat(http.get("/v1/users/" + user + "/recommendations").status()).isEqualTo(200);
        assertThat(http.post("/v1/users", "{\"genres\":[\"Sci-Fi\"]}").json().get("user").asText()).isNotEqualTo(user);
    }

    @Test
    void newUserErrorsStoreNothing() {
        int before = server.store().statedUsers().size();
        assertThat(error(http.post("/v1/users", "{\"genres\": [\"Comedy\""), 400).json().get("error").asText()).startsWith("malformed JSON");
        error(http.post("/v1/users", ""), 400);
        assertThat(error(http.post("/v1/users", "[\"Comedy\"]"), 400).json().get("error").asText()).contains("JSON object");
        assertThat(error(http.post("/v1/users", "{\"id\":\"e2\"}"), 400).json().get("error").asText()).contains("\"genres\" is missing");
        error(http.post("/v1/users", "{\"id\":\"e2\",\"genres\":[]}"), 400);
        error(http.post("/v1/users", "{\"id\":\"e2\",\"genres\":\"Comedy\"}"), 400);
        error(http.post("/v1/users", "{\"id\":\"e2\",\"genres\":[3]}"), 400);
        assertThat(error(http.post("/v1/users", "{\"id\":\"e2\",\"genre\":[\"Comedy\"]}"), 400).json().get("error").asText())
                .contains("unknown field genre").contains("genres");
        error(http.post("/v1/users", "{\"id\":\"e 2\",\"genres\":[\"Comedy\"]}"), 400);
        error(http.post("/v1/users", "{\"id\":{},\"genres\":[\"Comedy\"]}"), 400);
        assertThat(error(http.post("/v1/users", "{\"id\":\"e2\",\"genres\":[\"Comedy\"],\"age\":0}"), 400).json().get("error").asText())
                .contains("age");
        error(http.post("/v1/users", "{\"id\":\"e2\",\"genres\":[\"Comedy\"],\"age\":\"old\"}"), 400);
        error(http.post("/v1/users", "{\"id\":\"e2\",\"genres\":[\"Comedy\"],\"age\":200}"), 400);
        error(http.post("/v1/users", "{\"id\":\"e2\",\"genres\":[\"Comedy\"],\"gender\":\"<b>\"}"), 400);
        error(http.post("/v1/users", "{\"id\":\"e2\",\"genres\":[\"Comedy\"],\"occupation\":7}"), 400);
        Http.Reply unknown = error(http.post("/v1/users", "{\"id\":\"e2\",\"genres\":[\"Comedy\",\"Western\",\"Noir\"]}"), 422);
        assertThat(unknown.json().get("unknown_genres").toString()).isEqualTo("[\"Western\",\"Noir\"]");
        assertThat(unknown.json().get("genres").toString()).isEqualTo("[\"Action\",\"Comedy\",\"Drama\",\"Sci-Fi\"]");
        assertThat(unknown.json().get("error").asText()).contains("unknown genres Western, Noir").contains("Sci-Fi").contains("nothing was stored");
        assertThat(error(http.post("/v1/users", "{\"id\":\"3\",\"genres\":[\"Comedy\"]}"), 409).json().get("error").asText())
                .contains("user '3' already has ratings");
        error(http.post("/v1/users?n=0", "{\"id\":\"e2\",\"genres\":[\"Comedy\"]}"), 400);
        error(http.post("/v1/users?diversity=2", "{\"id\":\"e2\",\"genres\":[\"Comedy\"]}"), 400);
        assertThat(server.store().statedUsers()).hasSize(before).noneMatch(u -> u.user().equals("e2") || u.user().equals("3"));
        error(http.get("/v1/users/e2/recommendations"), 404);
    }

    static List<String> ids(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.get("items").forEach(x -> out.add(x.get("item").asText()));
        return out;
    }

    static List<String> itemIds(List<ScoredItem> items) {
        return items.stream().map(ScoredItem::item).toList();
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
        // a known path with a method it does not take is 405, not 404
        assertThat(error(http.post("/health", "{}"), 405).json().get("error").asText()).contains("POST").contains("/health");
        error(http.post("/v1/users/3/recommendations", "{}"), 405);
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
