package org.collab4j.train;

/**
 * Hooks into the {@link Learner}'s loop, as fastai's callbacks: progress display, history,
 * early stopping. All methods are called on the training thread.
 */
public interface Callback {
    /** Before the first epoch: how many epochs and batches per epoch will run. */
    default void beforeFit(int epochs, int batchesPerEpoch) {
    }

    default void beforeEpoch(int epoch) {
    }

    /** After each batch: its index within the epoch, the rate used and the batch's loss. */
    default void afterBatch(int epoch, int batch, double lr, double loss) {
    }

    default void afterEpoch(EpochResult result) {
    }

    /** Asked after every epoch; true ends training early. */
    default boolean stop() {
        return false;
    }

    default void afterFit() {
    }
}
