package org.collab4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code collab4j spark ...}: training on Apache Spark runs on the Spark module's own jar, with
 * Spark on the class path, which the launcher ({@code ./collab4j spark ...}) builds and starts; this
 * jar only lists the command and says how to reach it.
 */
@Command(name = "spark", description = "Train on Apache Spark (DSGD dot-bias or MLlib ALS) and write a model file:"
        + " './collab4j spark train --master local[2] --data ml-100k --out model.c4j'; './collab4j spark --help' lists its options.")
final class SparkCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        throw new UserException("spark runs on the Spark module's jar, with Spark on the class path: run it through the launcher,"
                + " '" + ("./collab4j spark " + String.join(" ", args)).trim() + "', or with spark-submit --class org.collab4j.spark.SparkMain"
                + " spark/target/collab4j-spark.jar (see docs/spark.md)");
    }
}
