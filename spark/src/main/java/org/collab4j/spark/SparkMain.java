package org.collab4j.spark;

import java.io.PrintWriter;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.collab4j.data.DataFormatException;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Progress;
import org.collab4j.options.DataOptions;
import org.collab4j.options.NumberOptions;
import org.collab4j.options.UsageErrors;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spark-submit --class org.collab4j.spark.SparkMain collab4j-spark.jar train --data PATH ...}:
 * training ({@link TrainCommand}, with the options of {@code collab4j train}) and timing the engines
 * side by side ({@link BenchCommand}).
 */
@Command(name = "collab4j-spark", mixinStandardHelpOptions = true, subcommands = {TrainCommand.class, BenchCommand.class},
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
        NumberOptions.register(cl);
        cl.setParameterExceptionHandler((e, a) -> {
            UsageErrors.print(e);
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.getSubcommands().get("train").getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> TrainCommand.engineOptionKeys());
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

    /** Whether the data is Parquet ({@code --format parquet}): the Spark reader's own layout, which the local loader does not know. */
    static boolean isParquet(DataOptions d) {
        return "parquet".equalsIgnoreCase(d.format);
    }

    /** The data options for the Spark reader: the loader's, with Parquet left to the reader; one thread, no times. */
    static LoadOptions loadOptions(DataOptions d) {
        return (isParquet(d) ? d.loadOptionsWithoutFormat(1, false, false) : d.loadOptions(1, false, false)).build();
    }

    /**
     * What the reader reads: a known name (ml-100k, ...) resolved under {@code --data-dir},
     * {@code $COLLAB4J_DATA} or {@code ~/.collab4j/data} as for {@code collab4j train}; anything else,
     * any Hadoop path, as given.
     */
    static String source(DataOptions d) {
        return d.isKnown() ? d.resolve(Progress.NONE).toString() : d.data;
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

    /** The session of spark-submit, or a local one; quiet logs, a checkpoint folder for ALS. */
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
}
