package org.collab4j.spark;

import java.io.IOException;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Where a Spark command runs: the master and the checkpoint folder ({@code train} and {@code bench}). */
final class SessionOptions {
    @Option(names = "--master", description = "Spark master when not run by spark-submit (default: local[*]).")
    String master;

    @Option(names = "--checkpoint-dir", description = "Spark checkpoint folder (ALS needs one for many iterations; default: a temporary folder).")
    String checkpointDir;

    /** The session of spark-submit, or a local one ({@link SparkMain#session}). */
    SparkSession session() throws IOException {
        return SparkMain.session(master, checkpointDir);
    }

    /** Stops the session when this command started it (a local master); spark-submit's is left to spark-submit. */
    void stop(SparkSession spark) {
        if (master != null) spark.stop();
    }
}
