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
 * The ratings are copied into one flat {@code int[]} of <em>cells</em>, block after block, and
 * nothing else: a cell packs its user's offset inside the user bin, its item's offset inside the
 * item bin and the code of its value, in as many bits as the largest bin and the number of
 * distinct values need ({@link #userShift()}, {@link #itemMask()}, {@link #valueBits()}). A bin
 * holds at most {@link #MAX_BIN} rows ({@link #minBins}). The values are codes into a small
 * sorted table of the distinct training values ({@link #levels()}) when they fit in the bits left
 * (star ratings: 5 or 10 levels, 3 or 4 bits), so a rating takes four bytes, a third of the
 * {@code int, int, float} columns it comes from; otherwise a {@code float[]} column beside the
 * cells holds them (eight bytes a rating). Inside a block the ratings are ordered by user (and by
 * original row order within a user), in {@link #STREAMS} interleaved streams, so consecutive
 * updates reuse the same user row from L1. The order of updates is the same as training on the
 * original numbering would take; only the addresses differ.
 */
public final class BlockGrid {
    /** Most users (items) a bin may hold: their offsets inside the bin are stored as {@code char}s. */
    public static final int MAX_BIN = 1 << 16;

    /** Most distinct values coded into the cells; more are kept as a {@code float[]} column. */
    public static final int MAX_LEVELS = 256;

    private final int bins;
    private final int[] userGrid, itemGrid;   // original index -> grid index
    private final int[] userOrig, itemOrig;   // grid index -> original index
    private final int[] userBinStart, itemBinStart;
    private final int[] cell;                 // user offset | item offset | value code
    private final int userShift, itemMask, valueBits, valueMask;
    private final float[] levels;             // value of each code; null when the values are a column
    private final float[] value;              // null when the values are coded
    private final int[] blockStart;

    private BlockGrid(int bins, int[] userOrig, int[] itemOrig, int[] userGrid, int[] itemGrid, Packing pack, int[] cell,
                      float[] value, int[] blockStart) {
        this.bins = bins;
        this.userOrig = userOrig;
        this.itemOrig = itemOrig;
        this.userGrid = userGrid;
        this.itemGrid = itemGrid;
        this.userBinStart = binStarts(userOrig.length, bins);
        this.itemBinStart = binStarts(itemOrig.length, bins);
        this.cell = cell;
        this.userShift = pack.userShift();
        this.itemMask = pack.itemMask();
        this.valueBits = pack.valueBits();
        this.valueMask = pack.valueMask();
        this.levels = pack.levels();
        this.value = value;
        this.blockStart = blockStart;
    }

    /**
     * How a cell is packed: the user offset above {@code userShift}, the item offset in the
     * {@code itemMask} bits above {@code valueBits}, the value code in the lowest
     * {@code valueBits} bits ({@code levels} null and {@code valueBits} 0 when the values are a column).
     */
    private record Packing(int userShift, int itemMask, int valueBits, int valueMask, float[] levels) {
        static Packing of(int maxUserBin, int maxItemBin, float[] levels) {
            int ub = Math.max(1, bitsFor(maxUserBin)), ib = bitsFor(maxItemBin);   // ub >= 1 keeps the user shift below 32
            int vb = levels == null ? 0 : bitsFor(levels.length);
            if (ub + ib + vb > 32) {
                levels = null;
                vb = 0;
            }
            return new Packing(ib + vb, (1 << ib) - 1, vb, (1 << vb) - 1, levels);
        }

        /** Bits that hold 0..n-1. */
        private static int bitsFor(int n) {
            return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
        }
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
        int[] userBinStart = binStarts(nu, bins), itemBinStart = binStarts(ni, bins);
        int maxUserBin = 0, maxItemBin = 0;
        for (int b = 0; b < bins; b++) {
            maxUserBin = Math.max(maxUserBin, userBinStart[b + 1] - userBinStart[b]);
            maxItemBin = Math.max(maxItemBin, itemBinStart[b + 1] - itemBinStart[b]);
        }
        int[] du = data.users(), di = data.items();
        float[] dv = data.values();
        Packing pack = Packing.of(maxUserBin, maxItemBin, distinctValues(dv, rows));
        LevelCodes codes = pack.levels() == null ? null : new LevelCodes(pack.levels());

        int nb = bins * bins;
        int[] start = new int[nb + 1];
        for (int r : rows) start[binOf(userGrid[du[r]], nu, bins) * bins + binOf(itemGrid[di[r]], ni, bins) + 1]++;
        for (int b = 0; b < nb; b++) start[b + 1] += start[b];
        int n = rows.length;
        int[] c = new int[n];
        float[] v = codes == null ? new float[n] : null;
        int[] fill = java.util.Arrays.copyOf(start, nb);
        int userShift = pack.userShift(), valueBits = pack.valueBits();
        for (int r : rows) {
            int gu = userGrid[du[r]], gi = itemGrid[di[r]];
            int ub = binOf(gu, nu, bins), ib = binOf(gi, ni, bins);
            int at = fill[ub * bins + ib]++;
            int code = codes == null ? 0 : codes.of(dv[r]);
            c[at] = (gu - userBinStart[ub]) << userShift | (gi - itemBinStart[ib]) << valueBits | code;
            if (v != null) v[at] = dv[r];
        }
        // order each block by user: a stable counting sort on the user's offset inside its bin
        int maxBlock = 0;
        for (int b = 0; b < nb; b++) maxBlock = Math.max(maxBlock, start[b + 1] - start[b]);
        int[] count = new int[maxUserBin + 1];
        int[] tc = new int[maxBlock];
        float[] tv = v == null ? null : new float[maxBlock];
        for (int b = 0; b < nb; b++) {
            int from = start[b], to = start[b + 1];
            int binUsers = userBinStart[b / bins + 1] - userBinStart[b / bins];
            java.util.Arrays.fill(count, 0, binUsers + 1, 0);
            for (int j = from; j < to; j++) count[(c[j] >>> userShift) + 1]++;
            for (int u = 0; u < binUsers; u++) count[u + 1] += count[u];
            for (int j = from; j < to; j++) {
                int at = count[c[j] >>> userShift]++;
                tc[at] = c[j];
                if (tv != null) tv[at] = v[j];
            }
            interleave(tc, tv, to - from, c, v, from);
        }
        return new BlockGrid(bins, userOrig, itemOrig, userGrid, itemGrid, pack, c, v, start);
    }

    /**
     * The distinct values of {@code values[rows]} in ascending order, or null when there are more
     * than {@link #MAX_LEVELS}.
     */
    static float[] distinctValues(float[] values, int[] rows) {
        LevelCodes seen = new LevelCodes(new float[0]);
        for (int r : rows) if (!seen.add(values[r])) return null;
        float[] l = seen.values();
        java.util.Arrays.sort(l);
        return l;
    }

    /** A small open-addressing table from a value's bits to its code: at most {@link #MAX_LEVELS} values. */
    private static final class LevelCodes {
        private static final int SLOTS = 4 * MAX_LEVELS;   // a power of two
        private final int[] key = new int[SLOTS];
        private final int[] code = new int[SLOTS];
        private final boolean[] used = new boolean[SLOTS];
        private final float[] value = new float[MAX_LEVELS];
        private int size;

        LevelCodes(float[] levels) {
            for (float x : levels) add(x);
        }

        /** Adds {@code x} if new; false when the table is full and {@code x} is new. */
        boolean add(float x) {
            int bits = Float.floatToIntBits(x), s = slot(bits);
            while (used[s]) {
                if (key[s] == bits) return true;
                s = (s + 1) & (SLOTS - 1);
            }
            if (size == MAX_LEVELS) return false;
            used[s] = true;
            key[s] = bits;
            code[s] = size;
            value[size++] = x;
            return true;
        }

        /** The code of {@code x}, which must have been added: its position among the values in the order added. */
        int of(float x) {
            int bits = Float.floatToIntBits(x), s = slot(bits);
            while (key[s] != bits || !used[s]) s = (s + 1) & (SLOTS - 1);
            return code[s];
        }

        float[] values() {
            return java.util.Arrays.copyOf(value, size);
        }

        private static int slot(int bits) {
            return (bits * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(SLOTS));
        }
    }

    /**
     * Writes the user-ordered block {@code t*[0..n)} to {@code out*[at..)} as {@link #STREAMS}
     * interleaved streams: position {@code at + S*m + s} holds entry {@code s*ceil(n/S) + m}.
     * Each stream stays in user order (the user row stays in L1), while consecutive updates
     * belong to different users, so their dependency chains (dot product, sigmoid, update of the
     * same user row) overlap in the CPU instead of waiting on each other.
     */
    private static void interleave(int[] tc, float[] tv, int n, int[] c, float[] v, int at) {
        int len = (n + STREAMS - 1) / STREAMS;
        int j = at;
        for (int m = 0; m < len; m++) {
            for (int s = 0; s < STREAMS; s++) {
                int src = s * len + m;
                if (src >= n) continue;
                if (tv != null) v[j] = tv[src];
                c[j++] = tc[src];
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

    /** Bin of grid index {@code pos} of {@code n}: {@code bins} consecutive, nearly equal parts. */
    private static int binOf(int pos, int n, int bins) {
        return (int) ((long) pos * bins / n);
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
        return cell.length;
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
        return userOrig[userBinStart[b / bins] + (cell[j] >>> userShift)];
    }

    /** The original item index of the rating at position {@code j}. */
    public int item(int j) {
        int b = block(j);
        return itemOrig[itemBinStart[b % bins] + ((cell[j] >>> valueBits) & itemMask)];
    }

    /** The rating at position {@code j}. */
    public float value(int j) {
        return value != null ? value[j] : levels[cell[j] & valueMask];
    }

    /** Bytes the ratings take in the grid: four a rating when the values are coded, eight otherwise. */
    public long ratingBytes() {
        return 4L * cell.length + (value == null ? 0 : 4L * value.length);
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

    /** The original index of grid user {@code g}. */
    public int originalUser(int g) {
        return userOrig[g];
    }

    /** The original index of grid item {@code g}. */
    public int originalItem(int g) {
        return itemOrig[g];
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

    /** The packed cells, block after block (see the class comment). */
    int[] cells() {
        return cell;
    }

    /** A cell's user offset is {@code cell >>> userShift()}. */
    int userShift() {
        return userShift;
    }

    /** A cell's item offset is {@code (cell >>> valueBits()) & itemMask()}. */
    int itemMask() {
        return itemMask;
    }

    /** Bits of a cell's value code (0 when the values are a column). */
    int valueBits() {
        return valueBits;
    }

    /** A cell's value code is {@code cell & valueMask()}. */
    int valueMask() {
        return valueMask;
    }

    /** The value of each code, or null when the values are a column ({@link #valueColumn()}). */
    float[] levels() {
        return levels;
    }

    /** The rating column, block after block, or null when the values are coded in the cells. */
    float[] valueColumn() {
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
