package org.collab4j.train;

import java.util.List;

import org.collab4j.model.RatingModel;

/**
 * The Learner-facing surface of top-N solvers (closed forms, ALS sweeps, sampling epochs): each
 * sweep is reported to the {@link Callback}s as one epoch of one batch and recorded in a
 * {@link History}. Their validation loss is NaN: the quality of a top-N model is a ranking
 * metric, which an {@link EpochModelCallback} computes from the model it is handed after each
 * epoch. A callback asking to {@link Callback#stop()} ends the sweeps early.
 */
public final class TopNEpochs extends SweepEpochs {
    public TopNEpochs(List<Callback> callbacks) {
        super(callbacks);
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
        double seconds = epochSeconds();
        for (Callback cb : callbacks) if (cb instanceof EpochModelCallback em && model != null) em.epochModel(epoch, model);
        return endEpoch(new EpochResult(epoch, trainLoss, Double.NaN, seconds));
    }
}
