package org.collab4j.algo.dotbias;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

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

    /** Whether {@code rows} ascend strictly (a split's rows do; the in-place order needs it). */
    static boolean ascending(int[] rows) {
        for (int k = 1; k < rows.length; k++) if (rows[k] <= rows[k - 1]) return false;
        return true;
    }

    /**
     * Permutes {@code rows} (ascending) so that block {@code b}'s rows, in ascending order, take
     * {@code rows[start[b]..start[b+1])}; {@code blockOf} gives a row's block, and {@code start}
     * holds each block's first position and the number of rows at the end.
     */
    static void sort(int[] rows, int[] start, IntUnaryOperator blockOf) {
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
        for (int b = 0; b < nb; b++) Arrays.sort(rows, start[b], start[b + 1]);
    }
}
