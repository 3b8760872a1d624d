/**
 * Spark ML pipelines, following MLlib's {@code ALS} and {@code ALSModel}: {@link
 * org.collab4j.spark.ml.DotBias} (ratings, collab4j's dot-bias by distributed SGD) and {@link
 * org.collab4j.spark.ml.ImplicitAls} (interactions, MLlib's implicit-feedback ALS as a collab4j
 * {@code ials} model) are {@code Estimator}s whose models add the model's score ({@code transform}:
 * a predicted rating, or a preference) and recommend ({@code recommendForAllUsers}, {@code
 * recommendForUserSubset}, {@code recommendForAllItems}). What they share lives in {@link
 * org.collab4j.spark.ml.RecommenderEstimator}, {@link org.collab4j.spark.ml.RecommenderModel} and
 * {@link org.collab4j.spark.ml.RecommenderParams}. Both save and load with MLlib's persistence,
 * the model as an ordinary collab4j model file that {@code collab4j serve} loads.
 */
package org.collab4j.spark.ml;
