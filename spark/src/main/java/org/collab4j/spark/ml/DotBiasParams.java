package org.collab4j.spark.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The parameters {@link DotBias} and {@link DotBiasModel} share, named as MLlib's {@code ALS}
 * names them, with their defaults. One instance per owner: Spark ties each parameter to its
 * owner's uid.
 */
public final class DotBiasParams implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Param<String> userCol, itemCol, ratingCol, predictionCol, coldStartStrategy;
    final IntParam rank, maxIter, numBlocks;
    final DoubleParam regParam, stepSize;
    final LongParam seed;

    DotBiasParams(Params owner) {
        userCol = new Param<>(owner, "userCol", "column of user ids (any type; compared as strings)");
        itemCol = new Param<>(owner, "itemCol", "column of item ids (any type; compared as strings)");
        ratingCol = new Param<>(owner, "ratingCol", "column of ratings (numeric)");
        predictionCol = new Param<>(owner, "predictionCol", "column transform adds: the predicted rating");
        coldStartStrategy = new Param<>(owner, "coldStartStrategy",
                "what transform does with a user or item the model has not seen: nan (a NaN prediction) or drop (the row is dropped)",
                ParamValidators.inArray(new String[] {"nan", "drop"}));
        rank = new IntParam(owner, "rank", "latent factors", ParamValidators.gtEq(1));
        maxIter = new IntParam(owner, "maxIter", "epochs of distributed SGD", ParamValidators.gtEq(1));
        numBlocks = new IntParam(owner, "numBlocks", "side d of the DSGD grid (0: Spark's default parallelism)", ParamValidators.gtEq(0));
        regParam = new DoubleParam(owner, "regParam", "per-rating L2 on factors and biases (collab4j's --wd)", ParamValidators.gtEq(0));
        stepSize = new DoubleParam(owner, "stepSize", "SGD step (collab4j's --lr)", ParamValidators.gt(0));
        seed = new LongParam(owner, "seed", "seed of the initial factors, the grid and the split into blocks");
    }

    /** Sets every default on {@code owner}: the single-machine DSGD defaults of {@code collab4j spark train}. */
    void setDefaults(Params owner) {
        owner.setDefault(userCol, "user");
        owner.setDefault(itemCol, "item");
        owner.setDefault(ratingCol, "rating");
        owner.setDefault(predictionCol, "prediction");
        owner.setDefault(coldStartStrategy, "nan");
        owner.setDefault(rank, 50);
        owner.setDefault(maxIter, 10);
        owner.setDefault(numBlocks, 0);
        owner.setDefault(regParam, 0.05);
        owner.setDefault(stepSize, 0.005);
        owner.setDefault(seed, 42L);
    }

    /** Checks the input columns of {@code schema} ({@code rating} too when {@code fitting}) and adds the prediction column. */
    static StructType transformSchema(StructType schema, String user, String item, String rating, String prediction, boolean fitting) {
        require(schema, user, false);
        require(schema, item, false);
        if (fitting) require(schema, rating, true);
        for (StructField f : schema.fields())
            if (f.name().equals(prediction)) {
                if (fitting) return schema;
                throw new IllegalArgumentException("output column " + prediction + " already exists");
            }
        return fitting ? schema : schema.add(prediction, DataTypes.FloatType, false);
    }

    private static void require(StructType schema, String column, boolean numeric) {
        StructField f = null;
        for (StructField x : schema.fields()) if (x.name().equals(column)) f = x;
        if (f == null) throw new IllegalArgumentException("no column '" + column + "' (the columns are " + String.join(", ", schema.fieldNames()) + ")");
        if (numeric && !(f.dataType() instanceof NumericType))
            throw new IllegalArgumentException("column '" + column + "' must be numeric, is " + f.dataType().simpleString());
        if (!numeric && !(f.dataType() instanceof NumericType) && !(f.dataType() instanceof StringType))
            throw new IllegalArgumentException("column '" + column + "' must hold ids (string or integer), is " + f.dataType().simpleString());
    }
}
