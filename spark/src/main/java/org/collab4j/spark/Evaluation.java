package org.collab4j.spark;

import java.util.Collections;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collab4j.model.FactorModel;

/** RMSE and MAE of a model on held-out ratings, computed on the executors. */
public final class Evaluation {
    /** @param n rows scored */
    public record Accuracy(double rmse, double mae, long n) {
    }

    private Evaluation() {
    }

    /** Scores {@code ratings} ({@code uidx int, iidx int, rating float}) with a broadcast copy of {@code model}. */
    public static Accuracy accuracy(JavaSparkContext sc, FactorModel model, Dataset<Row> ratings) {
        Broadcast<ModelArrays> b = sc.broadcast(new ModelArrays(model));
        double[] sums = ratings.javaRDD().mapPartitions(rows -> {
            FactorModel m = b.value().model();
            double se = 0, ae = 0, n = 0;
            while (rows.hasNext()) {
                Row r = rows.next();
                double e = m.predict(r.getInt(0), r.getInt(1)) - r.getFloat(2);
                se += e * e;
                ae += Math.abs(e);
                n++;
            }
            return Collections.singletonList(new double[] {se, ae, n}).iterator();
        }).reduce((x, y) -> new double[] {x[0] + y[0], x[1] + y[1], x[2] + y[2]});
        b.destroy();
        long n = (long) sums[2];
        return new Accuracy(n == 0 ? Double.NaN : Math.sqrt(sums[0] / n), n == 0 ? Double.NaN : sums[1] / n, n);
    }
}
