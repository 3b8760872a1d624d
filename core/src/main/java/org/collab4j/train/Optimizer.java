package org.collab4j.train;

/**
 * Updates parameters from their gradients, then zeroes the gradients. Hyperparameters that a
 * schedule moves (learning rate, momentum) are passed at every step; the rest are fixed.
 * Implementations keep their state (moments) per parameter, allocated on first use.
 *
 * <p>{@code from} and {@code to} select a slice of the flattened parameters so that threads can
 * share one step; a step over the whole model calls every slice exactly once.
 */
public interface Optimizer {
    /** Prepares state for the parameters; called once before the first step. */
    void init(Param[] params);

    /** Called once per step before {@link #step}, on one thread. */
    default void beginStep(double lr, double mom, double wd) {
    }

    /** One step for params[p].value[from..to). */
    void step(Param param, int p, int from, int to, double lr, double mom, double wd);

    /** Brings every parameter up to date after the last step (lazy optimizers). */
    default void finish() {
    }

    String name();
}
