package org.collab4j.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.SideInfo;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.Provenance;
import org.collab4j.train.TrainConfig;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Trains a collab4j model on Spark, end to end: read the log, give users and items dense ids,
 * hold out a validation split, train with DSGD ({@code dsgd}, collab4j's {@code dot-bias}) or
 * MLlib ALS ({@code mllib-als}), score the held-out ratings on the executors, write the model
 * file from the driver, and optionally write every user's top-N as Parquet. The library entry
 * point behind {@code SparkMain train}.
 */
public final class SparkTrainer {
    /** DSGD's own options ({@code --set}): those of {@code dot-bias --optimizer sgd} that it shares. */
    public static final List<OptionSpec> DSGD_OPTIONS = List.of(
            OptionSpec.number("bias-l2", null, OptionSpec.Range.atLeast(0), "per-rating L2 on the biases (default: --wd)").alias("bias_l2"),
            OptionSpec.number("init-std", 0.01, OptionSpec.Range.atLeast(0), "standard deviation of the initial factors").alias("init_std"));
    /** MLlib ALS's own options ({@code --set}). */
    public static final List<OptionSpec> ALS_OPTIONS = List.of(
            OptionSpec.number("bias-reg", 5.0, OptionSpec.Range.atLeast(0), "damping of the biases fitted before the factors").alias("bias_reg"));

    /** MLlib's implicit-feedback ALS's own options ({@code --set}). */
    public static final List<OptionSpec> IMPLICIT_ALS_OPTIONS = List.of(
            OptionSpec.number("alpha", 1.0, OptionSpec.Range.atLeast(0), "confidence of an interaction of weight r: 1 + alpha r (MLlib's alpha)"));

    /** The own options of {@code engine} ({@code dsgd}, {@code mllib-als} or {@code mllib-als-implicit}). */
    public static List<OptionSpec> options(String engine) {
        return switch (engine) {
            case "dsgd" -> DSGD_OPTIONS;
            case "mllib-als" -> ALS_OPTIONS;
            case "mllib-als-implicit" -> IMPLICIT_ALS_OPTIONS;
            default -> throw new IllegalArgumentException("unknown --engine '" + engine + "'; expected dsgd or mllib-als");
        };
    }

    /**
     * @param data        path of the ratings (any Hadoop path)
     * @param load        format options, as the CLI's
     * @param parquet     read Parquet whatever the file name
     * @param engine      {@code dsgd} or {@code mllib-als}
     * @param config      the training options shared with {@code collab4j train}
     * @param split       {@code random} or {@code none}
     * @param validPct    share held out by {@code random}
     * @param test        a file of held-out ratings instead of a split, or null
     * @param blocks      DSGD's grid side d (0: the default parallelism)
     * @param out         where to write the model file, or null
     * @param topNOut     where to write the top-N Parquet, or null
     * @param topN        N
     */
    public record Job(String data, LoadOptions load, boolean parquet, String engine, TrainConfig config, String split,
                      double validPct, String test, int blocks, String out, String topNOut, int topN) {
    }

    /** What a run gives back. */
    public record Outcome(TrainedModel model, List<EpochResult> epochs, long nTrain, long nValid, double validRmse,
                          double validMae, double trainSeconds, long badLinesSkipped, int blocks) {
    }

    private static final StructType IDS_USER = new StructType().add("user", DataTypes.StringType, false).add("uidx", DataTypes.IntegerType, false);
    private static final StructType IDS_ITEM = new StructType().add("item", DataTypes.StringType, false).add("iidx", DataTypes.IntegerType, false);

    /** Id tables up to this size are broadcast for the joins that number the ratings (about 50 MB of ids). */
    static final int BROADCAST_IDS = 2_000_000;

    private SparkTrainer() {
    }

    public static Outcome run(SparkSession spark, Job job, List<Callback> callbacks) throws IOException {
        return run(spark, job, callbacks, msg -> { });
    }

    /** As {@link #run(SparkSession, Job, List)}, telling {@code log} when each phase is done. */
    public static Outcome run(SparkSession spark, Job job, List<Callback> callbacks, java.util.function.Consumer<String> log) throws IOException {
        Prepared data = prepare(spark, job, log);
        try {
            return train(spark, data, job, callbacks, log);
        } finally {
            data.release();
        }
    }

    /**
     * The log read, with dense ids, split and cached: what every engine trains from.
     *
     * @param train    {@code uidx int, iidx int, rating float} (cached)
     * @param valid    the same for the held-out ratings (cached; may be empty)
     * @param side     titles, genres and demographics read beside the log, for {@code users} and {@code items} (nulls when none)
     */
    public record Prepared(Dataset<Row> train, Dataset<Row> valid, long nTrain, long nValid, IdIndex users, IdIndex items,
                           Dataset<Row> userIds, Dataset<Row> itemIds, RatingScale scale, String splitName, long badLinesSkipped,
                           SideInfo side) {
        public void release() {
            train.unpersist();
            valid.unpersist();
            userIds.unpersist();
            itemIds.unpersist();
        }
    }

    /** Reads, numbers and splits the ratings of {@code job}. */
    public static Prepared prepare(SparkSession spark, Job job, java.util.function.Consumer<String> log) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long tStart = System.nanoTime();
        TrainConfig cfg = job.config();
        RatingsInput.Loaded loaded = RatingsInput.read(spark, job.data(), job.load(), job.parquet());
        RatingsInput.Loaded test = null;
        if (job.test() != null) {
            LoadOptions tl = job.load().toBuilder().scale(loaded.scale()).build();
            test = RatingsInput.read(spark, job.test(), tl, job.parquet());
        }
        log.accept(String.format("read %s in %.1f s", job.data(), (System.nanoTime() - tStart) / 1e9));
        Dataset<Row> all = test == null ? loaded.ratings() : loaded.ratings().union(test.ratings());

        Numbering ids = number(spark, all);
        Dataset<Row> userIds = ids.userIds(), itemIds = ids.itemIds();
        IdIndex users = ids.users(), items = ids.items();
        Dataset<Row> indexed = dense(loaded.ratings(), userIds, itemIds);

        Dataset<Row> train, valid;
        String splitName;
        if (test != null) {
            train = indexed;
            valid = dense(test.ratings(), userIds, itemIds);
            splitName = "test file " + job.test();
        } else if (job.split().equals("none")) {
            train = indexed;
            valid = indexed.limit(0);
            splitName = "none";
        } else if (job.split().equals("random")) {
            if (!(job.validPct() >= 0 && job.validPct() < 1))
                throw new IllegalArgumentException("--valid-pct must be in [0, 1), got " + job.validPct());
            // a seeded hash of the pair, so the split does not depend on the partitioning or the order of the file
            org.apache.spark.sql.Column u = pmod(xxhash64(col("uidx"), col("iidx"), lit(cfg.seed())), lit(1_000_000L))
                    .lt(lit((long) Math.floor(job.validPct() * 1_000_000)));
            Dataset<Row> flagged = indexed.withColumn("held_out", u);
            train = flagged.filter(col("held_out").equalTo(false)).drop("held_out");
            valid = flagged.filter(col("held_out")).drop("held_out");
            splitName = "random-hash(" + job.validPct() + ", seed " + cfg.seed() + ")";
        } else {
            throw new IllegalArgumentException("--split on Spark must be random or none (or give --test FILE), got '" + job.split() + "'");
        }
        train = train.persist(StorageLevel.MEMORY_ONLY());
        valid = valid.persist(StorageLevel.MEMORY_ONLY());
        long nTrain = train.count(), nValid = valid.count();
        if (nTrain == 0) throw new IllegalArgumentException("the split leaves no ratings to train on");
        loaded.ratings().unpersist();
        SideInfo side;
        try {
            side = SideFiles.read(loaded, users, items, job.load().skipBadLines(), spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the side tables beside " + job.data() + ": " + e.getMessage(), e);
        }
        log.accept(String.format("%d users, %d items; split %s: %d train, %d valid (%.1f s)", users.size(), items.size(), splitName,
                nTrain, nValid, (System.nanoTime() - tStart) / 1e9));
        return new Prepared(train, valid, nTrain, nValid, users, items, userIds, itemIds, loaded.scale(), splitName,
                loaded.badLinesSkipped() + side.badLinesSkipped(), side);
    }

    /**
     * Numbers the ids of a data frame of ratings ({@code user string, item string, rating float},
     * nulls already dropped) and holds all of it for training, nothing held out: what a Spark ML
     * estimator's {@code fit} trains on. The rating scale is the data's range.
     */
    public static Prepared fromFrame(SparkSession spark, Dataset<Row> ratings, String name) {
        Row range = ratings.agg(org.apache.spark.sql.functions.min("rating"), org.apache.spark.sql.functions.max("rating")).first();
        if (range.isNullAt(0)) throw new IllegalArgumentException("no ratings to train on in " + name);
        RatingScale scale = new RatingScale(range.getFloat(0), Math.max(range.getFloat(1), range.getFloat(0) + 1e-3f));
        Numbering ids = number(spark, ratings);
        Dataset<Row> train = dense(ratings, ids.userIds(), ids.itemIds()).persist(StorageLevel.MEMORY_ONLY());
        Dataset<Row> valid = train.limit(0).persist(StorageLevel.MEMORY_ONLY());
        long nTrain = train.count();
        return new Prepared(train, valid, nTrain, 0, ids.users(), ids.items(), ids.userIds(), ids.itemIds(), scale, "none", 0,
                new SideInfo(null, null, 0));
    }

    /** The dense numbering of a ratings frame's users and items: {@code user, uidx} / {@code item, iidx} tables and their id indexes. */
    private record Numbering(Dataset<Row> userIds, Dataset<Row> itemIds, IdIndex users, IdIndex items) {
    }

    /**
     * Dense ids from the sorted external ids, so the numbering does not depend on the partitioning;
     * small id tables go to every executor (a broadcast join) rather than shuffling the ratings twice.
     */
    private static Numbering number(SparkSession spark, Dataset<Row> ratings) {
        Dataset<Row> userIds = numbered(spark, ratings, "user", IDS_USER);
        Dataset<Row> itemIds = numbered(spark, ratings, "item", IDS_ITEM);
        IdIndex users = ids(userIds.select(col("user")).collectAsList());
        IdIndex items = ids(itemIds.select(col("item")).collectAsList());
        if (users.size() <= BROADCAST_IDS) userIds = broadcast(userIds);
        if (items.size() <= BROADCAST_IDS) itemIds = broadcast(itemIds);
        return new Numbering(userIds, itemIds, users, items);
    }

    /** Trains {@code job.engine()} on prepared data; scores, saves and writes top-N as the job asks. */
    public static Outcome train(SparkSession spark, Prepared p, Job job, List<Callback> callbacks, java.util.function.Consumer<String> log)
            throws IOException {
        long tStart = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainConfig cfg = job.config();
        OptionValues opt = OptionValues.parse(job.engine(), options(job.engine()), cfg);
        Dataset<Row> train = p.train(), valid = p.valid();
        long nTrain = p.nTrain(), nValid = p.nValid();
        IdIndex users = p.users(), items = p.items();
        String splitName = p.splitName();

        int nu = users.size(), ni = items.size();
        float[] yRange = cfg.yRange() != null ? cfg.yRange() : p.scale().defaultYRange();
        long t0 = System.nanoTime();
        FactorModel model = null;
        org.collab4j.algo.ials.IalsModel implicit = null;
        List<EpochResult> epochs;
        int d = 0;
        switch (job.engine()) {
            case "dsgd" -> {
                d = job.blocks() > 0 ? job.blocks() : sc.defaultParallelism();
                float mean = (float) train.agg(org.apache.spark.sql.functions.avg("rating")).first().getDouble(0);
                float global = mean;
                if (yRange != null) {
                    double x = Math.min(0.999, Math.max(0.001, (mean - yRange[0]) / (yRange[1] - yRange[0])));
                    global = (float) Math.log(x / (1 - x));
                }
                Dsgd.Settings s = new Dsgd.Settings(cfg.factors(), cfg.epochs(), cfg.lr(), cfg.schedule().equals("one-cycle"),
                        (float) cfg.wd(), opt.has("bias-l2") ? opt.getFloat("bias-l2") : Float.parseFloat(Double.toString(cfg.wd())),
                        opt.getFloat("init-std"), global, yRange, d, cfg.seed());
                Dsgd.Result r = Dsgd.train(sc, train, nValid > 0 ? valid : null, nu, ni, s, callbacks);
                model = r.model();
                epochs = r.epochs();
            }
            case "mllib-als" -> {
                long e0 = System.nanoTime();
                for (Callback cb : callbacks) cb.beforeFit(1, 1);
                MllibAls.Settings s = new MllibAls.Settings(cfg.factors(), cfg.epochs(), cfg.wd(),
                        opt.getDouble("bias-reg"), cfg.seed());
                model = MllibAls.train(train, nu, ni, s).model();
                double seconds = (System.nanoTime() - e0) / 1e9;
                double vl = nValid > 0 ? sq(Evaluation.accuracy(sc, model, valid).rmse()) : Double.NaN;
                // ALS runs its sweeps inside one fit: one row for the whole fit, numbered by its last sweep
                EpochResult row = new EpochResult(cfg.epochs() - 1, Double.NaN, vl, seconds);
                for (Callback cb : callbacks) cb.afterEpoch(row);
                for (Callback cb : callbacks) cb.afterFit();
                epochs = List.of(row);
            }
            case "mllib-als-implicit" -> {
                if (job.topNOut() != null)
                    throw new IllegalArgumentException("--top-n-out is not written for --implicit: run `collab4j recommend --all-users` on the saved model");
                long e0 = System.nanoTime();
                for (Callback cb : callbacks) cb.beforeFit(1, 1);
                MllibAls.Settings s = new MllibAls.Settings(cfg.factors(), cfg.epochs(), cfg.wd(), 0, cfg.seed());
                implicit = MllibAls.trainImplicit(train, nu, ni, s, opt.getDouble("alpha"));
                // a ranking model: held-out interactions are scored by `collab4j evaluate` (full ranking), not by RMSE here
                EpochResult row = new EpochResult(cfg.epochs() - 1, Double.NaN, Double.NaN, (System.nanoTime() - e0) / 1e9);
                for (Callback cb : callbacks) cb.afterEpoch(row);
                for (Callback cb : callbacks) cb.afterFit();
                epochs = List.of(row);
            }
            default -> throw new IllegalArgumentException("unknown --engine '" + job.engine() + "'; expected dsgd or mllib-als");
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;

        // the driver's copy of the training ratings: the model file keeps each user's seen items
        Ratings ratings = collect(train, nTrain, users, items, p.scale());
        int[] rows = ratings.allRows();
        if (model != null) model.forgetUntrained(ratings.userCounts(rows), ratings.itemCounts(rows));
        Evaluation.Accuracy acc = nValid > 0 && model != null ? Evaluation.accuracy(sc, model, valid)
                : new Evaluation.Accuracy(Double.NaN, Double.NaN, 0);
        org.collab4j.model.RatingModel fitted = model != null ? model : implicit;

        log.accept(String.format("trained in %.1f s; scored %d held-out ratings (%.1f s)", trainSeconds, acc.n(), (System.nanoTime() - tStart) / 1e9));
        // an implicit model records its confidence rule (1 + alpha r) as the core's implicit trainers do, so fold-in weighs events alike
        TrainConfig recorded = implicit == null ? cfg : cfg.withExtra("confidence", "linear").withExtra("alpha", Double.toString(opt.getDouble("alpha")));
        Provenance prov = Provenance.of(fitted.kind(), job.data(), splitName, recorded).with("engine", job.engine());
        if (d > 0) prov.with("blocks", Integer.toString(d));
        prov.with("spark_master", spark.sparkContext().master()).counts(nTrain, nValid).validation(acc.rmse(), acc.mae());
        TrainedModel trained = TrainedModel.of(fitted, ratings, rows, p.side().items(), p.side().users(), prov.build());
        if (job.out() != null) ModelOutput.write(trained, job.out(), spark.sparkContext().hadoopConfiguration());
        log.accept(String.format("model file %s (%.1f s)", job.out() == null ? "not asked for" : "written", (System.nanoTime() - tStart) / 1e9));
        if (job.topNOut() != null) {
            TopN.compute(spark, model, train, p.userIds(), p.itemIds(), job.topN()).write().mode("overwrite").parquet(job.topNOut());
            log.accept(String.format("top-%d for %d users written to %s (%.1f s)", job.topN(), nu, job.topNOut(), (System.nanoTime() - tStart) / 1e9));
        }
        return new Outcome(trained, epochs, nTrain, nValid, acc.rmse(), acc.mae(), trainSeconds, p.badLinesSkipped(), d);
    }

    private static double sq(double x) {
        return x * x;
    }

    private static IdIndex ids(List<Row> rows) {
        IdIndex index = new IdIndex(rows.size());
        for (Row r : rows) index.add(r.getString(0));
        return index;
    }

    /**
     * {@code id string, index int}: the distinct ids of {@code column} in sorted order, numbered
     * 0..n-1 on the executors (no id list is shipped from the driver), in partition order.
     */
    private static Dataset<Row> numbered(SparkSession spark, Dataset<Row> all, String column, StructType schema) {
        org.apache.spark.api.java.JavaRDD<Row> rows = all.select(column).distinct().sort(column).javaRDD().zipWithIndex()
                .map(t -> RowFactory.create(t._1().getString(0), Math.toIntExact(t._2())));
        Dataset<Row> ids = spark.createDataFrame(rows, schema);
        ids.persist(StorageLevel.MEMORY_ONLY());
        return ids;
    }

    /** {@code uidx int, iidx int, rating float}. */
    static Dataset<Row> dense(Dataset<Row> ratings, Dataset<Row> userIds, Dataset<Row> itemIds) {
        return ratings.join(userIds, "user").join(itemIds, "item").select(col("uidx"), col("iidx"), col("rating"));
    }

    /** The training ratings on the driver, as columns (gathered partition by partition as arrays, not rows). */
    static Ratings collect(Dataset<Row> train, long n, IdIndex users, IdIndex items, RatingScale scale) {
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("more than 2^31 training ratings cannot be kept in one model file");
        List<Object[]> parts = train.javaRDD().mapPartitions(it -> {
            int[] u = new int[1024], i = new int[1024];
            float[] v = new float[1024];
            int m = 0;
            while (it.hasNext()) {
                Row r = it.next();
                if (m == v.length) {
                    u = java.util.Arrays.copyOf(u, m * 2);
                    i = java.util.Arrays.copyOf(i, m * 2);
                    v = java.util.Arrays.copyOf(v, m * 2);
                }
                u[m] = r.getInt(0);
                i[m] = r.getInt(1);
                v[m++] = r.getFloat(2);
            }
            return Collections.singletonList(new Object[] {java.util.Arrays.copyOf(u, m), java.util.Arrays.copyOf(i, m),
                    java.util.Arrays.copyOf(v, m)}).iterator();
        }).collect();
        int total = 0;
        for (Object[] p : parts) total += ((int[]) p[0]).length;
        int[] u = new int[total], i = new int[total];
        float[] v = new float[total];
        int off = 0;
        for (Object[] p : parts) {
            int[] pu = (int[]) p[0];
            System.arraycopy(pu, 0, u, off, pu.length);
            System.arraycopy((int[]) p[1], 0, i, off, pu.length);
            System.arraycopy((float[]) p[2], 0, v, off, pu.length);
            off += pu.length;
        }
        return new Ratings(u, i, v, null, users, items, scale);
    }
}
