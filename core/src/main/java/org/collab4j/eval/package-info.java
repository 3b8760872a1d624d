/**
 * Evaluation metrics: RMSE and MAE, full-ranking metrics (precision, recall, NDCG, MAP, hit rate),
 * catalogue coverage, novelty, Gini, and metrics by user group.
 */
package org.collab4j.eval;
