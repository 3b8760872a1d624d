package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab4j shelves} on a log of two tastes (even and odd items), with an EASE model and a held-out log. */
class ShelvesCliTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path held;

    static CvTuneCommandTest.Run run(String... args) {
        return CvTuneCommandTest.run(args);
    }

    @BeforeAll
    static void fixture() throws IOException {
        Random rnd = new Random(4);
        List<String> train = new ArrayList<>(), test = new ArrayList<>();
        for (int u = 0; u < 80; u++) {
            int taste = u % 2;
            java.util.Set<Integer> mine = new java.util.TreeSet<>();
            for (int e = 0; e < 5; e++) mine.add(2 * rnd.nextInt(10) + taste);
            for (int i : mine) (u < 60 ? train : test).add("u" + u + "\ti" + i);
        }
        Path log = dir.resolve("train.tsv");
        Files.write(log, train);
        held = dir.resolve("test.tsv");
        Files.write(held, test);
        model = dir.resolve("ease.c4j");
        CvTuneCommandTest.Run r = run("train", "--data", log.toString(), "--columns", "user,item", "--model", "ease", "--set", "lambda=5",
                "--valid-pct", "0", "--out", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void jsonListsRowsOfOneTasteAndTheirScore() throws IOException {
        Path png = dir.resolve("shelves.png");
        CvTuneCommandTest.Run r = run("shelves", "--model", model.toString(), "--rows", "2", "--per-row", "10", "--test", held.toString(),
                "--columns", "user,item", "--png", png.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = r.json();
        assertThat(o.get("model").asText()).isEqualTo("ease");
        assertThat(o.get("rows").asInt()).isEqualTo(2);
        assertThat(o.get("per_row").asInt()).isEqualTo(10);
        assertThat(o.get("seed").asLong()).isEqualTo(42);
        assertThat(o.get("measure").asText()).contains("EASE");
        assertThat(o.get("within_row_similarity").asDouble()).isPositive();
        assertThat(o.has("adjacent_similarity")).isTrue();
        JsonNode shelves = o.get("shelves");
        assertThat(shelves).hasSize(2);
        for (JsonNode row : shelves) {
            assertThat(row.get("items")).hasSize(10);
            int taste = Integer.parseInt(row.get("items").get(0).get("item").asText().substring(1)) % 2;
            for (JsonNode it : row.get("items")) {
                assertThat(Integer.parseInt(it.get("item").asText().substring(1)) % 2).isEqualTo(taste);
                assertThat(it.has("title")).isTrue();
                assertThat(it.get("training_users").asInt()).isPositive();
            }
            assertThat(row.get("items").get(0).get("position").asInt()).isEqualTo(1);
        }
        JsonNode e = o.get("evaluation");
        assertThat(e.get("held_out_users").asInt()).isEqualTo(20);
        assertThat(e.get("pairs").asLong()).isPositive();
        assertThat(e.get("shelves").get("same_row").asDouble()).isEqualTo(1.0);
        assertThat(e.get("random").get("same_row").asDouble()).isEqualTo(9 / 19.0);
        assertThat(e.get("popularity").get("same_row").asDouble()).isLessThan(1.0);
        assertThat(e.get("shelves").has("adjacent")).isTrue();
        byte[] head = Files.readAllBytes(png);
        assertThat(head.length).isGreaterThan(1000);
        assertThat(new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        // the same seed gives the same shelves; the table names the rows
        CvTuneCommandTest.Run again = run("shelves", "--model", model.toString(), "--rows", "2", "--per-row", "10", "--json");
        assertThat(again.json().get("shelves")).isEqualTo(shelves);
        CvTuneCommandTest.Run text = run("shelves", "--model", model.toString(), "--rows", "2", "--per-row", "10");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("row").contains("items, in shelf order").contains(" | ");
    }

    @Test
    void badShapesAreClearErrors() throws IOException {
        CvTuneCommandTest.Run big = run("shelves", "--model", model.toString(), "--rows", "3", "--per-row", "10", "--json");
        assertThat(big.code()).isNotZero();
        assertThat(big.json().get("error").get("message").asText())
                .isEqualTo("3 rows of 10 need 30 items, but the catalogue has 20; ask for fewer rows or fewer items per row");
        CvTuneCommandTest.Run zero = run("shelves", "--model", model.toString(), "--rows", "0", "--per-row", "10");
        assertThat(zero.code()).isNotZero();
        assertThat(zero.err()).contains("--rows must be at least 1, got 0").doesNotContain("Exception");
        CvTuneCommandTest.Run negative = run("shelves", "--model", model.toString(), "--rows", "2", "--per-row", "-3");
        assertThat(negative.err()).contains("--per-row must be at least 1, got -3");
    }
}
