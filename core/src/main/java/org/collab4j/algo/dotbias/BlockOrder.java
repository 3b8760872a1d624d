package org.collab4j.algo.dotbias;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

import org.collab4j.kernel.Workers;

/**
 * Puts a grid's training rows in block order in place, with no array beside them: the order a
 * stable counting sort by block gives, for rows that ascend. A cycle-leader pass moves each row to
 * the next free place of its block (as an American flag sort does), which leaves a block's rows
 * out of order; sorting each block then gives them back their ascending order. A counting sort
 * needs a second array of four bytes a row, or the block of every row kept aside (two bytes),
 * while the rating columns are still live.
 */
final class BlockOrder {
    private BlockOrder() {
    }

    /** Digits of at most this many bits: a block's counts stay in L1. */
    private static final int RADIX_BITS = 11;

    /** Whether {@code rows} ascend strictly (a split's rows do; the in-place order needs it). */
    static boolean ascending(int[] rows) {
        for (int k = 1; k < rows.length; k++) if (rows[k] <= rows[k - 1]) return false;
        return true;
    }

    /**
     * Permutes {@code rows} (ascending) so that block {@code b}'s rows, in ascending order, take
     * {@code rows[start[b]..start[b+1])}; {@code blockOf} gives a row's block, and {@code start}
     * holds each block's first position and the number of rows at the end. The blocks are sorted
     * on {@code pool}'s threads.
     */
    static void sort(int[] rows, int[] start, IntUnaryOperator blockOf, Workers pool) {
        int nb = start.length - 1;
        int[] next = Arrays.copyOf(start, nb);
        for (int b = 0; b < nb; b++) {
            int end = start[b + 1];
            while (next[b] < end) {
                int r = rows[next[b]];
                int t = blockOf.applyAsInt(r);
                while (t != b) {   // carry r to its block; take the row found there on
                    int at = next[t]++;
                    int displaced = rows[at];
                    rows[at] = r;
                    r = displaced;
                    t = blockOf.applyAsInt(r);
                }
                rows[next[b]++] = r;
            }
        }
        int maxBlock = 0, maxRow = 0;
        for (int b = 0; b < nb; b++) maxBlock = Math.max(maxBlock, start[b + 1] - start[b]);
        for (int r : rows) maxRow = Math.max(maxRow, r);
        int bits = 32 - Integer.numberOfLeadingZeros(maxRow);
        int passes = Math.max(1, (bits + RADIX_BITS - 1) / RADIX_BITS);
        int width = (bits + passes - 1) / passes;
        int[][] buf = new int[pool.threads()][], count = new int[pool.threads()][];
        int longest = maxBlock;
        pool.forEach(nb, 1, (w, from, to) -> {
            if (buf[w] == null) {
                buf[w] = new int[longest];
                count[w] = new int[(1 << width) + 1];
            }
            for (int b = from; b < to; b++) radixSort(rows, start[b], start[b + 1], buf[w], count[w], width, passes);
        });
    }

    /**
     * Sorts the non-negative {@code a[from..to)} by a least-significant-digit radix sort of
     * {@code passes} digits of {@code width} bits, through {@code buf}: a few passes over a block
     * in cache, where a comparison sort of every block took about ten times as long.
     */
    private static void radixSort(int[] a, int from, int to, int[] buf, int[] count, int width, int passes) {
        int n = to - from, mask = (1 << width) - 1;
        int[] src = a, dst = buf;
        int srcAt = from, dstAt = 0;
        for (int p = 0, shift = 0; p < passes; p++, shift += width) {
            Arrays.fill(count, 0);
            for (int j = 0; j < n; j++) count[(src[srcAt + j] >>> shift & mask) + 1]++;
            for (int d = 0; d < mask + 1; d++) count[d + 1] += count[d];
            for (int j = 0; j < n; j++) {
                int x = src[srcAt + j];
                dst[dstAt + count[x >>> shift & mask]++] = x;
            }
            int[] t = src;
            src = dst;
            dst = t;
            int tAt = srcAt;
            srcAt = dstAt;
            dstAt = tAt;
        }
        if (src != a) System.arraycopy(src, srcAt, a, from, n);
    }
}
