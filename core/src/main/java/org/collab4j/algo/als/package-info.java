/**
 * {@code als}: explicit alternating least squares with weighted-lambda regularisation and biases
 * (Zhou et al. 2008).
 */
package org.collab4j.algo.als;
