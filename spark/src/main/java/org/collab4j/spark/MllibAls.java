package org.collab4j.spark;

import java.util.List;

import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collab4j.algo.ials.IalsModel;
import org.collab4j.model.FactorModel;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * The {@code mllib-als} engine: Spark MLlib's ALS, turned into a collab4j {@link FactorModel}
 * ({@code global + b_u + b_i + p_u . q_i}, no squashing), so it is saved, served, explained and
 * folded in like any collab4j model.
 *
 * <p>The global mean and the biases are fitted first with Spark aggregations, as damped means
 * (Koren 2010): {@code b_i = sum(r - mu) / (lambda + n_i)}, then
 * {@code b_u = sum(r - mu - b_i) / (lambda + n_u)}. ALS (explicit, Zhou et al.'s weighted-lambda
 * regularisation) is then fitted to the residuals {@code r - mu - b_u - b_i}.
 */
public final class MllibAls {
    /**
     * @param rank       factors
     * @param iterations ALS sweeps
     * @param regParam   ALS's lambda
     * @param biasReg    the damping lambda of the biases
     * @param seed       ALS's seed
     */
    public record Settings(int rank, int iterations, double regParam, double biasReg, long seed) {
    }

    /** The fitted model, and Spark's ALS model (for comparisons). */
    public record Result(FactorModel model, ALSModel als, Dataset<Row> userBias, Dataset<Row> itemBias, float global) {
    }

    private MllibAls() {
    }

    /** Fits on {@code train} ({@code uidx int, iidx int, rating float}) with dense ids below numUsers / numItems. */
    public static Result train(Dataset<Row> train, int numUsers, int numItems, Settings s) {
        float mu = (float) train.agg(avg("rating")).first().getDouble(0);
        Dataset<Row> itemBias = train.groupBy("iidx")
                .agg(sum(col("rating").minus(lit(mu))).divide(count("*").plus(lit(s.biasReg()))).cast("float").as("bi"));
        Dataset<Row> withBi = train.join(itemBias, "iidx");
        Dataset<Row> userBias = withBi.groupBy("uidx")
                .agg(sum(col("rating").minus(lit(mu)).minus(col("bi"))).divide(count("*").plus(lit(s.biasReg()))).cast("float").as("bu"));
        itemBias = itemBias.cache();
        userBias = userBias.cache();
        Dataset<Row> residual = withBi.join(userBias, "uidx")
                .select(col("uidx"), col("iidx"), col("rating").minus(lit(mu)).minus(col("bu")).minus(col("bi")).cast("float").as("residual"));
        ALS als = new ALS().setRank(s.rank()).setMaxIter(s.iterations()).setRegParam(s.regParam())
                .setUserCol("uidx").setItemCol("iidx").setRatingCol("residual").setSeed(s.seed())
                .setCheckpointInterval(5).setColdStartStrategy("nan").setImplicitPrefs(false).setNonnegative(false);
        ALSModel model = als.fit(residual);

        int k = s.rank();
        float[] p = new float[numUsers * k], q = new float[numItems * k];
        float[] bu = new float[numUsers], bi = new float[numItems];
        fill(model.userFactors().collectAsList(), p, k);
        fill(model.itemFactors().collectAsList(), q, k);
        for (Row r : userBias.collectAsList()) bu[r.getInt(0)] = r.getFloat(1);
        for (Row r : itemBias.collectAsList()) bi[r.getInt(0)] = r.getFloat(1);
        FactorModel fm = new FactorModel("als", numUsers, numItems, k, p, q, bu, bi, mu, null);
        return new Result(fm, model, userBias, itemBias, mu);
    }

    /**
     * MLlib's implicit-feedback ALS (Hu, Koren and Volinsky 2008; {@code implicitPrefs}) on
     * {@code train}'s {@code rating} column as interaction weights r: confidence {@code 1 + alpha r},
     * preference 1 for every observed pair, weight 1 and preference 0 for the others, and MLlib's
     * regularisation {@code regParam n_u} (n_u the row's observed pairs).
     *
     * <p>The factors become an {@link IalsModel} with the same objective for the unobserved pairs
     * ({@code alpha0 = 1}). Its fold-in regularises a new user with {@code lambda = regParam x}
     * the mean number of items a user has ({@code nu = 0}), MLlib's {@code regParam n_u} at the
     * typical n_u; known users keep MLlib's factors exactly.
     */
    public static IalsModel trainImplicit(Dataset<Row> train, int numUsers, int numItems, Settings s, double alpha) {
        ALS als = new ALS().setRank(s.rank()).setMaxIter(s.iterations()).setRegParam(s.regParam()).setImplicitPrefs(true).setAlpha(alpha)
                .setUserCol("uidx").setItemCol("iidx").setRatingCol("rating").setSeed(s.seed())
                .setCheckpointInterval(5).setColdStartStrategy("nan").setNonnegative(false);
        ALSModel model = als.fit(train);
        int k = s.rank();
        float[] p = new float[numUsers * k], q = new float[numItems * k];
        fill(model.userFactors().collectAsList(), p, k);
        fill(model.itemFactors().collectAsList(), q, k);
        long pairs = train.count(), users = train.select("uidx").distinct().count();
        double meanItems = users == 0 ? 1 : (double) pairs / users;
        return new IalsModel(numUsers, numItems, k, p, q, 1.0, s.regParam() * meanItems, 0.0, "cg");
    }

    private static void fill(List<Row> rows, float[] out, int k) {
        for (Row r : rows) {
            int id = r.getInt(0);
            List<Float> f = r.getList(1);
            for (int j = 0; j < k; j++) out[id * k + j] = f.get(j);
        }
    }
}
