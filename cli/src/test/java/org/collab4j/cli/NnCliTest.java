package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --model nn} with side information, the cold-user protocol, and the errors a person can fix. */
class NnCliTest {
    @TempDir
    Path dir;

    @Test
    void nnWithFeaturesReportsGroupsAndColdUsersAndSavesAModel() throws Exception {
        String d = CliTest.data();
        Path out = dir.resolve("nn.c4j");
        CliTest.Run r = CliTest.run("train", "--data", "ml-100k", "--data-dir", d, "--model", "nn", "--epochs", "1", "--threads", "2",
                "--layers", "50,20", "--features", "user:age,gender", "item:genres", "time:weekday", "--cold-users", "20", "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = CliTest.JSON.readTree(r.out());
        assertThat(j.get("model").asText()).isEqualTo("nn");
        assertThat(j.get("valid_rmse").asDouble()).isBetween(0.85, 1.1);
        assertThat(j.get("rmse_by_user_count").has("1-5")).isTrue();
        assertThat(j.get("cold_users").get("n").asInt()).isEqualTo(20);
        assertThat(j.get("cold_users").get("rmse").asDouble()).isBetween(0.8, 1.3);
        assertThat(j.get("config").get("layers").asText()).isEqualTo("50,20");
        assertThat(j.get("config").get("features").asText()).isEqualTo("user:age,gender item:genres time:weekday");
        CliTest.Run rec = CliTest.run("recommend", "--model", out.toString(), "--user", "1", "-n", "3", "--json");
        assertThat(rec.code()).as(rec.err()).isZero();
        assertThat(CliTest.JSON.readTree(rec.out()).get("items")).hasSize(3);
    }

    @Test
    void theKernelWarmupStartsOnlyForTrainingNn() {
        assertThat(Main.trainsNn(new String[] {"train", "--data", "ml-100k", "--model", "nn", "--json"})).isTrue();
        assertThat(Main.trainsNn(new String[] {"train", "--model=nn"})).isTrue();
        assertThat(Main.trainsNn(new String[] {"train", "--model", "dot-bias", "--set", "nn"})).isFalse();
        assertThat(Main.trainsNn(new String[] {"train", "--model"})).isFalse();
        assertThat(Main.trainsNn(new String[] {"evaluate", "--model", "nn"})).isFalse();
        assertThat(Main.trainsNn(new String[0])).isFalse();
        assertThat(Main.takeWarmup()).isSameAs(org.collab4j.train.Warmup.NONE); // main() was not run
    }

    @Test
    void theDotBiasWarmupStartsOnlyForDotBiasTrainedWithAdam() {
        assertThat(Main.trainsDotBiasWithAdam(new String[] {"train", "--data", "ml-100k"})).isTrue(); // the default model
        assertThat(Main.trainsDotBiasWithAdam(new String[] {"train", "--data", "ml-100k", "--model", "dot-bias", "--json"})).isTrue();
        assertThat(Main.trainsDotBiasWithAdam(new String[] {"train", "--model=dot-bias", "--optimizer", "adam"})).isTrue();
        assertThat(Main.trainsDotBiasWithAdam(new String[] {"train", "--model", "nn"})).isFalse();
        assertThat(Main.trainsDotBiasWithAdam(new String[] {"train", "--model=als"})).isFalse();
        assertThat(Main.trainsDotBiasWithAdam(new String[] {"train", "--optimizer", "sgd"})).isFalse();
        assertThat(Main.trainsDotBiasWithAdam(new String[] {"train", "--optimizer=sgd"})).isFalse();
        assertThat(Main.trainsDotBiasWithAdam(new String[] {"recommend", "--model", "m.c4j"})).isFalse();
        assertThat(Main.trainsDotBiasWithAdam(new String[0])).isFalse();
    }

    @Test
    void theSgdWarmupStartsForDotBiasWithPerRatingSgdAndItsFactors() {
        assertThat(Main.sgdFactors(new String[] {"train", "--optimizer", "sgd"})).isEqualTo(50); // the default factors
        assertThat(Main.sgdFactors(new String[] {"train", "--model", "dot-bias", "--factors", "32", "--optimizer=sgd"})).isEqualTo(32);
        assertThat(Main.sgdFactors(new String[] {"train", "--factors=16", "--optimizer", "sgd"})).isEqualTo(16);
        assertThat(Main.sgdFactors(new String[] {"train", "--factors", "32"})).isEqualTo(-1); // Adam
        assertThat(Main.sgdFactors(new String[] {"train", "--model", "als", "--optimizer", "sgd"})).isEqualTo(-1);
        assertThat(Main.sgdFactors(new String[] {"train", "--optimizer", "sgd", "--factors", "x"})).isEqualTo(-1);
        assertThat(Main.sgdFactors(new String[] {"train", "--optimizer", "sgd", "--factors", "0"})).isEqualTo(-1);
        assertThat(Main.sgdFactors(new String[] {"recommend", "--optimizer", "sgd"})).isEqualTo(-1);
    }

    @Test
    void badSideInformationIsAnActionableError() throws Exception {
        String d = CliTest.data();
        CliTest.Run r = CliTest.run("train", "--data", "ml-100k", "--data-dir", d, "--model", "nn", "--features", "user:height");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("no column 'height'").contains("age, gender, occupation, zip").doesNotContain("Exception");
        Path csv = dir.resolve("users.csv");
        Files.writeString(csv, "user,age\n1,20\n99999,30\n");
        CliTest.Run r2 = CliTest.run("train", "--data", "ml-100k", "--data-dir", d, "--model", "nn", "--user-features", csv.toString());
        assertThat(r2.code()).isNotZero();
        assertThat(r2.err()).contains(csv + ":3:").contains("user id '99999' is not in the ratings");
    }
}
