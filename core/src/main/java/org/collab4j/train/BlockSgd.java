package org.collab4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntToDoubleFunction;

import org.collab4j.data.Ratings;
import org.collab4j.eval.Split;
import org.collab4j.model.FactorModel;
import org.collab4j.model.Rng;

/**
 * Per-rating plain SGD with L2 (LIBMF's setting) for a {@link FactorModel}, parallelised by
 * block partitioning: the training ratings are cut into a {@link BlockGrid}, and each thread
 * repeatedly takes a block whose bin row and bin column no other thread is working on, so
 * updates never race and need no locks. Every block is taken exactly once per epoch, in an
 * order drawn from the seed.
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
    private final FactorModel model;
    private final Ratings data;
    private final Split split;
    private final int threads;
    private final BlockGrid grid;
    private final Rng rng;
    private final List<Callback> callbacks = new ArrayList<>();
    private final History history = new History();

    /**
     * @param bins grid side; at least {@code threads + 1} so that a free block always exists
     *             (0 picks {@link #defaultBins(int)})
     */
    public BlockSgd(FactorModel model, Ratings data, Split split, int threads, int bins, long seed) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (split.train().length == 0) throw new IllegalArgumentException("no training ratings");
        int b = bins == 0 ? defaultBins(threads) : bins;
        if (b < threads + 1 && threads > 1)
            throw new IllegalArgumentException("bins must be at least threads + 1 = " + (threads + 1) + ", got " + b);
        this.model = model;
        this.data = data;
        this.split = split;
        this.threads = threads;
        this.rng = new Rng(seed);
        this.grid = BlockGrid.build(data, split.train(), b, rng.nextLong());
        callbacks.add(history);
    }

    /**
     * The grid side used when none is given: {@code 4 * threads + 2}, at least 8. More bins than
     * threads + 1 keep threads from waiting for a free block near the end of an epoch and keep a
     * block's items within a small part of the item matrix; with 1 thread it only shapes locality.
     */
    public static int defaultBins(int threads) {
        return Math.max(8, 4 * threads + 2);
    }

    public BlockSgd addCallback(Callback cb) {
        callbacks.add(cb);
        return this;
    }

    public BlockGrid grid() {
        return grid;
    }

    public History history() {
        return history;
    }

    /**
     * Trains for {@code epochs} epochs; the rate follows {@code schedule} over the whole run
     * (evaluated at the start of each block), with per-rating L2 {@code l2} on factor rows and
     * {@code biasL2} on biases.
     */
    public History fit(int epochs, Schedule schedule, float l2, float biasL2) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        int nb = grid.numBlocks();
        for (Callback cb : callbacks) cb.beforeFit(epochs, 1);
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread th = new Thread(r, "collab4j-sgd");
            th.setDaemon(true);
            return th;
        }) : null;
        double total = (double) epochs * grid.size();
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
                    int b;
                    while ((b = sched.take()) >= 0) {
                        double pos;
                        synchronized (done) {
                            pos = (epochBase + done[0]) / total;
                            done[0] += grid.end(b) - grid.start(b);
                        }
                        float lr = (float) schedule.lr(pos);
                        s += SgdKernel.run(model, grid.users(), grid.items(), grid.values(), grid.start(b), grid.end(b),
                                lr, l2, biasL2);
                        sched.release(b);
                    }
                    sse[t] = s;
                    return s;
                });
                double sum = 0;
                for (double s : sse) sum += s;
                double trainLoss = sum / grid.size();
                if (!Double.isFinite(trainLoss)) throw new TrainingDivergedException(epoch, nb, schedule.lr((epoch + 1.0) / epochs));
                double validLoss = validLoss(pool);
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
            if (pool != null) pool.shutdownNow();
        }
        model.forgetUntrained(data.userCounts(split.train()), data.itemCounts(split.train()));
        for (Callback cb : callbacks) cb.afterFit();
        return history;
    }

    /** Mean squared error on the validation rows (NaN when there are none), in parallel. */
    private double validLoss(ExecutorService pool) {
        int[] rows = split.valid();
        if (rows.length == 0) return Double.NaN;
        int[] du = data.users(), di = data.items();
        float[] dv = data.values();
        double se = runOnAll(pool, t -> {
            int from = (int) ((long) rows.length * t / threads), to = (int) ((long) rows.length * (t + 1) / threads);
            double s = 0;
            for (int j = from; j < to; j++) {
                int r = rows[j];
                double e = model.predict(du[r], di[r]) - dv[r];
                s += e * e;
            }
            return s;
        });
        return se / rows.length;
    }

    /** Runs {@code task(t)} for t = 0..threads-1 (t = 0 on this thread) and returns the sum of the results. */
    private double runOnAll(ExecutorService pool, IntToDoubleFunction task) {
        if (threads == 1) return task.applyAsDouble(0);
        List<Future<Double>> fs = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            final int id = t;
            fs.add(pool.submit(() -> task.applyAsDouble(id)));
        }
        double sum = task.applyAsDouble(0);
        try {
            for (Future<Double> f : fs) sum += f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during training", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
        return sum;
    }

    /**
     * Hands out the blocks of one epoch: each exactly once, in a seeded random order, skipping
     * blocks whose bin row or bin column is in use; a caller waits while every remaining block
     * conflicts with a running one.
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
            while (remaining > 0) {
                for (int j = 0; j < remaining; j++) {
                    int b = order[j];
                    int row = b / bins, col = b % bins;
                    if (rowBusy[row] || colBusy[col]) continue;
                    rowBusy[row] = true;
                    colBusy[col] = true;
                    System.arraycopy(order, j + 1, order, j, remaining - j - 1);
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
