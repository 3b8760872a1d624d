/**
 * {@code bpmf}: Bayesian probabilistic matrix factorisation by Gibbs sampling (Salakhutdinov &amp;
 * Mnih 2008).
 */
package org.collab4j.algo.bpmf;
