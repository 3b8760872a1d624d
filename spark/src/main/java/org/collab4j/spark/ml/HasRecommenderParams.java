package org.collab4j.spark.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * The parameter accessors every collab4j estimator and model shares, by MLlib's names (its
 * {@code Params} finds them as public methods without arguments that return a {@code Param}).
 */
public interface HasRecommenderParams {
    /** The owner's parameters. */
    RecommenderParams recommenderParams();

    default Param<String> userCol() { return recommenderParams().userCol; }
    default Param<String> itemCol() { return recommenderParams().itemCol; }
    default Param<String> ratingCol() { return recommenderParams().ratingCol; }
    default Param<String> predictionCol() { return recommenderParams().predictionCol; }
    default Param<String> coldStartStrategy() { return recommenderParams().coldStartStrategy; }
    default IntParam rank() { return recommenderParams().rank; }
    default IntParam maxIter() { return recommenderParams().maxIter; }
    default DoubleParam regParam() { return recommenderParams().regParam; }
    default LongParam seed() { return recommenderParams().seed; }
}
