package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.collab4j.data.DataLoaderTest.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.assertj.core.api.AbstractThrowableAssert;
import org.collab4j.data.LoadOptions.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a load can refuse its input, and the message a person gets. */
class DataLoaderErrorsTest {
    @TempDir
    Path dir;

    private AbstractThrowableAssert<?, ? extends Throwable> loading(Path p, LoadOptions o) {
        return assertThatThrownBy(() -> DataLoader.load(p, o)).isInstanceOf(DataFormatException.class);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> loading(Path p) {
        return loading(p, LoadOptions.defaults());
    }

    /** Writes {@code content} to {@code name} in the test folder; loading it with {@code o} fails with the file's name, then {@code message}. */
    private AbstractThrowableAssert<?, ? extends Throwable> refused(String name, String content, LoadOptions o, String message) throws IOException {
        Path f = write(dir.resolve(name), content);
        return loading(f, o).hasMessageStartingWith(f + message);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(String name, String content, String message) throws IOException {
        return refused(name, content, LoadOptions.defaults(), message);
    }

    /**
     * Writes {@code content} to the side table {@code table} of the data set {@code folder}; loading
     * the set fails with the table's name, then {@code message}.
     */
    private void sideTableRefused(Path folder, String table, String content, String message) throws IOException {
        write(folder.resolve(table), content);
        loading(folder).hasMessageStartingWith(folder.resolve(table) + message);
    }

    @Test
    void tooFewFields() throws IOException {
        refused("ml-100k/u.data", "1\t2\t3\t4\n1\t2\t3\n", ":2: expected 4 tab-separated fields user,item,rating,time but found 3")
                .hasMessageContaining("line 2: 1\t2\t3")
                .satisfies(e -> {
                    assertThat(((DataFormatException) e).line()).isEqualTo(2);
                    assertThat(((DataFormatException) e).file()).isEqualTo(dir.resolve("ml-100k/u.data").toString());
                });
    }

    @Test
    void tooManyFields() throws IOException {
        refused("r.dat", "1::2::3::4\n1::2::3::4::5\n", ":2: expected 4 '::'-separated fields user,item,rating,time but found 5");
    }

    @Test
    void ratingThatIsNotANumber() throws IOException {
        refused("r.tsv", "1\t2\t3\t4\n1\t2\tabc\t4\n", ":2: expected a number for rating in column 3 but found 'abc'");
        refused("g.tsv", "1\t2\t3\n1\t2\t\n", ":2: expected a number for rating in column 3 but found ''");
    }

    @Test
    void timeThatIsNotAnInteger() throws IOException {
        String lines = "1\t2\t3\t4\n1\t3\t3\t2001-01-01\n";
        String message = ":2: expected an integer timestamp (seconds since 1970-01-01) for time in column 4 but found '2001-01-01'";
        refused("r.tsv", lines, message);
        // without times the time field is still checked, though not kept
        refused("r.tsv", lines, LoadOptions.builder().keepTime(false).build(), message);
        Path g = write(dir.resolve("g.tsv"), "1\t2\t3\t4\n1\t3\t3\t5\n");
        assertThat(DataLoader.load(g, LoadOptions.builder().keepTime(false).build()).ratings().hasTime()).isFalse();
    }

    @Test
    void emptyIds() throws IOException {
        refused("r.csv", "1,2,3\n ,2,3\n", ":2: expected a user id in column 1 but found an empty field");
        refused("g.csv", "1,2,3\n1,,3\n", ":2: expected an item id in column 2 but found an empty field");
    }

    @Test
    void ratingOutsideTheScale() throws IOException {
        refused("ml-100k/u.data", "1\t2\t3\t4\n1\t3\t6\t4\n", ":2: expected a rating within the scale 1..5 but found 6");
        refused("g.tsv", "1\t2\t3\n1\t3\t0.25\n", LoadOptions.builder().scale(new RatingScale(0.5f, 5)).build(),
                ":2: expected a rating within the scale 0.5..5 but found 0.25");
        refused("ml-1m/ratings.dat", "1::2::3::4\n1::3::7::4\n", ":2: expected a rating within the scale 0.5..5 but found 7");
    }

    @Test
    void skipBadLinesCountsThemAndKeepsTheRest() throws IOException {
        Path f = write(dir.resolve("ml-100k/u.data"), "1\t2\t3\t4\nbad line\n1\t3\t9\t4\n2\t3\tx\t4\n2\t2\t5\t1\n");
        Dataset d = DataLoader.load(f, LoadOptions.builder().skipBadLines(true).build());
        assertThat(d.report().badLinesSkipped()).isEqualTo(3);
        assertThat(d.report().lines()).isEqualTo(5);
        assertThat(d.ratings().size()).isEqualTo(2);
        // ids of skipped lines are not kept
        assertThat(d.ratings().itemIds().ids()).containsExactly("2");
        assertThat(d.ratings().userIds().ids()).containsExactly("1", "2");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = write(dir.resolve("empty.tsv"), "");
        loading(f).hasMessage(f + ": file is empty");
    }

    @Test
    void nothingLeftAfterSkipping() throws IOException {
        Path f = write(dir.resolve("bad.tsv"), "1\t2\tx\n1\t2\ty\n");
        loading(f, LoadOptions.builder().skipBadLines(true).header(false).build())
                .hasMessage(f + ": no ratings left: all 2 rating lines were malformed and skipped");
    }

    @Test
    void onlyAHeader() throws IOException {
        Path f = write(dir.resolve("h.csv"), "user,item,rating\n\n");
        loading(f).hasMessage(f + ": no ratings: the file holds only a header and blank lines");
        Path g = write(dir.resolve("blank.tsv"), "\n\n \n");
        loading(g, LoadOptions.builder().delimiter('\t').header(false).build())
                .hasMessage(g + ": no ratings: the file holds only blank lines");
    }

    @Test
    void missingPath() {
        Path p = dir.resolve("nope");
        loading(p).hasMessage(p + ": no such file or folder; expected a rating file, or a folder holding u.data (MovieLens 100k),"
                + " ratings.dat (MovieLens 1M/10M) or ratings.csv (MovieLens 20M/25M/latest)");
    }

    @Test
    void folderWithoutARatingFile() throws IOException {
        Files.createDirectories(dir.resolve("x"));
        write(dir.resolve("x/readme.txt"), "hi");
        loading(dir.resolve("x")).hasMessage(dir.resolve("x") + ": holds no rating file; expected u.data (MovieLens 100k),"
                + " ratings.dat (MovieLens 1M/10M) or ratings.csv (MovieLens 20M/25M/latest)");
        loading(dir.resolve("x"), LoadOptions.builder().format(Format.ML_DAT).build())
                .hasMessage(dir.resolve("x") + ": holds no ratings.dat (expected by format ml_dat)");
        loading(dir.resolve("x"), LoadOptions.builder().format(Format.DELIMITED).build())
                .hasMessageContaining("is a folder; format delimited needs the path of a rating file");
    }

    @Test
    void undetectableDelimiter() throws IOException {
        refused("one.txt", "justonefield\nanother\n",
                ":1: expected lines of 2 or more fields separated by tab, '::', comma, semicolon or whitespace (the same number on most lines); give the delimiter option");
    }

    @Test
    void unknownFieldLayoutNeedsColumns() throws IOException {
        refused("five.tsv", "1\t2\t3\t4\t5\n", ":1: expected 2 fields user,item, 3 fields user,item,rating or 4 fields user,item,rating,time"
                + " (or a header naming them) but found 5; give the columns option");
    }

    @Test
    void badSideTableLines() throws IOException {
        Path m = dir.resolve("ml-100k");
        write(m.resolve("u.data"), "1\t1\t5\t0\n");
        sideTableRefused(m, "u.item", "1|Toy Story (1995)|01-Jan-1995||u|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n2|Short|x\n",
                ":2: expected 24 '|'-separated fields id|title|release date|"
                + "video release date|url|19 genre flags but found 3");
        sideTableRefused(m, "u.item", "1|Toy Story (1995)|1995-01-01||u|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n",
                ":1: expected a release date like 01-Jan-1995 in field 3 but found '1995-01-01'");
        sideTableRefused(m, "u.item", "1|Toy Story (1995)|||u|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|2\n",
                ":1: expected a genre flag 0 or 1 in field 24 but found '2'");
        Files.delete(m.resolve("u.item"));
        sideTableRefused(m, "u.user", "1|x|M|writer|1\n", ":1: expected a whole number for age in field 2 but found 'x'");
        sideTableRefused(m, "u.user", "1|2|M\n", ":1: expected 5 '|'-separated fields id|age|gender|occupation|zip but found 3");
        Dataset skipped = DataLoader.load(m, LoadOptions.builder().skipBadLines(true).build());
        assertThat(skipped.report().badLinesSkipped()).isEqualTo(1);
        write(m.resolve("u.genre"), "unknown|0\nAction|2\n");
        Files.delete(m.resolve("u.user"));
        write(m.resolve("u.item"), "1|T|||u|0|0\n");
        loading(m).hasMessageStartingWith(m.resolve("u.genre") + ":2: expected name|1 (genres numbered from 0 in order)");

        Path one = dir.resolve("ml-1m");
        write(one.resolve("ratings.dat"), "1::1::5::0\n");
        sideTableRefused(one, "movies.dat", "1::Title\n", ":1: expected 3 '::'-separated fields id::title::genres but found 2");
        write(one.resolve("movies.dat"), "1::Title::Drama\n");
        sideTableRefused(one, "users.dat", "1::F::old::10::48067\n", ":1: expected a whole number for age in field 3 but found 'old'");

        Path csv = dir.resolve("ml-latest");
        write(csv.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n");
        sideTableRefused(csv, "movies.csv", "movieId,title,genres\n1,\"Unclosed, (1995),Drama\n",
                ":2: expected a closing quote before the end of the file");
        sideTableRefused(csv, "movies.csv", "movieId,title,genres\n1,Title (1995)\n",
                ":2: expected 3 comma-separated fields movieId,title,genres but found 2");
    }

    @Test
    void badOptionsAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> LoadOptions.builder().columns("user,film,rating").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown column name 'film'");
        assertThatThrownBy(() -> LoadOptions.builder().columns("item,rating,time").build())
                .hasMessage("columns 'item,rating,time' must name user and item");
        assertThatThrownBy(() -> LoadOptions.builder().columns("user,item,rating,count").build())
                .hasMessage("columns 'user,item,rating,count' name two value columns; a line holds one value, a rating or a count");
        assertThatThrownBy(() -> LoadOptions.builder().columns("user,item,rating,user").build())
                .hasMessageContaining("column 'user' appears twice");
        assertThatThrownBy(() -> LoadOptions.builder().threads(0).build()).hasMessage("threads must be at least 1, got 0");
        assertThatThrownBy(() -> LoadOptions.Format.parse("xml")).hasMessageContaining("unknown format 'xml'");
        assertThat(LoadOptions.Format.parse("ml-100k")).isEqualTo(Format.ML100K);
        assertThat(LoadOptions.Format.parse("csv")).isEqualTo(Format.CSV);
    }

    @Test
    void badDelimiterOption() {
        assertThatThrownBy(() -> LoadOptions.builder().delimiter("||").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delimiter must be one ASCII character, '::' or 'whitespace', got '||'");
    }
}
