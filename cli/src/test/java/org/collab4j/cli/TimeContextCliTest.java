package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands other than {@code train} keep the ratings' times when the model or the split needs them. */
class TimeContextCliTest {
    @TempDir
    Path dir;

    @Test
    void evaluateScoresAModelWithTimeFeaturesAtEachRatingsTime() throws Exception {
        String d = CliTest.data();
        Path out = dir.resolve("timed.c4j");
        CliTest.Run t = CliTest.run("train", "--data", "ml-100k", "--data-dir", d, "--model", "dot-bias", "--epochs", "2",
                "--features", "time:weekday,hour", "--out", out.toString(), "--json");
        assertThat(t.code()).as(t.err()).isZero();
        double trained = CliTest.JSON.readTree(t.out()).get("valid_rmse").asDouble();
        CliTest.Run e = CliTest.run("evaluate", "--model", out.toString(), "--data", "ml-100k", "--data-dir", d, "--json");
        assertThat(e.code()).as(e.err()).isZero();
        // the same ratings, scored at their times: the same figure (before the fix, every rating was
        // scored in the "unknown time" slot and the RMSE was worse)
        assertThat(CliTest.JSON.readTree(e.out()).get("rmse").asDouble()).isCloseTo(trained, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void temporalSplitWorksOutsideTrain() throws Exception {
        String d = CliTest.data();
        Path out = dir.resolve("plain.c4j");
        CliTest.Run t = CliTest.run("train", "--data", "ml-100k", "--data-dir", d, "--epochs", "1", "--split", "temporal",
                "--out", out.toString(), "--json");
        assertThat(t.code()).as(t.err()).isZero();
        JsonNode trained = CliTest.JSON.readTree(t.out());
        CliTest.Run e = CliTest.run("evaluate", "--model", out.toString(), "--data", "ml-100k", "--data-dir", d, "--split", "temporal", "--json");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(CliTest.JSON.readTree(e.out()).get("rmse").asDouble())
                .isCloseTo(trained.get("valid_rmse").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        CliTest.Run lr = CliTest.run("lr-find", "--data", "ml-100k", "--data-dir", d, "--split", "temporal", "--num-it", "20", "--json");
        assertThat(lr.code()).as(lr.err()).isZero();
    }
}
