/**
 * Training shared by every algorithm: fastai's Learner ({@code fit}, {@code fitOneCycle}) with its
 * optimizers, schedules and callbacks; the hyperparameters ({@link
 * org.collab4j.train.TrainConfig}); the trainer contract; and epoch reporting for closed-form and
 * sampling solvers.
 */
package org.collab4j.train;
