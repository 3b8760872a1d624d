package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.data.Dataset;
import org.collab4j.data.InteractionLog;
import org.collab4j.data.LoadReport;
import org.collab4j.data.Split;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.collab4j.train.ImplicitModels;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model of implicit feedback the registry knows is served the same way: trained on the
 * positives of a small synthetic model's ratings, its users' lists, a new user's events folded in
 * at once (the core's list, the user's items left out), and similar items.
 */
class EveryImplicitModelServedTest {
    @Test
    void everyImplicitModelTakesEventsAndRecommendsWithoutTheUsersItems(@TempDir Path dir) throws Exception {
        TrainedModel base = TestModels.small(60, 5);
        List<String> names = ImplicitModels.names();
        assertThat(names).contains("popularity", "ease", "item-knn");
        for (String name : names) {
            TrainedModel model = train(base, name);
            Path file = TestModels.write(model, dir.resolve(name + ".c4j"));
            try (Server s = Server.start(ServerConfig.local(file, 0))) {
                Http http = new Http(s.port());
                assertThat(http.get("/health").json().get("implicit").asBoolean()).as(name).isTrue();
                String user = model.userIds().id(0);
                JsonNode known = http.get("/v1/users/" + user + "/recommendations?n=5").json();
                assertThat(known.get("ranked_by").asText()).as(name).isEqualTo("score");
                assertThat(ids(known)).as(name).isEqualTo(ids(new Recommendations(model).recommend(Requester.known(user), 5)));
                Http.Reply posted = http.post("/v1/users/new-" + name + "/events", "[{\"item\":\"17\"},{\"item\":\"18\",\"weight\":2}]");
                assertThat(posted.status()).as(name + ": " + posted.body()).isEqualTo(200);
                JsonNode fresh = http.get("/v1/users/new-" + name + "/recommendations?n=5").json();
                assertThat(ids(fresh)).as(name).doesNotContain("17", "18").isEqualTo(ids(new Recommendations(model).recommend(
                        new Requester.Interacted(null, new String[] {"17", "18"}, new float[] {1, 2}), 5)));
                assertThat(fresh.get("left_out").asInt()).as(name).isEqualTo(2);
                Http.Reply similar = http.get("/v1/items/17/similar?n=3&min_ratings=0");
                assertThat(similar.status()).as(name + ": " + similar.body()).isEqualTo(200);
            }
        }
    }

    static TrainedModel train(TrainedModel base, String name) {
        org.collab4j.data.Ratings all = ratings(base);
        Dataset d = InteractionLog.aggregate(new Dataset("synthetic", all, base.itemInfo(), null, LoadReport.none("synthetic")), 4f, 0);
        Split split = new Split("all", d.ratings().allRows(), new int[0]);
        TrainConfig config = TrainConfig.defaults().withThreads(1);
        return TrainedModel.of(ImplicitModels.get(name).train(d, split, config, List.of()).model(), d.ratings(), split.train(),
                base.itemInfo(), null, Map.of("model", name, "data", "synthetic"));
    }

    static org.collab4j.data.Ratings ratings(TrainedModel m) {
        int n = m.seenItems().length;
        int[] u = new int[n];
        for (int a = 0; a < m.numUsers(); a++) for (int j = m.seenStart()[a]; j < m.seenStart()[a + 1]; j++) u[j] = a;
        return new org.collab4j.data.Ratings(u, m.seenItems().clone(), m.seenValues().clone(), null, m.userIds(), m.itemIds(),
                new org.collab4j.data.RatingScale(1, 5));
    }

    static List<String> ids(JsonNode o) {
        List<String> out = new ArrayList<>();
        for (JsonNode it : o.get("items")) out.add(it.get("item").asText());
        return out;
    }

    static List<String> ids(Recommendations.Answer a) {
        return a.items().stream().map(Recommendations.Item::item).toList();
    }
}
