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

    /**
     * Prediction when the user or the item (or both) is not in the model at all, passed as -1:
     * from biases and the global offset where the model has them. The default falls back to the
     * mean prediction of the known side, or NaN when nothing is known.
     */
    default float predictUnknown(int user, int item) {
        if (user >= 0 && item >= 0) return predict(user, item);
        double s = 0;
        int n = 0;
        if (user >= 0) for (int i = 0; i < numItems(); i += Math.max(1, numItems() / 64), n++) s += predict(user, i);
        else if (item >= 0) for (int u = 0; u < numUsers(); u += Math.max(1, numUsers() / 64), n++) s += predict(u, item);
        return n == 0 ? Float.NaN : (float) (s / n);
    }

    /** Scores every item for {@code user} into {@code out[0..numItems())}. */
    default void scoreItems(int user, float[] out) {
        int n = numItems();
        for (int i = 0; i < n; i++) out[i] = predict(user, i);
    }
}
