package org.collab4j.algo.baseline;

import org.collab4j.train.BaselineBiases;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochReporter;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.RatingMatrix;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Split;
import org.collab4j.model.FactorModel;

/**
 * {@code baseline}: Koren's regularised baseline estimates {@code b_ui = mu + b_u + b_i}
 * (Koren 2010, "Factor in the neighbors", section 2.1), fitted by alternating least squares as
 * Surprise's {@code BaselineOnly} does ({@link BaselineBiases}); one sweep from {@code b_u = 0}
 * is Koren's "decoupled" estimate. Predictions are clipped to the rating scale. The model is a
 * {@link FactorModel} with no factors.
 *
 * <p>Options: {@code --epochs} (sweeps, default 10), {@code --set reg-u=5 --set reg-i=3} (tuned
 * on MovieLens 100k; {@code --set reg-u=15 --set reg-i=10} are Surprise's defaults and reproduce
 * its {@code BaselineOnly}).
 */
public final class BaselineTrainer implements ModelTrainer {
    public static final String KIND = "baseline";
    static final List<OptionSpec> OPTIONS = List.of(BaselineBiases.REG_U, BaselineBiases.REG_I);

    @Override
    public String name() {
        return KIND;
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(KIND, OPTIONS, config);
        double regU = opt.getDouble("reg-u"), regI = opt.getDouble("reg-i");
        RatingMatrix m = RatingMatrix.of(data.ratings(), split.train());
        FactorModel model = emptyModel(KIND, m, data.ratings().scale());
        EpochReporter report = new EpochReporter(data.ratings(), split, callbacks);
        report.beforeFit(config.epochs());
        for (int e = 0; e < config.epochs(); e++) {
            report.beforeEpoch(e);
            double trainLoss = BaselineBiases.sweep(m, regU, regI, model.userBias(), model.itemBias());
            if (report.afterEpoch(e, trainLoss, model)) break;
        }
        return new TrainResult(model, report.afterFit());
    }

    /** A clipped model with no factors, zero biases and the training mean as its global offset. */
    static FactorModel emptyModel(String kind, RatingMatrix m, RatingScale scale) {
        return new FactorModel(kind, m.numUsers, m.numItems, 0, new float[0], new float[0], new float[m.numUsers],
                new float[m.numItems], (float) m.mean, null).clipTo(scale.min(), scale.max());
    }
}
