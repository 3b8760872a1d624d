package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated broken rating files, each with one kind of damage: random bytes, truncations, huge
 * numbers, bad times, unclosed and stray quotes, NUL bytes, UTF-16, control characters and
 * Latin-1 bytes in ids, typo'd ratings, wrong field counts, a line without end (a few: a
 * megabyte each). Runs in a few seconds. A file whose
 * damage is certain must be refused with a {@link DataFormatException} naming the file (and the
 * damaged line, when the damage is in one), or with {@code skipBadLines} have that line counted;
 * nothing may be accepted silently, and nothing may fail any other way.
 */
class LoaderFuzzTest {
    static final int FILES = 240;

    @TempDir
    Path dir;

    enum Damage {
        RANDOM_BYTES, TRUNCATED, HUGE_RATING, BAD_TIME, UNCLOSED_QUOTE, TEXT_AFTER_QUOTE, NUL, UTF16, UTF8_BOM, TYPO_RATING,
        CONTROL_IN_ID, LATIN1_IN_ID, FIELD_COUNT, NO_LINE_END;

        /** The endless line costs a megabyte a file: one file in eight that would have it gets it, the others bad times. */
        static Damage of(int seed) {
            Damage d = values()[seed % values().length];
            return d == NO_LINE_END && (seed / values().length) % 8 != 0 ? BAD_TIME : d;
        }
    }

    /** A generated file: its bytes, the damage, the 1-based line damaged (0: the whole file or none), whether it must be refused. */
    record Case(int seed, Damage damage, byte[] bytes, long line, boolean mustRefuse, boolean keepTime, byte[] clean) { }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noDamagedFileIsAcceptedSilently() throws IOException {
        int refused = 0, accepted = 0, silentlyAccepted = 0, mustRefuse = 0;
        List<String> problems = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int seed = 0; seed < FILES; seed++) {
            Case c = generate(seed);
            Path f = dir.resolve("f" + seed + (c.bytes.length > 0 && seed % 2 == 0 ? ".csv" : ".txt"));
            Files.write(f, c.bytes);
            LoadOptions strict = LoadOptions.builder().keepTime(c.keepTime).threads(1).build();
            if (c.mustRefuse) mustRefuse++;
            try {
                Dataset d = DataLoader.load(f, strict);
                accepted++;
                if (c.mustRefuse) {
                    silentlyAccepted++;
                    problems.add(c.seed + " " + c.damage + ": accepted (" + d.ratings().size() + " ratings)");
                }
                if (c.damage == Damage.UTF8_BOM) {
                    Path clean = Files.write(dir.resolve("clean" + seed + ".csv"), c.clean);
                    Dataset plain = DataLoader.load(clean, strict);
                    if (!plain.ratings().userIds().equals(d.ratings().userIds()) || !java.util.Arrays.equals(plain.ratings().values(), d.ratings().values()))
                        problems.add(c.seed + " " + c.damage + ": differs from the file without the mark");
                }
            } catch (DataFormatException e) {
                refused++;
                String m = e.getMessage();
                if (!m.startsWith(f.toString())) problems.add(c.seed + " " + c.damage + ": message does not name the file: " + m);
                for (int i = 0; i < m.length(); i++) {
                    char ch = m.charAt(i);
                    if (ch < 0x20 && ch != '\n' && ch != '\t') {
                        problems.add(c.seed + " " + c.damage + ": raw control character " + (int) ch + " in: " + Text.shown(m, 300));
                        break;
                    }
                }
                if (c.mustRefuse && c.line > 0 && e.line() != c.line)
                    problems.add(c.seed + " " + c.damage + ": refused at line " + e.line() + ", damage at line " + c.line + ": " + Text.shown(m, 300));
            } catch (RuntimeException | OutOfMemoryError e) {
                problems.add(c.seed + " " + c.damage + ": failed with " + e);
            }
            // skipping bad lines: a damaged line is counted, never taken in silently
            if (c.mustRefuse && c.line > 0 && c.damage != Damage.NO_LINE_END) {
                try {
                    Dataset d = DataLoader.load(f, strict.toBuilder().skipBadLines(true).build());
                    if (d.report().badLinesSkipped() == 0) {
                        silentlyAccepted++;
                        problems.add(c.seed + " " + c.damage + ": skipped nothing with --skip-bad-lines");
                    }
                } catch (DataFormatException e) {
                    // nothing left, or a problem with the whole file: refused, not silent
                } catch (RuntimeException e) {
                    problems.add(c.seed + " " + c.damage + ": with skip-bad-lines failed with " + e);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("loader fuzz: %d files (%d must be refused), %d refused, %d accepted, %d accepted silently, %.1f s%n",
                FILES, mustRefuse, refused, accepted, silentlyAccepted, seconds);
        assertThat(problems).isEmpty();
        assertThat(silentlyAccepted).isZero();
        assertThat(mustRefuse).isGreaterThanOrEqualTo(200);
    }

    // ------------------------------------------------------------------ generation

    static Case generate(int seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 7919L + 1);
        Damage damage = Damage.of(seed);
        boolean csv = rnd.nextBoolean();
        String sep = csv ? "," : "\t";
        int n = 30 + rnd.nextInt(270);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++)
            rows.add(new String[] {"u" + rnd.nextInt(40), Integer.toString(rnd.nextInt(60)), Integer.toString(1 + i % 5), Long.toString(874_000_000L + rnd.nextInt(1_000_000))});
        String header = csv ? "user,item,rating,time" : null;
        int first = header == null ? 1 : 2; // line number of rows.get(0)
        int k = rnd.nextInt(n);
        long line = first + k;
        boolean keepTime = rnd.nextBoolean();
        switch (damage) {
            case RANDOM_BYTES -> {
                byte[] b = new byte[50 + rnd.nextInt(3000)];
                for (int i = 0; i < b.length; i++) b[i] = (byte) rnd.nextInt(256);
                return new Case(seed, damage, b, 0, true, keepTime, null);
            }
            case TRUNCATED -> {
                byte[] b = text(header, rows, sep).getBytes(StandardCharsets.UTF_8);
                return new Case(seed, damage, java.util.Arrays.copyOf(b, 1 + rnd.nextInt(b.length)), 0, false, keepTime, null);
            }
            case HUGE_RATING -> rows.get(k)[2] = pick(rnd, "1e30", "1e39", "-1e20", "99999999999999999999", "3e9", "Infinity", "NaN");
            case BAD_TIME -> rows.get(k)[3] = pick(rnd, "NaN", "x".repeat(5000), "1e30", "99999999999999999999", "12:30", "", "1.5", "-", "0x10");
            case UNCLOSED_QUOTE -> {
                int f = rnd.nextInt(4);
                rows.get(k)[f] = "\"" + rows.get(k)[f];
            }
            case TEXT_AFTER_QUOTE -> {
                int f = rnd.nextInt(4);
                rows.get(k)[f] = "\"" + rows.get(k)[f] + "\"x";
            }
            case NUL -> {
                String[] r = rows.get(k);
                int f = rnd.nextInt(4);
                int at = rnd.nextInt(r[f].length() + 1);
                r[f] = r[f].substring(0, at) + "\0" + r[f].substring(at);
            }
            case UTF16 -> {
                String t = text(header, rows, sep);
                byte[] b = switch (rnd.nextInt(4)) {
                    case 0 -> t.getBytes(StandardCharsets.UTF_16LE);
                    case 1 -> t.getBytes(StandardCharsets.UTF_16BE);
                    case 2 -> t.getBytes(StandardCharsets.UTF_16); // big-endian with a mark
                    default -> concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, t.getBytes(StandardCharsets.UTF_16LE));
                };
                return new Case(seed, damage, b, 0, true, keepTime, null);
            }
            case UTF8_BOM -> {
                byte[] clean = text(header, rows, sep).getBytes(StandardCharsets.UTF_8);
                return new Case(seed, damage, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, clean), 0, false, keepTime, clean);
            }
            case TYPO_RATING -> rows.set(k, new String[] {"fresh" + seed, "item" + seed, pick(rnd, "44", "7", "-1", "1000", "55", "-7"), "874000000"});
            case CONTROL_IN_ID -> rows.get(k)[rnd.nextInt(2)] += pick(rnd, "\u0001", "\u001b[31m", "\u0008", "\u007f");
            case LATIN1_IN_ID -> rows.get(k)[rnd.nextInt(2)] += "\u00e9";
            case FIELD_COUNT -> {
                String[] r = rows.get(k);
                boolean fewer = rnd.nextBoolean();
                rows.set(k, fewer ? java.util.Arrays.copyOf(r, 3 - rnd.nextInt(2)) : new String[] {r[0], r[1], r[2], r[3], "extra"});
                // a headerless file's first line sets the columns: three fields there make every other line the bad one
                if (fewer && header == null && k == 0) line = 0;
            }
            case NO_LINE_END -> {
                // a megabyte of digits after the rows: one endless line
                String t = text(header, rows, sep);
                byte[] tail = new byte[ByteRange.MAX_LINE + 100];
                java.util.Arrays.fill(tail, (byte) ('0' + rnd.nextInt(10)));
                long endless = first + n;
                return new Case(seed, damage, concat(t.getBytes(StandardCharsets.UTF_8), tail), endless, true, keepTime, null);
            }
        }
        // LATIN1_IN_ID writes its line in Latin-1, the rest in UTF-8
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (header != null) out.writeBytes((header + "\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < rows.size(); i++) {
            String l = String.join(sep, rows.get(i)) + "\n";
            out.writeBytes(l.getBytes(damage == Damage.LATIN1_IN_ID && i == k ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        }
        return new Case(seed, damage, out.toByteArray(), line, true, keepTime, null);
    }

    private static String text(String header, List<String[]> rows, String sep) {
        StringBuilder sb = new StringBuilder();
        if (header != null) sb.append(header).append('\n');
        for (String[] r : rows) sb.append(String.join(sep, r)).append('\n');
        return sb.toString();
    }

    private static String pick(SplittableRandom rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
