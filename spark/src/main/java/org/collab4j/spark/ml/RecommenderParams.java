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
 * The parameters every collab4j estimator and model shares with MLlib's {@code ALS}, by its names:
 * the columns, the cold-start strategy, rank, iterations, regularisation and seed. One instance
 * per owner: Spark ties each parameter to its owner's uid.
 */
public abstract class RecommenderParams implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Param<String> userCol, itemCol, ratingCol, predictionCol, coldStartStrategy;
    final IntParam rank, maxIter;
    final DoubleParam regParam;
    final LongParam seed;

    /**
     * @param rating     what the rating column holds
     * @param prediction what transform's column holds
     * @param iteration  what one iteration is
     * @param reg        what the regularisation is
     */
    RecommenderParams(Params owner, String rating, String prediction, String iteration, String reg) {
        userCol = new Param<>(owner, "userCol", "column of user ids (any type; compared as strings)");
        itemCol = new Param<>(owner, "itemCol", "column of item ids (any type; compared as strings)");
        ratingCol = new Param<>(owner, "ratingCol", "column of " + rating + " (numeric)");
        predictionCol = new Param<>(owner, "predictionCol", "column transform adds: " + prediction);
        coldStartStrategy = new Param<>(owner, "coldStartStrategy",
                "what transform does with a user or item the model has not seen: nan (a NaN prediction) or drop (the row is dropped)",
                ParamValidators.inArray(new String[] {"nan", "drop"}));
        rank = new IntParam(owner, "rank", "latent factors", ParamValidators.gtEq(1));
        maxIter = new IntParam(owner, "maxIter", iteration, ParamValidators.gtEq(1));
        regParam = new DoubleParam(owner, "regParam", reg, ParamValidators.gtEq(0));
        seed = new LongParam(owner, "seed", "seed of the initial factors");
    }

    /** Sets the shared defaults on {@code owner}: MLlib's column names and the model's own rank, iterations and regularisation. */
    void setDefaults(Params owner, int rankDefault, int maxIterDefault, double regParamDefault) {
        owner.setDefault(userCol, "user");
        owner.setDefault(itemCol, "item");
        owner.setDefault(ratingCol, "rating");
        owner.setDefault(predictionCol, "prediction");
        owner.setDefault(coldStartStrategy, "nan");
        owner.setDefault(rank, rankDefault);
        owner.setDefault(maxIter, maxIterDefault);
        owner.setDefault(regParam, regParamDefault);
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
