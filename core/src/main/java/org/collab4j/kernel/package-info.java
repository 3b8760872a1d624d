/**
 * Numerical kernels with no knowledge of ratings: the seeded random source, Cholesky factorisation,
 * register-blocked matrix products, the SIMD switch and row kernels, top-k selection, L-BFGS,
 * sampling from Gaussian and Wishart distributions, and the one worker pool. The ground layer: it
 * imports nothing else from collab4j.
 */
package org.collab4j.kernel;
