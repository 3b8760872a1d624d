package org.collab4j.train;

import java.util.List;

import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.model.RatingModel;

/**
 * The Learner-facing surface for solvers that are not a {@link Learner} loop (ALS sweeps, Gibbs
 * sweeps, baseline and neighbourhood fits): each sweep is reported to the {@link Callback}s as
 * one epoch of one batch, with its training loss and the validation loss (mean squared error on
 * the split's validation rows, NaN without any), and recorded in a {@link History}. A callback
 * asking to {@link Callback#stop()} ends the solver's sweeps early.
 *
 * <p>The validation loss costs a pass over the validation rows every epoch, so it is computed
 * only when some callback is attached (the reporter's own history does not count: cross-validation
 * and tuning, which score the final model themselves, pass none and get NaN there).
 */
public final class EpochReporter extends SweepEpochs {
    private final Ratings data;
    private final int[] valid;
    private final boolean listened;

    public EpochReporter(Ratings data, Split split, List<Callback> callbacks) {
        super(callbacks);
        this.data = data;
        this.valid = split.valid();
        this.listened = !callbacks.isEmpty();
    }

    /** Ends an epoch, scoring {@code model} on the validation rows; true when a callback asks to stop. */
    public boolean afterEpoch(int epoch, double trainLoss, RatingModel model) {
        return afterEpoch(epoch, trainLoss, validLoss(model));
    }

    /** Ends an epoch with a validation loss the solver computed itself; true when a callback asks to stop. */
    public boolean afterEpoch(int epoch, double trainLoss, double validLoss) {
        if (!Double.isFinite(trainLoss)) throw new TrainingDivergedException(epoch, 0, Double.NaN);
        return endEpoch(new EpochResult(epoch, trainLoss, validLoss, epochSeconds()));
    }

    /** Whether a validation loss is wanted: there are validation rows and a callback listens. */
    public boolean wantsValidation() {
        return listened && valid.length > 0;
    }

    /** Mean squared error of {@code model} on the validation rows; NaN when there are none or nobody listens. */
    public double validLoss(RatingModel model) {
        return wantsValidation() ? mse(model, data, valid) : Double.NaN;
    }

    /** Mean squared error of {@code model} on {@code rows}, NaN for no rows. */
    public static double mse(RatingModel model, Ratings data, int[] rows) {
        if (rows.length == 0) return Double.NaN;
        double se = 0;
        for (int r : rows) {
            double e = model.predict(data.user(r), data.item(r)) - data.value(r);
            se += e * e;
        }
        return se / rows.length;
    }
}
