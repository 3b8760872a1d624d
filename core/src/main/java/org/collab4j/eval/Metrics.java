package org.collab4j.eval;

import org.collab4j.data.Ratings;
import org.collab4j.kernel.Workers;
import org.collab4j.model.RatingModel;

/** Rating-prediction accuracy on held-out rows. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * RMSE and MAE of {@code model} on {@code rows}, and how many of those rows have a user or
     * item without training ratings ({@code trainUserCounts}/{@code trainItemCounts} == 0; pass
     * null to skip the count). Such rows are scored like any other: the model falls back to
     * biases and the global offset for them.
     */
    public static Accuracy accuracy(RatingModel model, Ratings data, int[] rows, int[] trainUserCounts, int[] trainItemCounts) {
        return accuracy(predictions(model, data, rows, Workers.SERIAL), data, rows, trainUserCounts, trainItemCounts);
    }

    /**
     * As {@link #accuracy(RatingModel, Ratings, int[], int[], int[])}, from the model's predictions
     * for {@code rows} ({@link #predictions}): {@code predictions[j]} is the prediction for row
     * {@code rows[j]}.
     */
    public static Accuracy accuracy(float[] predictions, Ratings data, int[] rows, int[] trainUserCounts, int[] trainItemCounts) {
        double se = 0, ae = 0;
        int coldUsers = 0, coldItems = 0;
        for (int j = 0; j < rows.length; j++) {
            int r = rows[j];
            int u = data.user(r), i = data.item(r);   // not users()/items(): no int columns made for data held narrower
            double e = predictions[j] - data.value(r);
            se += e * e;
            ae += Math.abs(e);
            if (trainUserCounts != null && trainUserCounts[u] == 0) coldUsers++;
            if (trainItemCounts != null && trainItemCounts[i] == 0) coldItems++;
        }
        int n = rows.length;
        return new Accuracy(n == 0 ? Double.NaN : Math.sqrt(se / n), n == 0 ? Double.NaN : ae / n, n, coldUsers, coldItems);
    }

    /**
     * The model's prediction for each of {@code rows}, so that several figures of one evaluation
     * read them without predicting twice. Each prediction is made alone, so the floats are the same
     * on any number of threads; a model that predicts from a rating's context
     * ({@link org.collab4j.model.ContextualModel}) predicts them in one call, on the caller.
     */
    public static float[] predictions(RatingModel model, Ratings data, int[] rows, Workers pool) {
        float[] out = new float[rows.length];
        if (model instanceof org.collab4j.model.ContextualModel cm) {
            cm.predictRatings(data, rows, 0, rows.length, out);
            return out;
        }
        pool.forEach(rows.length, PREDICTION_CHUNK, (worker, from, to) -> {
            for (int j = from; j < to; j++) {
                int r = rows[j];
                out[j] = model.predict(data.user(r), data.item(r));
            }
        });
        return out;
    }

    /** Rows a worker predicts at a time. */
    static final int PREDICTION_CHUNK = 1 << 14;

    public static Accuracy accuracy(RatingModel model, Ratings data, int[] rows) {
        return accuracy(model, data, rows, null, null);
    }

    /**
     * @param rmse root mean squared error
     * @param mae mean absolute error
     * @param n rows scored
     * @param unseenUserRows rows whose user had no training ratings
     * @param unseenItemRows rows whose item had no training ratings
     */
    public record Accuracy(double rmse, double mae, int n, int unseenUserRows, int unseenItemRows) {
    }
}
