package org.collab4j.train;

import org.collab4j.model.RatingModel;

/** A trained model and the history of its training. */
public record TrainResult(RatingModel model, History history) {
}
