/**
 * {@code item-knn}: item-based neighbourhood model on baseline residuals with shrunk Pearson
 * similarities (Koren 2010).
 */
package org.collab4j.algo.knn;
