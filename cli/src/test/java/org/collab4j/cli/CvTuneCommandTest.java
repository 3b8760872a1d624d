package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cv}, {@code tune} and the new models end to end on a small fixture in MovieLens 100k's
 * layout: a {@code u.data} of 60 users and 40 items from a rank-2 model, with two official-style
 * folds {@code u1.test} and {@code u2.test} (disjoint fifths of the ratings).
 */
class CvTuneCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path data;
    static int ratings;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void fixture() throws IOException {
        data = dir.resolve("tiny");
        Files.createDirectories(data);
        Random rnd = new Random(1);
        double[][] p = new double[60][2], q = new double[40][2];
        for (double[] v : p) for (int f = 0; f < 2; f++) v[f] = rnd.nextGaussian() * 0.7;
        for (double[] v : q) for (int f = 0; f < 2; f++) v[f] = rnd.nextGaussian() * 0.7;
        List<String> lines = new ArrayList<>();
        for (int u = 0; u < 60; u++)
            for (int i = 0; i < 40; i++) {
                if (rnd.nextDouble() > 0.5) continue;
                double r = 3.5 + p[u][0] * q[i][0] + p[u][1] * q[i][1] + 0.4 * rnd.nextGaussian();
                long v = Math.max(1, Math.min(5, Math.round(r)));
                lines.add((u + 1) + "\t" + (i + 1) + "\t" + v + "\t" + (880000000L + lines.size()));
            }
        java.util.Collections.shuffle(lines, rnd);
        ratings = lines.size();
        Files.write(data.resolve("u.data"), lines);
        int fifth = lines.size() / 5;
        Files.write(data.resolve("u1.test"), lines.subList(0, fifth));
        Files.write(data.resolve("u2.test"), lines.subList(fifth, 2 * fifth));
    }

    @Test
    void cvOnOfficialFoldsReportsEachFoldAndTheMean() throws IOException {
        Run r = run("cv", "--data", data.toString(), "--model", "baseline", "--folds", "u1,u2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = r.json();
        assertThat(o.get("model").asText()).isEqualTo("baseline");
        JsonNode folds = o.get("folds");
        assertThat(folds).hasSize(2);
        assertThat(folds.get(0).get("name").asText()).isEqualTo("u1");
        assertThat(folds.get(1).get("name").asText()).isEqualTo("u2");
        double mean = 0, meanMae = 0;
        for (JsonNode f : folds) {
            assertThat(f.get("rmse").asDouble()).isBetween(0.3, 1.5);
            assertThat(f.get("seconds").asDouble()).isPositive();
            assertThat(f.get("n_test").asInt()).isEqualTo(ratings / 5);
            mean += f.get("rmse").asDouble() / 2;
            meanMae += f.get("mae").asDouble() / 2;
        }
        assertThat(o.get("mean_rmse").asDouble()).isCloseTo(mean, within(1e-12));
        assertThat(o.get("mean_mae").asDouble()).isCloseTo(meanMae, within(1e-12));
        // the human table went to stderr
        assertThat(r.err()).contains("u1").contains("mean");
    }

    @Test
    void cvOnRandomFoldsCoversEveryRatingOnce() throws IOException {
        Run r = run("cv", "--data", data.toString(), "--model", "als", "--factors", "3", "--epochs", "4", "--folds", "3", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode folds = r.json().get("folds");
        assertThat(folds).hasSize(3);
        int tested = 0;
        for (int f = 0; f < 3; f++) {
            assertThat(folds.get(f).get("name").asText()).isEqualTo("fold-" + (f + 1));
            tested += folds.get(f).get("n_test").asInt();
        }
        assertThat(tested).isEqualTo(ratings);
        // same seed, same folds, same numbers
        Run again = run("cv", "--data", data.toString(), "--model", "als", "--factors", "3", "--epochs", "4", "--folds", "3", "--json");
        assertThat(again.json().get("mean_rmse").asDouble()).isEqualTo(r.json().get("mean_rmse").asDouble());
    }

    @Test
    void cvRangeAndErrors() {
        Run missing = run("cv", "--data", data.toString(), "--model", "baseline", "--folds", "u1..u3");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("u3.test");
        Run bad = run("cv", "--data", data.toString(), "--model", "baseline", "--folds", "u7");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("--folds");
        Run one = run("cv", "--data", data.toString(), "--model", "baseline", "--folds", "1");
        assertThat(one.err()).contains("at least 2 folds");
        Run unknown = run("cv", "--data", data.toString(), "--model", "svd", "--folds", "u1");
        assertThat(unknown.err()).contains("unknown model 'svd'").contains("bpmf");
    }

    @Test
    void tuneRanksTheGridAndPrintsTheBestAsATrainCommand() throws IOException {
        Run r = run("tune", "--data", data.toString(), "--model", "als", "--epochs", "4", "--grid", "factors=2,4 wd=0.05,0.2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = r.json();
        JsonNode results = o.get("results");
        assertThat(results).hasSize(4);
        for (int j = 1; j < 4; j++)
            assertThat(results.get(j).get("rmse").asDouble()).isGreaterThanOrEqualTo(results.get(j - 1).get("rmse").asDouble());
        JsonNode best = o.get("best");
        assertThat(best.get("params")).isEqualTo(results.get(0).get("params"));
        assertThat(best.get("rmse").asDouble()).isEqualTo(results.get(0).get("rmse").asDouble());
        String cmd = best.get("command").asText();
        assertThat(cmd).startsWith("./collab4j train --data ").contains("--model als").contains("--epochs 4");
        String factors = best.get("params").get("factors").asText();
        if (!factors.equals("50")) assertThat(cmd).contains("--factors " + factors);
        assertThat(o.get("scored_by").asText()).startsWith("validation split random");
        assertThat(r.err()).contains("train it with:");
    }

    @Test
    void tuneBestCommandRunsAndReproducesTheScore() throws IOException {
        Run r = run("tune", "--data", data.toString(), "--model", "svdpp", "--grid", "factors=2,3 lr=0.01", "--epochs", "5", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        String cmd = r.json().get("best").get("command").asText();
        List<String> args = new ArrayList<>(List.of(cmd.split(" ")));
        args.remove(0); // ./collab4j
        args.set(args.indexOf("--out"), "--show");
        args.set(args.indexOf("model.c4j"), "0");
        args.add("--json");
        Run t = run(args.toArray(new String[0]));
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.json().get("valid_rmse").asDouble()).isCloseTo(r.json().get("best").get("rmse").asDouble(), within(1e-9));
    }

    @Test
    void randomSearchIsSeededAndCrossValidationCanScore() throws IOException {
        String[] args = {"tune", "--data", data.toString(), "--model", "item-knn", "--grid", "k=5,10,20,40 shrinkage=10,100", "--random", "3",
            "--seed", "5", "--cv", "u1,u2", "--json"};
        Run a = run(args), b = run(args);
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.json().get("results")).hasSize(3);
        List<String> pa = new ArrayList<>(), pb = new ArrayList<>();
        a.json().get("results").forEach(x -> pa.add(x.get("params") + " " + x.get("rmse")));
        b.json().get("results").forEach(x -> pb.add(x.get("params") + " " + x.get("rmse")));
        assertThat(pa).isEqualTo(pb);
        assertThat(a.json().get("scored_by").asText()).isEqualTo("cross-validation over u1,u2");
    }

    @Test
    void tuneRefusesAnAxisTheModelDoesNotHave() {
        Run r = run("tune", "--data", data.toString(), "--model", "bpmf", "--grid", "k=1,2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no option 'k'").contains("burn-in");
    }

    @Test
    void everyNewModelTrainsSavesLoadsRecommendsAndFindsSimilarItems() throws IOException {
        for (String model : List.of("baseline", "als", "svdpp", "bpmf", "item-knn")) {
            Path file = dir.resolve(model + ".c4j");
            Run t = run("train", "--data", data.toString(), "--model", model, "--factors", "3", "--burn-in", "4", "--samples", "6", "--out",
                    file.toString(), "--json");
            if (model.equals("bpmf")) assertThat(t.code()).as(t.err()).isZero();
            else {
                // --burn-in and --samples are bpmf's own: other models refuse them
                assertThat(t.code()).isEqualTo(1);
                assertThat(t.err()).contains("no option 'burn-in'");
                t = run("train", "--data", data.toString(), "--model", model, "--factors", "3", "--out", file.toString(), "--json");
                assertThat(t.code()).as(t.err()).isZero();
            }
            JsonNode tj = t.json();
            assertThat(tj.get("model").asText()).isEqualTo(model);
            assertThat(tj.get("epochs").size()).isPositive();
            assertThat(tj.get("valid_rmse").asDouble()).isBetween(0.3, 1.6);
            Run rec = run("recommend", "--model", file.toString(), "--user", "1", "-n", "3", "--json");
            assertThat(rec.code()).as(model + ": " + rec.err()).isZero();
            assertThat(rec.json().get("items")).hasSize(3);
            Run sim = run("similar", "--model", file.toString(), "--item", "1", "-n", "3", "--json");
            assertThat(sim.code()).as(model + ": " + sim.err()).isZero();
            assertThat(sim.json().get("similar").size()).isPositive();
            for (JsonNode s : sim.json().get("similar")) assertThat(s.get("item").asText()).isNotEqualTo("1");
            Run ev = run("evaluate", "--model", file.toString(), "--data", data.toString(), "--json");
            assertThat(ev.code()).as(model + ": " + ev.err()).isZero();
            assertThat(ev.json().get("rmse").asDouble()).isCloseTo(tj.get("valid_rmse").asDouble(), within(1e-4));
        }
    }

    @Test
    void anOlderSpellingOfAnOptionTrainsWithAWarningOnStderr() throws IOException {
        Run r = run("train", "--data", data.toString(), "--model", "als", "--factors", "3", "--set", "init_std=0.2", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("collab4j: warning: als: --set init_std is deprecated; use --set init-std");
        assertThat(r.json().get("model").asText()).isEqualTo("als");
        Run same = run("train", "--data", data.toString(), "--model", "als", "--factors", "3", "--set", "init-std=0.2", "--json");
        assertThat(same.err()).doesNotContain("warning");
        assertThat(same.json().get("valid_rmse").asDouble()).isEqualTo(r.json().get("valid_rmse").asDouble());
        // --quiet keeps stderr quiet
        assertThat(run("train", "--data", data.toString(), "--model", "als", "--factors", "3", "--set", "init_std=0.2", "--json", "--quiet").err())
                .doesNotContain("deprecated");
        // a grid axis under an older spelling is read, with the same note
        Run t = run("tune", "--data", data.toString(), "--model", "als", "--factors", "3", "--grid", "init_std=0.1,0.2", "--json");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.err()).contains("collab4j: warning: als: --set init_std is deprecated; use --set init-std");
        assertThat(t.json().get("best").get("command").asText()).contains("--set init-std=").doesNotContain("init_std");
    }
}
