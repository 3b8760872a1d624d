package org.collab4j.model;

/**
 * A model that knows how alike two items are: the cosine of item factors for latent-factor
 * models, the (shrunk, baseline-adjusted) Pearson correlation for the item neighbourhood model.
 * {@link org.collab4j.recommend.Recommender#similar} ranks items by it.
 */
public interface ItemSimilarity {
    /**
     * Similarity of {@code item} to every item, into {@code out[0..numItems)}; NaN where the model
     * has no similarity for a pair (e.g. an item without factors, or not among the stored
     * neighbours). The entry for {@code item} itself is unspecified: callers skip it.
     */
    void similarities(int item, float[] out);

    /** What the number means, in a few words (for output), e.g. "cosine of item factors". */
    String similarityMeasure();
}
