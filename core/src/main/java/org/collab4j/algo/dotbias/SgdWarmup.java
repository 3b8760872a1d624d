package org.collab4j.algo.dotbias;

import java.util.SplittableRandom;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.model.FactorModel;
import org.collab4j.train.Schedule;
import org.collab4j.train.Warmup;

/**
 * Gets the per-rating SGD step ({@link SgdKernel}) and the validation pass compiled while the
 * data loads, for {@code dot-bias --optimizer sgd}.
 *
 * <p>The step is one long loop over a block's ratings; until C2 has compiled it (and at 32
 * factors its straight-line dot product and update), the first epoch runs in the interpreter
 * and C1: at synth-10m the first epoch took 1.1 s against 0.11-0.15 s for each later one.
 * {@link #start(int)} trains a small made-up model with the same number of factors (the step
 * has its own code at 32) on one thread, on a daemon thread, for {@link #EPOCHS} epochs or until
 * it is closed, while the caller parses the data.
 *
 * <p>Its model, data and grid are its own and the step is a pure function of its arguments, so
 * nothing it computes reaches the real training, which gives the same numbers with or without
 * it (a test checks).
 */
public final class SgdWarmup implements Warmup {
    /** Epochs of the made-up model: enough for C2 to compile the step, little beside the loading. */
    static final int EPOCHS = 6;
    /** A bound on the time, should the machine be very slow. */
    static final long MAX_NANOS = 3_000_000_000L;
    private final Thread thread;
    private final int factors;
    private volatile boolean stop;
    private volatile int epochs;

    private SgdWarmup(int factors) {
        this.factors = factors;
        this.thread = new Thread(this::run, "collab4j-sgd-warmup");
        thread.setDaemon(true);
    }

    /** Starts warming the step for models of {@code factors} factors on a daemon thread. */
    public static SgdWarmup start(int factors) {
        if (factors < 1) throw new IllegalArgumentException("factors must be at least 1, got " + factors);
        SgdWarmup w = new SgdWarmup(factors);
        w.thread.start();
        return w;
    }

    /** Epochs of the made-up model trained so far. */
    public int epochs() {
        return epochs;
    }

    /** Waits for the warm-up's thread to end (tests). */
    void join() throws InterruptedException {
        thread.join();
    }

    private void run() {
        int users = 2_000, items = 500, n = 60_000;
        SplittableRandom rnd = new SplittableRandom(1);
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        for (int r = 0; r < n; r++) {
            u[r] = rnd.nextInt(users);
            i[r] = rnd.nextInt(items);
            v[r] = 1 + rnd.nextInt(5);
        }
        IdIndex userIds = new IdIndex(users), itemIds = new IdIndex(items);
        for (int k = 0; k < users; k++) userIds.add(Integer.toString(k));
        for (int k = 0; k < items; k++) itemIds.add(Integer.toString(k));
        Ratings ratings = new Ratings(u, i, v, null, userIds, itemIds, new RatingScale(1, 5));
        Split split = Splits.random(ratings, 0.1, 1);
        BlockSgd sgd = new BlockSgd(ratings, split, 1, 0, factors, 1);
        FactorModel model = FactorModel.initialized(DotProductBias.KIND, users, items, factors, 0.01f, 3f, new float[] {1f, 5f}, 1);
        long t0 = System.nanoTime();
        while (!stop && System.nanoTime() - t0 < MAX_NANOS && epochs < EPOCHS) {
            sgd.fit(model, 1, Schedule.constant(0.01, 0), 0.05f, 0.05f);
            epochs++;
        }
    }

    @Override
    public void close() {
        stop = true;
    }
}
