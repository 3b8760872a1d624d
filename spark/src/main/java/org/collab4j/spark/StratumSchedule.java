package org.collab4j.spark;

import org.collab4j.kernel.Rng;

/**
 * The order in which DSGD visits the blocks of a {@code d x d} grid (Gemulla et al., "Large-scale
 * matrix factorization with distributed stochastic gradient descent", KDD 2011).
 *
 * <p>An epoch is {@code d} sub-epochs. Sub-epoch {@code t} of epoch {@code e} processes the
 * stratum with shift {@code s = shifts(e)[t]}: the {@code d} blocks {@code (b, (b + s) mod d)} for
 * {@code b = 0..d-1}. Within a stratum every user block and every item block appears once, so
 * the blocks share no user and no item and can be trained in parallel without locks; over the
 * {@code d} shifts of an epoch (a seeded permutation of {@code 0..d-1}) every block is visited
 * exactly once.
 */
public final class StratumSchedule {
    private final int d;
    private final long seed;

    public StratumSchedule(int d, long seed) {
        if (d < 1) throw new IllegalArgumentException("--blocks must be at least 1, got " + d);
        this.d = d;
        this.seed = seed;
    }

    public int blocks() {
        return d;
    }

    /** The shifts of the {@code d} sub-epochs of {@code epoch}: a permutation of 0..d-1 drawn from the seed and the epoch. */
    public int[] shifts(int epoch) {
        int[] s = new int[d];
        for (int t = 0; t < d; t++) s[t] = t;
        new Rng(seed * 0x9E3779B97F4A7C15L + epoch).shuffle(s);
        return s;
    }

    /** The item block trained together with user block {@code b} under shift {@code s}. */
    public static int itemBlock(int b, int shift, int d) {
        return (b + shift) % d;
    }

    /** The user block that item block {@code j} is sent to under shift {@code s}. */
    public static int userBlock(int j, int shift, int d) {
        return Math.floorMod(j - shift, d);
    }

    /** The stratum of sub-epoch {@code t} of {@code epoch}: {@code d} pairs {user block, item block}. */
    public int[][] stratum(int epoch, int t) {
        int s = shifts(epoch)[t];
        int[][] blocks = new int[d][];
        for (int b = 0; b < d; b++) blocks[b] = new int[] {b, itemBlock(b, s, d)};
        return blocks;
    }
}
