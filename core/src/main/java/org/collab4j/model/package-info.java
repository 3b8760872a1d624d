/**
 * What a trained model is and how it scores: {@link org.collab4j.model.RatingModel} (score one
 * pair, score all items for a user into a caller's buffer), the factor representation shared by the
 * latent-factor models, and {@link org.collab4j.model.TrainedModel}, a model with its id maps,
 * metadata and provenance. Models are immutable once trained.
 */
package org.collab4j.model;
