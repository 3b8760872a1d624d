/**
 * Studies built from training and evaluation: cross-validation, grid search on validation data, the
 * cold-start and new-user protocols, feedback-loop simulation, and the learning-rate finder.
 */
package org.collab4j.experiment;
