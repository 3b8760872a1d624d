package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.io.ModelFile;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recommend} for a brand-new user described by demographics, through a model with user features; and {@code train --new-users}. */
class NewUserFeaturesCliTest {
    @TempDir
    Path dir;

    @Test
    void aNewUserFromDemographicsEndToEndOnMovieLens() throws Exception {
        String d = CliTest.data();
        Path nn = dir.resolve("nn.c4j");
        CliTest.Run t = CliTest.run("train", "--data", "ml-100k", "--data-dir", d, "--model", "nn", "--epochs", "1", "--threads", "2",
                "--layers", "20,10", "--features", "user:age,gender,occupation", "--new-users", "20", "--show", "0", "--out", nn.toString(), "--json");
        assertThat(t.code()).as(t.err()).isZero();
        JsonNode fresh = CliTest.JSON.readTree(t.out()).get("new_users");
        assertThat(fresh.get("n").asInt()).isEqualTo(20);
        // with user features only, the newcomer's path and the held-out user's index give the same predictions
        assertThat(fresh.get("rmse_features").asDouble()).isEqualTo(fresh.get("rmse_model").asDouble()).isBetween(0.85, 1.25);
        assertThat(fresh.get("rmse_global_mean").asDouble()).isGreaterThan(fresh.get("rmse_features").asDouble());

        CliTest.Run r = CliTest.run("recommend", "--model", nn.toString(), "--gender", "F", "--age", "25", "--occupation", "student",
                "-n", "5", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = CliTest.JSON.readTree(r.out());
        assertThat(j.get("ranked_by").asText()).isEqualTo("rating");
        assertThat(j.get("user").asText()).isEqualTo("new user (age 25, gender F, occupation student)");
        assertThat(j.get("features").get("occupation").asText()).isEqualTo("student");
        assertThat(j.get("notes")).isEmpty();
        JsonNode items = j.get("items");
        assertThat(items).hasSize(5);
        // the scores are the model's, for that user, from the saved file alone
        TrainedModel m = ModelFile.read(nn);
        SideInfoModel sim = (SideInfoModel) m.model();
        float[] scores = new float[m.numItems()];
        sim.scoreItems(sim.newUser(Map.of("age", List.of("25"), "gender", List.of("F"), "occupation", List.of("student"))), scores);
        float best = Float.NEGATIVE_INFINITY;
        for (float s : scores) best = Math.max(best, s);
        assertThat((float) items.get(0).get("score").asDouble()).isEqualTo(best);
        for (JsonNode it : items)
            assertThat((float) it.get("score").asDouble()).isEqualTo(scores[m.itemIds().index(it.get("item").asText())]);
        for (int k = 1; k < items.size(); k++)
            assertThat(items.get(k).get("score").asDouble()).isLessThanOrEqualTo(items.get(k - 1).get("score").asDouble());

        // an unseen occupation and a zip the model does not take: said, not failed
        CliTest.Run u = CliTest.run("recommend", "--model", nn.toString(), "--occupation", "astronaut", "--zip", "94305", "-n", "3", "--json");
        assertThat(u.code()).as(u.err()).isZero();
        JsonNode uj = CliTest.JSON.readTree(u.out());
        assertThat(uj.get("features").get("occupation").asText()).isEqualTo("#unknown#");
        assertThat(uj.get("ignored").get(0).asText()).isEqualTo("zip");
        assertThat(u.err()).contains("occupation 'astronaut' was not seen in training: the unknown slot")
                .contains("--zip is not used: model 'nn' takes the user features age, gender, occupation");

        // errors a person can act on
        CliTest.Run g = CliTest.run("recommend", "--model", nn.toString(), "--genres", "Comedy");
        assertThat(g.code()).isNotZero();
        assertThat(g.err()).contains("model 'nn' has none").contains("--gender, --age, --occupation").doesNotContain("Exception");
        CliTest.Run rel = CliTest.run("recommend", "--model", nn.toString(), "--gender", "M", "--rank-by", "relevance");
        assertThat(rel.code()).isNotZero();
        assertThat(rel.err()).contains("ranked by predicted rating");
        CliTest.Run both = CliTest.run("recommend", "--model", nn.toString(), "--gender", "M", "--user", "1");
        assertThat(both.code()).isNotZero();
        assertThat(both.err()).contains("give exactly one of");
        CliTest.Run age = CliTest.run("recommend", "--model", nn.toString(), "--age", "-3");
        assertThat(age.code()).isNotZero();
        assertThat(age.err()).contains("--age must be");
    }

    @Test
    void aModelWithoutUserFeaturesSaysWhatToDoInstead() throws Exception {
        String d = CliTest.data();
        Path model = dir.resolve("dot.c4j");
        CliTest.Run t = CliTest.run("train", "--data", "ml-100k", "--data-dir", d, "--epochs", "1", "--factors", "8", "--show", "0",
                "--out", model.toString(), "--json");
        assertThat(t.code()).as(t.err()).isZero();
        CliTest.Run r = CliTest.run("recommend", "--model", model.toString(), "--gender", "F", "--age", "30");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("takes no user features").contains("--features user:age,gender,occupation").contains("--genres");
        // the factor model's existing path is unchanged: genres with demographics
        CliTest.Run g = CliTest.run("recommend", "--model", model.toString(), "--genres", "Comedy", "--gender", "F", "--age", "30", "-n", "3", "--json");
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(CliTest.JSON.readTree(g.out()).get("items")).hasSize(3);
    }
}
