package org.collab4j.spark.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;

/** The parameter accessors {@link DotBias} and {@link DotBiasModel} share beyond {@link HasRecommenderParams}. */
public interface HasDotBiasParams extends HasRecommenderParams {
    /** The owner's parameters. */
    DotBiasParams dotBiasParams();

    @Override
    default RecommenderParams recommenderParams() { return dotBiasParams(); }
    default IntParam numBlocks() { return dotBiasParams().numBlocks; }
    default DoubleParam stepSize() { return dotBiasParams().stepSize; }
}
