/**
 * {@code dot-bias}: fastai's DotProductBias (optionally with side features), trained by the Learner
 * with Adam, or by lock-free block-partitioned SGD as in LIBMF (Chin et al. 2015).
 */
package org.collab4j.algo.dotbias;
