/**
 * Approximate top-N for large catalogues: an HNSW graph over a factor model's items with the
 * maximum-inner-product transform, exact rescoring of its candidates, and the index file that
 * sits beside its model file.
 */
package org.collab4j.recommend.ann;
