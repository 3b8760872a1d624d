package org.collab4j.model;

/**
 * A model learned from implicit feedback (clicks, plays, purchases): its scores rank items for a
 * user and have no scale of their own ({@link #predict} is a score, not a rating). Besides the
 * users it was trained on, it scores a user known only by their items, at once and without
 * retraining (fold-in): a new user, or a user held out of training (strong generalisation).
 *
 * <p>Contract: {@link #scoreItems} and {@link #scoreHistory} fill a score for every item,
 * including the user's own items; callers exclude those (see
 * {@link org.collab4j.model.TrainedModel#hasSeen}). Immutable and safe for many threads.
 */
public interface TopNModel extends RatingModel {
    /**
     * Scores every item, into {@code out[0..numItems())}, for a user whose interactions are
     * {@code items[0..n)} (distinct, ascending) with confidences {@code weights[0..n)} on the scale
     * the model was trained with (1 for a plain log of events).
     */
    void scoreHistory(int[] items, float[] weights, int n, float[] out);

    /**
     * How much each of the user's items {@code items[0..n)} adds to the score of {@code item}, into
     * {@code out[0..n)}, for a model whose score is a sum over the user's items (EASE, item
     * neighbourhoods: "because you played X and Y"); false, with {@code out} untouched, when the
     * model's scores do not split that way.
     */
    default boolean contributions(int[] items, float[] weights, int n, int item, float[] out) {
        return false;
    }
}
