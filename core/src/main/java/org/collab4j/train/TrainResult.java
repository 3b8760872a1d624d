package org.collab4j.train;

import org.collab4j.data.Ratings;
import org.collab4j.model.RatingModel;

/**
 * A trained model and the history of its training; {@code validation}: the validation ratings
 * (same ids, any order) when the trainer released the run's data ({@link TrainingData#release()}),
 * else null.
 */
public record TrainResult(RatingModel model, History history, Ratings validation) {
    public TrainResult(RatingModel model, History history) {
        this(model, history, null);
    }
}
