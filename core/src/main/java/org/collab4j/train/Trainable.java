package org.collab4j.train;

import org.collab4j.data.Ratings;
import org.collab4j.model.RatingModel;

/**
 * A model the {@link Learner} can train by gradient descent: its parameters, a forward pass
 * over a mini-batch of ratings and a backward pass that adds the loss gradient into each
 * {@link Param#grad}. Forward keeps what backward needs; one batch is in flight at a time.
 */
public interface Trainable {
    Param[] params();

    /** Predictions for ratings {@code rows[from..to)} into {@code out[0..to-from)}. */
    void forward(Ratings data, int[] rows, int from, int to, float[] out);

    /** Adds d(loss)/d(param) to the gradients, given {@code dOut[b]} = d(loss)/d(prediction b) of the last forward. */
    void backward(float[] dOut);

    /** Switches between training behaviour (dropout, batch statistics) and inference. */
    default void setTraining(boolean training) {
    }

    /** The model as used after training (may share parameters with this trainable). */
    RatingModel model();

    /** Called once before fitting with the training rows (e.g. to compute counts or statistics). */
    default void prepare(Ratings data, int[] trainRows) {
    }

    /** Called after fitting (e.g. to reset untrained users and items). */
    default void finish(Ratings data, int[] trainRows) {
    }
}
