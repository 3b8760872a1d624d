package org.collab4j.train;

/**
 * Work that gets a training's code compiled before the training needs it, run beside the JVM's
 * start and the loading of the data, and stopped when the training begins. A warm-up never
 * changes a number: it trains its own made-up model on its own thread.
 */
public interface Warmup extends AutoCloseable {
    /** A warm-up that does nothing. */
    Warmup NONE = () -> { };

    /** Stops the warm-up after the round in progress; does not wait for it. */
    @Override
    void close();
}
