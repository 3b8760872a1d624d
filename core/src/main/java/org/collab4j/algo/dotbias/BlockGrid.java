package org.collab4j.algo.dotbias;

import org.collab4j.data.Ratings;
import org.collab4j.train.TrainingData;
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
    private final Numbering numbering;

    private BlockGrid(Numbering num, Packing pack, int[] cell, float[] value, int[] blockStart) {
        this.bins = num.bins;
        this.userOrig = num.userOrig;
        this.itemOrig = num.itemOrig;
        this.userGrid = num.userGrid;
        this.itemGrid = num.itemGrid;
        this.userBinStart = num.userBinStart;
        this.itemBinStart = num.itemBinStart;
        this.numbering = num;
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
        return build(data, rows, Numbering.draw(data.numUsers(), data.numItems(), bins, seed));
    }

    /** Partitions {@code data[rows]} into a grid of {@code num}'s bins and numbering. */
    static BlockGrid build(Ratings data, int[] rows, Numbering num) {
        Cut cut = new Cut(num, data, rows);
        int n = rows.length;
        int[] c = new int[n];
        float[] v = cut.codes == null ? new float[n] : null;
        int[] fill = java.util.Arrays.copyOf(cut.start, cut.start.length - 1);
        for (int r : rows) {
            int u = data.user(r), i = data.item(r);
            int at = fill[cut.block(u, i)]++;
            float x = data.value(r);
            c[at] = cut.cell(u, i, x);
            if (v != null) v[at] = x;
        }
        return cut.finish(c, v);
    }

    /**
     * Partitions the training ratings of data handed over ({@code in}: the data set and the split),
     * letting go of them as soon as they are read. The split's training rows, which the trainer now
     * owns, become the grid's cells. When they are all the rows but the validation rows, both in
     * ascending order (as a split's rows are: {@link BlockOrder#complement}), a row's index follows
     * from the validation rows alone, so the cells are written over the training rows straight in
     * block order, the columns read front to back, and {@link TrainingData#release()} is called: no
     * array beside the rating columns and the split. Otherwise the rows are overwritten with the
     * cells (and a {@code char} a rating holds each one's block), the data released, and only then
     * are the cells put in block order in a new array. Falls back to
     * {@link #build(Ratings, int[], Numbering)} followed by the release when the values are not
     * coded, or the rows are not such a complement and there are more than 65,536 blocks.
     */
    static BlockGrid build(TrainingData in, Numbering num) {
        Ratings data = in.data().ratings();
        Cut cut = new Cut(num, data, in.split().train());
        int[] rows = in.split().train(), valid = in.split().valid();
        if (cut.codes != null && BlockOrder.complement(rows, valid, data.size())) {
            int[] fill = java.util.Arrays.copyOf(cut.start, cut.start.length - 1);
            for (int r = 0, v = 0; r < data.size(); r++) {
                if (v < valid.length && valid[v] == r) v++;
                else {
                    int u = data.user(r), i = data.item(r);
                    rows[fill[cut.block(u, i)]++] = cut.cell(u, i, data.value(r));
                }
            }
            in.release();
            return cut.finish(rows, null);
        }
        if (cut.codes == null || cut.start.length - 1 > 1 << 16) {
            BlockGrid g = build(in.data().ratings(), in.split().train(), num);
            in.release();
            return g;
        }
        char[] blockOf = new char[rows.length];
        cellsInPlace(cut, in.data().ratings(), rows, blockOf);
        in.release();
        int[] c = new int[rows.length];
        int[] fill = java.util.Arrays.copyOf(cut.start, cut.start.length - 1);
        for (int k = 0; k < rows.length; k++) c[fill[blockOf[k]]++] = rows[k];
        rows = null;      // the split's array and the blocks: dead before the blocks are sorted by user
        blockOf = null;
        return cut.finish(c, null);
    }

    /** Replaces each of {@code rows} by its cell and records its block. */
    private static void cellsInPlace(Cut cut, Ratings data, int[] rows, char[] blockOf) {
        for (int k = 0; k < rows.length; k++) {
            int r = rows[k], u = data.user(r), i = data.item(r);
            blockOf[k] = (char) cut.block(u, i);
            rows[k] = cut.cell(u, i, data.value(r));
        }
    }

    /**
     * The numbering of a grid: users and items dealt into {@code bins} bins by a permutation drawn
     * from a seed, which also renumbers them (grid index -> original index and back).
     */
    static final class Numbering {
        final int bins;
        final int[] userOrig, itemOrig, userGrid, itemGrid, userBinStart, itemBinStart;

        private Numbering(int bins, int[] userOrig, int[] itemOrig) {
            this.bins = bins;
            this.userOrig = userOrig;
            this.itemOrig = itemOrig;
            this.userGrid = inverse(userOrig);
            this.itemGrid = inverse(itemOrig);
            this.userBinStart = binStarts(userOrig.length, bins);
            this.itemBinStart = binStarts(itemOrig.length, bins);
        }

        static Numbering draw(int nu, int ni, int bins, long seed) {
            if (bins < 1) throw new IllegalArgumentException("bins must be at least 1, got " + bins);
            if (bins < minBins(nu, ni))
                throw new IllegalArgumentException("bins must be at least " + minBins(nu, ni) + " for " + nu + " users and " + ni
                        + " items (a bin holds at most " + MAX_BIN + "), got " + bins);
            Rng rng = new Rng(seed);
            int[] userOrig = shuffled(nu, rng), itemOrig = shuffled(ni, rng);
            return new Numbering(bins, userOrig, itemOrig);
        }

        int maxBin(int[] binStart) {
            int m = 0;
            for (int b = 0; b < bins; b++) m = Math.max(m, binStart[b + 1] - binStart[b]);
            return m;
        }
    }

    /** How ratings are cut into a grid: the numbering, the packing of a cell, and where each block starts. */
    private static final class Cut {
        final Numbering num;
        final Packing pack;
        final LevelCodes codes;
        final int[] start;   // first position of each block, and the number of ratings at the end

        Cut(Numbering num, Ratings data, int[] rows) {
            this.num = num;
            this.pack = Packing.of(num.maxBin(num.userBinStart), num.maxBin(num.itemBinStart), LevelCodes.distinctValues(data, rows));
            this.codes = pack.levels() == null ? null : new LevelCodes(pack.levels());
            int nb = num.bins * num.bins;
            int[] s = new int[nb + 1];
            for (int r : rows) s[block(data.user(r), data.item(r)) + 1]++;
            for (int b = 0; b < nb; b++) s[b + 1] += s[b];
            this.start = s;
        }

        /** The block of original user {@code u} and item {@code i}. */
        int block(int u, int i) {
            int bins = num.bins;
            return binOf(num.userGrid[u], num.userGrid.length, bins) * bins + binOf(num.itemGrid[i], num.itemGrid.length, bins);
        }

        /** The cell of a rating: user and item offsets inside their bins, and the value's code (0 when the values are a column). */
        int cell(int u, int i, float value) {
            int gu = num.userGrid[u], gi = num.itemGrid[i];
            int ub = binOf(gu, num.userGrid.length, num.bins), ib = binOf(gi, num.itemGrid.length, num.bins);
            int code = codes == null ? 0 : codes.of(value);
            return (gu - num.userBinStart[ub]) << pack.userShift() | (gi - num.itemBinStart[ib]) << pack.valueBits() | code;
        }

        /** Orders each block of {@code c} (and {@code v}) by user, in interleaved streams, and makes the grid. */
        BlockGrid finish(int[] c, float[] v) {
            // a stable counting sort on the user's offset inside its bin
            int bins = num.bins, nb = bins * bins, userShift = pack.userShift();
            int maxBlock = 0;
            for (int b = 0; b < nb; b++) maxBlock = Math.max(maxBlock, start[b + 1] - start[b]);
            int[] count = new int[num.maxBin(num.userBinStart) + 1];
            int[] tc = new int[maxBlock];
            float[] tv = v == null ? null : new float[maxBlock];
            for (int b = 0; b < nb; b++) {
                int from = start[b], to = start[b + 1];
                int binUsers = num.userBinStart[b / bins + 1] - num.userBinStart[b / bins];
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
            return new BlockGrid(num, pack, c, v, start);
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

    /** The grid's numbering of users and items. */
    Numbering numbering() {
        return numbering;
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
