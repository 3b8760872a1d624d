/**
 * Ratings as columns ({@code int[] user, int[] item, float[] value}, optional times) with dense
 * ids, the loaders for MovieLens and any CSV/TSV (with file and line in every error), side tables
 * (titles, genres, demographics), the data-set registry, and splits as index arrays into the same
 * columns.
 */
package org.collab4j.data;
