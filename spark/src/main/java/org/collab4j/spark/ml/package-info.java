/**
 * Spark ML pipelines: {@link org.collab4j.spark.ml.DotBias} is an {@code Estimator} whose
 * {@link org.collab4j.spark.ml.DotBiasModel} predicts ratings ({@code transform}) and recommends
 * ({@code recommendForAllUsers}, {@code recommendForUserSubset}, {@code recommendForAllItems}),
 * following MLlib's {@code ALS} and {@code ALSModel}; both save and load with MLlib's persistence,
 * the model as an ordinary collab4j model file that {@code collab4j serve} loads.
 */
package org.collab4j.spark.ml;
