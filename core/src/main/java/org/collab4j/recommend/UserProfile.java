package org.collab4j.recommend;

/**
 * Latent factors and bias solved by {@link FoldIn} for someone (or something) the model was not
 * trained on: a new or changed user, or a new item ({@link FoldIn#item}); scored exactly as a
 * trained row of the model would be. {@code factors} has the model's number of factors.
 */
public record UserProfile(float[] factors, float bias) {
}
