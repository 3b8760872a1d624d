package org.collab4j.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.collab4j.kernel.Rng;

/** A small rating log drawn from a rank-3 model with noise, 1..5 stars, as dense columns and DataFrames. */
final class TinyRatings {
    static final StructType DENSE = new StructType().add("uidx", DataTypes.IntegerType, false)
            .add("iidx", DataTypes.IntegerType, false).add("rating", DataTypes.FloatType, false);

    final int numUsers, numItems;
    final int[] user, item;
    final float[] value;
    final boolean[] valid;

    TinyRatings(int numUsers, int numItems, int perUser, long seed) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        Rng rng = new Rng(seed);
        float[] p = new float[numUsers * 3], q = new float[numItems * 3];
        rng.truncatedNormal(p, 0.8f);
        rng.truncatedNormal(q, 0.8f);
        int n = numUsers * perUser;
        user = new int[n];
        item = new int[n];
        value = new float[n];
        valid = new boolean[n];
        int r = 0;
        for (int u = 0; u < numUsers; u++) {
            boolean[] taken = new boolean[numItems];
            for (int j = 0; j < perUser; j++) {
                int i;
                do i = rng.nextInt(numItems); while (taken[i]);
                taken[i] = true;
                double x = 3.5 + 0.3 * (u % 5 - 2) / 2.0 + p[u * 3] * q[i * 3] + p[u * 3 + 1] * q[i * 3 + 1] + p[u * 3 + 2] * q[i * 3 + 2]
                        + 0.4 * rng.nextGaussian();
                user[r] = u;
                item[r] = i;
                value[r] = (float) Math.max(1, Math.min(5, Math.rint(x)));
                valid[r++] = rng.nextDouble() < 0.2;
            }
        }
    }

    Dataset<Row> frame(boolean validRows) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < value.length; r++) if (valid[r] == validRows) rows.add(RowFactory.create(user[r], item[r], value[r]));
        return SparkTestSession.get().createDataFrame(rows, DENSE);
    }

    /** The log as a CSV with a header, external ids "u7" and "i12". */
    String csv() {
        StringBuilder sb = new StringBuilder("userId,itemId,rating\n");
        for (int r = 0; r < value.length; r++) sb.append('u').append(user[r]).append(",i").append(item[r]).append(',').append((int) value[r]).append('\n');
        return sb.toString();
    }
}
