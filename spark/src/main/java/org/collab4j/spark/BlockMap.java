package org.collab4j.spark;

import java.io.Serializable;

/**
 * Which of the {@code d} blocks each user (or item) belongs to, and its row within the block's
 * factor matrix. Rows are assigned to blocks by a seeded hash of their dense index, so blocks are
 * balanced whatever the id order; within a block, rows keep ascending dense order.
 */
public final class BlockMap implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] block;
    private final int[] local;
    private final int[] sizes;

    private BlockMap(int[] block, int[] local, int[] sizes) {
        this.block = block;
        this.local = local;
        this.sizes = sizes;
    }

    /** Hashes rows {@code 0..n-1} into {@code d} blocks with {@code seed}. */
    public static BlockMap hashed(int n, int d, long seed) {
        int[] block = new int[n], local = new int[n], sizes = new int[d];
        for (int r = 0; r < n; r++) {
            int b = (int) Long.remainderUnsigned(mix(seed + r * 0x9E3779B97F4A7C15L), d);
            block[r] = b;
            local[r] = sizes[b]++;
        }
        return new BlockMap(block, local, sizes);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int block(int row) {
        return block[row];
    }

    public int local(int row) {
        return local[row];
    }

    /** Rows in block {@code b}. */
    public int size(int b) {
        return sizes[b];
    }

    public int blocks() {
        return sizes.length;
    }

    public int rows() {
        return block.length;
    }
}
