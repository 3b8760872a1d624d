package org.collab4j.spark.ml;

import org.apache.spark.ml.param.DoubleParam;

/** The parameter accessors {@link ImplicitAls} and {@link ImplicitAlsModel} share beyond {@link HasRecommenderParams}. */
public interface HasImplicitAlsParams extends HasRecommenderParams {
    /** The owner's parameters. */
    ImplicitAlsParams implicitAlsParams();

    @Override
    default RecommenderParams recommenderParams() { return implicitAlsParams(); }
    default DoubleParam alpha() { return implicitAlsParams().alpha; }
}
