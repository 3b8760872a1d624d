package org.collab4j.spark.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The parameters {@link DotBias} and {@link DotBiasModel} share: MLlib's {@code ALS} names
 * ({@link RecommenderParams}) plus DSGD's grid and step, with their defaults.
 */
public final class DotBiasParams extends RecommenderParams {
    private static final long serialVersionUID = 1L;
    final IntParam numBlocks;
    final DoubleParam stepSize;

    DotBiasParams(Params owner) {
        super(owner, "ratings", "the predicted rating", "epochs of distributed SGD", "per-rating L2 on factors and biases (collab4j's --wd)");
        numBlocks = new IntParam(owner, "numBlocks", "side d of the DSGD grid (0: Spark's default parallelism)", ParamValidators.gtEq(0));
        stepSize = new DoubleParam(owner, "stepSize", "SGD step (collab4j's --lr)", ParamValidators.gt(0));
    }

    /** Sets every default on {@code owner}: the single-machine DSGD defaults of {@code collab4j spark train}. */
    void setDefaults(Params owner) {
        setDefaults(owner, 50, 10, 0.05);
        owner.setDefault(numBlocks, 0);
        owner.setDefault(stepSize, 0.005);
    }
}
