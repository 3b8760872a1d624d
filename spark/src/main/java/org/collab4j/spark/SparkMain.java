package org.collab4j.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.SparkSession;
import org.collab4j.data.DataFormatException;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.RatingScale;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class org.collab4j.spark.SparkMain collab4j-spark.jar train --data PATH ...}:
 * the same option names as {@code collab4j train}, plus the Spark ones ({@code --engine},
 * {@code --blocks}, {@code --master}, {@code --top-n}, {@code --checkpoint-dir}).
 */
@Command(name = "collab4j-spark", mixinStandardHelpOptions = true, subcommands = {SparkMain.Train.class, BenchCommand.class},
        description = "Train collab4j models on Apache Spark.")
public final class SparkMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try 'train --help')");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            boolean verbose = false;
            for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) verbose |= r.hasMatchedOption("--verbose");
            Throwable shown = e;
            if (e instanceof java.io.UncheckedIOException && e.getCause() != null) shown = e.getCause();
            String m = shown.getMessage();
            c.getErr().println("collab4j: error: " + (m == null || m.isBlank() ? shown.toString() : m));
            if (verbose) e.printStackTrace(c.getErr());
            else if (!(e instanceof DataFormatException || e instanceof IllegalArgumentException || e instanceof java.io.IOException
                    || e instanceof java.io.UncheckedIOException))
                c.getErr().println("(run again with --verbose for the stack trace)");
            c.getErr().flush();
            return 1;
        });
        return cl.execute(args);
    }

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Train dot-bias with DSGD (or MLlib ALS) on Spark, validate on the executors, save a collab4j model file.")
    static final class Train implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "PATH", description = "Ratings: a known data set (ml-100k, ...) or a file or folder on any Hadoop path (CSV/TSV/'::' or Parquet).")
        String data;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of known data sets (default: $COLLAB4J_DATA, else ~/.collab4j/data).")
        java.nio.file.Path dataDir;
        @Option(names = "--format", paramLabel = "FMT", description = "auto, ml100k, ml_dat, csv, delimited or parquet (default: detected).")
        String format;
        @Option(names = "--columns", paramLabel = "LIST", description = "Field order, e.g. user,item,rating,time (skip to ignore one).")
        String columns;
        @Option(names = "--delimiter", paramLabel = "D", description = "A character, '::', 'tab' or 'whitespace' (default: detected).")
        String delimiter;
        @Option(names = "--header", arity = "0..1", paramLabel = "BOOL", description = "Whether the first line is a header (default: detected).")
        Boolean header;
        @Option(names = "--rating-scale", paramLabel = "MIN,MAX", description = "Declared rating scale.")
        String ratingScale;
        @Option(names = "--skip-bad-lines", description = "Skip malformed lines and count them.")
        boolean skipBadLines;

        @Option(names = "--model", defaultValue = "dot-bias", description = "dot-bias (with --engine dsgd) or als (with --engine mllib-als; "
                + "ials with --implicit).")
        String model;
        @Option(names = "--implicit", description = "With --engine mllib-als: MLlib's implicit-feedback ALS (implicitPrefs; the value column "
                + "holds interaction weights such as play counts; --set alpha=A, confidence 1 + A r; --wd is its regParam), saved as an "
                + "ials model.")
        boolean implicit;
        @Option(names = "--engine", defaultValue = "dsgd", description = "dsgd or mllib-als (default: ${DEFAULT-VALUE}).")
        String engine;
        @Option(names = "--factors", defaultValue = "50", description = "Latent factors (default: ${DEFAULT-VALUE}).")
        int factors;
        @Option(names = "--epochs", defaultValue = "5", description = "Epochs; ALS sweeps for mllib-als (default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--lr", description = "SGD step, the peak under one-cycle (default: 0.005).")
        Double lr;
        @Option(names = "--wd", description = "Per-rating L2 for DSGD (default 0.05); ALS's regParam (default 0.1).")
        Double wd;
        @Option(names = "--bs", defaultValue = "64", description = "Accepted for compatibility; DSGD steps per rating.")
        int bs;
        @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd (DSGD is plain per-rating SGD).")
        String optimizer;
        @Option(names = "--schedule", defaultValue = "constant", description = "one-cycle or constant (default: ${DEFAULT-VALUE}).")
        String schedule;
        @Option(names = "--y-range", paramLabel = "LOW,HIGH", description = "Squash predictions (default: from the rating scale).")
        String yRange;
        @Option(names = "--threads", description = "Accepted for compatibility; parallelism is Spark's.")
        Integer threads;
        @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Model-specific options: bias-l2, init-std (dsgd); bias-reg (mllib-als); alpha (mllib-als --implicit).")
        Map<String, String> extra = new LinkedHashMap<>();

        @Option(names = "--split", defaultValue = "random", description = "random or none (default: ${DEFAULT-VALUE}).")
        String split;
        @Option(names = "--valid-pct", defaultValue = "0.2", description = "Share held out (default: ${DEFAULT-VALUE}).")
        double validPct;
        @Option(names = "--test", paramLabel = "FILE", description = "Hold out exactly the ratings in FILE.")
        String test;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the model file here (any Hadoop path; written atomically by the driver).")
        String out;
        @Option(names = "--top-n", paramLabel = "N", defaultValue = "10", description = "Items per user in --top-n-out (default: ${DEFAULT-VALUE}).")
        int topN;
        @Option(names = "--top-n-out", paramLabel = "PATH", description = "Write every user's top-N as Parquet (user, rank, item, score).")
        String topNOut;

        @Option(names = "--master", description = "Spark master when not run by spark-submit (default: local[*]).")
        String master;
        @Option(names = "--blocks", defaultValue = "0", description = "DSGD grid side d (default: Spark's default parallelism).")
        int blocks;
        @Option(names = "--checkpoint-dir", description = "Spark checkpoint folder (ALS needs one for many iterations; default: a temporary folder).")
        String checkpointDir;

        @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
        boolean json;
        @Option(names = "--verbose", description = "Show stack traces on errors.")
        boolean verbose;
        @Option(names = "--quiet", description = "No tables on stderr.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            PrintWriter err = spec.commandLine().getErr();
            boolean als = engine.equals("mllib-als");
            if (!engine.equals("dsgd") && !als) throw new IllegalArgumentException("unknown --engine '" + engine + "'; expected dsgd or mllib-als");
            if (implicit && !als) throw new IllegalArgumentException("--implicit goes with --engine mllib-als (MLlib's implicit-feedback ALS)");
            if (implicit && (model.equals("dot-bias") || model.equals("ials"))) model = "ials";
            else if (implicit) throw new IllegalArgumentException("--engine mllib-als --implicit trains ials, got --model " + model);
            if (als && model.equals("dot-bias")) model = "als";
            if (!als && !model.equals("dot-bias")) throw new IllegalArgumentException("--engine dsgd trains dot-bias, got --model " + model);
            if (!optimizer.equals("sgd") && !als) throw new IllegalArgumentException("DSGD is plain SGD: --optimizer must be sgd, got " + optimizer);
            TrainConfig config = new TrainConfig(factors, epochs, lr != null ? lr : 0.005, wd != null ? wd : (als ? 0.1 : 0.05), bs,
                    "sgd", schedule, parseYRange(yRange), threads != null ? threads : Runtime.getRuntime().availableProcessors(), seed,
                    checked(implicit ? "mllib-als-implicit" : engine, extra, err, quiet));
            LoadOptions.Builder lb = LoadOptions.builder().skipBadLines(skipBadLines).keepTime(false).threads(1);
            boolean parquet = format != null && format.equalsIgnoreCase("parquet");
            if (format != null && !parquet) lb.format(LoadOptions.Format.parse(format));
            if (columns != null) lb.columns(columns);
            if (delimiter != null) lb.delimiter(delimiter.equals("tab") ? "\t" : delimiter);
            if (header != null) lb.header(header);
            if (ratingScale != null) lb.scale(parseScale(ratingScale));
            // a known name (ml-100k, ...) resolves under --data-dir / $COLLAB4J_DATA as for ./collab4j train
            org.collab4j.data.DatasetRegistry registry = new org.collab4j.data.DatasetRegistry();
            if (registry.find(data) != null)
                data = registry.resolve(data, org.collab4j.data.DatasetRegistry.defaultDataDir(dataDir), true, org.collab4j.data.Progress.NONE).toString();
            SparkTrainer.Job job = new SparkTrainer.Job(data, lb.build(), parquet, implicit ? "mllib-als-implicit" : engine, config, split, validPct,
                    test, blocks, out, topNOut, topN);

            SparkSession spark = session(master, checkpointDir);
            try {
                List<Callback> callbacks = new ArrayList<>();
                if (!quiet) callbacks.add(new EpochPrinter(err));
                SparkTrainer.Outcome o = SparkTrainer.run(spark, job, callbacks, msg -> {
                    if (!quiet) {
                        err.println(msg);
                        err.flush();
                    }
                });
                if (!quiet && implicit) {
                    err.printf("%d held-out interactions: score them with ./collab4j evaluate --model M --data HELD-OUT (full-ranking metrics)%n", o.nValid());
                    err.printf("trained in %.2f s%s%n", o.trainSeconds(), out != null ? "; model saved to " + out : "");
                } else if (!quiet) {
                    err.printf("valid RMSE %.4f  MAE %.4f  (%d ratings)%n", o.validRmse(), o.validMae(), o.nValid());
                    err.printf("trained in %.2f s%s%n", o.trainSeconds(), out != null ? "; model saved to " + out : "");
                }
                if (json) {
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
                if (master != null) spark.stop();
            }
        }

        private static void put(ObjectNode o, String key, double v) {
            if (Double.isFinite(v)) o.put(key, v);
            else o.putNull(key);
        }
    }

    /** fastai's epoch table on stderr, a row as each epoch ends. */
    static final class EpochPrinter implements Callback {
        private final PrintWriter err;

        EpochPrinter(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void beforeFit(int e, int b) {
            err.println(String.format("%-6s %-11s %-11s %s", "epoch", "train_loss", "valid_loss", "time"));
        }

        @Override
        public void afterEpoch(EpochResult r) {
            err.println(String.format("%-6d %-11s %-11s %.2fs", r.epoch(), num(r.trainLoss()), num(r.validLoss()), r.seconds()));
            err.flush();
        }

        private static String num(double v) {
            return Double.isNaN(v) ? "-" : String.format("%.6f", v);
        }
    }

    /** The session of spark-submit, or a local one; quiet logs, a checkpoint folder for ALS. */
    /**
     * {@code extra} checked against the options of {@code engine} ({@link SparkTrainer#options}),
     * under their current keys; a note for each older spelling goes to {@code err} (not under --quiet).
     */
    static Map<String, String> checked(String engine, Map<String, String> extra, PrintWriter err, boolean quiet) {
        org.collab4j.train.OptionValues v = org.collab4j.train.OptionValues.parse(engine, SparkTrainer.options(engine), extra);
        if (!quiet) for (String w : v.warnings()) err.println("collab4j: warning: " + w);
        err.flush();
        return v.canonical();
    }

    static SparkSession session(String master, String checkpointDir) throws java.io.IOException {
        SparkSession.Builder b = SparkSession.builder().appName("collab4j");
        if (master != null) b.master(master);
        else if (System.getProperty("spark.master") == null) b.master("local[*]");
        b.config("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"));
        String effective = master != null ? master : System.getProperty("spark.master", "local[*]");
        if (effective.startsWith("local")) {
            // a local session talks only to itself: keep the driver on loopback
            b.config("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"));
            b.config("spark.driver.bindAddress", System.getProperty("spark.driver.bindAddress", "127.0.0.1"));
        }
        b.config("spark.sql.shuffle.partitions", System.getProperty("spark.sql.shuffle.partitions", "8"));
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        if (spark.sparkContext().getCheckpointDir().isEmpty()) {
            String dir = checkpointDir != null ? checkpointDir : java.nio.file.Files.createTempDirectory("collab4j-checkpoints").toString();
            spark.sparkContext().setCheckpointDir(dir);
        }
        return spark;
    }

    static float[] parseYRange(String s) {
        if (s == null) return null;
        String[] p = s.split(",");
        try {
            if (p.length == 2) return new float[] {Float.parseFloat(p[0].trim()), Float.parseFloat(p[1].trim())};
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException("--y-range must be two numbers LOW,HIGH, got '" + s + "'");
    }

    static RatingScale parseScale(String s) {
        String[] p = s.split(",");
        try {
            if (p.length == 2) return new RatingScale(Float.parseFloat(p[0].trim()), Float.parseFloat(p[1].trim()));
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException("--rating-scale must be two numbers MIN,MAX, got '" + s + "'");
    }
}
