package org.collab4j.model;

/**
 * A trained model seen from outside: a scoring rule over dense user and item indices.
 *
 * <p>Contract: {@code predict} accepts any user in {@code 0..numUsers()-1} and item in
 * {@code 0..numItems()-1}, including those with no training ratings (they are scored from
 * biases and the global mean, never from untrained parameters). Implementations are immutable
 * once trained and safe to call from many threads.
 */
public interface RatingModel {
    /** The model's name on the command line and in model files, e.g. {@code dot-bias}. */
    String kind();

    int numUsers();

    int numItems();

    /** Predicted rating of {@code item} by {@code user}. */
    float predict(int user, int item);

    /** Scores every item for {@code user} into {@code out[0..numItems())}. */
    default void scoreItems(int user, float[] out) {
        int n = numItems();
        for (int i = 0; i < n; i++) out[i] = predict(user, i);
    }
}
