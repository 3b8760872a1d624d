package org.collab4j.bench;

import org.collab4j.kernel.Simd;
import java.util.concurrent.TimeUnit;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.AllUsersTopN;
import org.collab4j.algo.dotbias.BlockGrid;
import org.collab4j.algo.dotbias.SgdKernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The training and scoring kernels at 32 factors, on a synthetic 70,000 x 10,000 problem shaped
 * like synth-10m (one block of a 10 x 10 grid is about 90,000 ratings). Run with
 * {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar}; add
 * {@code -jvmArgsAppend -Dcollab4j.scalar=true} for the plain-loop kernels.
 * (The ALS row solve is to be added with the ALS model.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class KernelBench {
    static final int USERS = 70_000, ITEMS = 10_000, PAIRS = 1024;

    @Param({"32"})
    int k;

    FactorModel model;
    int[] pu, qi;
    BlockGrid grid;
    int block;
    TrainedModel topn;
    int at;

    @Setup
    public void setup() {
        model = FactorModel.initialized("dot-bias", USERS, ITEMS, k, 0.1f, 1f, new float[] {0f, 5.5f}, 1);
        Rng rng = new Rng(2);
        pu = new int[PAIRS];
        qi = new int[PAIRS];
        for (int j = 0; j < PAIRS; j++) {
            // rows that stay in L2, as a block's rows do: the kernels' cost, not memory latency
            pu[j] = rng.nextInt(512) * k;
            qi[j] = rng.nextInt(512) * k;
        }
        int n = 9_000_000;
        int[] u = new int[n], it = new int[n];
        float[] v = new float[n];
        for (int j = 0; j < n; j++) {
            u[j] = rng.nextInt(USERS);
            it[j] = rng.nextInt(ITEMS);
            v[j] = 1 + rng.nextInt(5);
        }
        IdIndex ui = new IdIndex(), ii = new IdIndex();
        for (int j = 0; j < USERS; j++) ui.add(Integer.toString(j));
        for (int j = 0; j < ITEMS; j++) ii.add(Integer.toString(j));
        Ratings r = new Ratings(u, it, v, null, ui, ii, new RatingScale(1, 5));
        grid = BlockGrid.build(r, r.allRows(), 10, 3);
        grid.toGridOrder(model);
        block = 11; // (1, 1)
        Ratings few = new Ratings(java.util.Arrays.copyOf(u, 100_000), java.util.Arrays.copyOf(it, 100_000), java.util.Arrays.copyOf(v, 100_000),
                null, ui, ii, new RatingScale(1, 5));
        topn = TrainedModel.of(model, few, few.allRows(), null, null, java.util.Map.of());
    }

    /** One dot product of a user row and an item row. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public float dot() {
        float s = 0;
        float[] p = model.userFactors(), q = model.itemFactors();
        for (int j = 0; j < PAIRS; j++) s += Simd.dot(p, pu[j], q, qi[j], k);
        return s;
    }

    /** One update of a user row and an item row. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public void update() {
        float[] p = model.userFactors(), q = model.itemFactors();
        for (int j = 0; j < PAIRS; j++) Simd.update(p, pu[j], q, qi[j], k, 0.9999f, 1e-6f);
    }

    /** One SGD pass over one block (about 90,000 ratings); time per block. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double sgdEpochOnBlock() {
        return SgdKernel.run(model, grid, block, 1e-4f, 0.05f, 0.05f);
    }

    /** Top-10 unseen items of all 70,000 users over 10,000 items on one thread; time per user. */
    @Benchmark
    @OperationsPerInvocation(USERS)
    @Measurement(iterations = 3, time = 2)
    public AllUsersTopN.Result topNScoring() {
        return AllUsersTopN.compute(topn, 10, 1);
    }
}
