package org.collab4j.spark;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.LoadReport;
import org.collab4j.data.Ratings;
import org.collab4j.eval.Metrics;
import org.collab4j.options.DataOptions;
import org.collab4j.data.Split;
import org.collab4j.train.EpochResult;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import org.collab4j.train.Algorithms;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code collab4j spark bench}: DSGD, MLlib ALS and (optionally) the single-machine trainer on the
 * same data, the same split and the same Spark session, timed one after the other.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time DSGD beside MLlib ALS (and the single-machine trainer) on one split in one Spark session.")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions dataOptions = new DataOptions();
    @Mixin
    SessionOptions session = new SessionOptions();
    @Option(names = "--test") String test;
    @Option(names = "--valid-pct", defaultValue = "0.2") double validPct;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--factors", defaultValue = "32", description = "DSGD factors (default: ${DEFAULT-VALUE}).") int factors;
    @Option(names = "--epochs", defaultValue = "10") int epochs;
    @Option(names = "--lr", defaultValue = "0.01") double lr;
    @Option(names = "--wd", defaultValue = "0.05") double wd;
    @Option(names = "--schedule", defaultValue = "constant") String schedule;
    @Option(names = "--blocks", defaultValue = "0") int blocks;
    @Option(names = "--set") Map<String, String> extra = new LinkedHashMap<>();
    @Option(names = "--als-rank", defaultValue = "32") int alsRank;
    @Option(names = "--als-iterations", defaultValue = "10") int alsIterations;
    @Option(names = "--als-reg", defaultValue = "0.1") double alsReg;
    @Option(names = "--engines", defaultValue = "dsgd,mllib-als", split = ",", description = "Which to run, in order: dsgd, mllib-als, "
            + "single-machine, pipeline (the DotBias estimator in a Spark ML Pipeline), mllib-pipeline (MLlib's ALS estimator in a Pipeline, "
            + "--als-rank, --als-iterations, --als-reg).")
    List<String> engines;
    @Option(names = "--threads", defaultValue = "2", description = "Threads of the single-machine trainer (default: ${DEFAULT-VALUE}).") int threads;
    @Option(names = "--json") boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        String data = SparkMain.source(dataOptions);
        LoadOptions load = SparkMain.loadOptions(dataOptions);
        boolean parquet = SparkMain.isParquet(dataOptions);
        SparkSession spark = session.session();
        double sessionSeconds = (System.nanoTime() - t0) / 1e9;
        err.printf("Spark session %s in %.1f s%n", spark.sparkContext().master(), sessionSeconds);
        // each --set goes to the engine that has it (the single-machine trainer takes DSGD's)
        Map<String, String> forDsgd = new LinkedHashMap<>(), forAls = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : extra.entrySet()) {
            boolean d = SparkTrainer.DSGD_OPTIONS.stream().anyMatch(o -> o.answersTo(e.getKey()));
            boolean a = SparkTrainer.ALS_OPTIONS.stream().anyMatch(o -> o.answersTo(e.getKey()));
            if (!d && !a)
                throw new IllegalArgumentException("no engine has option '" + e.getKey() + "'; dsgd's: bias-l2, init-std; mllib-als's: bias-reg");
            (d ? forDsgd : forAls).put(e.getKey(), e.getValue());
        }
        TrainConfig dsgd = new TrainConfig(factors, epochs, lr, wd, 64, "sgd", schedule, null, threads, seed,
                SparkMain.checked("dsgd", forDsgd, err, false));
        TrainConfig als = new TrainConfig(alsRank, alsIterations, lr, alsReg, 64, "sgd", "constant", null, threads, seed,
                SparkMain.checked("mllib-als", forAls, err, false));
        SparkTrainer.Job job = new SparkTrainer.Job(data, load, parquet, "dsgd", dsgd, "random", validPct, test, blocks, null, null, 10);
        long p0 = System.nanoTime();
        SparkTrainer.Prepared prepared = SparkTrainer.prepare(spark, job, m -> err.println(m));
        double prepareSeconds = (System.nanoTime() - p0) / 1e9;

        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("data", data);
        o.put("spark_master", spark.sparkContext().master());
        o.put("session_seconds", sessionSeconds);
        o.put("prepare_seconds", prepareSeconds);
        o.put("n_train", prepared.nTrain());
        o.put("n_valid", prepared.nValid());
        o.put("split", prepared.splitName());
        ArrayNode runs = o.putArray("runs");
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String engine : engines) {
            ObjectNode r = runs.addObject();
            r.put("engine", engine);
            if (engine.equals("single-machine")) {
                singleMachine(prepared, dsgd, r, err);
            } else if (engine.equals("pipeline") || engine.equals("mllib-pipeline")) {
                pipeline(engine, prepared, dsgd, als, blocks, r, err);
            } else {
                TrainConfig cfg = engine.equals("mllib-als") ? als : dsgd;
                SparkTrainer.Job j = new SparkTrainer.Job(data, job.load(), parquet, engine, cfg, "random", validPct, test, blocks, null, null, 10);
                err.println("-- " + engine + " " + cfg.describe());
                SparkTrainer.Outcome out = SparkTrainer.train(spark, prepared, j, List.of(new SparkMain.EpochPrinter(err)), m -> err.println(m));
                r.put("train_seconds", out.trainSeconds());
                r.put("valid_rmse", out.validRmse());
                r.put("valid_mae", out.validMae());
                if (out.blocks() > 0) r.put("blocks", out.blocks());
                ArrayNode ep = r.putArray("epochs");
                for (EpochResult e : out.epochs()) {
                    ObjectNode row = ep.addObject();
                    row.put("epoch", e.epoch());
                    if (Double.isFinite(e.trainLoss())) row.put("train_loss", e.trainLoss());
                    if (Double.isFinite(e.validLoss())) row.put("valid_loss", e.validLoss());
                    row.put("seconds", e.seconds());
                }
                ObjectNode hp = r.putObject("config");
                cfg.describe().forEach(hp::put);
            }
            seconds.put(engine, r.get("train_seconds").asDouble());
            err.printf("%s: %.1f s, valid RMSE %.4f%n", engine, r.get("train_seconds").asDouble(), r.get("valid_rmse").asDouble());
        }
        if (seconds.containsKey("pipeline") && seconds.containsKey("mllib-pipeline"))
            o.put("pipeline_over_mllib_time", seconds.get("pipeline") / seconds.get("mllib-pipeline"));
        if (seconds.containsKey("dsgd") && seconds.containsKey("mllib-als"))
            o.put("dsgd_over_als_time", seconds.get("dsgd") / seconds.get("mllib-als"));
        PrintWriter w = spec.commandLine().getOut();
        w.println(json ? mapper.writeValueAsString(o) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        w.flush();
        session.stop(spark);
        return 0;
    }

    /**
     * A one-stage Spark ML {@code Pipeline} fitted on the prepared training frame and scored on its
     * held-out part with MLlib's {@code RegressionEvaluator}: collab4j's {@code DotBias}, or MLlib's
     * own {@code ALS} (no biases, as MLlib fits it).
     */
    private static void pipeline(String engine, SparkTrainer.Prepared p, TrainConfig dsgd, TrainConfig als, int blocks, ObjectNode r,
                                 PrintWriter err) {
        org.apache.spark.ml.PipelineStage stage;
        if (engine.equals("pipeline")) {
            stage = new org.collab4j.spark.ml.DotBias().setUserCol("uidx").setItemCol("iidx").setRatingCol("rating")
                    .setRank(dsgd.factors()).setMaxIter(dsgd.epochs()).setStepSize(dsgd.lr()).setRegParam(dsgd.wd())
                    .setNumBlocks(blocks).setSeed(dsgd.seed()).setColdStartStrategy("drop");
            err.println("-- pipeline: DotBias rank " + dsgd.factors() + ", maxIter " + dsgd.epochs());
        } else {
            stage = new org.apache.spark.ml.recommendation.ALS().setUserCol("uidx").setItemCol("iidx").setRatingCol("rating")
                    .setRank(als.factors()).setMaxIter(als.epochs()).setRegParam(als.wd()).setSeed(als.seed()).setColdStartStrategy("drop");
            err.println("-- mllib-pipeline: ALS rank " + als.factors() + ", maxIter " + als.epochs());
        }
        org.apache.spark.ml.Pipeline pipeline = new org.apache.spark.ml.Pipeline().setStages(new org.apache.spark.ml.PipelineStage[] {stage});
        long t0 = System.nanoTime();
        org.apache.spark.ml.PipelineModel model = pipeline.fit(p.train());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rmse = new org.apache.spark.ml.evaluation.RegressionEvaluator().setLabelCol("rating").setPredictionCol("prediction")
                .setMetricName("rmse").evaluate(model.transform(p.valid()));
        r.put("train_seconds", seconds);
        r.put("valid_rmse", rmse);
        r.put("valid_mae", Double.NaN);
    }

    /** The single-machine trainer ({@code dot-bias --optimizer sgd}) on the driver, on exactly the same split. */
    private static void singleMachine(SparkTrainer.Prepared p, TrainConfig cfg, ObjectNode r, PrintWriter err) {
        List<Row> train = p.train().collectAsList(), valid = p.valid().collectAsList();
        int n = train.size() + valid.size();
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        int k = 0;
        for (List<Row> part : List.of(train, valid)) for (Row row : part) {
            u[k] = row.getInt(0);
            i[k] = row.getInt(1);
            v[k++] = row.getFloat(2);
        }
        Ratings ratings = new Ratings(u, i, v, null, p.users(), p.items(), p.scale());
        int[] tr = new int[train.size()], va = new int[valid.size()];
        for (int j = 0; j < tr.length; j++) tr[j] = j;
        for (int j = 0; j < va.length; j++) va[j] = tr.length + j;
        Dataset ds = new Dataset("bench", ratings, null, null, new LoadReport("bench", n, 0, 0, 0));
        Split split = new Split(p.splitName(), tr, va);
        err.println("-- single-machine dot-bias --optimizer sgd, threads " + cfg.threads());
        long t0 = System.nanoTime();
        TrainResult res = Algorithms.get("dot-bias").trainer().train(ds, split, cfg, List.of(new SparkMain.EpochPrinter(err)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        Metrics.Accuracy acc = Metrics.accuracy(res.model(), ratings, va);
        r.put("train_seconds", seconds);
        r.put("valid_rmse", acc.rmse());
        r.put("valid_mae", acc.mae());
        r.put("threads", cfg.threads());
        ObjectNode hp = r.putObject("config");
        cfg.describe().forEach(hp::put);
    }
}
