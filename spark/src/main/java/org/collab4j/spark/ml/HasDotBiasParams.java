package org.collab4j.spark.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * The parameter accessors {@link DotBias} and {@link DotBiasModel} share, by MLlib's names (its
 * {@code Params} finds them as public methods without arguments that return a {@code Param}).
 */
public interface HasDotBiasParams {
    /** The owner's parameters. */
    DotBiasParams dotBiasParams();

    default Param<String> userCol() { return dotBiasParams().userCol; }
    default Param<String> itemCol() { return dotBiasParams().itemCol; }
    default Param<String> ratingCol() { return dotBiasParams().ratingCol; }
    default Param<String> predictionCol() { return dotBiasParams().predictionCol; }
    default Param<String> coldStartStrategy() { return dotBiasParams().coldStartStrategy; }
    default IntParam rank() { return dotBiasParams().rank; }
    default IntParam maxIter() { return dotBiasParams().maxIter; }
    default IntParam numBlocks() { return dotBiasParams().numBlocks; }
    default DoubleParam regParam() { return dotBiasParams().regParam; }
    default DoubleParam stepSize() { return dotBiasParams().stepSize; }
    default LongParam seed() { return dotBiasParams().seed; }
}
