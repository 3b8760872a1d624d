package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model of implicit feedback ({@code train --positive 4 --model ease} on MovieLens 100k):
 * {@code recommend --items} and the server's events give the same list, ranked by the model's
 * score, the user's items left out, and both say so.
 */
class ServeAgreesOnEventsTest {
    @TempDir
    static Path dir;
    static Path model;
    static Served served;

    @BeforeAll
    static void trainAndServe() throws Exception {
        String data = System.getenv("COLLAB4J_DATA");
        assumeTrue(data != null && Files.isDirectory(Path.of(data, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        model = dir.resolve("ease.c4j");
        CliTest.Run r = CliTest.run("train", "--data", "ml-100k", "--data-dir", data, "--positive", "4", "--model", "ease",
                "--threads", "2", "--out", model.toString(), "--quiet", "--show", "0");
        assertThat(r.code()).as(r.err()).isZero();
        served = new Served(model);
    }

    @AfterAll
    static void stop() {
        if (served != null) served.close();
    }

    @Test
    void aNewUsersEventsGiveTheSameListFromTheCommandLineAndTheServer() throws Exception {
        JsonNode c = served.cli("recommend", "--items", "50,172=2,181,50", "-n", "10");
        served.post("/v1/users/fan/events", "[{\"item\":\"50\"},{\"item\":\"172\",\"weight\":2},{\"item\":\"181\"},"
                + "{\"item\":\"50\"}]", 200);
        JsonNode s = served.get("/v1/users/fan/recommendations?n=10");
        assertThat(c.get("ranked_by").asText()).isEqualTo("score");
        assertThat(s.get("ranked_by").asText()).isEqualTo("score");
        assertThat(c.get("user").asText()).isEqualTo("new user (3 items)");
        assertThat(s.get("left_out").asInt()).isEqualTo(3);
        List<String> ids = Served.ids(s.get("items"));
        assertThat(ids).hasSize(10).isEqualTo(Served.ids(c.get("items"))).doesNotContain("50", "172", "181");
        assertThat(Served.scores(s.get("items"), "score")).isEqualTo(Served.scores(c.get("items"), "score"));
    }

    @Test
    void aUserOfTheModelGetsTheSameListAndTheTextSaysTheirItemsAreLeftOut() throws Exception {
        assertThat(Served.ids(served.get("/v1/users/1/recommendations?n=10").get("items")))
                .isEqualTo(Served.ids(served.cli("recommend", "--user", "1").get("items")));
        CliTest.Run text = CliTest.run("recommend", "--model", model.toString(), "--user", "1", "-n", "3");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("top 3 for user 1 (by the model's score; items the user has are left out):");
    }

    @Test
    void storedEventsRetrainTheModelWithTrainFeedback() throws Exception {
        served.post("/v1/users/loop/events", "[{\"item\":\"50\"},{\"item\":\"172\",\"weight\":2},{\"item\":\"181\"}]", 200);
        Path next = dir.resolve("ease-next.c4j");
        CliTest.Run r = CliTest.run("train", "--data", "ml-100k", "--data-dir", System.getenv("COLLAB4J_DATA"), "--positive", "4",
                "--model", "ease", "--threads", "2", "--feedback", "jdbc:sqlite:" + model + ".feedback.db", "--out", next.toString(), "--show", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).containsPattern("feedback jdbc:sqlite:\\S+: \\d+ events, \\d+ summed into interactions of the data,"
                + " \\d+ new interactions, \\d+ new users");
        org.collab4j.model.TrainedModel m = org.collab4j.io.ModelFile.read(next);
        int u = m.userIds().index("loop");
        assertThat(u).as("the new user is a user of the retrained model").isNotNegative();
        for (String item : List.of("50", "172", "181")) assertThat(m.hasSeen(u, m.itemIds().index(item))).isTrue();
        CliTest.Run recs = CliTest.run("recommend", "--model", next.toString(), "--user", "loop", "--json");
        assertThat(recs.code()).as(recs.err()).isZero();
        assertThat(Served.ids(CliTest.JSON.readTree(recs.out()).get("items"))).hasSize(10).doesNotContain("50", "172", "181");
    }

    @Test
    void badItemsAreNamed() {
        CliTest.Run unknown = CliTest.run("recommend", "--model", model.toString(), "--items", "50,99999");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown item id '99999'").doesNotContain("Exception");
        CliTest.Run weight = CliTest.run("recommend", "--model", model.toString(), "--items", "50=-1");
        assertThat(weight.code()).isNotZero();
        assertThat(weight.err()).contains("--items: '50=-1' has no positive weight");
        CliTest.Run both = CliTest.run("recommend", "--model", model.toString(), "--items", "50", "--user", "1");
        assertThat(both.err()).contains("give exactly one of --user, --ratings, --ratings-file, --items");
    }
}
