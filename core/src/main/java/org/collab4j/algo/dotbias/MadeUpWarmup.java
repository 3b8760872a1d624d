package org.collab4j.algo.dotbias;

import java.util.SplittableRandom;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.train.Warmup;

/**
 * A warm-up that trains a small made-up model on a daemon thread for a bounded number of epochs,
 * or until it is closed, so that the JIT has compiled a training's loops before the real
 * training needs them ({@link DotBiasWarmup}, {@link SgdWarmup}). Its model and data are its own.
 */
abstract class MadeUpWarmup implements Warmup {
    /** A bound on the time, should the machine be very slow. */
    static final long MAX_NANOS = 3_000_000_000L;
    private final Thread thread;
    private final int maxEpochs;
    private volatile boolean stop;
    private volatile int epochs;

    MadeUpWarmup(String name, int maxEpochs) {
        this.maxEpochs = maxEpochs;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Starts the thread; call once the subclass is constructed. */
    final void begin() {
        thread.start();
    }

    /** The made-up training: what runs one epoch of it. */
    abstract Runnable training();

    /** {@code n} random ratings 1..5 of {@code users} users and {@code items} items. */
    static Ratings ratings(int users, int items, int n) {
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
        return new Ratings(u, i, v, null, userIds, itemIds, new RatingScale(1, 5));
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
        Runnable epoch = training();
        long t0 = System.nanoTime();
        while (!stop && System.nanoTime() - t0 < MAX_NANOS && epochs < maxEpochs) {
            epoch.run();
            epochs++;
        }
    }

    @Override
    public void close() {
        stop = true;
    }
}
