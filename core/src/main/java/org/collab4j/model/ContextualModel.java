package org.collab4j.model;

import org.collab4j.data.Ratings;

/**
 * A model whose prediction may depend on a rating's context (its timestamp), not only on the
 * user and the item. Evaluation scores held-out ratings through this interface when a model
 * offers it; {@link RatingModel#predict} then gives the prediction in an average context.
 */
public interface ContextualModel extends RatingModel {
    /** Predictions for ratings {@code rows[from..to)} of {@code data} into {@code out[0..to-from)}; thread-safe. */
    void predictRatings(Ratings data, int[] rows, int from, int to, float[] out);

    /**
     * Whether predictions depend on the rating's time: then {@link #predictRatings} needs data
     * loaded with its times (without them every rating is scored in the "unknown time" context).
     */
    boolean usesTime();
}
