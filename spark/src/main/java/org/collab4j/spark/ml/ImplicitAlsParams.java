package org.collab4j.spark.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.collab4j.spark.SparkTrainer;
import org.collab4j.train.Algorithms;
import org.collab4j.train.OptionValues;
import org.collab4j.train.TrainConfig;

/**
 * The parameters {@link ImplicitAls} and {@link ImplicitAlsModel} share: MLlib's {@code ALS}
 * names ({@link RecommenderParams}) plus {@code alpha}, with the defaults of
 * {@code collab4j train --model ials} and {@code spark train --engine mllib-als --implicit}.
 */
public final class ImplicitAlsParams extends RecommenderParams {
    private static final long serialVersionUID = 1L;
    /** The engine of {@code spark train} whose training {@link ImplicitAls} runs. */
    static final String ENGINE = "mllib-als-implicit";
    final DoubleParam alpha;

    ImplicitAlsParams(Params owner) {
        super(owner, "interaction weights (play counts, clicks; 1 for a plain event)",
                "the preference score (x_u . y_i, what collab4j recommend ranks by), not a rating", "ALS sweeps",
                "MLlib's regularisation, regParam n_u for a row with n_u interactions (collab4j's --wd)");
        alpha = new DoubleParam(owner, "alpha", "confidence of an interaction of weight r: 1 + alpha r", ParamValidators.gtEq(0));
    }

    /** Sets every default on {@code owner}: those of the {@code ials} model and of the engine's {@code alpha}. */
    void setDefaults(Params owner) {
        TrainConfig ials = Algorithms.get("ials").defaults();
        setDefaults(owner, ials.factors(), ials.epochs(), ials.wd());
        owner.setDefault(alpha, OptionValues.parse(ENGINE, SparkTrainer.IMPLICIT_ALS_OPTIONS, java.util.Map.of()).getDouble("alpha"));
    }
}
