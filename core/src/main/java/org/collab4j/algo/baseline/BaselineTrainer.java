package org.collab4j.algo.baseline;

import org.collab4j.train.Callback;
import org.collab4j.train.EpochReporter;
import org.collab4j.train.ExtraOptions;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.RatingMatrix;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Split;
import org.collab4j.model.FactorModel;

/**
 * {@code baseline}: Koren's regularised baseline estimates {@code b_ui = mu + b_u + b_i}
 * (Koren 2010, "Factor in the neighbors", section 2.1), fitted by alternating least squares as
 * Surprise's {@code BaselineOnly} does: each sweep sets, with the other side fixed,
 *
 * <pre>  b_i = sum_{u in R(i)} (r_ui - mu - b_u) / (reg_i + |R(i)|)     (items first)
 *   b_u = sum_{i in R(u)} (r_ui - mu - b_i) / (reg_u + |R(u)|)</pre>
 *
 * The damping terms {@code reg-i} and {@code reg-u} shrink the biases of rarely rated items
 * and of users with few ratings towards zero; one sweep from {@code b_u = 0} is Koren's
 * "decoupled" estimate. Predictions are clipped to the rating scale. The model is a
 * {@link FactorModel} with no factors.
 *
 * <p>Options: {@code --epochs} (sweeps, default 10), {@code --set reg-u=5 --set reg-i=3} (tuned
 * on MovieLens 100k; {@code --set reg-u=15 --set reg-i=10} are Surprise's defaults and reproduce
 * its {@code BaselineOnly}).
 */
public final class BaselineTrainer implements ModelTrainer {
    public static final String KIND = "baseline";
    static final Map<String, String> OPTIONS = new LinkedHashMap<>();
    /** Damping defaults, chosen by {@code tune --cv u1..u5} on MovieLens 100k (Surprise's 15 and 10 give 0.9457 there, these 0.9413). */
    public static final double DEFAULT_REG_U = 5;
    public static final double DEFAULT_REG_I = 3;

    static {
        OPTIONS.put("reg-u", "damping of the user biases (default 5; Surprise uses 15)");
        OPTIONS.put("reg-i", "damping of the item biases (default 3; Surprise uses 10)");
    }

    @Override
    public String name() {
        return KIND;
    }

    @Override
    public String description() {
        return "global mean + user and item biases (Koren's baseline estimates, damped ALS)";
    }

    @Override
    public TrainConfig defaults() {
        return TrainConfig.defaults().withEpochs(10);
    }

    @Override
    public Map<String, String> options() {
        return OPTIONS;
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        ExtraOptions opt = new ExtraOptions(KIND, config, OPTIONS);
        double regU = opt.getDouble("reg-u", DEFAULT_REG_U, 0), regI = opt.getDouble("reg-i", DEFAULT_REG_I, 0);
        RatingMatrix m = RatingMatrix.of(data.ratings(), split.train());
        FactorModel model = emptyModel(KIND, m, data.ratings().scale());
        EpochReporter report = new EpochReporter(data.ratings(), split, callbacks);
        report.beforeFit(config.epochs());
        for (int e = 0; e < config.epochs(); e++) {
            report.beforeEpoch(e);
            double trainLoss = sweep(m, regU, regI, model.userBias(), model.itemBias());
            if (report.afterEpoch(e, trainLoss, model)) break;
        }
        return new TrainResult(model, report.afterFit());
    }

    /** A clipped model with no factors, zero biases and the training mean as its global offset. */
    static FactorModel emptyModel(String kind, RatingMatrix m, RatingScale scale) {
        return new FactorModel(kind, m.numUsers, m.numItems, 0, new float[0], new float[0], new float[m.numUsers],
                new float[m.numItems], (float) m.mean, null).clipTo(scale.min(), scale.max());
    }

    /**
     * Fits the biases with {@code epochs} sweeps from zero (as {@code item-knn} needs them);
     * returns the training mean squared error of the unclipped estimates.
     */
    public static double fit(RatingMatrix m, double regU, double regI, int epochs, float[] userBias, float[] itemBias) {
        java.util.Arrays.fill(userBias, 0f);
        java.util.Arrays.fill(itemBias, 0f);
        double mse = Double.NaN;
        for (int e = 0; e < epochs; e++) mse = sweep(m, regU, regI, userBias, itemBias);
        return mse;
    }

    /**
     * One sweep: item biases given user biases, then user biases given item biases. Returns the
     * training mean squared error of the (unclipped) estimates after the sweep.
     */
    public static double sweep(RatingMatrix m, double regU, double regI, float[] userBias, float[] itemBias) {
        double mu = m.mean;
        for (int i = 0; i < m.numItems; i++) {
            int from = m.itemStart[i], to = m.itemStart[i + 1];
            double dev = 0;
            for (int j = from; j < to; j++) dev += m.itemValues[j] - mu - userBias[m.itemUsers[j]];
            itemBias[i] = to == from ? 0f : (float) (dev / (regI + (to - from)));
        }
        double se = 0;
        for (int u = 0; u < m.numUsers; u++) {
            int from = m.userStart[u], to = m.userStart[u + 1];
            double dev = 0, dev2 = 0;
            for (int j = from; j < to; j++) {
                double d = m.userValues[j] - mu - itemBias[m.userItems[j]];
                dev += d;
                dev2 += d * d;
            }
            float b = to == from ? 0f : (float) (dev / (regU + (to - from)));
            userBias[u] = b;
            se += dev2 - 2 * b * dev + (to - from) * (double) b * b; // sum of (d - b)^2
        }
        return m.size() == 0 ? Double.NaN : se / m.size();
    }
}
