/**
 * {@code bpr}: Bayesian Personalised Ranking (Rendle, Freudenthaler, Gantner and Schmidt-Thieme
 * 2009) with item biases, fitted by Hogwild-style parallel SGD over sampled (user, positive,
 * negative) triples, with uniform or WARP-style adaptive negatives; a new user is folded in by
 * solving their own BPR problem against the frozen items.
 */
package org.collab4j.algo.bpr;
