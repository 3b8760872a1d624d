package org.collab4j.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.collab4j.kernel.Workers;

/**
 * Finds repeated (user, item) pairs, so that only the last occurrence of each, in file order,
 * is kept.
 *
 * <p>The rows are given as parts (the parsed byte ranges, in file order) and numbered across
 * them, so that the merged columns are allocated once, at their final length. Rows are grouped
 * by user with a counting sort (rows stay in file order within a user), then each user's rows
 * are scanned with a per-item stamp: O(rows + users + items), no hashing of pairs. Threads take
 * disjoint user ranges, so the result does not depend on the thread count; a range holds about
 * {@link #PART_ROWS} rows, so the grouping needs a few MB at a time rather than eight bytes a row.
 * The rows replaced are flagged in a bit set (one bit a line: 3 MB at 25M lines, where a
 * {@code boolean} a line took 25 MB while all parsed ranges are live).
 */
final class Duplicates {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private Duplicates() {
    }

    /** Whether row {@code k} is flagged in {@code bits} (null: no row is). */
    /** A user id of {@code int} column {@code user}, or (when it is null) of three bytes: {@code high} and {@code low}. */
    static int user(int[] user, byte[] high, char[] low, int j) {
        return user != null ? user[j] : (high[j] & 0xff) << 16 | low[j];
    }

    static boolean flagged(long[] bits, int k) {
        return bits != null && (bits[k >>> 6] & 1L << k) != 0;
    }

    /**
     * Rows grouped by user at a time (8 bytes each: the row and its item; 6 when the item fits two
     * bytes); more user ranges than threads when the log is larger. 1M rows: 6-8 MB a range, 12-16
     * MB on two threads, while the parsed ranges (7-9 bytes a line) are live. 2M rows took 24 MB
     * at synth-10m, 8-10 MB more peak RSS; 4M rows took 64 MB, the largest part of the load's peak
     * then. Each range reads every row's user once, so halving the rows doubles those reads
     * (sequential, a few milliseconds each at synth-10m).
     */
    static final int PART_ROWS = 1 << 20;

    /**
     * The rows of the parts, numbered in file order: part {@code p} holds rows {@code [start[p], start[p+1])}.
     * A part's items are {@code item[p]} or, when that is null, {@code itemChars[p]} (ids below 65,536 in two bytes);
     * its users are {@code user[p]} or, when that is null, {@code userHigh[p]} and {@code userLow[p]}
     * (ids below 2^24 in three bytes: see {@link #user}).
     */
    record Parts(int[][] user, byte[][] userHigh, char[][] userLow, int[][] item, char[][] itemChars, int[] start) {
        Parts(int[][] user, int[][] item, char[][] itemChars, int[] start) {
            this(user, new byte[user.length][], new char[user.length][], item, itemChars, start);
        }

        Parts(int[][] user, int[][] item, int[] start) {
            this(user, item, new char[user.length][], start);
        }

        int size() {
            return start[start.length - 1];
        }
    }

    /**
     * The rows that a later row of the same (user, item) replaces, as a bit set (row {@code k} is
     * bit {@code k % 64} of word {@code k / 64}; see {@link #flagged}), or null when there are none;
     * {@code found[0]} receives their number.
     */
    static long[] replaced(Parts rows, int nu, int ni, Workers pool, int threads, long[] found) {
        return replaced(rows, nu, ni, pool, threads, found, PART_ROWS);
    }

    /** {@link #replaced(Parts, int, int, Workers, int, long[])} grouping about {@code partRows} rows at a time. */
    static long[] replaced(Parts rows, int nu, int ni, Workers pool, int threads, long[] found, int partRows) {
        int n = rows.size();
        found[0] = 0;
        if (n < 2) return null;
        int[] start = new int[nu + 1];
        for (int p = 0; p < rows.user().length; p++) {
            int[] user = rows.user()[p];
            byte[] high = rows.userHigh()[p];
            char[] low = rows.userLow()[p];
            for (int j = 0, m = rows.start()[p + 1] - rows.start()[p]; j < m; j++) start[user(user, high, low, j) + 1]++;
        }
        for (int u = 0; u < nu; u++) start[u + 1] += start[u];

        // user ranges of about PART_ROWS rows each (at least one per thread), grouped a range at a
        // time: a few MB a thread, not one int a row for the whole file
        int parts = (int) Math.max(pool.threads() == 1 ? 1 : Math.min(threads, nu), Math.min(nu, (n + (long) partRows - 1) / partRows));
        int[] bound = new int[parts + 1];
        for (int t = 1, u = 0; t < parts; t++) {
            long target = (long) n * t / parts;
            while (u < nu && start[u] < target) u++;
            bound[t] = u;
        }
        bound[parts] = nu;

        long[] dropped = new long[(n + 63) >>> 6];   // threads share words: set with an atomic OR
        long[] dups = new long[parts];
        // each thread takes every w-th user range and groups them all in the same arrays, sized for
        // its largest: no dead arrays pile up between collections while the parsed ranges are live
        int workers = Math.max(1, Math.min(parts, pool.threads()));
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            final int first = w;
            jobs.add(() -> {
                int most = 0, mostUsers = 0;
                for (int t = first; t < parts; t += workers) {
                    most = Math.max(most, start[bound[t + 1]] - start[bound[t]]);
                    mostUsers = Math.max(mostUsers, bound[t + 1] - bound[t]);
                }
                int[] order = new int[most];
                // the item of order[j], read here in file order rather than at random below; in two
                // bytes when the catalogue allows (6 bytes a row in all instead of 8)
                char[] itemChar = ni <= 1 << 16 ? new char[most] : null;
                int[] itemOf = itemChar == null ? new int[most] : null;
                int[] pos = new int[mostUsers];
                int[] stamp = new int[ni];   // marks are user + 1: no clearing between ranges
                int[] last = new int[ni];
                for (int t = first; t < parts; t += workers) {
                    int ua = bound[t], ub = bound[t + 1];
                    if (ua < ub) dups[t] = group(rows, start, ua, ub, order, itemChar, itemOf, pos, stamp, last, dropped);
                }
                return null;
            });
        }
        ParallelLoad.runAll(pool, jobs);
        long total = 0;
        for (long d : dups) total += d;
        found[0] = total;
        return total == 0 ? null : dropped;
    }

    /**
     * The grouping scan of one part whose users are in three bytes and items in two (the common
     * case), as its own loop: every row of the file is read once for each user range, so this
     * loop is most of the time spent on repeated pairs.
     */
    private static void groupNarrow(byte[] high, char[] low, char[] items, int m, int k0, int ua, int span, int[] pos, int[] order,
                                    char[] itemChar) {
        for (int j = 0; j < m; j++) {
            int u = ((high[j] & 0xff) << 16 | low[j]) - ua;
            if (Integer.compareUnsigned(u, span) < 0) {
                int at = pos[u]++;
                order[at] = k0 + j;
                itemChar[at] = items[j];
            }
        }
    }

    /** Flags the replaced rows of users {@code [ua, ub)} in {@code dropped}, grouping them in the arrays given; returns their number. */
    private static long group(Parts rows, int[] start, int ua, int ub, int[] order, char[] itemChar, int[] itemOf, int[] pos,
                              int[] stamp, int[] last, long[] dropped) {
        int base = start[ua];
        for (int u = ua; u < ub; u++) pos[u - ua] = start[u] - base;
        int span = ub - ua;
        for (int p = 0; p < rows.user().length; p++) {
            int[] user = rows.user()[p], item = rows.item()[p];
            byte[] high = rows.userHigh()[p];
            char[] low = rows.userLow()[p], itemChars = rows.itemChars()[p];
            int k0 = rows.start()[p], m = rows.start()[p + 1] - k0;
            if (user == null && itemChars != null && itemChar != null) {
                groupNarrow(high, low, itemChars, m, k0, ua, span, pos, order, itemChar);
                continue;
            }
            for (int j = 0; j < m; j++) {
                int u = user(user, high, low, j) - ua;
                if (u >= 0 && u < span) {
                    int at = pos[u]++;
                    order[at] = k0 + j;
                    int it = item != null ? item[j] : itemChars[j];
                    if (itemChar != null) itemChar[at] = (char) it;
                    else itemOf[at] = it;
                }
            }
        }
        long count = 0;
        for (int u = ua; u < ub; u++) {
            int mark = u + 1;
            for (int j = start[u] - base, e = start[u + 1] - base; j < e; j++) {
                int k = order[j], it = itemChar != null ? itemChar[j] : itemOf[j];
                if (stamp[it] == mark) {
                    int old = last[it];
                    WORDS.getAndBitwiseOr(dropped, old >>> 6, 1L << old);
                    count++;
                }
                stamp[it] = mark;
                last[it] = k;
            }
        }
        return count;
    }
}
