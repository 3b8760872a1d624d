package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.collab4j.cli.CliTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.collab4j.cli.CliTest.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line tells a person: the scale in use, errors under --json, option values, help, version. */
class CliMessagesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    /** 2,000 ratings 1..5 of 100 users and 60 items, with a header. */
    static Path stars;
    static Path model;

    @BeforeAll
    static void data() throws Exception {
        StringBuilder sb = new StringBuilder("user,item,rating\n");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 2000; i++) sb.append('u').append(i % 100).append(",i").append((i * 7 + i / 100) % 60).append(',').append(1 + rnd.nextInt(5)).append('\n');
        stars = Files.writeString(dir.resolve("stars.csv"), sb);
        model = dir.resolve("stars.c4j");
        Run r = run("train", "--data", stars.toString(), "--epochs", "1", "--threads", "1", "--show", "0", "--out", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static Path starsWith(String name, String extraLine) throws Exception {
        return Files.writeString(dir.resolve(name), Files.readString(stars) + extraLine + "\n");
    }

    @Test
    void theScaleInUseIsAlwaysPrinted() throws Exception {
        Run r = run("train", "--data", stars.toString(), "--epochs", "1", "--threads", "1", "--show", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("rating scale 1..5 (from the lowest and highest rating; --rating-scale MIN,MAX declares it)\n");
        Run declared = run("train", "--data", stars.toString(), "--rating-scale", "0,5", "--epochs", "1", "--threads", "1", "--show", "0", "--json");
        assertThat(declared.code()).as(declared.err()).isZero();
        assertThat(declared.err()).contains("rating scale 0..5 (declared)");
        // an unusual inferred scale gets a note
        Path narrow = Files.writeString(dir.resolve("narrow.tsv"), "1\t1\t2\n1\t2\t3\n2\t1\t4\n2\t2\t3\n3\t1\t3\n");
        Run n = run("train", "--data", narrow.toString(), "--epochs", "1", "--threads", "1", "--show", "0", "--valid-pct", "0");
        assertThat(n.out()).contains("rating scale 2..4 (from the lowest and highest rating").contains("note: the rating scale 2..4 was inferred");
    }

    @Test
    void aTypoInTheRatingsStopsTheLoadAtItsLine() throws Exception {
        for (String bad : List.of("44", "7", "-1", "1000")) {
            Path f = starsWith("typo" + bad + ".csv", "u5,item3," + bad);
            Run r = run("train", "--data", f.toString(), "--epochs", "1", "--show", "0");
            assertThat(r.code()).as(bad).isEqualTo(1);
            assertThat(r.err()).as(bad).startsWith("collab4j: error: " + f + ":2002: expected a rating like the rest of the file")
                    .contains("but found " + bad).contains("--rating-scale").contains("--skip-bad-lines").doesNotContain("at org.");
        }
        Path f = starsWith("typo.csv", "u5,item3,44");
        Run skipped = run("train", "--data", f.toString(), "--epochs", "1", "--show", "0", "--skip-bad-lines", "--threads", "1");
        assertThat(skipped.code()).as(skipped.err()).isZero();
        assertThat(skipped.out()).contains("rating scale 1..5").contains("skipped 1 malformed lines");
    }

    @Test
    void underJsonAFailureIsAJsonErrorOnStdout() throws Exception {
        Path f = starsWith("bad.csv", "u5,item3,44");
        Run r = run("train", "--data", f.toString(), "--json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode e = JSON.readTree(r.out()).get("error");
        assertThat(e.get("message").asText()).startsWith(f + ":2002: expected a rating like the rest of the file");
        assertThat(e.get("file").asText()).isEqualTo(f.toString());
        assertThat(e.get("line").asLong()).isEqualTo(2002);
        assertThat(r.err()).contains("collab4j: error: ");
        // a problem not about a line: no line
        Run missing = run("recommend", "--model", dir.resolve("none.c4j").toString(), "--user", "1", "--json");
        assertThat(missing.code()).isEqualTo(1);
        JsonNode m = JSON.readTree(missing.out()).get("error");
        assertThat(m.get("message").asText()).contains("none.c4j");
        assertThat(m.has("line")).isFalse();
        // a usage error: exit 2, the option named
        Run usage = run("train", "--data", stars.toString(), "--lr", "abc", "--json");
        assertThat(usage.code()).isEqualTo(2);
        JsonNode u = JSON.readTree(usage.out()).get("error");
        assertThat(u.get("message").asText()).isEqualTo("--lr takes a decimal number such as 0.1 or 5e-3, got 'abc'");
        assertThat(u.get("option").asText()).isEqualTo("--lr");
        // without --json stdout stays empty
        assertThat(run("train", "--data", f.toString()).out()).isEmpty();
    }

    @Test
    void numericOptionsNameTheOptionAndTheFormExpected() {
        Run lr = run("train", "--data", stars.toString(), "--lr", "abc");
        assertThat(lr.code()).isEqualTo(2);
        assertThat(lr.err()).startsWith("collab4j: --lr takes a decimal number such as 0.1 or 5e-3, got 'abc'\n").doesNotContain("is not a double");
        assertThat(run("train", "--data", stars.toString(), "--epochs", "1.5").err())
                .startsWith("collab4j: --epochs takes a whole number such as 10, got '1.5'");
        assertThat(run("train", "--data", stars.toString(), "--wd", "NaN").err()).startsWith("collab4j: --wd takes a decimal number");
        assertThat(run("train", "--data", stars.toString(), "--epochs", "99999999999").err())
                .startsWith("collab4j: --epochs takes a whole number such as 10, got '99999999999' (too large)");
        assertThat(run("evaluate", "--model", "m", "--data", "d", "--relevance", "high").err())
                .startsWith("collab4j: --relevance takes a decimal number such as 4 (its default), got 'high'");
        assertThat(run("recommend", "--model", "m", "--user", "1", "-n", "ten").err()).contains("takes a whole number").contains("got 'ten'");
    }

    @Test
    void aDelimiterThatSplitsNothingPointsToTheDelimiter() {
        Run r = run("train", "--data", stars.toString(), "--delimiter", "tab");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("expected 3 or more fields separated by the delimiter tab but found 1;"
                + " the lines look comma-separated: give that delimiter (,) or leave it out to detect it").doesNotContain("columns");
    }

    @Test
    void evaluatePrintsOnlyTheMetricsAskedForWithAnyK() throws Exception {
        Run r = run("evaluate", "--model", model.toString(), "--data", stars.toString(), "--metrics", "ndcg@10,coverage@5");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> metricLines = r.out().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(metricLines).hasSize(2);
        assertThat(metricLines.get(0)).startsWith("  ndcg@10");
        assertThat(metricLines.get(1)).startsWith("  coverage@5");
        assertThat(r.out()).doesNotContain("rmse").doesNotContain("novelty").doesNotContain("gini");

        Run j = run("evaluate", "--model", model.toString(), "--data", stars.toString(), "--metrics", "ndcg@10,coverage@5,recall@5", "--json");
        assertThat(j.code()).as(j.err()).isZero();
        JsonNode o = JSON.readTree(j.out());
        assertThat(o.get("ndcg@10").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("coverage@5").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.get("recall@5").asDouble()).isBetween(0.0, 1.0);
        assertThat(o.has("rmse") && o.has("mae")).isTrue();
        assertThat(o.has("novelty@10") || o.has("gini@10") || o.has("coverage@10") || o.has("ndcg@5")).isFalse();
        assertThat(o.get("rating_scale").get("min").asDouble()).isEqualTo(1.0);
        assertThat(o.get("rating_scale").get("max").asDouble()).isEqualTo(5.0);
        assertThat(o.get("rating_scale").get("source").asText()).isEqualTo("data");
        // the same K asked twice gives the same figure as asked alone
        Run alone = run("evaluate", "--model", model.toString(), "--data", stars.toString(), "--metrics", "coverage@5", "--json");
        assertThat(JSON.readTree(alone.out()).get("coverage@5").asDouble()).isEqualTo(o.get("coverage@5").asDouble());
    }

    @Test
    void helpListsSparkAndTheLauncherRunsIt() throws Exception {
        Run help = run("--help");
        assertThat(help.out()).contains("  spark ");
        Run here = run("spark", "train", "--data", "x");
        assertThat(here.code()).isEqualTo(1);
        assertThat(here.err()).contains("./collab4j spark train --data x");
        // the launcher hands "spark" to the Spark module before the CLI jar is involved
        Path launcher = rootOf().resolve("collab4j");
        assertThat(Files.readString(launcher)).contains("if [ \"${1:-}\" = \"spark\" ]; then").contains("org.collab4j.spark.SparkMain");
    }

    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        // picocli formats descriptions with String.format: a bare "80% of" is a format error it reports on System.err
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            for (String name : Main.commandLine().getSubcommands().keySet()) {
                if (name.equals("spark")) continue; // the launcher hands it to the Spark module (helpListsSparkAndTheLauncherRunsIt)
                Run help = run(name, "--help");
                assertThat(help.code()).as(name).isZero();
                assertThat(help.out()).as(name).doesNotContain("%n");
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString()).doesNotContain("picocli WARN").doesNotContain("Could not format");
    }

    @Test
    void exportHelpSaysAWholeSentenceInTheCommandList() {
        Run help = run("--help");
        String text = help.out().replaceAll("\\s+", " ");
        Matcher m = Pattern.compile(" export (.*?) coldstart ").matcher(text);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).endsWith(".").contains("tsv").contains("npy").contains("csv");
        Run export = run("export", "--help");
        assertThat(export.out()).contains("  tsv  TensorBoard projector").contains("  npy  numpy.load").contains("  csv  items.csv and users.csv");
    }

    @Test
    void versionIsTheProjectVersion() throws Exception {
        String pom = Files.readString(rootOf().resolve("pom.xml"));
        Matcher m = Pattern.compile("<revision>([^<]+)</revision>").matcher(pom); // the version, set once
        assertThat(m.find()).isTrue();
        Run v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("collab4j " + m.group(1) + " (Java ").doesNotContain("dev");
        assertThat(Main.version()).isEqualTo(m.group(1));
    }

    /** The repository root: cli/target/test-classes, three folders up. */
    private static Path rootOf() throws Exception {
        Path classes = Path.of(CliMessagesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return classes.getParent().getParent().getParent();
    }
}
