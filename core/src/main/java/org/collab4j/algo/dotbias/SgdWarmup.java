package org.collab4j.algo.dotbias;

import org.collab4j.data.Ratings;
import org.collab4j.data.Splits;
import org.collab4j.model.FactorModel;
import org.collab4j.train.Schedule;

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
public final class SgdWarmup extends MadeUpWarmup {
    /** Epochs of the made-up model: enough for C2 to compile the step, little beside the loading. */
    static final int EPOCHS = 6;
    private final int factors;

    private SgdWarmup(int factors) {
        super("collab4j-sgd-warmup", EPOCHS);
        this.factors = factors;
    }

    /** Starts warming the step for models of {@code factors} factors on a daemon thread. */
    public static SgdWarmup start(int factors) {
        if (factors < 1) throw new IllegalArgumentException("factors must be at least 1, got " + factors);
        SgdWarmup w = new SgdWarmup(factors);
        w.begin();
        return w;
    }

    @Override
    Runnable training() {
        int users = 2_000, items = 500;
        Ratings ratings = ratings(users, items, 60_000);
        BlockSgd sgd = new BlockSgd(ratings, Splits.random(ratings, 0.1, 1), 1, 0, factors, 1);
        FactorModel model = FactorModel.initialized(DotProductBias.KIND, users, items, factors, 0.01f, 3f, new float[] {1f, 5f}, 1);
        return () -> sgd.fit(model, 1, Schedule.constant(0.01, 0), 0.05f, 0.05f);
    }
}
