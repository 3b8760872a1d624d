/**
 * Top-N for large catalogues without scoring every item: k-means lists searched in order of a
 * bound on their scores (exact unless a search reaches its scan budget) or an HNSW graph over a
 * factor model's items with the maximum-inner-product transform; exact rescoring of their
 * candidates; and the index file that sits beside its model file.
 */
package org.collab4j.recommend.ann;
