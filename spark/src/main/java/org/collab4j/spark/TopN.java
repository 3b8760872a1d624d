package org.collab4j.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.collab4j.model.FactorModel;
import org.collab4j.kernel.TopK;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;

/**
 * Batch top-N for every user, on the executors: each user's items scored with a broadcast copy of
 * the model, training items excluded (as {@code recommend} does), written as Parquet
 * {@code user string, rank int, item string, score float} (rank 1 is the best).
 */
public final class TopN {
    private static final StructType DENSE = new StructType()
            .add("uidx", DataTypes.IntegerType, false).add("rank", DataTypes.IntegerType, false)
            .add("iidx", DataTypes.IntegerType, false).add("score", DataTypes.FloatType, false);

    private TopN() {
    }

    /**
     * @param train    training ratings {@code uidx, iidx, rating}
     * @param userIds  {@code user string, uidx int}
     * @param itemIds  {@code item string, iidx int}
     */
    public static Dataset<Row> compute(SparkSession spark, FactorModel model, Dataset<Row> train, Dataset<Row> userIds,
                                       Dataset<Row> itemIds, int n) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ModelArrays> b = sc.broadcast(new ModelArrays(model));
        Dataset<Row> seen = userIds.select("uidx").join(train.groupBy("uidx").agg(collect_list("iidx").as("seen")), new String[] {"uidx"}, "left");
        Dataset<Row> dense = spark.createDataFrame(seen.javaRDD().mapPartitions(rows -> {
            FactorModel m = b.value().model();
            float[] scores = new float[m.numItems()];
            TopK top = new TopK(n);
            int[] ids = new int[n];
            float[] best = new float[n];
            List<Row> out = new ArrayList<>();
            while (rows.hasNext()) {
                Row r = rows.next();
                int u = r.getInt(0);
                m.scoreItems(u, scores);
                if (!r.isNullAt(1)) for (Object i : r.getList(1)) scores[(Integer) i] = Float.NEGATIVE_INFINITY;
                top.clear();
                for (int i = 0; i < scores.length; i++) if (scores[i] != Float.NEGATIVE_INFINITY) top.offer(i, scores[i]);
                int got = top.drainSorted(ids, best);
                for (int j = 0; j < got; j++) out.add(RowFactory.create(u, j + 1, ids[j], best[j]));
            }
            return out.iterator();
        }), DENSE);
        return dense.join(userIds, "uidx").join(itemIds, "iidx")
                .select(col("user"), col("rank"), col("item"), col("score"));
    }

}
