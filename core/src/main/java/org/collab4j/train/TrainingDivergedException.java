package org.collab4j.train;

/** The loss became NaN or infinite: the learning rate is too high for this model and data. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(int epoch, int batch, double lr) {
        super(String.format("training diverged (loss is not finite) in epoch %d, batch %d at learning rate %.3g; "
                + "try a lower --lr (lr-find suggests one)", epoch, batch, lr));
    }
}
