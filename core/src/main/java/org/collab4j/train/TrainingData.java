package org.collab4j.train;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;

/**
 * The data set and split of one training run, handed to the trainer so that it may let go of them
 * ({@link ModelTrainer#train(TrainingData, TrainConfig, java.util.List)}). A trainer that holds the
 * training ratings in a compact form of its own (per-rating SGD's block grid, four bytes a rating)
 * calls {@link #release()} once that form is built: the rating columns (twelve bytes a rating) and
 * the split's index arrays are then unreachable while it trains, provided whoever made this object
 * keeps no reference to them either. A released run reports from the validation ratings the
 * trainer returns ({@link TrainResult#validation()}).
 */
public final class TrainingData {
    private Dataset data;
    private Split split;

    public TrainingData(Dataset data, Split split) {
        if (data == null || split == null) throw new IllegalArgumentException("a training run needs a data set and a split");
        this.data = data;
        this.split = split;
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

    /** Lets go of the data set and the split: neither can be read from this object afterwards. */
    public void release() {
        data = null;
        split = null;
    }

    private void check() {
        if (data == null) throw new IllegalStateException("the trainer released the training data; it can no longer be read");
    }
}
