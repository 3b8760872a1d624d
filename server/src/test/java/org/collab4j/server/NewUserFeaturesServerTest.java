package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/users} on a model with user features: a new user is scored from the
 * demographics they state, stored, and served the same list later, also after a restart.
 */
class NewUserFeaturesServerTest {
    static final int USERS = 30;

    @TempDir
    static Path dir;
    static Path file;
    static Server server;
    static Http http;
    static TrainedModel model;

    @BeforeAll
    static void start() throws IOException {
        model = TestModels.withUserFeatures(USERS, 11);
        file = TestModels.write(model, dir.resolve("nn.c4j"));
        server = Server.start(ServerConfig.local(file, 0));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** The model's own top {@code n} for the untrained user of the data with the same features (id {@code USERS}). */
    static List<ScoredItem> sameAsUntrainedUser(int n) {
        return new Recommender(model).recommend(model.userIds().index(Integer.toString(USERS)), n);
    }

    static List<String> ids(JsonNode o) {
        List<String> out = new ArrayList<>();
        for (JsonNode it : o.get("items")) out.add(it.get("item").asText());
        return out;
    }

    @Test
    void aNewUserIsScoredFromTheirDemographicsStoredAndServedTheSameLater() throws IOException {
        Http.Reply r = http.post("/v1/users?n=7", "{\"id\":\"d1\",\"gender\":\"F\",\"age\":30,\"occupation\":\"writer\",\"zip\":\"94305\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode o = r.json();
        assertThat(o.get("features").get("zip").asText()).isEqualTo("94");
        assertThat(o.get("notes")).isEmpty();
        assertThat(o.get("ignored")).isEmpty();
        List<ScoredItem> expected = sameAsUntrainedUser(7);
        List<String> expectedIds = new ArrayList<>();
        for (ScoredItem s : expected) expectedIds.add(s.item());
        assertThat(ids(o)).isEqualTo(expectedIds);
        for (int k = 0; k < expected.size(); k++)
            assertThat((float) o.get("items").get(k).get("score").asDouble()).isEqualTo(expected.get(k).score());
        assertThat(ids(http.get("/v1/users/d1/recommendations?n=7").json())).isEqualTo(expectedIds);
        assertThat(server.store().statedUsers()).anySatisfy(u -> {
            assertThat(u.user()).isEqualTo("d1");
            assertThat(u.genres()).isEmpty();
            assertThat(u.zip()).isEqualTo("94305");
            assertThat(u.occupation()).isEqualTo("writer");
        });
        // a restarted server replays what was stated: the same list
        server.close();
        server = Server.start(ServerConfig.local(file, 0));
        http = new Http(server.port());
        assertThat(ids(http.get("/v1/users/d1/recommendations?n=7").json())).isEqualTo(expectedIds);
    }

    @Test
    void genresAreStoredButSaidNotToBeUsedAndUnknownValuesTakeTheUnknownSlot() {
        Http.Reply r = http.post("/v1/users", "{\"gender\":\"M\",\"occupation\":\"writer\",\"zip\":\"00501\",\"genres\":[\"Drama\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode o = r.json();
        assertThat(o.get("user").asText()).matches("u-[0-9a-z]+");
        assertThat(o.get("genres").toString()).isEqualTo("[\"Drama\"]");
        assertThat(o.get("ignored").toString()).isEqualTo("[\"genres\"]");
        assertThat(o.get("features").get("zip").asText()).isEqualTo("#unknown#");
        assertThat(o.get("notes").toString()).contains("age not given: the training mean").contains("zip '00501' was not seen in training");
        assertThat(o.get("items")).hasSize(10);
    }

    @Test
    void errorsStoreNothing() {
        int before = server.store().statedUsers().size();
        Http.Reply none = http.post("/v1/users", "{\"id\":\"e1\",\"genres\":[\"Drama\"]}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("error").asText()).contains("at least one of \"gender\", \"age\", \"occupation\", \"zip\"")
                .contains("age, gender, occupation, zip");
        Http.Reply occ = http.post("/v1/users", "{\"id\":\"e1\",\"occupation\":\"astronaut\"}");
        assertThat(occ.status()).isEqualTo(422);
        assertThat(occ.json().get("error").asText()).contains("unknown occupation 'astronaut'").contains("writer");
        assertThat(http.post("/v1/users", "{\"id\":\"e1\",\"age\":\"old\"}").status()).isEqualTo(400);
        assertThat(http.post("/v1/users", "{\"id\":\"e1\",\"zip\":[94]}").status()).isEqualTo(400);
        assertThat(http.post("/v1/users", "{\"id\":\"e1\",\"gender\":\"F\",\"genres\":[\"Western\"]}").status()).isEqualTo(422);
        Http.Reply taken = http.post("/v1/users", "{\"id\":\"1\",\"gender\":\"F\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(server.store().statedUsers()).hasSize(before).noneMatch(u -> u.user().equals("e1"));
    }

    @Test
    void onboardingListsTheUserFeaturesToAskWithTrainingRangesAndVocabularies() {
        Http.Reply r = http.get("/v1/onboarding");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode o = r.json();
        assertThat(o.get("items")).as("no factors to choose items with").isEmpty();
        assertThat(o.get("genres")).as("this model does not start users from genres").isEmpty();
        assertThat(o.get("seed").asLong()).isEqualTo(42);
        assertThat(o.get("model_version").asLong()).isEqualTo(server.modelVersion());
        JsonNode f = o.get("user_features");
        assertThat(f).hasSize(4);
        // ages 18 + (7a mod 40) of the 29 users with training ratings (8 each; user 30, aged 30, has none)
        assertThat(f.get(0).toString()).isEqualTo("{\"name\":\"age\",\"kind\":\"number\",\"min\":18.0,\"max\":57.0,\"mean\":37.3793}");
        assertThat(f.get(1).toString()).isEqualTo("{\"name\":\"gender\",\"kind\":\"category\",\"values\":[\"F\",\"M\"]}");
        assertThat(f.get(2).toString())
                .isEqualTo("{\"name\":\"occupation\",\"kind\":\"category\",\"values\":[\"artist\",\"doctor\",\"student\",\"writer\"]}");
        assertThat(f.get(3).get("name").asText()).isEqualTo("zip");
        assertThat(f.get(3).get("values").toString()).isEqualTo("[\"14\",\"34\",\"54\",\"74\",\"94\"]");
        assertThat(f.get(3).get("note").asText()).contains("first two characters");
        assertThat(f.toString()).doesNotContain("#unknown#");
        // every value offered is one the model knows: stating it scores with it, not with the unknown slot
        for (int k = 1; k < 4; k++) {
            String name = f.get(k).get("name").asText();
            for (JsonNode v : f.get(k).get("values")) {
                Http.Reply p = http.post("/v1/users?n=1", "{\"" + name + "\":\"" + v.asText() + "\"}");
                assertThat(p.status()).as(p.body()).isEqualTo(201);
                assertThat(p.json().get("features").get(name).asText()).isEqualTo(v.asText());
            }
        }
        assertThat(http.get("/v1/onboarding?n=0").status()).isEqualTo(400);
        Http.Reply unknown = http.get("/v1/users/nobody/recommendations");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("GET /v1/onboarding lists their values");
    }

    @Test
    void onboardingOfAModelWithoutUserFeaturesIs501() throws IOException {
        Path items = TestModels.write(TestModels.withFeatures(USERS, 11, "item:genres,year"), dir.resolve("items-only.c4j"));
        try (Server s = Server.start(ServerConfig.local(items, 0))) {
            Http h = new Http(s.port());
            Http.Reply r = h.get("/v1/onboarding");
            assertThat(r.status()).as(r.body()).isEqualTo(501);
            assertThat(r.json().get("error").asText()).contains("nor user features").contains("/v1/items?q=");
            assertThat(h.post("/v1/users", "{\"gender\":\"F\"}").status()).isEqualTo(501);
        }
    }

    @Test
    void ratingsThisModelCannotFoldInNeitherBlockAStatementNorComeBackInTheList() {
        // rated first (stored for a later retraining; this model does not fold ratings in), then stated: accepted
        assertThat(http.post("/v1/users/r1/ratings", "[{\"item\":\"" + sameAsUntrainedUser(1).get(0).item() + "\",\"rating\":5}]").json()
                .get("folded").asBoolean()).isFalse();
        Http.Reply r = http.post("/v1/users?n=6", "{\"id\":\"r1\",\"gender\":\"F\",\"age\":30,\"occupation\":\"writer\",\"zip\":\"94305\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        List<String> all = new ArrayList<>();
        for (ScoredItem s : sameAsUntrainedUser(7)) all.add(s.item());
        assertThat(ids(r.json())).as("the list less the rated item").isEqualTo(all.subList(1, 7));
        // rating one more from the list takes it out of the next one, the rest in the same order
        assertThat(http.post("/v1/users/r1/ratings", "[{\"item\":\"" + all.get(2) + "\",\"rating\":2}]").status()).isEqualTo(200);
        List<String> expected = new ArrayList<>(all.subList(1, 7));
        expected.remove(all.get(2));
        assertThat(ids(http.get("/v1/users/r1/recommendations?n=5").json())).isEqualTo(expected);
    }
}
