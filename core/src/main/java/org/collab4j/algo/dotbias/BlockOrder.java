package org.collab4j.algo.dotbias;

/**
 * When a grid can be built in the split's own training array: the training rows are all the rows
 * but the validation rows, both ascending, so that the k-th training row follows from the
 * validation rows alone and the array may be overwritten, in any order, while the rows are read.
 */
final class BlockOrder {
    private BlockOrder() {
    }

    /**
     * Whether {@code train} and {@code valid} both ascend strictly and together hold each of the
     * rows {@code 0..n-1} exactly once.
     */
    static boolean complement(int[] train, int[] valid, int n) {
        if ((long) train.length + valid.length != n) return false;
        int t = 0, v = 0;
        for (int r = 0; r < n; r++) {
            if (t < train.length && train[t] == r) t++;
            else if (v < valid.length && valid[v] == r) v++;
            else return false;
        }
        return true;
    }
}
