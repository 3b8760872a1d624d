package org.collab4j.recommend;

import java.util.List;

import org.collab4j.data.RatingScale;

/** Ratings outside the model's rating scale; the message names each ({@code item=rating}) and the scale. */
public final class OffScaleRatingsException extends IllegalArgumentException {
    private final List<String> ratings;
    private final RatingScale scale;

    public OffScaleRatingsException(List<String> ratings, RatingScale scale) {
        super("ratings outside the scale " + scale + ": " + String.join(", ", ratings));
        this.ratings = List.copyOf(ratings);
        this.scale = scale;
    }

    /** The offending ratings as {@code item=rating}, in the order given. */
    public List<String> ratings() {
        return ratings;
    }

    public RatingScale scale() {
        return scale;
    }
}
