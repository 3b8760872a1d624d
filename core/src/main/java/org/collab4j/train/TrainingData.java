package org.collab4j.train;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;

/**
 * The data set and split of one training run, as the trainer receives them
 * ({@link ModelTrainer#train(TrainingData, TrainConfig, java.util.List)}). Data {@link #handedOver}
 * belongs to the trainer: one that holds the training ratings in a compact form of its own
 * (per-rating SGD's block grid, four bytes a rating) may reuse the split's arrays while it builds
 * that form and then {@link #release()} the data, so that the rating columns (twelve bytes a rating)
 * and the split's index arrays are unreachable while it trains, provided whoever handed them over
 * keeps no reference to them. A released run reports from the validation ratings the trainer
 * returns ({@link TrainResult#validation()}).
 */
public final class TrainingData {
    private Dataset data;
    private Split split;
    private final boolean handedOver;

    /** Data the trainer reads and leaves as it is. */
    public TrainingData(Dataset data, Split split) {
        this(data, split, false);
    }

    private TrainingData(Dataset data, Split split, boolean handedOver) {
        if (data == null || split == null) throw new IllegalArgumentException("a training run needs a data set and a split");
        this.data = data;
        this.split = split;
        this.handedOver = handedOver;
    }

    /**
     * Data the caller gives up: the trainer may overwrite the split's arrays and let go of both;
     * neither may be used again.
     */
    public static TrainingData handedOver(Dataset data, Split split) {
        return new TrainingData(data, split, true);
    }

    /** Whether the trainer may overwrite the split's arrays and {@link #release()} the data. */
    public boolean isHandedOver() {
        return handedOver;
    }

    /** The data set; only before {@link #release()}. */
    public Dataset data() {
        check();
        return data;
    }

    /** The split; only before {@link #release()}. */
    public Split split() {
        check();
        return split;
    }

    /** Whether the trainer let go of the data. */
    public boolean released() {
        return data == null;
    }

    /**
     * Lets go of the data set and the split: neither can be read from this object afterwards.
     *
     * @throws IllegalStateException the data was not {@link #handedOver}
     */
    public void release() {
        if (!handedOver) throw new IllegalStateException("only data handed over to the trainer can be released");
        data = null;
        split = null;
    }

    private void check() {
        if (data == null) throw new IllegalStateException("the trainer released the training data; it can no longer be read");
    }
}
