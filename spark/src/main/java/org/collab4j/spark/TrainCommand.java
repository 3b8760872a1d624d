package org.collab4j.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.SparkSession;
import org.collab4j.options.CommonOptions;
import org.collab4j.options.DataOptions;
import org.collab4j.options.SplitOptions;
import org.collab4j.options.TrainOptions;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code collab4j-spark train}: the data, split, training and output options of {@code collab4j train}
 * (the same option groups, from {@code org.collab4j.options}: one name, default, help text and check
 * for each), plus the Spark ones ({@code --engine}, {@code --implicit}, {@code --blocks},
 * {@code --master}, {@code --top-n}, {@code --checkpoint-dir}). DSGD is plain per-rating SGD, by
 * default at a constant rate: the command's defaults of {@code --optimizer} and {@code --schedule}
 * ({@link EngineDefaults}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = TrainCommand.EngineDefaults.class,
        description = {"Train dot-bias with DSGD (or MLlib ALS) on Spark, validate on the executors, save a collab4j model file.",
            "--data and --test also take any Hadoop path, and Parquet (--format parquet, or a .parquet file or folder);"
                    + " --split is random or none on Spark."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions dataOptions = new DataOptions();
    @Mixin
    TrainOptions trainOptions = new TrainOptions();
    @Option(names = "--implicit", description = "With --engine mllib-als: MLlib's implicit-feedback ALS (implicitPrefs; the value column "
            + "holds interaction weights such as play counts; --set alpha=A, confidence 1 + A r; --wd is its regParam), saved as an "
            + "ials model.")
    boolean implicit;
    @Option(names = "--engine", defaultValue = "dsgd", description = "dsgd or mllib-als (default: ${DEFAULT-VALUE}).")
    String engine;
    @Mixin
    SplitOptions splitOptions = new SplitOptions();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the model file here (any Hadoop path; written atomically by the driver).")
    String out;
    @Option(names = "--top-n", paramLabel = "N", defaultValue = "10", description = "Items per user in --top-n-out (default: ${DEFAULT-VALUE}).")
    int topN;
    @Option(names = "--top-n-out", paramLabel = "PATH", description = "Write every user's top-N as Parquet (user, rank, item, score).")
    String topNOut;

    @Option(names = "--blocks", defaultValue = "0", description = "DSGD grid side d (default: Spark's default parallelism).")
    int blocks;
    @Mixin
    SessionOptions session = new SessionOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        TrainOptions t = trainOptions;
        boolean als = engine.equals("mllib-als");
        if (!engine.equals("dsgd") && !als) throw new IllegalArgumentException("unknown --engine '" + engine + "'; expected dsgd or mllib-als");
        if (implicit && !als) throw new IllegalArgumentException("--implicit goes with --engine mllib-als (MLlib's implicit-feedback ALS)");
        if (implicit && (t.model.equals("dot-bias") || t.model.equals("ials"))) t.model = "ials";
        else if (implicit) throw new IllegalArgumentException("--engine mllib-als --implicit trains ials, got --model " + t.model);
        if (als && t.model.equals("dot-bias")) t.model = "als";
        if (!als && !t.model.equals("dot-bias")) throw new IllegalArgumentException("--engine dsgd trains dot-bias, got --model " + t.model);
        if (!t.optimizer.equals("sgd") && !als) throw new IllegalArgumentException("DSGD is plain SGD: --optimizer must be sgd, got " + t.optimizer);
        String engineName = implicit ? "mllib-als-implicit" : engine;
        // the model's defaults for what is not given, as for ./collab4j train; the engine's own options checked by its specs
        TrainConfig config = t.config().withExtras(SparkMain.checked(engineName, t.extra, err, common.quiet));
        String data = SparkMain.source(dataOptions);
        SparkTrainer.Job job = new SparkTrainer.Job(data, SparkMain.loadOptions(dataOptions), SparkMain.isParquet(dataOptions), engineName, config,
                splitOptions.split, splitOptions.validPct, splitOptions.test, blocks, out, topNOut, topN);

        SparkSession spark = session.session();
        try {
            List<Callback> callbacks = new ArrayList<>();
            if (!common.quiet) callbacks.add(new SparkMain.EpochPrinter(err));
            SparkTrainer.Outcome o = SparkTrainer.run(spark, job, callbacks, msg -> {
                if (!common.quiet) {
                    err.println(msg);
                    err.flush();
                }
            });
            if (!common.quiet && implicit) {
                err.printf("%d held-out interactions: score them with ./collab4j evaluate --model M --data HELD-OUT (full-ranking metrics)%n", o.nValid());
                err.printf("trained in %.2f s%s%n", o.trainSeconds(), out != null ? "; model saved to " + out : "");
            } else if (!common.quiet) {
                err.printf("valid RMSE %.4f  MAE %.4f  (%d ratings)%n", o.validRmse(), o.validMae(), o.nValid());
                err.printf("trained in %.2f s%s%n", o.trainSeconds(), out != null ? "; model saved to " + out : "");
            }
            if (common.json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode j = mapper.createObjectNode();
                j.put("model", o.model().kind());
                j.put("engine", engine);
                j.put("implicit", implicit);
                j.put("data", data);
                j.put("split", o.model().provenance().get("split"));
                j.put("n_train", o.nTrain());
                j.put("n_valid", o.nValid());
                ArrayNode ep = j.putArray("epochs");
                for (EpochResult e : o.epochs()) {
                    ObjectNode row = ep.addObject();
                    row.put("epoch", e.epoch());
                    put(row, "train_loss", e.trainLoss());
                    put(row, "valid_loss", e.validLoss());
                    row.put("seconds", e.seconds());
                }
                put(j, "valid_rmse", o.validRmse());
                put(j, "valid_mae", o.validMae());
                j.put("train_seconds", o.trainSeconds());
                j.put("total_seconds", (System.nanoTime() - t0) / 1e9);
                j.put("bad_lines_skipped", o.badLinesSkipped());
                if (o.blocks() > 0) j.put("blocks", o.blocks());
                j.put("spark_master", spark.sparkContext().master());
                if (out != null) j.put("out", out);
                if (topNOut != null) j.put("top_n_out", topNOut);
                ObjectNode hp = j.putObject("config");
                config.describe().forEach(hp::put);
                PrintWriter w = spec.commandLine().getOut();
                w.println(mapper.writeValueAsString(j));
                w.flush();
            }
            return 0;
        } finally {
            session.stop(spark);
        }
    }

    private static void put(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.putNull(key);
    }

    /**
     * The job's defaults where the engine decides them: DSGD is plain per-rating SGD ({@code --optimizer sgd})
     * at a constant rate ({@code --schedule constant}); every other option keeps the default it has in
     * {@code collab4j train}.
     */
    static final class EngineDefaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec o)) return null;
            return switch (o.longestName()) {
                case "--optimizer" -> "sgd";
                case "--schedule" -> "constant";
                default -> null;
            };
        }
    }

    /** The footer of {@code train --help}: each engine's own options ({@code --set KEY=VALUE}). */
    static String engineOptionKeys() {
        StringBuilder sb = new StringBuilder("Engine options (--set KEY=VALUE; mllib-als-implicit is --engine mllib-als --implicit):")
                .append(System.lineSeparator());
        for (String engine : List.of("dsgd", "mllib-als", "mllib-als-implicit")) {
            List<String> keys = new ArrayList<>();
            for (org.collab4j.train.OptionSpec o : SparkTrainer.options(engine)) keys.add(o.key());
            sb.append(String.format("  %-19s %s", engine, String.join(", ", keys))).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
