package org.collab4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.collab4j.data.DataFormatException;
import org.collab4j.data.DataLoader;
import org.collab4j.data.LoadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad paths and malformed rows: the Spark reader says exactly what the local loader (and so the CLI) says. */
class BadInputTest {
    @TempDir
    Path tmp;

    private static String sparkMessage(Path p, LoadOptions o) {
        return catchThrowableOfType(DataFormatException.class,
                () -> RatingsInput.read(SparkTestSession.get(), p.toString(), o, false)).getMessage();
    }

    private static String localMessage(Path p, LoadOptions o) {
        return catchThrowableOfType(DataFormatException.class, () -> DataLoader.load(p, o)).getMessage();
    }

    @Test
    void aMissingPathIsNamed() {
        Path p = tmp.resolve("nowhere/ratings.csv");
        assertThat(sparkMessage(p, LoadOptions.defaults())).isEqualTo(localMessage(p, LoadOptions.defaults()))
                .contains("no such file or folder");
    }

    @Test
    void aMalformedRowGivesTheFileTheLineAndWhatWasExpected() throws Exception {
        Path p = tmp.resolve("r.csv");
        Files.writeString(p, "user,item,rating\n1,10,4\n\n2,11,five\n3,12,2\n");
        String m = sparkMessage(p, LoadOptions.defaults());
        assertThat(m).isEqualTo(localMessage(p, LoadOptions.defaults()));
        assertThat(m).contains(p + ":4:").contains("expected a number for rating in column 3 but found 'five'").contains("line 4: 2,11,five");
    }

    @Test
    void wrongFieldCountsAndRatingsOffTheScaleToo() throws Exception {
        Path p = tmp.resolve("u.tsv");
        Files.writeString(p, "1\t10\t4\n2\t11\n");
        assertThat(sparkMessage(p, LoadOptions.defaults())).isEqualTo(localMessage(p, LoadOptions.defaults())).contains(":2:");
        LoadOptions scaled = LoadOptions.builder().scale(new org.collab4j.data.RatingScale(1, 5)).build();
        Files.writeString(p, "1\t10\t4\n2\t11\t9\n");
        assertThat(sparkMessage(p, scaled)).isEqualTo(localMessage(p, scaled)).contains("within the scale 1..5");
    }

    @Test
    void skippedLinesAreCounted() throws Exception {
        Path p = tmp.resolve("r.csv");
        Files.writeString(p, "user,item,rating\n1,10,4\n2,11,five\n3,12,2\n4,x\n");
        RatingsInput.Loaded l = RatingsInput.read(SparkTestSession.get(), p.toString(), LoadOptions.builder().skipBadLines(true).build(), false);
        assertThat(l.ratings().count()).isEqualTo(2);
        assertThat(l.badLinesSkipped()).isEqualTo(2);
    }

    @Test
    void theCommandLinePrintsTheMessageAndNoStackTrace() throws Exception {
        Path p = tmp.resolve("r.csv");
        Files.writeString(p, "user,item,rating\n1,10,4\n2,11,five\n");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparkMain.run(new String[] {"train", "--data", p.toString(), "--json"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("collab4j: error: " + localMessage(p, LoadOptions.defaults())).doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }
}
