package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.io.ModelFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Implicit feedback end to end: a play log of 40 users and 30 items (user, item, count, time,
 * with repeated events), and MovieLens 100k's positives with the reference split when the data
 * folder holds it.
 */
class ImplicitCliTest {
    @TempDir
    static Path dir;
    static Path log;
    static int repeats;

    static CvTuneCommandTest.Run run(String... args) {
        return CvTuneCommandTest.run(args);
    }

    @BeforeAll
    static void fixture() throws IOException {
        Random rnd = new Random(3);
        List<String> lines = new ArrayList<>();
        java.util.Set<String> pairs = new java.util.HashSet<>();
        for (int u = 0; u < 40; u++) {
            int group = u % 2;
            for (int e = 0; e < 14; e++) {
                int item = group * 15 + rnd.nextInt(15); // two tastes: items 0..14 and 15..29
                if (!pairs.add(u + "/" + item)) repeats++;
                lines.add("u" + u + "\ti" + item + "\t" + (1 + rnd.nextInt(3)) + "\t" + (1_600_000_000L + 3600L * lines.size()));
            }
        }
        log = dir.resolve("plays.tsv");
        Files.write(log, lines);
    }

    @Test
    void trainSumsRepeatedEventsAndReportsRankingMetricsOnTheValidationPart() throws IOException {
        Path out = dir.resolve("pop.c4j");
        CvTuneCommandTest.Run r = run("train", "--data", log.toString(), "--columns", "user,item,count,time", "--model", "popularity",
                "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = r.json();
        assertThat(o.get("duplicates_summed").asLong()).isEqualTo(repeats);
        assertThat(o.get("evaluated_on").asText()).isEqualTo("valid");
        assertThat(o.get("n_train").asInt() + o.get("n_valid").asInt()).isEqualTo(40 * 14 - repeats);
        for (String m : List.of("ndcg@20", "recall@20", "hr@10", "map@20", "mrr", "coverage@20", "novelty@20", "gini@20"))
            assertThat(o.has(m)).as(m).isTrue();
        assertThat(o.get("epochs")).hasSize(1);
        assertThat(o.get("epochs").get(0).get("ndcg@20").asDouble()).isEqualTo(o.get("ndcg@20").asDouble());
        assertThat(ModelFile.read(out).kind()).isEqualTo("popularity");
        // the table and the example list, which says that the user's own items are left out
        CvTuneCommandTest.Run text = run("train", "--data", log.toString(), "--columns", "user,item,count,time", "--model", "ease", "--show", "3");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out() + text.err()).contains("repeated (user, item) events were summed").contains("items they already have are left out")
                .contains("because you have").contains("ndcg@20");
    }

    @Test
    void itemKnnOnALogIsTheImplicitVariant() throws IOException {
        Path out = dir.resolve("knn.c4j");
        CvTuneCommandTest.Run r = run("train", "--data", log.toString(), "--columns", "user,item,count,time", "--model", "item-knn",
                "--set", "similarity=cosine", "--confidence", "log", "--alpha", "2", "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("config").get("confidence").asText()).isEqualTo("log");
        assertThat(ModelFile.read(out).kind()).isEqualTo("item-knn-implicit");
        // a two-column log is detected as interactions even without options
        Path clicks = dir.resolve("clicks.tsv");
        List<String> two = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split("\t");
            two.add(f[0] + "\t" + f[1]);
        }
        Files.write(clicks, two);
        CvTuneCommandTest.Run c = run("train", "--data", clicks.toString(), "--model", "item-knn", "--json");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.json().get("duplicates_summed").asLong()).isEqualTo(repeats);
        assertThat(c.json().has("ndcg@20")).isTrue();
        // the implicit variant's own options are taken on a log that only loading shows to be one
        CvTuneCommandTest.Run bm25 = run("train", "--data", clicks.toString(), "--model", "item-knn", "--set", "similarity=bm25", "--json");
        assertThat(bm25.code()).as(bm25.err()).isZero();
        assertThat(bm25.json().get("config").get("similarity").asText()).isEqualTo("bm25");
        // and still refused for star ratings, where item-knn has no such option
        Path stars = dir.resolve("knn-stars.csv");
        Files.writeString(stars, "user,item,rating\na,x,5\na,y,2\nb,x,4\nb,z,5\nc,y,4\nc,z,3\n");
        CvTuneCommandTest.Run refused = run("train", "--data", stars.toString(), "--model", "item-knn", "--set", "similarity=bm25");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("has no option 'similarity'");
    }

    @Test
    void splitsForTopN() throws IOException {
        CvTuneCommandTest.Run last = run("train", "--data", log.toString(), "--columns", "user,item,count,time", "--model", "ease",
                "--leave-last", "1", "--json");
        assertThat(last.code()).as(last.err()).isZero();
        assertThat(last.json().get("n_valid").asInt()).isEqualTo(40); // the one before each user's latest
        CvTuneCommandTest.Run strong = run("train", "--data", log.toString(), "--columns", "user,item,count,time", "--model", "ease",
                "--heldout-users", "5", "--json");
        assertThat(strong.code()).as(strong.err()).isZero();
        assertThat(strong.json().get("users_evaluated").asInt()).isEqualTo(5);
        assertThat(strong.out() + strong.err()).contains("folded in for users held out of training");
        CvTuneCommandTest.Run two = run("train", "--data", log.toString(), "--columns", "user,item,count,time", "--model", "ease",
                "--leave-last", "1", "--holdout", "0.2");
        assertThat(two.code()).isNotZero();
        assertThat(two.err()).contains("give one of --test, --holdout, --leave-last and --heldout-users");
    }

    @Test
    void starRatingsNeedAThreshold() throws IOException {
        Path stars = dir.resolve("stars.csv");
        Files.writeString(stars, "user,item,rating\na,x,5\na,y,2\nb,x,4\nb,z,5\nc,y,4\nc,z,3\n");
        CvTuneCommandTest.Run r = run("train", "--data", stars.toString(), "--model", "ease");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("stars.csv holds star ratings, and --model ease learns from interactions: give --positive T");
        CvTuneCommandTest.Run p = run("train", "--data", stars.toString(), "--model", "popularity", "--positive", "4", "--valid-pct", "0.5", "--json");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.json().get("n_train").asInt() + p.json().get("n_valid").asInt()).isEqualTo(4);
    }

    @Test
    void cvAndTuneRankAllItems() throws IOException {
        CvTuneCommandTest.Run cv = run("cv", "--data", log.toString(), "--columns", "user,item,count,time", "--model", "ease", "--folds", "3", "--json");
        assertThat(cv.code()).as(cv.err()).isZero();
        JsonNode o = cv.json();
        assertThat(o.get("folds")).hasSize(3);
        double mean = 0;
        for (JsonNode f : o.get("folds")) mean += f.get("ndcg@20").asDouble() / 3;
        assertThat(o.get("mean_ndcg@20").asDouble()).isCloseTo(mean, within(1e-12));

        CvTuneCommandTest.Run t = run("tune", "--data", log.toString(), "--columns", "user,item,count,time", "--model", "ease",
                "--grid", "lambda=1,50,5000", "--metric", "ndcg@10", "--holdout", "0.2", "--json");
        assertThat(t.code()).as(t.err()).isZero();
        JsonNode j = t.json();
        JsonNode results = j.get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("ndcg@10").asDouble()).isGreaterThanOrEqualTo(results.get(1).get("ndcg@10").asDouble());
        assertThat(j.get("best").get("params").get("lambda").asText()).isEqualTo(results.get(0).get("params").get("lambda").asText());
        assertThat(j.get("best").get("test").has("ndcg@10")).isTrue();
        CvTuneCommandTest.Run bad = run("tune", "--data", log.toString(), "--columns", "user,item,count", "--model", "ease",
                "--grid", "lambda=1,50", "--metric", "gini@10");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("--metric must be a ranking accuracy metric");
    }

    @Test
    void starRatingsMadePositivesTakeATestFileOfStarRatings() throws IOException {
        Path train = dir.resolve("stars-train.csv"), test = dir.resolve("stars-test.csv");
        StringBuilder tr = new StringBuilder("user,item,rating\n");
        for (int u = 0; u < 30; u++) for (int i = 0; i < 12; i++) if ((u + i) % 3 != 0) tr.append("u").append(u).append(",i").append(i).append(',').append(1 + (u * 7 + i) % 5).append('\n');
        Files.writeString(train, tr);
        // held out: the pairs left out above, on the same 1..5 scale; only those of 4 or more are positives
        StringBuilder te = new StringBuilder("user,item,rating\n");
        int positives = 0;
        for (int u = 0; u < 30; u++) for (int i = 0; i < 12; i++) if ((u + i) % 3 == 0) {
            int r = 1 + (u * 3 + i) % 5;
            te.append("u").append(u).append(",i").append(i).append(',').append(r).append('\n');
            if (r >= 4) positives++;
        }
        Files.writeString(test, te);
        CvTuneCommandTest.Run r = run("train", "--data", train.toString(), "--positive", "4", "--test", test.toString(), "--valid-pct", "0",
                "--model", "popularity", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("evaluated_on").asText()).isEqualTo("test");
        assertThat(r.json().get("n_test").asInt()).isEqualTo(positives);
    }

    @Test
    void theReferenceSplitWithATestFileAndASavedModel() throws IOException {
        String env = System.getenv("COLLAB4J_DATA");
        Assumptions.assumeTrue(env != null && !env.startsWith("${") && Files.isRegularFile(Path.of(env, "ml-100k-implicit", "train.tsv")));
        Path ref = Path.of(env, "ml-100k-implicit");
        Path out = dir.resolve("ease-ref.c4j");
        CvTuneCommandTest.Run r = run("train", "--data", ref.resolve("train.tsv").toString(), "--test", ref.resolve("test.tsv").toString(),
                "--valid-pct", "0", "--model", "ease", "--set", "lambda=200", "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = r.json();
        assertThat(o.get("evaluated_on").asText()).isEqualTo("test");
        assertThat(o.get("n_test").asInt()).isEqualTo(10_696);
        assertThat(o.get("ndcg@20").asDouble()).isCloseTo(0.3362, within(0.001));
        assertThat(o.get("recall@20").asDouble()).isCloseTo(0.3951, within(0.001));
        CvTuneCommandTest.Run e = run("evaluate", "--model", out.toString(), "--data", ref.resolve("test.tsv").toString(), "--json");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.json().get("ndcg@20").asDouble()).isCloseTo(o.get("ndcg@20").asDouble(), within(1e-9));
        assertThat(e.json().get("skipped_unknown").asInt()).isZero();
    }
}
