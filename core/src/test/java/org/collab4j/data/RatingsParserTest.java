package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingsParserTest {
    @TempDir
    Path dir;

    private static RatingsParser tsv(boolean skipBad, boolean keepTime) {
        return new RatingsParser("f", Columns.parse("user,item,rating,time"), "\t", false, skipBad, keepTime, null);
    }

    private static RatingsParser.Result parse(RatingsParser p, Path file, long threshold, int threads) {
        p.parallelThreshold = threshold;
        return p.parse(file, threads, Progress.NONE);
    }

    @Test
    void parsesNumbersByHand() {
        String[] good = {"4", "3.5", "-1", "+2", "0.5", ".5", "5.", "1e1", "2.5E-1", " 4 ", "007", "3.14159"};
        float[] want = {4, 3.5f, -1, 2, 0.5f, 0.5f, 5, 10, 0.25f, 4, 7, 3.14159f};
        for (int i = 0; i < good.length; i++) {
            byte[] b = good[i].getBytes(StandardCharsets.US_ASCII);
            assertThat(ByteParsing.parseFloat(b, 0, b.length)).as(good[i]).isEqualTo(want[i]);
        }
        for (String bad : new String[] {"", " ", ".", "-", "+", "abc", "1,5", "NaN", "Infinity", "1e99", "4x", "--1", "1.2.3"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThat(ByteParsing.parseFloat(b, 0, b.length)).as("'" + bad + "'").isNaN();
        }
        assertThat(ByteParsing.parseLong("881250949".getBytes(), 0, 9)).isEqualTo(881250949L);
        assertThat(ByteParsing.parseLong("-5".getBytes(), 0, 2)).isEqualTo(-5L);
        assertThat(ByteParsing.parseLong("1.5".getBytes(), 0, 3)).isEqualTo(Long.MIN_VALUE);
        assertThat(ByteParsing.parseLong("".getBytes(), 0, 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(ByteParsing.parseLong("1234567890123456789".getBytes(), 0, 19)).isEqualTo(Long.MIN_VALUE);
    }

    @Property(tries = 300)
    void fastFloatParsingAgreesWithTheJdk(@ForAll @IntRange(min = 0, max = 100_000) int whole, @ForAll @IntRange(min = 0, max = 999) int frac) {
        String s = whole + "." + frac;
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        assertThat(ByteParsing.parseFloat(b, 0, b.length)).isEqualTo(Float.parseFloat(s));
    }

    @Test
    void idTableKeepsNumericAndTextIdsApart() {
        IdTable t = new IdTable();
        byte[] b = "1 01 x 1 4194304 4194303 x".getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[7];
        int p = 0;
        for (int k = 0; k < 7; k++) {
            int q = p;
            while (q < b.length && b[q] != ' ') q++;
            ids[k] = t.intern(b, p, q);
            p = q + 1;
        }
        assertThat(ids).containsExactly(0, 1, 2, 0, 3, 4, 2);
        assertThat(t.text(1)).isEqualTo("01");
        assertThat(t.text(3)).isEqualTo("4194304");
        assertThat(t.text(4)).isEqualTo("4194303");
        IdTable g = new IdTable();
        assertThat(g.internFrom(t, 2)).isZero();
        assertThat(g.internFrom(t, 0)).isEqualTo(1);
        assertThat(g.internFrom(t, 2)).isZero();
        // many text ids force rehashing
        IdTable many = new IdTable();
        for (int i = 0; i < 5000; i++) {
            byte[] id = ("id" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(many.intern(id, 0, id.length)).isEqualTo(i);
        }
        byte[] again = "id4321".getBytes(StandardCharsets.UTF_8);
        assertThat(many.intern(again, 0, again.length)).isEqualTo(4321);
    }

    @Test
    void splitsRangesAtLineStarts() throws IOException {
        Path f = Files.writeString(dir.resolve("r.tsv"), "1\t1\t1\n22\t2\t2\n333\t3\t3\n4444\t4\t4\n");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            long[] b = ParallelLoad.splitAtLines(ch, size, 3);
            assertThat(b[0]).isZero();
            assertThat(b[b.length - 1]).isEqualTo(size);
            byte[] all = Files.readAllBytes(f);
            for (int k = 1; k < b.length - 1; k++) assertThat(all[(int) b[k] - 1]).isEqualTo((byte) '\n');
            long[] many = ParallelLoad.splitAtLines(ch, size, 50); // more parts than lines
            assertThat(many).containsExactly(0, 6, 13, 21, size);
        }
    }

    @Test
    void anErrorInALaterRangeReportsItsLineInTheWholeFile() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 1000; i++) sb.append(i).append('\t').append(i % 7).append('\t').append(i == 777 ? "x" : "3").append("\t0\n");
        Path f = Files.writeString(dir.resolve("r.tsv"), sb);
        assertThatThrownBy(() -> parse(tsv(false, true), f, 0, 4))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith("f:777: expected a number for rating in column 3 but found 'x'");
        RatingsParser.Result r = parse(tsv(true, true), f, 0, 4);
        assertThat(r.bad).isEqualTo(1);
        assertThat(r.size()).isEqualTo(999);
        assertThat(r.lines).isEqualTo(1000);
    }

    @Test
    void progressCountsAllBytesOnceAcrossThreads() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) sb.append(i % 97).append('\t').append(i % 101).append("\t3\t0\n");
        Path f = Files.writeString(dir.resolve("r.tsv"), sb);
        long[] last = {-1};
        boolean[] decreasing = {false};
        RatingsParser p = tsv(false, false);
        p.parallelThreshold = 0;
        p.parse(f, 4, (done, total) -> {
            if (done < last[0]) decreasing[0] = true;
            last[0] = done;
        });
        assertThat(decreasing[0]).isFalse();
        assertThat(last[0]).isEqualTo(Files.size(f));
    }

    // ------------------------------------------------------------------ parallel == sequential

    record Line(String user, String item, String rating, long time, boolean bad) {
        String text() {
            return bad ? user + "\t" + item : user + "\t" + item + "\t" + rating + "\t" + time;
        }
    }

    @Provide
    Arbitrary<List<Line>> logs() {
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.integers().between(0, 60).map(String::valueOf),
                Arbitraries.of("a", "b", "zz", "01", "007", "5000000", "ü"));
        Arbitrary<String> ratings = Arbitraries.of("1", "2", "3.5", "4", "5", "0.5");
        Arbitrary<Line> line = Combinators.combine(ids, ids, ratings, Arbitraries.longs().between(0, 2_000_000_000L),
                Arbitraries.integers().between(0, 40)).as((u, i, r, t, b) -> new Line(u, i, r, t, b == 0));
        return line.list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 150)
    void parallelLoadEqualsSequentialLoad(@ForAll("logs") List<Line> lines, @ForAll boolean crlf, @ForAll boolean finalNewline,
                                          @ForAll boolean blankLines, @ForAll @IntRange(min = 2, max = 9) int threads) throws IOException {
        StringBuilder sb = new StringBuilder();
        String nl = crlf ? "\r\n" : "\n";
        for (int k = 0; k < lines.size(); k++) {
            sb.append(lines.get(k).text());
            if (k < lines.size() - 1 || finalNewline) sb.append(nl);
            if (blankLines && k % 17 == 3) sb.append(nl);
        }
        Path f = Files.createTempFile("ratings", ".tsv");
        try {
            Files.writeString(f, sb);
            RatingsParser.Result seq = parse(tsv(true, true), f, Long.MAX_VALUE, 1);
            RatingsParser.Result par = parse(tsv(true, true), f, 0, threads);
            assertThat(par.users.ids()).containsExactly(seq.users.ids());
            assertThat(par.items.ids()).containsExactly(seq.items.ids());
            assertThat(par.userColumn()).containsExactly(seq.userColumn());
            assertThat(par.itemColumn()).containsExactly(seq.itemColumn());
            assertThat(par.valueColumn()).containsExactly(seq.valueColumn());
            assertThat(par.time).containsExactly(seq.time);
            assertThat(par.lines).isEqualTo(seq.lines);
            assertThat(par.bad).isEqualTo(seq.bad);
            assertThat(par.duplicates).isEqualTo(seq.duplicates);
            // and the sequential load agrees with a plain model of the contract
            checkAgainstModel(lines, seq);
        } finally {
            Files.delete(f);
        }
    }

    private static void checkAgainstModel(List<Line> lines, RatingsParser.Result r) {
        java.util.LinkedHashMap<String, Integer> users = new java.util.LinkedHashMap<>(), items = new java.util.LinkedHashMap<>();
        java.util.List<Line> good = new java.util.ArrayList<>();
        for (Line l : lines) {
            if (l.bad()) continue;
            good.add(l);
            users.putIfAbsent(l.user(), users.size());
            items.putIfAbsent(l.item(), items.size());
        }
        java.util.List<Line> kept = new java.util.ArrayList<>();
        for (int k = 0; k < good.size(); k++) {
            boolean later = false;
            for (int j = k + 1; j < good.size() && !later; j++)
                later = good.get(j).user().equals(good.get(k).user()) && good.get(j).item().equals(good.get(k).item());
            if (!later) kept.add(good.get(k));
        }
        assertThat(r.users.ids()).containsExactlyElementsOf(users.keySet());
        assertThat(r.items.ids()).containsExactlyElementsOf(items.keySet());
        assertThat(r.size()).isEqualTo(kept.size());
        assertThat(r.duplicates).isEqualTo(good.size() - kept.size());
        for (int k = 0; k < kept.size(); k++) {
            assertThat(r.user(k)).isEqualTo(users.get(kept.get(k).user()));
            assertThat(r.item(k)).isEqualTo(items.get(kept.get(k).item()));
            assertThat(r.valueColumn()[k]).isEqualTo(Float.parseFloat(kept.get(k).rating()));
            assertThat(r.time[k]).isEqualTo(kept.get(k).time());
        }
    }

    @Test
    void parallelDataLoaderMatchesSequentialOnALargerFile() throws IOException {
        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < 200_000; i++)
            sb.append(rnd.nextInt(3000)).append("::").append(rnd.nextInt(900)).append("::").append(1 + rnd.nextInt(5)).append("::").append(i).append("\r\n");
        Path f = Files.writeString(dir.resolve("ratings.dat"), sb);
        RatingsParser.Result seq = parse(new RatingsParser("f", Columns.parse("user,item,rating,time"), "::", false, false, true, null), f, Long.MAX_VALUE, 1);
        RatingsParser.Result par = parse(new RatingsParser("f", Columns.parse("user,item,rating,time"), "::", false, false, true, null), f, 0, 2);
        assertThat(seq.duplicates).isPositive();
        assertThat(par.userColumn()).isEqualTo(seq.userColumn());
        assertThat(par.itemColumn()).isEqualTo(seq.itemColumn());
        assertThat(par.valueColumn()).isEqualTo(seq.valueColumn());
        assertThat(par.time).isEqualTo(seq.time);
        assertThat(par.users).isEqualTo(seq.users);
        assertThat(par.items).isEqualTo(seq.items);
        assertThat(par.userColumn().length).isEqualTo(par.size());
    }

    /**
     * Items are parsed in two bytes a line while a range's ids fit: a catalogue beyond 65,536 items
     * (each of four ranges within it, or the one range of a sequential load beyond it) gives the
     * same columns as a small one, as ids in order of first sight, in four bytes a line.
     */
    @Test
    void catalogueBeyondTwoBytesGivesTheSameColumns() throws IOException {
        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        int lines = 150_000;
        int[] item = new int[lines];
        for (int k = 0; k < lines; k++) {
            item[k] = k < 40_000 ? k : k < 80_000 ? k + 20_000 : rnd.nextInt(100_000);   // 100,000 items, each quarter of the file within 65,536
            sb.append(rnd.nextInt(500)).append('\t').append(item[k]).append('\t').append(1 + rnd.nextInt(5)).append("\t0\n");
        }
        Path f = Files.writeString(dir.resolve("wide.tsv"), sb);
        RatingsParser.Result seq = parse(tsv(false, false), f, Long.MAX_VALUE, 1);
        RatingsParser.Result par = parse(tsv(false, false), f, 0, 4);
        assertThat(seq.items.size()).isGreaterThan(1 << 16);
        assertThat(seq.itemChars).isNull();
        assertThat(par.itemChars).isNull();
        assertThat(par.item).isEqualTo(seq.item);
        assertThat(par.userColumn()).isEqualTo(seq.userColumn());
        assertThat(par.valueColumn()).isEqualTo(seq.valueColumn());
        assertThat(par.duplicates).isEqualTo(seq.duplicates);
        assertThat(par.items).isEqualTo(seq.items);
        assertThat(seq.items.id(seq.item[seq.size() - 1])).isEqualTo(String.valueOf(item[lines - 1]));   // the last line is never replaced
        // a small catalogue stays in two bytes a line
        RatingsParser.Result small = parse(tsv(false, false), Files.writeString(dir.resolve("small.tsv"), "1\t7\t3\t0\n2\t8\t4\t0\n1\t7\t5\t0\n"), 0, 2);
        assertThat(small.itemChars).containsExactly((char) 1, (char) 0);
        assertThat(small.item).isNull();
    }

    /**
     * The merge writes one-byte codes when the ranges' values together hold at most 256 distinct
     * values, and a float column when they hold more (each range below 256 on its own), with the
     * same values either way and as the sequential load.
     */
    @Test
    void theMergeCodesValuesWhileAllRangesTogetherHoldAtMost256() throws IOException {
        for (int distinct : new int[] {200, 300}) {
            StringBuilder sb = new StringBuilder();
            int lines = 6_000;
            float[] want = new float[lines];
            for (int j = 0; j < lines; j++) {
                want[j] = (j * distinct / lines) / 100f; // rising through the file: each of 4 ranges holds a quarter of them
                sb.append('u').append(j).append('\t').append('i').append(j % 50).append('\t').append(want[j]).append('\t').append(j).append('\n');
            }
            Path f = dir.resolve("values-" + distinct + ".tsv");
            Files.writeString(f, sb);
            RatingsParser.Result seq = parse(tsv(false, true), f, Long.MAX_VALUE, 1);
            RatingsParser.Result par = parse(tsv(false, true), f, 0, 4);
            assertThat(par.valueColumn()).containsExactly(want);
            assertThat(seq.valueColumn()).containsExactly(want);
            assertThat(par.code != null || par.packed()).as("coded with %d distinct values", distinct).isEqualTo(distinct <= 256);
            assertThat(par.levels == null ? 0 : par.levels.length).isEqualTo(distinct <= 256 ? distinct : 0);
        }
    }

    /**
     * Star ratings beside at most 2^21 users: the merge packs the values' codes into the users' third
     * byte (five bytes a line), and the columns read back as the sequential load's and the lines';
     * more users than the byte leaves room for keep the codes in a column of their own.
     */
    @Test
    void theMergePacksCodesBesideTheUsersWhenBothFitOneByte() throws IOException {
        for (int numUsers : new int[] {500, 70_000, 140_000}) {
            StringBuilder sb = new StringBuilder();
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(numUsers);
            List<Line> lines = new java.util.ArrayList<>();
            for (int k = 0; k < 200_000; k++) {
                String u = String.valueOf(k < numUsers ? k : rnd.nextInt(numUsers)), i = String.valueOf(rnd.nextInt(3_000));
                String v = String.valueOf(1 + rnd.nextInt(5) + (numUsers == 140_000 ? rnd.nextInt(30) * 10 : 0));
                sb.append(u).append('\t').append(i).append('\t').append(v).append('\t').append(k).append('\n');
                lines.add(new Line(u, i, v, k, false));
            }
            Path f = Files.writeString(dir.resolve("packed-" + numUsers + ".tsv"), sb);
            RatingsParser.Result seq = parse(tsv(false, true), f, Long.MAX_VALUE, 1);
            RatingsParser.Result par = parse(tsv(false, true), f, 0, 3);
            // 140,000 users take two bits above bit 15, and 150 levels take eight: no room
            int shift = numUsers == 500 ? 0 : numUsers == 70_000 ? 1 : -1;
            for (RatingsParser.Result r : new RatingsParser.Result[] {seq, par}) {
                assertThat(r.codeShift).as("%d users", numUsers).isEqualTo(shift);
                assertThat(r.code != null).isEqualTo(shift < 0);
                checkLastOfEachPair(lines, r);
            }
            assertThat(par.userColumn()).containsExactly(seq.userColumn());
            assertThat(par.valueColumn()).containsExactly(seq.valueColumn());
        }
    }

    /** As {@link #checkAgainstModel}, in linear time, for long files without bad lines. */
    private static void checkLastOfEachPair(List<Line> lines, RatingsParser.Result r) {
        java.util.Map<String, Integer> users = new java.util.HashMap<>(), items = new java.util.HashMap<>(), last = new java.util.HashMap<>();
        for (int k = 0; k < lines.size(); k++) {
            Line l = lines.get(k);
            users.putIfAbsent(l.user(), users.size());
            items.putIfAbsent(l.item(), items.size());
            last.put(l.user() + "\t" + l.item(), k);
        }
        int at = 0;
        for (int k = 0; k < lines.size(); k++) {
            Line l = lines.get(k);
            if (last.get(l.user() + "\t" + l.item()) != k) continue;
            assertThat(r.user(at)).isEqualTo(users.get(l.user()));
            assertThat(r.item(at)).isEqualTo(items.get(l.item()));
            assertThat(r.values().get(at)).isEqualTo(Float.parseFloat(l.rating()));
            assertThat(r.time[at]).isEqualTo(l.time());
            at++;
        }
        assertThat(r.size()).isEqualTo(at);
        assertThat(r.duplicates).isEqualTo(lines.size() - at);
    }
}
