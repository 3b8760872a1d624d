package org.collab4j.algo.dotbias;

import org.collab4j.data.Ratings;
import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;

/**
 * Training ratings cut into a {@code bins x bins} grid of blocks, LIBMF-style (Chin et al.,
 * "A Fast Parallel Stochastic Gradient Method for Matrix Factorization in Shared Memory
 * Systems", 2015): users and items are assigned to bins by a seeded random permutation (so a
 * bin holds a fair share of popular rows), and block {@code (ub, ib)} holds the ratings of users
 * in bin {@code ub} for items in bin {@code ib}. Two blocks in different bin rows and different
 * bin columns share no user and no item, so two threads may update them without locks.
 *
 * <h2>Grid order</h2>
 * The permutation also renumbers the rows: a user's <em>grid index</em> is its position in the
 * shuffled order, so the users of a bin are consecutive, and likewise for items. Training runs on
 * the model's rows moved into grid order ({@link #toGridOrder}, undone by
 * {@link #toOriginalOrder}): a block's item rows are then one contiguous stretch of
 * {@code 1/bins} of the item matrix, and its user rows are read front to back, which the
 * hardware prefetcher follows, instead of one cache miss per new user.
 *
 * <h2>Layout</h2>
 * The ratings are copied into three flat columns, block after block. A rating stores its user's
 * and its item's offset inside their bins as 16-bit {@code char}s, so a bin holds at most
 * {@link #MAX_BIN} rows ({@link #minBins}): eight bytes a rating. Inside a block the ratings are
 * ordered by user (and by original row order within a user), in {@link #STREAMS} interleaved
 * streams, so consecutive updates reuse the same user row from L1. The order of updates is the
 * same as training on the original numbering would take; only the addresses differ.
 */
public final class BlockGrid {
    /** Most users (items) a bin may hold: their offsets inside the bin are stored as {@code char}s. */
    public static final int MAX_BIN = 1 << 16;

    private final int bins;
    private final int[] userGrid, itemGrid;   // original index -> grid index
    private final int[] userOrig, itemOrig;   // grid index -> original index
    private final int[] userBinStart, itemBinStart;
    private final char[] user;
    private final char[] item;
    private final float[] value;
    private final int[] blockStart;

    private BlockGrid(int bins, int[] userOrig, int[] itemOrig, char[] user, char[] item, float[] value, int[] blockStart) {
        this.bins = bins;
        this.userOrig = userOrig;
        this.itemOrig = itemOrig;
        this.userGrid = inverse(userOrig);
        this.itemGrid = inverse(itemOrig);
        this.userBinStart = binStarts(userOrig.length, bins);
        this.itemBinStart = binStarts(itemOrig.length, bins);
        this.user = user;
        this.item = item;
        this.value = value;
        this.blockStart = blockStart;
    }

    /** The fewest bins that keep every bin within {@link #MAX_BIN} users and items. */
    public static int minBins(int numUsers, int numItems) {
        return Math.max(1, (Math.max(numUsers, numItems) + MAX_BIN - 1) / MAX_BIN);
    }

    /** Partitions {@code data[rows]} into a {@code bins x bins} grid; the bin assignment is drawn from {@code seed}. */
    public static BlockGrid build(Ratings data, int[] rows, int bins, long seed) {
        if (bins < 1) throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        int nu = data.numUsers(), ni = data.numItems();
        if (bins < minBins(nu, ni))
            throw new IllegalArgumentException("bins must be at least " + minBins(nu, ni) + " for " + nu + " users and " + ni
                    + " items (a bin holds at most " + MAX_BIN + "), got " + bins);
        Rng rng = new Rng(seed);
        int[] userOrig = shuffled(nu, rng), itemOrig = shuffled(ni, rng);
        int[] userGrid = inverse(userOrig), itemGrid = inverse(itemOrig);
        int[] userBin = binOf(nu, bins), itemBin = binOf(ni, bins);   // by grid index
        int[] userBinStart = binStarts(nu, bins), itemBinStart = binStarts(ni, bins);

        int nb = bins * bins;
        int[] start = new int[nb + 1];
        int[] du = data.users(), di = data.items();
        float[] dv = data.values();
        for (int r : rows) start[userBin[userGrid[du[r]]] * bins + itemBin[itemGrid[di[r]]] + 1]++;
        for (int b = 0; b < nb; b++) start[b + 1] += start[b];
        int n = rows.length;
        char[] u = new char[n], it = new char[n];
        float[] v = new float[n];
        int[] fill = java.util.Arrays.copyOf(start, nb);
        for (int r : rows) {
            int gu = userGrid[du[r]], gi = itemGrid[di[r]];
            int ub = userBin[gu], ib = itemBin[gi];
            int at = fill[ub * bins + ib]++;
            u[at] = (char) (gu - userBinStart[ub]);
            it[at] = (char) (gi - itemBinStart[ib]);
            v[at] = dv[r];
        }
        // order each block by user: a stable counting sort on the user's offset inside its bin
        int maxBlock = 0, maxBin = 0;
        for (int b = 0; b < nb; b++) maxBlock = Math.max(maxBlock, start[b + 1] - start[b]);
        for (int b = 0; b < bins; b++) maxBin = Math.max(maxBin, userBinStart[b + 1] - userBinStart[b]);
        int[] count = new int[maxBin + 1];
        char[] tu = new char[maxBlock], ti = new char[maxBlock];
        float[] tv = new float[maxBlock];
        for (int b = 0; b < nb; b++) {
            int from = start[b], to = start[b + 1];
            int binUsers = userBinStart[b / bins + 1] - userBinStart[b / bins];
            java.util.Arrays.fill(count, 0, binUsers + 1, 0);
            for (int j = from; j < to; j++) count[u[j] + 1]++;
            for (int c = 0; c < binUsers; c++) count[c + 1] += count[c];
            for (int j = from; j < to; j++) {
                int at = count[u[j]]++;
                tu[at] = u[j];
                ti[at] = it[j];
                tv[at] = v[j];
            }
            interleave(tu, ti, tv, to - from, u, it, v, from);
        }
        return new BlockGrid(bins, userOrig, itemOrig, u, it, v, start);
    }

    /**
     * Writes the user-ordered block {@code t*[0..n)} to {@code out*[at..)} as {@link #STREAMS}
     * interleaved streams: position {@code at + S*m + s} holds entry {@code s*ceil(n/S) + m}.
     * Each stream stays in user order (the user row stays in L1), while consecutive updates
     * belong to different users, so their dependency chains (dot product, sigmoid, update of the
     * same user row) overlap in the CPU instead of waiting on each other.
     */
    private static void interleave(char[] tu, char[] ti, float[] tv, int n, char[] u, char[] it, float[] v, int at) {
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

    /** {@code 0..n-1} in a random order drawn from {@code rng}: grid index -> original index. */
    private static int[] shuffled(int n, Rng rng) {
        int[] perm = new int[n];
        for (int j = 0; j < n; j++) perm[j] = j;
        rng.shuffle(perm);
        return perm;
    }

    private static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int j = 0; j < perm.length; j++) inv[perm[j]] = j;
        return inv;
    }

    /** Bin of each of {@code n} grid indices: {@code bins} consecutive, nearly equal parts. */
    private static int[] binOf(int n, int bins) {
        int[] bin = new int[n];
        for (int pos = 0; pos < n; pos++) bin[pos] = (int) ((long) pos * bins / n);
        return bin;
    }

    /** First grid index of each bin (the least {@code pos} with {@code pos * bins / n >= b}), and {@code n} at the end. */
    private static int[] binStarts(int n, int bins) {
        int[] s = new int[bins + 1];
        for (int b = 0; b <= bins; b++) s[b] = (int) (((long) b * n + bins - 1) / bins);
        return s;
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

    /** The original user index of the rating at position {@code j}. */
    public int user(int j) {
        int b = block(j);
        return userOrig[userBinStart[b / bins] + user[j]];
    }

    /** The original item index of the rating at position {@code j}. */
    public int item(int j) {
        int b = block(j);
        return itemOrig[itemBinStart[b % bins] + item[j]];
    }

    /** The rating at position {@code j}. */
    public float value(int j) {
        return value[j];
    }

    private int block(int j) {
        if (j < 0 || j >= size()) throw new IndexOutOfBoundsException("position " + j + " of " + size());
        int lo = 0, hi = numBlocks() - 1;   // last block whose start is <= j
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (blockStart[mid] <= j) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** The grid index of original user {@code u}. */
    public int gridUser(int u) {
        return userGrid[u];
    }

    /** The grid index of original item {@code i}. */
    public int gridItem(int i) {
        return itemGrid[i];
    }

    /** Grid index of the first user of user bin {@code ub}; the block's user offsets count from it. */
    int userBase(int ub) {
        return userBinStart[ub];
    }

    /** Grid index of the first item of item bin {@code ib}. */
    int itemBase(int ib) {
        return itemBinStart[ib];
    }

    /** User offsets inside their bins, block after block. */
    char[] userOffsets() {
        return user;
    }

    /** Item offsets inside their bins, block after block. */
    char[] itemOffsets() {
        return item;
    }

    /** The rating column, block after block. */
    float[] values() {
        return value;
    }

    /**
     * Moves {@code m}'s user and item rows (factors and biases) in place into grid order: the row
     * of user {@code u} goes to {@link #gridUser(int) gridUser(u)}. The model must have the
     * users and items this grid was built for.
     */
    public void toGridOrder(FactorModel m) {
        check(m);
        permuteRows(m.userFactors(), m.factors(), userGrid);
        permuteRows(m.userBias(), 1, userGrid);
        permuteRows(m.itemFactors(), m.factors(), itemGrid);
        permuteRows(m.itemBias(), 1, itemGrid);
    }

    /** Undoes {@link #toGridOrder}. */
    public void toOriginalOrder(FactorModel m) {
        check(m);
        permuteRows(m.userFactors(), m.factors(), userOrig);
        permuteRows(m.userBias(), 1, userOrig);
        permuteRows(m.itemFactors(), m.factors(), itemOrig);
        permuteRows(m.itemBias(), 1, itemOrig);
    }

    private void check(FactorModel m) {
        if (m.numUsers() != userGrid.length || m.numItems() != itemGrid.length)
            throw new IllegalArgumentException("the model has " + m.numUsers() + " users and " + m.numItems()
                    + " items; the grid was built for " + userGrid.length + " and " + itemGrid.length);
    }

    /** Moves row {@code r} of {@code a} (rows of {@code width} floats) to row {@code to[r]}, in place, cycle by cycle. */
    static void permuteRows(float[] a, int width, int[] to) {
        int n = to.length;
        java.util.BitSet moved = new java.util.BitSet(n);
        float[] carry = new float[width], next = new float[width];
        for (int s = 0; s < n; s++) {
            if (moved.get(s) || to[s] == s) continue;
            System.arraycopy(a, s * width, carry, 0, width);
            int r = s;
            do {
                int t = to[r];
                System.arraycopy(a, t * width, next, 0, width);
                System.arraycopy(carry, 0, a, t * width, width);
                float[] x = carry;
                carry = next;
                next = x;
                moved.set(t);
                r = t;
            } while (r != s);
        }
    }
}
