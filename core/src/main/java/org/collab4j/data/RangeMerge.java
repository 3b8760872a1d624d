package org.collab4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.collab4j.kernel.Workers;

/**
 * The merge of a parsed file's byte ranges ({@link ByteRange}) into the columns of one
 * {@link RatingsParser.Result}: the ranges' local ids renumbered to global ones in file order, the
 * repeated pairs found ({@link Duplicates}), then one column at a time copied without them, each
 * range's part of a column let go once copied, so that a load holds the ranges and one merged
 * column, never two whole sets of columns.
 */
final class RangeMerge {
    private RangeMerge() {
    }

    static RatingsParser.Result merge(RatingsParser p, ByteRange[] chunks, Workers pool, int threads) {
        RatingsParser.Result r = new RatingsParser.Result();
        IdTable gUsers = new IdTable(), gItems = new IdTable();
        IdIndex users = new IdIndex(1024), items = new IdIndex(1024);
        int[][] uMap = new int[chunks.length][], iMap = new int[chunks.length][];
        long total = 0;
        for (int k = 0; k < chunks.length; k++) {
            ByteRange c = chunks[k];
            uMap[k] = remap(c.users, gUsers, users);
            iMap[k] = remap(c.items, gItems, items);
            c.users = null;   // a few MB of id tables, not needed beside the columns from here on
            c.items = null;
            total += c.n;
            r.lines += c.lines;
            r.bad += c.bad;
        }
        gUsers = null;
        gItems = null;
        if (total > Integer.MAX_VALUE - 8) throw new DataFormatException(p.fileName, "more than 2^31 ratings are not supported");
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
        for (int k = 0; k < chunks.length; k++) partStart[k + 1] = partStart[k] + chunks[k].n;
        runOverRanges(chunks, pool, (c, k) -> {
            int[] um = uMap[k], im = iMap[k];
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
        });
        // a range whose own items fit two bytes in a catalogue that does not: one range at a time
        if (!narrowItems) for (int k = 0; k < chunks.length; k++) if (chunks[k].itemChars != null) widenItems(chunks[k], iMap[k]);
        // (likewise users in three bytes a line, when more than 2^24 users do not fit them)
        if (!narrowUsers) for (int k = 0; k < chunks.length; k++) if (chunks[k].userLow != null) widenUsers(chunks[k], uMap[k]);
        java.util.Arrays.fill(uMap, null);
        java.util.Arrays.fill(iMap, null);
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
        long[] dropped = p.keepRepeats ? null
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
        // ranges' columns and one merged column, not two whole sets of columns. The narrowest first
        // (one byte a rating), so that the largest merged columns are made once the ranges' narrow
        // columns are gone; a full collection before each ({@link #compact}) makes room from the
        // columns the step before let go of.
        CodeMaps codeMaps = codeMaps(chunks);
        boolean threeByteUsers = narrowUsers && narrowItems;
        int codeShift = codeMaps != null && threeByteUsers ? packedShift(users.size(), codeMaps.levels().length) : -1;
        compact(m);
        if (codeShift >= 0) {
            // the users' third byte and the value's code in one byte: five bytes a rating in all
            r.levels = codeMaps.levels();
            r.codeShift = codeShift;
            byte[] packed = r.userHigh = new byte[m];
            runOverRanges(chunks, pool, (c, k) -> {
                c.value.copyPackedTo(c.n, dropped, partStart[k], c.userHigh, codeShift, packed, outStart[k], codeMaps.maps()[k]);
                c.value = null;
                c.userHigh = null;
            });
        } else if (codeMaps != null) {
            // one byte a rating: the ranges' codes renumbered into one table, never a float column
            r.levels = codeMaps.levels();
            byte[] codes = r.code = new byte[m];
            runOverRanges(chunks, pool, (c, k) -> {
                c.value.copyCodesTo(c.n, dropped, partStart[k], codes, outStart[k], codeMaps.maps()[k]);
                c.value = null;
            });
        }
        if (threeByteUsers) {
            // users in three bytes a line when they and the items fit
            if (r.userHigh == null) {
                compact(m);
                r.userHigh = new byte[m];
                mergeColumn(chunks, pool, c -> c.userHigh, c -> c.userHigh = null, r.userHigh, outStart, partStart, dropped);
            }
            compact(m);
            r.userLow = new char[m];
            mergeColumn(chunks, pool, c -> c.userLow, c -> c.userLow = null, r.userLow, outStart, partStart, dropped);
        } else {
            compact(m);
            r.user = new int[m];
            mergeColumn(chunks, pool, c -> c.user != null ? c.user : new Object[] {c.userHigh, c.userLow}, c -> {
                c.user = null;
                c.userHigh = null;
                c.userLow = null;
            }, r.user, outStart, partStart, dropped);
        }
        compact(m);
        Object itemColumn = narrowItems ? (r.itemChars = new char[m]) : (r.item = new int[m]);
        mergeColumn(chunks, pool, c -> c.item != null ? c.item : c.itemChars, c -> {
            c.item = null;
            c.itemChars = null;
        }, itemColumn, outStart, partStart, dropped);
        if (codeMaps == null) {
            compact(m);
            float[] values = r.value = new float[m];
            runOverRanges(chunks, pool, (c, k) -> {
                c.value.copyTo(c.n, dropped, partStart[k], values, outStart[k]);
                c.value = null;
            });
        }
        if (p.keepTime) {
            r.time = new long[m];
            mergeColumn(chunks, pool, c -> c.time, c -> c.time = null, r.time, outStart, partStart, dropped);
        }
        for (ByteRange c : chunks) c.release();
        return r;
    }

    /** A step of the merge on one range ({@code k}: its index). */
    private interface RangeStep {
        void run(ByteRange c, int k);
    }

    /** Runs {@code step} on every range, in parallel. */
    private static void runOverRanges(ByteRange[] chunks, Workers pool, RangeStep step) {
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int k = 0; k < chunks.length; k++) {
            final int kk = k;
            jobs.add(() -> {
                step.run(chunks[kk], kk);
                return null;
            });
        }
        ParallelLoad.runAll(pool, jobs);
    }

    /**
     * Where the value codes go in the users' third byte ({@link Ratings#ofPacked}) for {@code numUsers}
     * users and {@code numLevels} distinct values: above the bits the users take there; -1 when both do
     * not fit in the byte.
     */
    static int packedShift(int numUsers, int numLevels) {
        int highBits = bitsFor((Math.max(1, numUsers) - 1 >>> 16) + 1);   // users' bits 16 and up
        int codeBits = bitsFor(numLevels);
        return highBits + codeBits <= 8 ? highBits : -1;
    }

    /** Bits that hold {@code 0..n-1}. */
    private static int bitsFor(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
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
     * Copies column {@code of} of every range ({@code byte[]}, {@code char[]} into {@code char[]} or
     * read as {@code int}s, users in three bytes as {@code {byte[], char[]}} read as {@code int}s,
     * {@code int[]} or {@code long[]}) into {@code out} from {@code outStart[k]} on, without the rows
     * flagged in {@code dropped} (numbered from {@code partStart[k]}), then lets go of the range's
     * column ({@code drop}).
     */
    private static void mergeColumn(ByteRange[] chunks, Workers pool, java.util.function.Function<ByteRange, Object> of,
                                    java.util.function.Consumer<ByteRange> drop, Object out, int[] outStart, int[] partStart,
                                    long[] dropped) {
        runOverRanges(chunks, pool, (c, k) -> {
            Object in = of.apply(c);
            int o = outStart[k], from = partStart[k];
            if (in instanceof Object[] threeBytes) {
                byte[] high = (byte[]) threeBytes[0];
                char[] low = (char[]) threeBytes[1];
                int[] b = (int[]) out;
                for (int j = 0; j < c.n; j++) if (!Duplicates.flagged(dropped, from + j)) b[o++] = Duplicates.user(null, high, low, j);
            } else if (in instanceof byte[] a) {
                byte[] b = (byte[]) out;
                for (int j = 0; j < c.n; j++) if (!Duplicates.flagged(dropped, from + j)) b[o++] = a[j];
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
        });
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
}
