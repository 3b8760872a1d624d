package org.collab4j.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session shared by every test class of the module (starting one takes seconds). */
public final class SparkTestSession {
    private static SparkSession spark;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (spark == null) {
            try {
                spark = SparkMain.session("local[2]", null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            spark.conf().set("spark.sql.shuffle.partitions", "4");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
        }
        return spark;
    }

    static JavaSparkContext sc() {
        return JavaSparkContext.fromSparkContext(get().sparkContext());
    }
}
