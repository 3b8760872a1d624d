package org.collab4j.train;

import org.collab4j.data.Ratings;
import org.collab4j.model.Rng;

/**
 * Training ratings cut into a {@code bins x bins} grid of blocks, LIBMF-style (Chin et al.,
 * "A Fast Parallel Stochastic Gradient Method for Matrix Factorization in Shared Memory
 * Systems", 2015): users and items are assigned to bins by a seeded random permutation (so a
 * bin holds a fair share of popular rows), and block {@code (ub, ib)} holds the ratings of users
 * in bin {@code ub} for items in bin {@code ib}. Two blocks in different bin rows and different
 * bin columns share no user and no item, so two threads may update them without locks.
 *
 * <p>The ratings are copied into three flat columns, block after block; inside a block they are
 * ordered by user (and by original row order within a user), so consecutive updates reuse the
 * same user row from L1 and the block's items span only {@code 1/bins} of the item matrix.
 * Twelve bytes a rating.
 */
public final class BlockGrid {
    private final int bins;
    private final int[] user;
    private final int[] item;
    private final float[] value;
    private final int[] blockStart;

    private BlockGrid(int bins, int[] user, int[] item, float[] value, int[] blockStart) {
        this.bins = bins;
        this.user = user;
        this.item = item;
        this.value = value;
        this.blockStart = blockStart;
    }

    /** Partitions {@code data[rows]} into a {@code bins x bins} grid; the bin assignment is drawn from {@code seed}. */
    public static BlockGrid build(Ratings data, int[] rows, int bins, long seed) {
        if (bins < 1) throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        Rng rng = new Rng(seed);
        int nu = data.numUsers(), ni = data.numItems();
        int[] userBin = new int[nu], userLocal = new int[nu];
        int[] usersInBin = assignBins(nu, bins, rng, userBin, userLocal);
        int[] itemBin = new int[ni];
        assignBins(ni, bins, rng, itemBin, new int[ni]);

        int nb = bins * bins;
        int[] start = new int[nb + 1];
        int[] du = data.users(), di = data.items();
        float[] dv = data.values();
        for (int r : rows) start[userBin[du[r]] * bins + itemBin[di[r]] + 1]++;
        for (int b = 0; b < nb; b++) start[b + 1] += start[b];
        int n = rows.length;
        int[] u = new int[n], it = new int[n];
        float[] v = new float[n];
        int[] fill = java.util.Arrays.copyOf(start, nb);
        for (int r : rows) {
            int us = du[r], is = di[r];
            int at = fill[userBin[us] * bins + itemBin[is]]++;
            u[at] = us;
            it[at] = is;
            v[at] = dv[r];
        }
        // order each block by user: a stable counting sort on the user's index inside its bin
        int maxBlock = 0, maxBin = 0;
        for (int b = 0; b < nb; b++) maxBlock = Math.max(maxBlock, start[b + 1] - start[b]);
        for (int c : usersInBin) maxBin = Math.max(maxBin, c);
        int[] count = new int[maxBin + 1];
        int[] tu = new int[maxBlock], ti = new int[maxBlock];
        float[] tv = new float[maxBlock];
        for (int b = 0; b < nb; b++) {
            int from = start[b], to = start[b + 1];
            int binUsers = usersInBin[b / bins];
            java.util.Arrays.fill(count, 0, binUsers + 1, 0);
            for (int j = from; j < to; j++) count[userLocal[u[j]] + 1]++;
            for (int c = 0; c < binUsers; c++) count[c + 1] += count[c];
            for (int j = from; j < to; j++) {
                int at = count[userLocal[u[j]]]++;
                tu[at] = u[j];
                ti[at] = it[j];
                tv[at] = v[j];
            }
            interleave(tu, ti, tv, to - from, u, it, v, from);
        }
        return new BlockGrid(bins, u, it, v, start);
    }

    /**
     * Writes the user-ordered block {@code t*[0..n)} to {@code out*[at..)} as {@link #STREAMS}
     * interleaved streams: position {@code at + S*m + s} holds entry {@code s*ceil(n/S) + m}.
     * Each stream stays in user order (the user row stays in L1), while consecutive updates
     * belong to different users, so their dependency chains (dot product, sigmoid, update of the
     * same user row) overlap in the CPU instead of waiting on each other.
     */
    private static void interleave(int[] tu, int[] ti, float[] tv, int n, int[] u, int[] it, float[] v, int at) {
        int len = (n + STREAMS - 1) / STREAMS;
        int j = at;
        for (int m = 0; m < len; m++) {
            for (int s = 0; s < STREAMS; s++) {
                int src = s * len + m;
                if (src >= n) continue;
                u[j] = tu[src];
                it[j] = ti[src];
                v[j++] = tv[src];
            }
        }
    }

    /** Interleaved user-ordered streams per block (see {@link #interleave}). */
    static final int STREAMS = Integer.getInteger("collab4j.streams", 4);

    /** Bin of each of {@code n} rows: a random permutation cut into {@code bins} equal parts; returns the size of each bin. */
    private static int[] assignBins(int n, int bins, Rng rng, int[] bin, int[] local) {
        int[] perm = new int[n];
        for (int j = 0; j < n; j++) perm[j] = j;
        rng.shuffle(perm);
        int[] size = new int[bins];
        for (int pos = 0; pos < n; pos++) {
            int b = (int) ((long) pos * bins / n);
            bin[perm[pos]] = b;
            local[perm[pos]] = size[b]++;
        }
        return size;
    }

    public int bins() {
        return bins;
    }

    public int numBlocks() {
        return bins * bins;
    }

    /** Ratings in the grid. */
    public int size() {
        return user.length;
    }

    /** First position of block {@code b} (block {@code (ub, ib)} is {@code ub * bins + ib}). */
    public int start(int b) {
        return blockStart[b];
    }

    /** One past the last position of block {@code b}. */
    public int end(int b) {
        return blockStart[b + 1];
    }

    /** The user column, block after block (shared; do not modify). */
    public int[] users() {
        return user;
    }

    /** The item column, block after block (shared; do not modify). */
    public int[] items() {
        return item;
    }

    /** The rating column, block after block (shared; do not modify). */
    public float[] values() {
        return value;
    }
}
