package org.collab4j.algo.dotbias;

import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;
import org.collab4j.train.History;
import org.collab4j.train.Schedule;
import org.collab4j.train.TrainingData;
import org.collab4j.train.TrainingDivergedException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;
import org.collab4j.kernel.Workers;

/**
 * Per-rating plain SGD with L2 (LIBMF's setting) for a {@link FactorModel}, parallelised by
 * block partitioning: the training ratings are cut into a {@link BlockGrid}, and each thread
 * repeatedly takes a block whose bin row and bin column no other thread is working on, so
 * updates never race and need no locks. Every block is taken exactly once per epoch, in an
 * order drawn from the seed; a thread that finishes a block takes, when it can, another block of
 * the same item bin, whose item rows its cache still holds.
 *
 * <p>The grid, the validation ratings (grouped by user, 8 bytes a rating) and the training counts
 * of each user and item are all it keeps of the data: once built, the rating columns and the split
 * may be let go of ({@link org.collab4j.train.TrainingData#release()}).
 *
 * <p>During {@link #fit} the model's rows are held in the grid's order
 * ({@link BlockGrid#toGridOrder}), so that a block reads contiguous rows; they are moved back
 * before {@code fit} returns or throws. Nothing else should read the model meanwhile.
 *
 * <p>With one thread the result depends only on the seed, bit for bit. With more threads the
 * order in which blocks are taken depends on timing, so results vary slightly between runs
 * (as LIBMF's do) while staying in the same accuracy band.
 *
 * <p>It reports to the same {@link Callback}s as the {@link Learner}: one "batch" per epoch
 * carrying the epoch's mean squared training error, then the epoch row with the validation loss.
 * The epoch time includes the validation pass. Momentum in the schedule is ignored (plain SGD).
 */
public final class BlockSgd {
    private final int threads;
    private final int factors;
    private final BlockGrid grid;
    private final ValidRows valid;
    private final int[] trainUserCounts, trainItemCounts;
    private final Rng rng;
    private final List<Callback> callbacks = new ArrayList<>();
    private final History history = new History();

    /**
     * Cuts the training ratings of {@code split} into a grid for a model of {@code factors}
     * factors, and copies its validation ratings; keeps no reference to {@code data} or {@code split}.
     *
     * @param bins grid side; at least {@code threads + 1} so that a free block always exists, and
     *             at least {@link BlockGrid#minBins} (0 picks {@link #defaultBins(int, int, int, int)})
     */
    public BlockSgd(Ratings data, Split split, int threads, int bins, int factors, long seed) {
        int b = gridSide(threads, bins, split.train().length, data.numUsers(), data.numItems(), factors);
        this.threads = threads;
        this.factors = factors;
        this.rng = new Rng(seed);
        this.grid = BlockGrid.build(data, split.train(), BlockGrid.Numbering.draw(data.numUsers(), data.numItems(), b, rng.nextLong()));
        this.valid = ValidRows.of(data, split.valid(), grid.numbering());
        this.trainUserCounts = data.userCounts(split.train());
        this.trainItemCounts = data.itemCounts(split.train());
        callbacks.add(history);
    }

    /**
     * As {@link #BlockSgd(Ratings, Split, int, int, int, long)} (the same grid and the same
     * training) from data handed over, which it lets go of ({@link TrainingData#release()}) while
     * the grid is built: the split's training rows are overwritten with the grid's cells on the way
     * ({@link BlockGrid#build(TrainingData, BlockGrid.Numbering)}), so that the rating columns, the
     * split and the new cells are never live together.
     */
    public BlockSgd(TrainingData in, int threads, int bins, int factors, long seed) {
        int nu = in.data().ratings().numUsers(), ni = in.data().ratings().numItems();
        int b = gridSide(threads, bins, in.split().numTrain(), nu, ni, factors);
        this.threads = threads;
        this.factors = factors;
        this.rng = new Rng(seed);
        BlockGrid.Numbering num = BlockGrid.Numbering.draw(nu, ni, b, rng.nextLong());
        this.valid = ValidRows.of(in.data().ratings(), in.split().valid(), num);
        this.trainUserCounts = in.data().ratings().userCounts(in.split().train());
        this.trainItemCounts = in.data().ratings().itemCounts(in.split().train());
        this.grid = BlockGrid.build(in, num);
        callbacks.add(history);
    }

    /** The grid side for {@code bins} (0: the default), checked. */
    private static int gridSide(int threads, int bins, int numTrain, int numUsers, int numItems, int factors) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (numTrain == 0) throw new IllegalArgumentException("no training ratings");
        int b = bins == 0 ? defaultBins(threads, numUsers, numItems, factors) : bins;
        if (b < threads + 1 && threads > 1)
            throw new IllegalArgumentException("bins must be at least threads + 1 = " + (threads + 1) + ", got " + b);
        return b;
    }

    /**
     * The grid side used when none is given: {@code 4 * threads + 2}, at least 8, and more when
     * needed so that a block's item rows ({@code numItems / bins} rows of {@code factors} floats)
     * take at most {@link #ITEM_SPAN_BYTES}, and a bin at most {@link BlockGrid#MAX_BIN} rows.
     * More bins than threads + 1 keep threads from waiting for a free block near the end of an
     * epoch; a block's item rows that fit in the core's L2 cache next to the streamed user rows
     * and ratings are read from there rather than from L3 or memory.
     */
    public static int defaultBins(int threads, int numUsers, int numItems, int factors) {
        long itemBytes = (long) numItems * (factors + 1) * Float.BYTES;
        int forCache = (int) Math.min(1 << 12, (itemBytes + ITEM_SPAN_BYTES - 1) / ITEM_SPAN_BYTES);
        return Math.max(Math.max(8, 4 * threads + 2), Math.max(forCache, BlockGrid.minBins(numUsers, numItems)));
    }

    /** The most bytes of item rows (factors and bias) a block should span: a part of a 512 KB to 1 MB L2 cache. */
    static final long ITEM_SPAN_BYTES = Long.getLong("collab4j.itemSpan", 384 << 10);

    public BlockSgd addCallback(Callback cb) {
        callbacks.add(cb);
        return this;
    }

    public BlockGrid grid() {
        return grid;
    }

    /**
     * The validation ratings of the split the grid was cut from, grouped by user in grid order
     * (within a user, in the split's order), with {@code data}'s ids and scale: what a report needs
     * of them once the rating columns are gone. No times.
     */
    public Ratings validation(IdIndex userIds, IdIndex itemIds, RatingScale scale) {
        return valid.toRatings(grid, userIds, itemIds, scale);
    }

    public History history() {
        return history;
    }

    /**
     * Trains {@code model} (with the users and items of the data the grid was cut from) for
     * {@code epochs} epochs; the rate follows {@code schedule} over the whole run
     * (evaluated at the start of each block), with per-rating L2 {@code l2} on factor rows and
     * {@code biasL2} on biases.
     */
    public History fit(FactorModel model, int epochs, Schedule schedule, float l2, float biasL2) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (model.factors() != factors)
            throw new IllegalArgumentException("the grid was cut for " + factors + " factors; the model has " + model.factors());
        int nb = grid.numBlocks();
        for (Callback cb : callbacks) cb.beforeFit(epochs, 1);
        Workers pool = new Workers(threads);
        double total = (double) epochs * grid.size();
        grid.toGridOrder(model);
        try {
            Scheduler sched = new Scheduler(grid.bins());
            double[] sse = new double[threads];
            for (int epoch = 0; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                for (Callback cb : callbacks) cb.beforeEpoch(epoch);
                sched.reset(rng);
                java.util.Arrays.fill(sse, 0);
                final double epochBase = (double) epoch * grid.size();
                final long[] done = new long[1];
                runOnAll(pool, t -> {
                    double s = 0;
                    int b, col = -1;
                    while ((b = sched.take(col)) >= 0) {
                        col = b % grid.bins();
                        double pos;
                        synchronized (done) {
                            pos = (epochBase + done[0]) / total;
                            done[0] += grid.end(b) - grid.start(b);
                        }
                        float lr = (float) schedule.lr(pos);
                        s += SgdKernel.run(model, grid, b, lr, l2, biasL2);
                        sched.release(b);
                    }
                    sse[t] = s;
                    return s;
                });
                double sum = 0;
                for (double s : sse) sum += s;
                double trainLoss = sum / grid.size();
                if (!Double.isFinite(trainLoss)) throw new TrainingDivergedException(epoch, nb, schedule.lr((epoch + 1.0) / epochs));
                double validLoss = validLoss(model, pool);
                EpochResult r = new EpochResult(epoch, trainLoss, validLoss, (System.nanoTime() - start) / 1e9);
                boolean stop = false;
                for (Callback cb : callbacks) {
                    cb.afterBatch(epoch, 0, schedule.lr((epoch + 1.0) / epochs), trainLoss);
                    cb.afterEpoch(r);
                    stop |= cb.stop();
                }
                if (stop) break;
            }
        } finally {
            pool.close();
            grid.toOriginalOrder(model);
        }
        model.forgetUntrained(trainUserCounts, trainItemCounts);
        for (Callback cb : callbacks) cb.afterFit();
        return history;
    }

    /** Mean squared error on the validation rows (NaN when there are none), in parallel; the model is in grid order. */
    private double validLoss(FactorModel model, Workers pool) {
        if (valid.size() == 0) return Double.NaN;
        double se = runOnAll(pool, t -> valid.squaredError(model, valid.firstUser(t, threads), valid.firstUser(t + 1, threads)));
        return se / valid.size();
    }

    /**
     * The validation ratings grouped by the user's grid index (compressed rows: 8 bytes a rating),
     * read every epoch: the user rows then come in address order, and the pass reads this compact
     * copy instead of striding through the whole rating columns for one row in ten.
     */
    static final class ValidRows {
        private final int[] userStart;   // grid user -> first position; numUsers + 1 entries
        private final int[] item;        // grid index of the item
        private final float[] value;

        private ValidRows(int[] userStart, int[] item, float[] value) {
            this.userStart = userStart;
            this.item = item;
            this.value = value;
        }

        /** {@code data[rows]} by grid user; within a user in the order of {@code rows}. */
        static ValidRows of(Ratings data, int[] rows, BlockGrid.Numbering grid) {
            int nu = data.numUsers();
            int[] start = new int[nu + 1];
            for (int r : rows) start[grid.userGrid[data.user(r)] + 1]++;
            for (int u = 0; u < nu; u++) start[u + 1] += start[u];
            int[] fill = java.util.Arrays.copyOf(start, nu);
            int[] item = new int[rows.length];
            float[] value = new float[rows.length];
            for (int r : rows) {
                int at = fill[grid.userGrid[data.user(r)]]++;
                item[at] = grid.itemGrid[data.item(r)];
                value[at] = data.value(r);
            }
            return new ValidRows(start, item, value);
        }

        int size() {
            return item.length;
        }

        /** The ratings as columns of original user and item indices, grouped by grid user. */
        Ratings toRatings(BlockGrid grid, IdIndex userIds, IdIndex itemIds, RatingScale scale) {
            int n = size();
            int[] u = new int[n], i = new int[n];
            for (int g = 0; g < userStart.length - 1; g++) {
                int orig = grid.originalUser(g);
                for (int j = userStart[g], e = userStart[g + 1]; j < e; j++) {
                    u[j] = orig;
                    i[j] = grid.originalItem(item[j]);
                }
            }
            return new Ratings(u, i, value.clone(), null, userIds, itemIds, scale);
        }

        /** First grid user of part {@code t} of {@code parts}: the parts hold about equal numbers of ratings. */
        int firstUser(int t, int parts) {
            int nu = userStart.length - 1;
            if (t >= parts) return nu;
            long target = (long) size() * t / parts;
            int lo = 0, hi = nu;   // the least user whose ratings start at or after target
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (userStart[mid] < target) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        /** Sum of squared errors of the ratings of grid users {@code [from, to)}. */
        double squaredError(FactorModel m, int from, int to) {
            return SgdKernel.squaredError(m, userStart, item, value, from, to);
        }
    }

    /** Runs {@code task(t)} for t = 0..threads-1 on the pool and returns the sum of the results, in t order. */
    private double runOnAll(Workers pool, IntToDoubleFunction task) {
        if (threads == 1) return task.applyAsDouble(0);
        double[] part = new double[threads];
        pool.run(threads, t -> part[t] = task.applyAsDouble(t));
        double sum = part[0];
        for (int t = 1; t < threads; t++) sum += part[t];
        return sum;
    }

    /**
     * Hands out the blocks of one epoch: each exactly once, in a seeded random order, skipping
     * blocks whose bin row or bin column is in use (and, on request, preferring a bin column);
     * a caller waits while every remaining block conflicts with a running one.
     */
    static final class Scheduler {
        private final int bins;
        private final int[] order;
        private final boolean[] rowBusy;
        private final boolean[] colBusy;
        private int remaining;

        Scheduler(int bins) {
            this.bins = bins;
            this.order = new int[bins * bins];
            this.rowBusy = new boolean[bins];
            this.colBusy = new boolean[bins];
        }

        synchronized void reset(Rng rng) {
            for (int b = 0; b < order.length; b++) order[b] = b;
            rng.shuffle(order);
            remaining = order.length;
        }

        /** The next free block, or -1 when every block of the epoch has been taken. */
        synchronized int take() {
            return take(-1);
        }

        /**
         * The next free block, preferring one in bin column {@code col} (the item bin whose rows
         * the caller's cache still holds; -1 for none), or -1 when every block of the epoch has
         * been taken.
         */
        synchronized int take(int col) {
            while (remaining > 0) {
                int at = -1;
                for (int j = 0; j < remaining; j++) {
                    int b = order[j];
                    if (rowBusy[b / bins] || colBusy[b % bins]) continue;
                    if (at < 0) at = j;
                    if (col < 0 || b % bins == col) {
                        at = j;
                        break;
                    }
                }
                if (at >= 0) {
                    int b = order[at];
                    rowBusy[b / bins] = true;
                    colBusy[b % bins] = true;
                    System.arraycopy(order, at + 1, order, at, remaining - at - 1);
                    remaining--;
                    return b;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a block", e);
                }
            }
            return -1;
        }

        synchronized void release(int b) {
            rowBusy[b / bins] = false;
            colBusy[b % bins] = false;
            notifyAll();
        }
    }
}
