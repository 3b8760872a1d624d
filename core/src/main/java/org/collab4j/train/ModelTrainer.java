package org.collab4j.train;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;

/**
 * Trains one model family from a data set and a split. A trainer is configuration; what it
 * returns is an immutable model (LensKit's and Tribuo's split between builder and model).
 * Closed-form and sampling solvers report their sweeps as epochs through the same callbacks.
 * What the model is called, its defaults and its own options are its {@link Algorithm}'s.
 */
public interface ModelTrainer {
    /** The model's name on the command line, e.g. {@code dot-bias}. */
    String name();

    TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks);

    /**
     * Trains on data the caller hands over. A trainer that copies the training ratings into a form
     * of its own may {@link TrainingData#release() release} the data once the copy is made, and then
     * returns the validation ratings in its result, so that the rating columns are not live while it
     * trains. By default: {@code train(in.data(), in.split(), config, callbacks)}, releasing nothing.
     */
    default TrainResult train(TrainingData in, TrainConfig config, List<Callback> callbacks) {
        return train(in.data(), in.split(), config, callbacks);
    }

    /**
     * A fresh model as {@link #train} would start from (same initialisation and seed), for tools
     * that run their own loop such as the learning-rate finder; null when the model is not
     * trained by gradient descent.
     */
    default Trainable trainable(Dataset data, TrainConfig config) {
        return null;
    }

    /**
     * Whether training follows a learning rate ({@code --lr}) over epochs, so that a loss that
     * barely moves means the run has not converged (too few epochs, too small a rate). False for
     * closed-form, sampling and neighbourhood solvers, whose loss may settle after one sweep.
     */
    default boolean usesLearningRate() {
        return false;
    }
}
