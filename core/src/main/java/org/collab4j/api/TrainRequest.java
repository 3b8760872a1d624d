package org.collab4j.api;

import java.util.List;

import org.collab4j.train.Callback;
import org.collab4j.train.TrainConfig;

/**
 * What to train and what to report: a model by name ({@code dot-bias}, {@code nn}, ...; see
 * {@link org.collab4j.train.Algorithms}) with its configuration (shared options and, in
 * {@link TrainConfig#extra()}, the model's own), and the optional parts of a run.
 *
 * @param model      the trainer's name
 * @param config     the hyperparameters and the model's options
 * @param coldUsers  hold out this many users with 5 training ratings each and report their RMSE (0: none)
 * @param newUsers   hold out this many users entirely and report how they are served (0: none)
 * @param earlyStop  stop when the validation loss has not improved for this many epochs (0: never)
 * @param callbacks  told of every batch and epoch (progress, tables)
 */
public record TrainRequest(String model, TrainConfig config, int coldUsers, int newUsers, int earlyStop, List<Callback> callbacks) {
    public TrainRequest {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("name the model to train");
        if (config == null) throw new IllegalArgumentException("a training configuration is needed");
        if (coldUsers < 0) throw new IllegalArgumentException("--cold-users must be at least 1, got " + coldUsers);
        if (newUsers < 0) throw new IllegalArgumentException("--new-users must be at least 1, got " + newUsers);
        if (earlyStop < 0) throw new IllegalArgumentException("--early-stop must be at least 1, got " + earlyStop);
        callbacks = callbacks == null ? List.of() : List.copyOf(callbacks);
    }

    /** The model with its configuration, nothing else. */
    public static TrainRequest of(String model, TrainConfig config) {
        return new TrainRequest(model, config, 0, 0, 0, List.of());
    }

    public TrainRequest withColdUsers(int n) {
        return new TrainRequest(model, config, n, newUsers, earlyStop, callbacks);
    }

    public TrainRequest withNewUsers(int n) {
        return new TrainRequest(model, config, coldUsers, n, earlyStop, callbacks);
    }

    public TrainRequest withEarlyStop(int patience) {
        return new TrainRequest(model, config, coldUsers, newUsers, patience, callbacks);
    }

    public TrainRequest withCallbacks(List<Callback> cbs) {
        return new TrainRequest(model, config, coldUsers, newUsers, earlyStop, cbs);
    }
}
