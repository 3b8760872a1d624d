package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.collab4j.data.DataLoaderTest.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the loader checks in every line: times, magnitudes, quotes, NUL bytes, encodings, ids. */
class LineChecksTest {
    @TempDir
    Path dir;

    private static final LoadOptions NO_TIME = LoadOptions.builder().keepTime(false).build();

    private AbstractThrowableAssert<?, ? extends Throwable> loading(Path p, LoadOptions o) {
        return assertThatThrownBy(() -> DataLoader.load(p, o)).isInstanceOf(DataFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0"));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> loading(Path p) {
        return loading(p, LoadOptions.defaults());
    }

    private static String csv(String... lines) {
        return "user,item,rating,time\n1,1,4,100\n2,1,3,100\n" + String.join("\n", lines) + "\n";
    }

    @Test
    void timesAreCheckedEvenWhenNotKept() throws IOException {
        String expected = ":4: expected an integer timestamp (seconds since 1970-01-01) for time in column 4 but found ";
        Path nan = write(dir.resolve("nan.csv"), csv("3,1,5,NaN"));
        loading(nan, NO_TIME).hasMessageStartingWith(nan + expected + "'NaN'");
        Path exp = write(dir.resolve("exp.csv"), csv("3,1,5,1e30"));
        loading(exp, NO_TIME).hasMessageStartingWith(exp + expected + "'1e30'");
        Path big = write(dir.resolve("big.csv"), csv("3,1,5,99999999999999999999"));
        loading(big, NO_TIME).hasMessageStartingWith(big + expected + "'99999999999999999999' (too large for a timestamp)");
        loading(big).hasMessageStartingWith(big + expected + "'99999999999999999999' (too large for a timestamp)");
        Path xs = write(dir.resolve("xs.csv"), csv("3,1,5," + "x".repeat(5000)));
        loading(xs, NO_TIME).hasMessageStartingWith(xs + expected + "'" + "x".repeat(60) + "... (5000 characters)'")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
    }

    @Test
    void hugeRatingsStopTheLoad() throws IOException {
        Path f = write(dir.resolve("r.csv"), csv("3,1,1e30,100"));
        loading(f).hasMessageStartingWith(f + ":4: expected a rating of at most 1e9 in magnitude (no rating scale goes further) but found 1e30");
        Path g = write(dir.resolve("g.tsv"), "1\t1\t3\n1\t2\t-2e9\n");
        loading(g).hasMessageStartingWith(g + ":2: expected a rating of at most 1e9 in magnitude");
        // beyond a float, as before: not a number
        Path h = write(dir.resolve("h.tsv"), "1\t1\t3\n1\t2\t1e39\n");
        loading(h).hasMessageStartingWith(h + ":2: expected a number for rating in column 3 but found '1e39'");
    }

    @Test
    void quotedFieldsAreReadAsRfc4180() throws IOException {
        Path f = write(dir.resolve("q.csv"), "\"u 1\",\"it,em\",4\n\"a\"\"b\",x,\"3.5\"\n");
        Dataset d = DataLoader.load(f);
        assertThat(d.ratings().userIds().ids()).containsExactly("u 1", "a\"b");
        assertThat(d.ratings().itemIds().ids()).containsExactly("it,em", "x");
        assertThat(d.ratings().values()).containsExactly(4f, 3.5f);
    }

    @Test
    void anUnclosedQuoteIsAnErrorNotPartOfTheId() throws IOException {
        Path f = write(dir.resolve("q.csv"), "user,item,rating\n\"1,2,3\n1,3,4\n");
        loading(f).hasMessageStartingWith(f + ":2: expected a closing quote for field 1, which opens with '\"', before the end of the line")
                .hasMessageContaining("line 2: \"1,2,3");
        Path g = write(dir.resolve("g.csv"), "1,2,3\n\"1\"x,3,4\n");
        loading(g).hasMessageStartingWith(g + ":2: expected the delimiter (comma) or the end of the line after the closing quote of field 1 but found 'x'");
        // skipped like any bad line
        Dataset d = DataLoader.load(f, LoadOptions.builder().skipBadLines(true).build());
        assertThat(d.report().badLinesSkipped()).isEqualTo(1);
        assertThat(d.ratings().userIds().ids()).containsExactly("1");
    }

    @Test
    void aNulByteIsAnErrorShownAsBackslashZero() throws IOException {
        Path f = dir.resolve("n.csv");
        Files.write(f, "1,2,3\n1,3,4\u0000\n2,2,5\n".getBytes(StandardCharsets.UTF_8));
        loading(f).hasMessageStartingWith(f + ":2: expected text but found a NUL byte at character 6 (the file is binary, or text in UTF-16: convert it to UTF-8)")
                .hasMessageContaining("line 2: 1,3,4\\0");
        // in a skipped column and in the header too
        Path g = write(dir.resolve("g.csv"), "1,2,3,note\n1,3,4,a\u0000b\n");
        loading(g, LoadOptions.builder().columns("user,item,rating,skip").build()).hasMessageStartingWith(g + ":2: expected text but found a NUL byte");
        Path h = write(dir.resolve("h.csv"), "user,item,rat\u0000ing\n1,3,4\n");
        loading(h, LoadOptions.builder().header(true).build()).hasMessageStartingWith(h + ":1: expected a header of text but found a NUL byte at character 14");
    }

    @Test
    void utf16IsRefusedWithHowToConvert() throws IOException {
        String text = "user,item,rating\n1,2,3\n1,3,4\n";
        Path le = write(dir.resolve("le.csv"), text, StandardCharsets.UTF_16LE);
        loading(le).hasMessage(le + ": the file is text in UTF-16 (little-endian: every other byte is NUL); rating files are read as UTF-8:"
                + " convert it first, e.g. iconv -f UTF-16 -t UTF-8 < " + le + " > ratings-utf8.csv");
        Path be = write(dir.resolve("be.csv"), text, StandardCharsets.UTF_16BE);
        loading(be).hasMessageStartingWith(be + ": the file is text in UTF-16 (big-endian: every other byte is NUL)");
        Path bom = write(dir.resolve("bom.csv"), text, StandardCharsets.UTF_16); // Java writes big-endian with a mark
        loading(bom).hasMessageStartingWith(bom + ": the file is text in UTF-16 (big-endian, with a byte-order mark)");
        Path lebom = dir.resolve("lebom.csv");
        Files.write(lebom, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE)));
        loading(lebom).hasMessageStartingWith(lebom + ": the file is text in UTF-16 (little-endian, with a byte-order mark)");
        Path utf32 = dir.resolve("u32.csv");
        Files.write(utf32, concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, "1\0\0\0".getBytes(StandardCharsets.ISO_8859_1)));
        loading(utf32).hasMessageContaining("UTF-32 (little-endian, with a byte-order mark)").hasMessageContaining("iconv -f UTF-32");
        // the Spark reader detects the same
        byte[] b = Files.readAllBytes(le);
        assertThatThrownBy(() -> RatingLineReader.detect("le.csv", "le.csv", b, b.length, false, LoadOptions.defaults()))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("le.csv: the file is text in UTF-16");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedAndNoted() throws IOException {
        Path f = dir.resolve("bom.csv");
        Files.write(f, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "userId,movieId,rating\n1,2,3\n1,3,4\n".getBytes(StandardCharsets.UTF_8)));
        Dataset d = DataLoader.load(f);
        assertThat(d.ratings().userIds().ids()).containsExactly("1");
        assertThat(d.ratings().itemIds().ids()).containsExactly("2", "3");
        assertThat(d.report().notes()).containsExactly("the file starts with a UTF-8 byte-order mark, which was skipped");
        // without a header the first user id does not take the mark in
        Path g = dir.resolve("g.tsv");
        Files.write(g, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "7\t2\t3\n8\t3\t4\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(DataLoader.load(g).ratings().userIds().ids()).containsExactly("7", "8");
        // the Spark reader: detected from the first bytes, and the mark dropped from the first line
        byte[] b = Files.readAllBytes(g);
        RatingLineReader rd = RatingLineReader.detect("g.tsv", "g.tsv", b, b.length, false, LoadOptions.defaults());
        assertThat(rd.read("\uFEFF7\t2\t3")).isNull();
        assertThat(rd.user()).isEqualTo("7");
    }

    @Test
    void idsMustBePrintableUtf8() throws IOException {
        Path f = write(dir.resolve("c.csv"), "1,2,3\nu\u0001,3,4\n");
        loading(f).hasMessageStartingWith(f + ":2: expected a user id of printable UTF-8 text in column 1 but found the control character \\x01")
                .hasMessageContaining("line 2: u\\x01,3,4");
        Path g = dir.resolve("latin1.csv");
        Files.write(g, "1,caf\u00e9,3\n1,b,4\n".getBytes(StandardCharsets.ISO_8859_1));
        loading(g).hasMessageStartingWith(g + ":1: expected an item id of printable UTF-8 text in column 2 but found the byte 0xE9, which is not UTF-8"
                + " (a file in Latin-1 or Windows-1252? convert it to UTF-8)");
        Path ok = write(dir.resolve("ok.csv"), "1,caf\u00e9,3\n1,\u65e5\u672c,4\n");
        assertThat(DataLoader.load(ok).ratings().itemIds().ids()).containsExactly("caf\u00e9", "\u65e5\u672c");
    }

    @Test
    void aLineLongerThanAMegabyteStopsTheLoad() throws IOException {
        Path f = dir.resolve("long.csv");
        Files.write(f, ("1,2,3\n" + "7".repeat(ByteRange.MAX_LINE + 10)).getBytes(StandardCharsets.US_ASCII));
        loading(f).hasMessageStartingWith(f + ":2: expected lines of at most 1 MB but this one runs on beyond that");
    }

    @Test
    void givenDelimiterThatSplitsNothingPointsToTheRightOne() throws IOException {
        Path f = write(dir.resolve("r.csv"), "user,item,rating\n1,2,3\n");
        loading(f, LoadOptions.builder().delimiter('\t').build())
                .hasMessageStartingWith(f + ":1: expected 3 or more fields separated by the delimiter tab but found 1;"
                        + " the lines look comma-separated: give that delimiter (,) or leave it out to detect it");
        Path g = write(dir.resolve("one.txt"), "a\nb\n");
        loading(g, LoadOptions.builder().delimiter(';').build())
                .hasMessageStartingWith(g + ":1: expected 3 or more fields separated by the delimiter ; but found 1; give the delimiter that separates the fields");
    }

    @Test
    void textShownInMessagesHasNoRawControlCharacters() {
        assertThat(Text.shown("a\0b\u001bc\td\r", 100)).isEqualTo("a\\0b\\x1Bc\td\\r");
        assertThat(Text.shown("abcdef", 3)).isEqualTo("abc... (6 characters)");
        assertThat(new DataFormatException("f", 3, "x\0y", "expected z").getMessage()).isEqualTo("f:3: expected z\n  line 3: x\\0y");
    }

    @Test
    void bytesAreScannedRight() {
        byte[] b = "0123456789abcdef\0gh".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ByteParsing.indexOfZero(b, 0, b.length)).isEqualTo(16);
        assertThat(ByteParsing.indexOfZero(b, 0, 16)).isEqualTo(-1);
        for (int at = 0; at < 20; at++) {
            byte[] z = new byte[20];
            java.util.Arrays.fill(z, (byte) 'a');
            z[at] = 0;
            assertThat(ByteParsing.indexOfZero(z, 0, 20)).isEqualTo(at);
        }
        assertThat(ByteParsing.checkText("abc\t d".getBytes(StandardCharsets.UTF_8), 0, 6)).isNull();
        byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
        assertThat(ByteParsing.checkText(overlong, 0, 2)).startsWith("the byte 0xC0");
        byte[] cut = "\u00e9".getBytes(StandardCharsets.UTF_8);
        assertThat(ByteParsing.checkText(cut, 0, 1)).startsWith("the byte 0xC3");
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertThat(ByteParsing.checkText(surrogate, 0, 3)).startsWith("the byte 0xED");
        assertThat(ByteParsing.isDigits("-12".getBytes(), 0, 3)).isTrue();
        assertThat(ByteParsing.isDigits("1e3".getBytes(), 0, 3)).isFalse();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
