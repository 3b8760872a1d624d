package org.collab4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.collab4j.kernel.Workers;

/**
 * Byte-level parser of a delimited rating log into columns with dense ids.
 *
 * <p>Files larger than {@link #PARALLEL_THRESHOLD} are split into byte ranges at line boundaries,
 * one per thread. Each range is parsed into its own columns with its own {@link IdTable} (local
 * ids in first-sight order within the range). The local tables are then merged range by range, in
 * file order, so that global ids come out in first-sight order of the whole file: exactly what a
 * single-threaded load gives. The columns are then remapped and concatenated into arrays exactly
 * as long as the result.
 *
 * <p>Repeated (user, item) pairs: the last occurrence in file order wins (its value and time, at
 * its position); earlier occurrences are removed. Ids are numbered before duplicates are removed,
 * so removing them never changes the ids.
 */
final class RatingsParser {
    static final long PARALLEL_THRESHOLD = 16L << 20;
    static final int DELIM_BYTE = 0, DELIM_DOUBLE_COLON = 1, DELIM_WHITESPACE = 2;
    static final int BUFFER = 1 << 20;

    final String fileName;
    final Columns cols;
    final int delimKind;
    final byte delim;
    final String delimName;
    final boolean header;
    final boolean skipBad;
    final boolean keepTime;
    final RatingScale declared;
    /** Ratings outside are bad lines: the declared scale, or the range of the rest of the data; null = none. */
    final RatingBounds bounds;
    /** Bytes at the start of the file that are not text (a UTF-8 byte-order mark). */
    int skipBytes;
    long parallelThreshold = PARALLEL_THRESHOLD;
    /** Keep every row of a repeated (user, item) pair (an interaction log's events, summed later) instead of the last. */
    boolean keepRepeats;
    /** Average line length seen in the first lines, to size the columns up front. */
    double bytesPerLine = 24;

    RatingsParser(String fileName, Columns cols, String delimiter, boolean header, boolean skipBad, boolean keepTime, RatingScale declared) {
        this(fileName, cols, delimiter, header, skipBad, keepTime, declared, declared == null ? null : RatingBounds.declared(declared));
    }

    private RatingsParser(String fileName, Columns cols, String delimiter, boolean header, boolean skipBad, boolean keepTime,
                          RatingScale declared, RatingBounds bounds) {
        this.bounds = bounds;
        this.fileName = fileName;
        this.cols = cols;
        this.header = header;
        this.skipBad = skipBad;
        this.keepTime = keepTime && cols.indexOf(Columns.TIME) >= 0;
        this.declared = declared;
        if (delimiter.equals("::")) {
            delimKind = DELIM_DOUBLE_COLON;
            delim = ':';
        } else if (delimiter.equals("whitespace") || delimiter.equals(" ")) {
            delimKind = DELIM_WHITESPACE;
            delim = ' ';
        } else if (delimiter.length() == 1 && delimiter.charAt(0) < 128) {
            delimKind = DELIM_BYTE;
            delim = (byte) delimiter.charAt(0);
        } else {
            throw new IllegalArgumentException("delimiter must be one ASCII character, '::' or 'whitespace', got '" + delimiter + "'");
        }
        delimName = describe(delimiter);
    }

    /** The same parser, taking only ratings within {@code b}. */
    RatingsParser within(RatingBounds b) {
        RatingsParser q = new RatingsParser(fileName, cols, delimiterText(), header, skipBad, keepTime, declared, b);
        q.skipBytes = skipBytes;
        q.bytesPerLine = bytesPerLine;
        q.parallelThreshold = parallelThreshold;
        return q;
    }

    /** The delimiter as the options spell it: one character, {@code ::} or {@code whitespace}. */
    String delimiterText() {
        return switch (delimKind) {
            case DELIM_DOUBLE_COLON -> "::";
            case DELIM_WHITESPACE -> "whitespace";
            default -> String.valueOf((char) delim);
        };
    }

    static String describe(String delimiter) {
        return switch (delimiter) {
            case "\t" -> "tab-separated";
            case "," -> "comma-separated";
            case ";" -> "semicolon-separated";
            case "::" -> "'::'-separated";
            case " ", "whitespace" -> "whitespace-separated";
            default -> "'" + delimiter + "'-separated";
        };
    }

    /** The parsed log. Arrays are exactly {@code size} long. */
    static final class Result {
        /** The users, or null when they are in {@link #userHigh} and {@link #userLow}. */
        int[] user;
        /** The users in three bytes a line (bits 16-23, and 0-15), when the items are in {@link #itemChars} and there are at most 2^24 users. */
        byte[] userHigh;
        char[] userLow;
        /** The items, or null when they are in {@link #itemChars}. */
        int[] item;
        /** The items in two bytes a line when the catalogue has at most 65,536 ({@link #item} is then null). */
        char[] itemChars;
        /** The values, or null when they are in {@link #code}. */
        float[] value;

        /** The values, from whichever holds them. */
        Values values() {
            return code != null ? Values.coded(code, levels) : Values.of(value);
        }

        /** The values as one-byte codes into {@link #levels}, when every range kept codes and all hold at most 256 distinct values. */
        byte[] code;
        float[] levels;
        long[] time;
        IdIndex users;
        IdIndex items;
        long lines;
        long bad;
        long duplicates;

        int size() {
            return value != null ? value.length : code.length;
        }

        /** The values as a {@code float} column, made from the codes when they are coded (tests). */
        float[] valueColumn() {
            if (value != null) return value;
            float[] f = new float[code.length];
            for (int j = 0; j < f.length; j++) f[j] = levels[code[j] & 0xff];
            return f;
        }

        /** The user of line {@code k}. */
        int user(int k) {
            return Duplicates.user(user, userHigh, userLow, k);
        }

        /** The users as {@code int}s (a copy when they are held in three bytes). */
        int[] userColumn() {
            if (user != null) return user;
            int[] a = new int[userLow.length];
            for (int k = 0; k < a.length; k++) a[k] = user(k);
            return a;
        }

        /** The item of line {@code k}. */
        int item(int k) {
            return itemChars != null ? itemChars[k] : item[k];
        }

        /** The items as {@code int}s (a copy when they are held in two bytes). */
        int[] itemColumn() {
            if (itemChars == null) return item;
            int[] a = new int[itemChars.length];
            for (int k = 0; k < a.length; k++) a[k] = itemChars[k];
            return a;
        }
    }

    Result parse(Path file, int threads, Progress progress) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long[] bounds = size > parallelThreshold && threads > 1 ? ParallelLoad.splitAtLines(ch, size, threads) : new long[] {0, size};
            bounds[0] = Math.min(skipBytes, bounds[1]); // the first range starts after a byte-order mark
            return parse(ch, size, bounds, threads, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the ranges {@code [bounds[k], bounds[k+1])}, which must start at line starts. */
    Result parse(FileChannel ch, long size, long[] bounds, int threads, Progress progress) throws IOException {
        int n = bounds.length - 1;
        ByteRange[] chunks = new ByteRange[n];
        AtomicInteger firstError = new AtomicInteger(Integer.MAX_VALUE);
        ParallelLoad.ProgressSink sink = new ParallelLoad.ProgressSink(progress, size);
        if (bounds[0] > 0) sink.add(bounds[0]);
        for (int k = 0; k < n; k++) chunks[k] = new ByteRange(this, ch, k, bounds[k], bounds[k + 1], firstError, sink, size);
        try (Workers pool = new Workers(n > 1 ? Math.min(threads, n) : 1)) {
            List<Callable<Void>> jobs = new ArrayList<>();
            for (ByteRange c : chunks) jobs.add(() -> {
                c.run();
                return null;
            });
            ParallelLoad.runAll(pool, jobs);
            // the earliest failing range holds the first bad line of the file
            long linesBefore = 0;
            for (ByteRange c : chunks) {
                if (c.error != null) {
                    throw new DataFormatException(fileName, linesBefore + c.error.line, c.error.text, c.error.expected);
                }
                linesBefore += c.lines;
            }
            return merge(chunks, pool, threads);
        }
    }

    private Result merge(ByteRange[] chunks, Workers pool, int threads) {
        Result r = new Result();
        IdTable gUsers = new IdTable(), gItems = new IdTable();
        IdIndex users = new IdIndex(1024), items = new IdIndex(1024);
        int[][] uMap = new int[chunks.length][], iMap = new int[chunks.length][];
        long total = 0;
        for (int k = 0; k < chunks.length; k++) {
            ByteRange c = chunks[k];
            uMap[k] = remap(c.users, gUsers, users);
            iMap[k] = remap(c.items, gItems, items);
            total += c.n;
            r.lines += c.lines;
            r.bad += c.bad;
        }
        if (total > Integer.MAX_VALUE - 8) throw new DataFormatException(fileName, "more than 2^31 ratings are not supported");
        int n = (int) total;
        r.users = users;
        r.items = items;
        // global ids in place, then the repeated pairs, so that the columns are allocated once at
        // their final length (a second set of columns would double the peak memory of a load)
        // items in two bytes a line when they fit (a catalogue of at most 65,536 items), users in
        // three (at most 2^24 users): the ranges then hold six bytes a line instead of nine from the
        // parse on, through the search for repeated pairs and the merge, which is when a load holds
        // the most, and the merged user column is made beside three bytes a line of them, not four
        boolean narrowItems = items.size() <= 1 << 16;
        boolean narrowUsers = users.size() <= ByteRange.MAX_USER + 1;
        int[] partStart = new int[chunks.length + 1];
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int k = 0; k < chunks.length; k++) {
            final int kk = k;
            partStart[k + 1] = partStart[k] + chunks[k].n;
            jobs.add(() -> {
                ByteRange c = chunks[kk];
                int[] um = uMap[kk], im = iMap[kk];
                int[] cu = c.user, ci = c.item;
                char[] cc = c.itemChars, cl = c.userLow;
                byte[] ch = c.userHigh;
                if (cl != null && narrowUsers) {
                    for (int j = 0, m = c.n; j < m; j++) {
                        int g = um[(ch[j] & 0xff) << 16 | cl[j]];
                        ch[j] = (byte) (g >>> 16);
                        cl[j] = (char) g;
                    }
                } else if (cu != null) {
                    for (int j = 0, m = c.n; j < m; j++) cu[j] = um[cu[j]];
                }
                if (cc != null && narrowItems) for (int j = 0, m = c.n; j < m; j++) cc[j] = (char) im[cc[j]];
                else if (ci != null) for (int j = 0, m = c.n; j < m; j++) ci[j] = im[ci[j]];
                return null;
            });
        }
        ParallelLoad.runAll(pool, jobs);
        // a range whose own items fit two bytes in a catalogue that does not: one range at a time
        if (!narrowItems) for (int k = 0; k < chunks.length; k++) if (chunks[k].itemChars != null) widenItems(chunks[k], iMap[k]);
        // (likewise users in three bytes a line, when more than 2^24 users do not fit them)
        if (!narrowUsers) for (int k = 0; k < chunks.length; k++) if (chunks[k].userLow != null) widenUsers(chunks[k], uMap[k]);
        int[][] pu = new int[chunks.length][], pi = new int[chunks.length][];
        char[][] pc = new char[chunks.length][], pl = new char[chunks.length][];
        byte[][] ph = new byte[chunks.length][];
        for (int k = 0; k < chunks.length; k++) {
            pu[k] = chunks[k].user;
            ph[k] = chunks[k].userHigh;
            pl[k] = chunks[k].userLow;
            pi[k] = chunks[k].item;
            pc[k] = chunks[k].itemChars;
        }
        long[] found = new long[1];
        long[] dropped = keepRepeats ? null
                : Duplicates.replaced(new Duplicates.Parts(pu, ph, pl, pi, pc, partStart), users.size(), items.size(), pool, threads, found);
        r.duplicates = found[0];
        java.util.Arrays.fill(pu, null);   // the ranges' columns are let go one by one below
        java.util.Arrays.fill(ph, null);
        java.util.Arrays.fill(pl, null);
        java.util.Arrays.fill(pi, null);
        java.util.Arrays.fill(pc, null);
        int m = (int) (n - found[0]);
        int[] outStart = new int[chunks.length + 1];
        for (int k = 0; k < chunks.length; k++) {
            int kept = chunks[k].n;
            if (dropped != null) for (int j = partStart[k]; j < partStart[k + 1]; j++) if (Duplicates.flagged(dropped, j)) kept--;
            outStart[k + 1] = outStart[k] + kept;
        }
        // one column at a time, each range's part of it let go once copied: the merge then holds the
        // ranges' columns and one merged column, not two whole sets of columns; the items first, in
        // two bytes a line when they fit, so that the ranges' items are gone when the users are merged
        Object itemColumn = narrowItems ? (r.itemChars = new char[m]) : (r.item = new int[m]);
        mergeColumn(chunks, pool, c -> c.item != null ? c.item : c.itemChars, c -> {
            c.item = null;
            c.itemChars = null;
        }, itemColumn, outStart, partStart, dropped);
        compact(m);
        // users in three bytes a line when they and the items fit: six bytes a rating in all
        Object userColumn = narrowUsers && narrowItems ? new Object[] {r.userHigh = new byte[m], r.userLow = new char[m]} : (r.user = new int[m]);
        mergeColumn(chunks, pool, c -> c.user != null ? c.user : new Object[] {c.userHigh, c.userLow}, c -> {
            c.user = null;
            c.userHigh = null;
            c.userLow = null;
        }, userColumn, outStart, partStart, dropped);
        compact(m);
        CodeMaps codeMaps = codeMaps(chunks);
        if (codeMaps != null) {
            // one byte a rating: the ranges' codes renumbered into one table, never a float column
            r.levels = codeMaps.levels();
            r.code = new byte[m];
        } else {
            r.value = new float[m];
        }
        float[] values = r.value;
        byte[] codes = r.code;
        List<Callable<Void>> copies = new ArrayList<>();
        for (int k = 0; k < chunks.length; k++) {
            final int kk = k;
            copies.add(() -> {
                ByteRange c = chunks[kk];
                if (codes != null) c.value.copyCodesTo(c.n, dropped, partStart[kk], codes, outStart[kk], codeMaps.maps()[kk]);
                else c.value.copyTo(c.n, dropped, partStart[kk], values, outStart[kk]);
                c.value = null;
                return null;
            });
        }
        ParallelLoad.runAll(pool, copies);
        if (keepTime) {
            r.time = new long[m];
            mergeColumn(chunks, pool, c -> c.time, c -> c.time = null, r.time, outStart, partStart, dropped);
        }
        for (ByteRange c : chunks) c.release();
        return r;
    }

    /**
     * When every range still holds its values as codes and all of them together hold at most
     * {@link Ratings#MAX_LEVELS} distinct values: for each range, the map from its codes to those
     * of one merged table (in the order first seen, range by range), and the table itself last;
     * otherwise null.
     */
    private static CodeMaps codeMaps(ByteRange[] chunks) {
        float[] table = new float[Ratings.MAX_LEVELS];
        int size = 0;
        byte[][] maps = new byte[chunks.length][];
        for (int k = 0; k < chunks.length; k++) {
            RangeValues v = chunks[k].value;
            if (v == null || !v.coded()) return null;
            byte[] map = new byte[v.numLevels()];
            for (int c = 0; c < map.length; c++) {
                int bits = Float.floatToIntBits(v.level(c)), at = 0;
                while (at < size && Float.floatToIntBits(table[at]) != bits) at++;
                if (at == size) {
                    if (size == table.length) return null;
                    table[size++] = v.level(c);
                }
                map[c] = (byte) at;
            }
            maps[k] = map;
        }
        return new CodeMaps(maps, java.util.Arrays.copyOf(table, size));
    }

    /** Each range's map from its value codes to the merged table's, and that table. */
    private record CodeMaps(byte[][] maps, float[] levels) {
    }

    /**
     * Before the next merged column of a large load ({@code m} ratings, at least
     * {@link #COMPACT_FROM}): a full collection, so that the columns the last step let go make
     * room for it. Otherwise the serial collector tries a young collection, finds the old
     * generation full of those dead columns and grows the heap (and the process's resident memory)
     * rather than collect them. {@code -Dcollab4j.compact=false} leaves it out.
     */
    private static void compact(int m) {
        if (m >= COMPACT_FROM && COMPACT) System.gc();
    }

    static final int COMPACT_FROM = 2_000_000;
    private static final boolean COMPACT = !"false".equals(System.getProperty("collab4j.compact"));

    /** Renumbers a range's users, local ids in three bytes, to global ids ({@code map}) in an {@code int} column. */
    private static void widenUsers(ByteRange c, int[] map) {
        int[] global = new int[c.n];
        for (int j = 0; j < global.length; j++) global[j] = map[Duplicates.user(null, c.userHigh, c.userLow, j)];
        c.user = global;
        c.userHigh = null;
        c.userLow = null;
    }

    /** Renumbers a range's items, local ids in two bytes, to global ids ({@code map}) in an {@code int} column. */
    private static void widenItems(ByteRange c, int[] map) {
        char[] local = c.itemChars;
        int[] global = new int[c.n];
        for (int j = 0; j < global.length; j++) global[j] = map[local[j]];
        c.item = global;
        c.itemChars = null;
    }

    /**
     * Copies column {@code of} of every range ({@code int[]}, {@code char[]} into {@code char[]} or
     * read as {@code int}s, users in three bytes as {@code {byte[], char[]}} into the same or read as {@code int}s, or
     * {@code long[]}) into {@code out} from {@code outStart[k]} on, without the rows flagged in
     * {@code dropped} (numbered from {@code partStart[k]}), then lets go of the range's column ({@code drop}).
     */
    private static void mergeColumn(ByteRange[] chunks, Workers pool, java.util.function.Function<ByteRange, Object> of,
                                    java.util.function.Consumer<ByteRange> drop, Object out, int[] outStart, int[] partStart,
                                    long[] dropped) {
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int k = 0; k < chunks.length; k++) {
            final int kk = k;
            jobs.add(() -> {
                ByteRange c = chunks[kk];
                Object in = of.apply(c);
                int o = outStart[kk], from = partStart[kk];
                if (in instanceof Object[] threeBytes && out instanceof Object[] threeOut) {
                    byte[] high = (byte[]) threeBytes[0], highOut = (byte[]) threeOut[0];
                    char[] low = (char[]) threeBytes[1], lowOut = (char[]) threeOut[1];
                    for (int j = 0; j < c.n; j++) {
                        if (Duplicates.flagged(dropped, from + j)) continue;
                        highOut[o] = high[j];
                        lowOut[o++] = low[j];
                    }
                } else if (in instanceof Object[] threeBytes) {
                    byte[] high = (byte[]) threeBytes[0];
                    char[] low = (char[]) threeBytes[1];
                    int[] b = (int[]) out;
                    for (int j = 0; j < c.n; j++) if (!Duplicates.flagged(dropped, from + j)) b[o++] = Duplicates.user(null, high, low, j);
                } else if (in instanceof char[] a && out instanceof char[] b) {
                    for (int j = 0; j < c.n; j++) if (!Duplicates.flagged(dropped, from + j)) b[o++] = a[j];
                } else if (in instanceof char[] a) {
                    int[] b = (int[]) out;
                    for (int j = 0; j < c.n; j++) if (!Duplicates.flagged(dropped, from + j)) b[o++] = a[j];
                } else if (dropped == null) {
                    System.arraycopy(in, 0, out, o, c.n);
                } else if (in instanceof int[] a) {
                    int[] b = (int[]) out;
                    for (int j = 0; j < c.n; j++) if (!Duplicates.flagged(dropped, from + j)) b[o++] = a[j];
                } else {
                    long[] a = (long[]) in, b = (long[]) out;
                    for (int j = 0; j < c.n; j++) if (!Duplicates.flagged(dropped, from + j)) b[o++] = a[j];
                }
                drop.accept(c);
                return null;
            });
        }
        ParallelLoad.runAll(pool, jobs);
    }

    private static int[] remap(IdTable local, IdTable global, IdIndex index) {
        int[] map = new int[local.size()];
        for (int l = 0; l < map.length; l++) {
            int before = global.size();
            int g = global.internFrom(local, l);
            if (global.size() != before) {
                int v = local.numericKey(l);
                int added = v >= 0 ? index.addNumeric(v) : index.add(local.text(l));
                if (added != g) throw new IllegalStateException("id tables out of step for '" + local.text(l) + "'");
            }
            map[l] = g;
        }
        return map;
    }

    record LineError(long line, String text, String expected) { }
}
