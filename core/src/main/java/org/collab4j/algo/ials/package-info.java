/**
 * {@code ials}: implicit alternating least squares (Hu, Koren, Volinsky 2008) with an unobserved
 * weight and frequency-scaled regularisation (Rendle, Krichene, Zhang, Koren 2022), solved by
 * conjugate gradient, Cholesky or iALS++ subspace blocks.
 */
package org.collab4j.algo.ials;
