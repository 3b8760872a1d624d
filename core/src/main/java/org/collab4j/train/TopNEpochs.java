package org.collab4j.train;

import java.util.ArrayList;
import java.util.List;

import org.collab4j.model.RatingModel;

/**
 * The Learner-facing surface of top-N solvers (closed forms, ALS sweeps, sampling epochs): each
 * sweep is reported to the {@link Callback}s as one epoch of one batch and recorded in a
 * {@link History}. Their validation loss is NaN: the quality of a top-N model is a ranking
 * metric, which an {@link EpochModelCallback} computes from the model it is handed after each
 * epoch. A callback asking to {@link Callback#stop()} ends the sweeps early.
 */
public final class TopNEpochs {
    private final History history = new History();
    private final List<Callback> callbacks = new ArrayList<>();
    private long epochStart;

    public TopNEpochs(List<Callback> callbacks) {
        this.callbacks.add(history);
        this.callbacks.addAll(callbacks);
    }

    public void beforeFit(int epochs) {
        for (Callback cb : callbacks) cb.beforeFit(epochs, 1);
    }

    public void beforeEpoch(int epoch) {
        epochStart = System.nanoTime();
        for (Callback cb : callbacks) cb.beforeEpoch(epoch);
    }

    /** Whether some callback wants the model after each epoch (so that a snapshot is worth building). */
    public boolean wantsModels() {
        for (Callback cb : callbacks) if (cb instanceof EpochModelCallback) return true;
        return false;
    }

    /**
     * Ends an epoch: {@code model} (null when {@link #wantsModels()} is false) goes to the
     * {@link EpochModelCallback}s, then the epoch to every callback. {@code trainLoss} may be NaN
     * for solvers without a loss. True when a callback asks to stop.
     */
    public boolean afterEpoch(int epoch, double trainLoss, RatingModel model) {
        if (Double.isInfinite(trainLoss)) throw new TrainingDivergedException(epoch, 0, trainLoss);
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        for (Callback cb : callbacks) if (cb instanceof EpochModelCallback em && model != null) em.epochModel(epoch, model);
        EpochResult r = new EpochResult(epoch, trainLoss, Double.NaN, seconds);
        boolean stop = false;
        for (Callback cb : callbacks) {
            cb.afterBatch(epoch, 0, 0, trainLoss);
            cb.afterEpoch(r);
            stop |= cb.stop();
        }
        return stop;
    }

    public History afterFit() {
        for (Callback cb : callbacks) cb.afterFit();
        return history;
    }
}
