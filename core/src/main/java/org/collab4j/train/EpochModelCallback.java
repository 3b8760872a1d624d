package org.collab4j.train;

import org.collab4j.model.RatingModel;

/**
 * A callback that wants the model as it stands after each epoch, e.g. to show a ranking metric
 * of the validation part in the epoch table of an iterative top-N model (iALS, BPR), whose loss
 * says little about its lists. Trainers call {@link #epochModel} just before
 * {@link Callback#afterEpoch}; building the snapshot costs the trainer, so it does so only for
 * callbacks of this type.
 */
public interface EpochModelCallback extends Callback {
    void epochModel(int epoch, RatingModel model);
}
