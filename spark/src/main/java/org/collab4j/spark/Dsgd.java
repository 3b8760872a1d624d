package org.collab4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.collab4j.model.FactorModel;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;
import org.collab4j.train.Schedule;
import scala.Tuple2;

/**
 * Distributed stratified SGD (Gemulla et al., KDD 2011) for collab4j's {@code dot-bias} model,
 * with biases and {@code y_range}, on Spark.
 *
 * <h2>Layout</h2>
 * Users and items are hashed into {@code d} blocks each ({@link BlockMap}), cutting the training
 * ratings into a {@code d x d} grid. Partition {@code b} of three co-partitioned RDDs holds user
 * block {@code b}: its ratings ({@link RatingBlock}, cached, never moved), its validation ratings,
 * and its user factors ({@link FactorBlock}, which stay in partition {@code b}). Item factor
 * blocks travel.
 *
 * <h2>One epoch</h2>
 * {@code d} sub-epochs, each training one stratum of {@link StratumSchedule}: with shift
 * {@code s}, the task of user block {@code b} receives item block {@code (b + s) mod d} and runs
 * the single-machine SGD kernel ({@link BlockKernel}) over sub-block {@code (b, (b + s) mod d)},
 * all {@code d} tasks in parallel, sharing no user and no item. The updated item blocks come back
 * to the driver as the tasks' results and go out with the next stratum's tasks: one Spark stage
 * a sub-epoch, no shuffle.
 *
 * <h2>Data movement per epoch</h2>
 * <ul>
 * <li>Each sub-epoch, every item block goes out with a task and comes back with its result:
 * {@code 2 * numItems * (k + 1) * 4} bytes a sub-epoch, {@code 2 * d * numItems * (k + 1) * 4}
 * bytes an epoch, all through the driver. Ratings and user factors stay put.</li>
 * <li>For the validation loss, the item factors as a broadcast ({@code numItems * (k + 1) * 4}
 * bytes to each executor), and one number per partition back.</li>
 * <li>Once per run, not per epoch: the ratings are shuffled into the grid ({@code 16} bytes a
 * rating), and at the end the factors are collected to the driver.</li>
 * </ul>
 *
 * <h2>Repeatability</h2>
 * The grid, the order of the ratings inside each block, the initial factors and the stratum
 * order are drawn from the seed; each block is trained by one task in a fixed order. So a fixed
 * seed and number of blocks give the same model bit for bit, whatever the executors.
 */
public final class Dsgd {
    /**
     * What DSGD needs to know.
     *
     * @param factors  k
     * @param epochs   passes over the grid
     * @param lr       SGD step, the peak under one-cycle
     * @param oneCycle fastai's one-cycle rate (else constant), evaluated at the start of each sub-epoch
     * @param l2       per-rating L2 on factor rows (the {@code --wd} of plain SGD)
     * @param biasL2   per-rating L2 on biases
     * @param initStd  std of the initial factors
     * @param global   fixed global offset (before squashing)
     * @param yRange   {low, high} or null
     * @param blocks   d
     * @param seed     seed of every random choice
     */
    public record Settings(int factors, int epochs, double lr, boolean oneCycle, float l2, float biasL2, float initStd,
                           float global, float[] yRange, int blocks, long seed) implements Serializable {
    }

    /** The trained model (not yet stripped of untrained rows) and the epoch table. */
    public record Result(FactorModel model, List<EpochResult> epochs) {
    }

    private Dsgd() {
    }

    /**
     * Trains on {@code train} (columns {@code uidx int, iidx int, rating float}); reports the
     * MSE on {@code valid} (same columns, may be null) after each epoch.
     */
    public static Result train(JavaSparkContext sc, Dataset<Row> train, Dataset<Row> valid, int numUsers, int numItems,
                               Settings s, List<Callback> callbacks) {
        final int d = s.blocks(), k = s.factors();
        BlockMap userMap = BlockMap.hashed(numUsers, d, s.seed() ^ 0x75736572L);
        BlockMap itemMap = BlockMap.hashed(numItems, d, s.seed() ^ 0x6974656dL);
        Broadcast<BlockMap> bUsers = sc.broadcast(userMap), bItems = sc.broadcast(itemMap);
        BlockPartitioner part = new BlockPartitioner(d);

        JavaRDD<RatingBlock> ratings = grid(train, bUsers, bItems, part, s.seed(), false);
        ratings.persist(StorageLevel.MEMORY_ONLY());
        long nTrain = ratings.map(RatingBlock::size).reduce(Long::sum);
        JavaRDD<RatingBlock> validBlocks = null;
        long nValid = 0;
        if (valid != null) {
            validBlocks = grid(valid, bUsers, bItems, part, s.seed(), true);
            validBlocks.persist(StorageLevel.MEMORY_ONLY());
            nValid = validBlocks.map(RatingBlock::size).reduce(Long::sum);
        }

        List<Integer> ids = new ArrayList<>();
        for (int b = 0; b < d; b++) ids.add(b);
        final float std = s.initStd();
        final long seed = s.seed();
        JavaRDD<FactorBlock> users = sc.parallelize(ids, d).map(b -> FactorBlock.initial(b, bUsers.value().size(b), k, std, seed, 0));
        FactorBlock[] items = new FactorBlock[d];
        for (int j = 0; j < d; j++) items[j] = FactorBlock.initial(j, itemMap.size(j), k, std, seed, 1);

        StratumSchedule schedule = new StratumSchedule(d, s.seed());
        Schedule rate = s.oneCycle() ? Schedule.oneCycle(s.lr()) : Schedule.constant(s.lr(), 0);
        for (Callback cb : callbacks) cb.beforeFit(s.epochs(), d);
        List<EpochResult> history = new ArrayList<>();
        JavaRDD<Step> previous = null;
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            long t0 = System.nanoTime();
            for (Callback cb : callbacks) cb.beforeEpoch(epoch);
            int[] shifts = schedule.shifts(epoch);
            double sse = 0;
            for (int t = 0; t < d; t++) {
                final int shift = shifts[t];
                final float lr = (float) rate.lr((double) (epoch * d + t) / ((double) s.epochs() * d));
                // the data movement of a sub-epoch: item block (b + shift) mod d goes to the task of user block b,
                // inside that task (one stage a sub-epoch, no shuffle), and comes back as the task's result
                List<FactorBlock> sent = new ArrayList<>(d);
                for (int b = 0; b < d; b++) sent.add(items[StratumSchedule.itemBlock(b, shift, d)]);
                JavaRDD<FactorBlock> moved = sc.parallelize(sent, d);
                JavaRDD<Tuple2<FactorBlock, FactorBlock>> pairs = users.zipPartitions(moved, Dsgd::pair);
                JavaRDD<Step> out = ratings.zipPartitions(pairs, (r, p) -> step(r, p, s, lr));
                out.persist(StorageLevel.MEMORY_ONLY());
                if (t == d - 1) out.rdd().localCheckpoint(); // keeps the lineage (and each task's closure) one epoch long
                double subSse = 0;
                for (Tuple2<Double, FactorBlock> back : out.map(st -> new Tuple2<>(st.sse, st.item)).collect()) {
                    subSse += back._1();
                    items[back._2().block] = back._2();
                }
                sse += subSse;
                for (Callback cb : callbacks) cb.afterBatch(epoch, t, lr, subSse / Math.max(1, nTrain / d));
                if (previous != null) previous.unpersist(false);
                previous = out;
                users = out.map(st -> st.user);
            }
            double trainLoss = sse / nTrain;
            if (!Double.isFinite(trainLoss)) throw new org.collab4j.train.TrainingDivergedException(epoch, d, s.lr());
            double validLoss = Double.NaN;
            if (validBlocks != null && nValid > 0) validLoss = validSse(sc, validBlocks, users, items, bItems, s) / nValid;
            EpochResult r = new EpochResult(epoch, trainLoss, validLoss, (System.nanoTime() - t0) / 1e9);
            history.add(r);
            boolean stop = false;
            for (Callback cb : callbacks) {
                cb.afterEpoch(r);
                stop |= cb.stop();
            }
            if (stop) break;
        }
        FactorModel model = assemble(users.collect(), java.util.Arrays.asList(items), userMap, itemMap, s);
        if (previous != null) previous.unpersist(false);
        ratings.unpersist(false);
        if (validBlocks != null) validBlocks.unpersist(false);
        bUsers.destroy();
        bItems.destroy();
        for (Callback cb : callbacks) cb.afterFit();
        return new Result(model, history);
    }

    /** What one partition hands on after a sub-epoch. */
    static final class Step implements Serializable {
        private static final long serialVersionUID = 1L;
        final FactorBlock user;
        final FactorBlock item;
        final double sse;

        Step(FactorBlock user, FactorBlock item, double sse) {
            this.user = user;
            this.item = item;
            this.sse = sse;
        }
    }

    private static Iterator<Tuple2<FactorBlock, FactorBlock>> pair(Iterator<FactorBlock> u, Iterator<FactorBlock> i) {
        FactorBlock user = u.next();
        if (!i.hasNext()) throw new IllegalStateException("no item block arrived for user block " + user.block);
        return Collections.singletonList(new Tuple2<>(user, i.next())).iterator();
    }

    private static Iterator<Step> step(Iterator<RatingBlock> r, Iterator<Tuple2<FactorBlock, FactorBlock>> p, Settings s, float lr) {
        RatingBlock block = r.next();
        Tuple2<FactorBlock, FactorBlock> f = p.next();
        // never write into a cached block: a retried task must start from the same numbers
        FactorBlock user = f._1().copy(), item = f._2().copy();
        int j = item.block;
        double sse = BlockKernel.train(user, item, s.factors(), block.users[j], block.items[j], block.values[j],
                s.global(), s.yRange(), lr, s.l2(), s.biasL2());
        return Collections.singletonList(new Step(user, item, sse)).iterator();
    }

    /** Cuts ratings into the grid: partition b receives user block b. */
    static JavaRDD<RatingBlock> grid(Dataset<Row> ratings, Broadcast<BlockMap> bUsers, Broadcast<BlockMap> bItems,
                                     BlockPartitioner part, long seed, boolean validation) {
        int d = part.numPartitions();
        JavaPairRDD<Integer, RatingBlock.Cells> cells = ratings.javaRDD().mapPartitionsToPair(rows -> {
            BlockMap um = bUsers.value(), im = bItems.value();
            RatingBlock.Cells[] out = new RatingBlock.Cells[d];
            while (rows.hasNext()) {
                Row row = rows.next();
                int u = row.getInt(0), i = row.getInt(1);
                float v = row.getFloat(2);
                int b = um.block(u);
                if (out[b] == null) out[b] = new RatingBlock.Cells();
                // validation ratings keep the global item (items are looked up in a broadcast, not a block)
                out[b].add(um.local(u), validation ? 0 : im.block(i), validation ? i : im.local(i), v);
            }
            List<Tuple2<Integer, RatingBlock.Cells>> list = new ArrayList<>();
            for (int b = 0; b < d; b++) if (out[b] != null) list.add(new Tuple2<>(b, out[b]));
            return list.iterator();
        });
        return cells.partitionBy(part).mapPartitionsWithIndex((b, it) -> {
            Iterator<RatingBlock.Cells> values = new Iterator<>() {
                public boolean hasNext() {
                    return it.hasNext();
                }

                public RatingBlock.Cells next() {
                    return it.next()._2();
                }
            };
            return Collections.singletonList(RatingBlock.build(b, validation ? 1 : d, values, seed)).iterator();
        }, true);
    }

    /** Sum of squared validation errors of the current factors. */
    private static double validSse(JavaSparkContext sc, JavaRDD<RatingBlock> valid, JavaRDD<FactorBlock> users,
                                   FactorBlock[] byBlock, Broadcast<BlockMap> bItems, Settings s) {
        Broadcast<FactorBlock[]> bf = sc.broadcast(byBlock);
        int k = s.factors();
        float global = s.global();
        float[] yr = s.yRange();
        double sse = valid.zipPartitions(users, (vit, uit) -> {
            RatingBlock v = vit.next();
            FactorBlock u = uit.next();
            FactorBlock[] it = bf.value();
            BlockMap im = bItems.value();
            double se = 0;
            int[] lu = v.users[0], gi = v.items[0];
            float[] val = v.values[0];
            for (int r = 0; r < val.length; r++) {
                int i = gi[r];
                FactorBlock q = it[im.block(i)];
                int pu = lu[r] * k, qi = im.local(i) * k;
                float dot = 0f;
                for (int f = 0; f < k; f++) dot += u.factors[pu + f] * q.factors[qi + f];
                float raw = global + u.bias[lu[r]] + q.bias[im.local(i)] + dot;
                float pred = yr == null ? raw : yr[0] + (yr[1] - yr[0]) / (1f + (float) Math.exp(-raw));
                double e = pred - val[r];
                se += e * e;
            }
            return Collections.singletonList(se).iterator();
        }).reduce(Double::sum);
        bf.destroy();
        return sse;
    }

    /** The blocks put back into one model, rows in dense order. */
    static FactorModel assemble(List<FactorBlock> userBlocks, List<FactorBlock> itemBlocks, BlockMap um, BlockMap im, Settings s) {
        int k = s.factors();
        FactorBlock[] ub = new FactorBlock[um.blocks()], ib = new FactorBlock[im.blocks()];
        for (FactorBlock f : userBlocks) ub[f.block] = f;
        for (FactorBlock f : itemBlocks) ib[f.block] = f;
        float[] p = new float[um.rows() * k], q = new float[im.rows() * k];
        float[] bu = new float[um.rows()], bi = new float[im.rows()];
        unblock(ub, um, k, p, bu);
        unblock(ib, im, k, q, bi);
        return new FactorModel("dot-bias", um.rows(), im.rows(), k, p, q, bu, bi, s.global(), s.yRange());
    }

    private static void unblock(FactorBlock[] blocks, BlockMap map, int k, float[] factors, float[] bias) {
        for (int r = 0; r < map.rows(); r++) {
            FactorBlock b = blocks[map.block(r)];
            int l = map.local(r);
            System.arraycopy(b.factors, l * k, factors, r * k, k);
            bias[r] = b.bias[l];
        }
    }
}
