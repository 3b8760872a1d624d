package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --optimizer sgd} and {@code recommend --all-users} end to end on MovieLens 100k. */
class AllUsersRecommendTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sgdTrainingThenTopNForEveryUserMatchesTheSingleUserCommand() throws Exception {
        String d = CliTest.data();
        Path model = dir.resolve("sgd.c4j");
        CliTest.Run t = CliTest.run("train", "--data", "ml-100k", "--data-dir", d, "--optimizer", "sgd", "--schedule", "constant",
                "--epochs", "10", "--threads", "2", "--out", model.toString(), "--json");
        assertThat(t.code()).as(t.err()).isZero();
        JsonNode tj = JSON.readTree(t.out());
        assertThat(tj.get("epochs")).hasSize(10);
        assertThat(tj.get("valid_rmse").asDouble()).isBetween(0.90, 0.97);
        assertThat(tj.get("config").get("optimizer").asText()).isEqualTo("sgd");

        Path out = dir.resolve("top.csv");
        CliTest.Run r = CliTest.run("recommend", "--model", model.toString(), "--all-users", "-n", "5", "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = JSON.readTree(r.out());
        assertThat(o.get("users").asInt()).isEqualTo(943);
        assertThat(o.get("rows").asLong()).isEqualTo(943 * 5);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 943 * 5);
        assertThat(lines.get(0)).isEqualTo("user,rank,item,score");
        TrainedModel m = ModelFile.read(model);
        var single = new Recommender(m).recommend("196", 5);
        List<String> mine = lines.stream().filter(l -> l.startsWith("196,")).toList();
        for (int j = 0; j < 5; j++) assertThat(mine.get(j)).startsWith("196," + (j + 1) + "," + single.get(j).item() + ",");
    }

    @Test
    void allUsersNeedsAnOutputFileAndExcludesUser() {
        Path f = dir.resolve("none.c4j");
        CliTest.Run r = CliTest.run("recommend", "--model", f.toString(), "--all-users");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("--out FILE");
        CliTest.Run both = CliTest.run("recommend", "--model", f.toString(), "--all-users", "--user", "1", "--out", "x.tsv");
        assertThat(both.code()).isNotZero();
        assertThat(both.err()).contains("give exactly one of --user, --ratings, --ratings-file, --items, --genres or --all-users");
    }
}
