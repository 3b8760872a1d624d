package org.collab4j.algo.dotbias;

import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.train.Adam;
import org.collab4j.train.Learner;

/**
 * Gets the code of a {@code dot-bias} Adam training compiled while the data loads: the model's
 * forward and backward passes, Adam's dense step and the Learner's loop.
 *
 * <p>On MovieLens 100k the first epoch took about twice as long as each later one (0.10-0.12 s
 * against 0.05-0.06 s on a quiet machine): the time the JIT needs before it has compiled those
 * loops. {@link #start()} trains a small made-up model (200 users, 300 items, 50 factors, fastai's
 * batch of 64) for {@link #EPOCHS} epochs on a daemon thread, or until it is closed. Measured on
 * MovieLens 100k, alternating runs: training 0.263-0.274 s against 0.307-0.323 s without it, and
 * the same process wall time (0.96-1.02 s against 0.95-1.02 s). Warming until the training began
 * (about 65 epochs while the data loaded) saved no more training time and made the whole process
 * 0.2 s slower, so the warm-up is bounded.
 *
 * <p>Its model, data and optimizer are its own, so nothing it computes reaches the real training,
 * which gives the same numbers with or without it (a test checks).
 */
public final class DotBiasWarmup extends MadeUpWarmup {
    /** Epochs of the made-up model (250 Adam steps each): enough for the JIT, little beside the loading. */
    static final int EPOCHS = 2;

    private DotBiasWarmup() {
        super("collab4j-dot-bias-warmup", EPOCHS);
    }

    /** Starts warming on a daemon thread. */
    public static DotBiasWarmup start() {
        DotBiasWarmup w = new DotBiasWarmup();
        w.begin();
        return w;
    }

    @Override
    Runnable training() {
        int users = 200, items = 300;
        Ratings ratings = ratings(users, items, 20_000);
        Split split = Splits.random(ratings, 0.2, 1);
        DotProductBias model = new DotProductBias(users, items, 50, new float[] {0f, 5.5f}, 1);
        Learner learner = new Learner(model, ratings, split, new Adam(), 64, 1, 1);
        return () -> learner.fitOneCycle(1, 5e-3, 0.1);
    }
}
