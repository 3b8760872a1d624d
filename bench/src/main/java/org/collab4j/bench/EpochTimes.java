package org.collab4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.model.FactorModel;
import org.collab4j.algo.dotbias.BlockSgd;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;
import org.collab4j.train.Schedule;

/**
 * Seconds per epoch of {@code --optimizer sgd} (dot-bias, 32 factors, the CLI's defaults) for
 * several thread and bin counts on one loaded file, as wall time and as CPU time of all threads.
 * CPU time is the steadier figure on a shared machine, where other processes take turns on the
 * cores. Loads and splits the file once (90/10, seed 0), then for each configuration builds the
 * grid and trains for the given epochs; epoch 0 is left out of the medians.
 *
 * <pre>java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp bench/target/benchmarks.jar \
 *     org.collab4j.bench.EpochTimes /tmp/synth-25m.tsv 6 1:0,2:0,2:10 2</pre>
 * (configurations are {@code threads:bins}, bins 0 for the default; the last argument repeats them).
 */
public final class EpochTimes {
    private EpochTimes() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: EpochTimes FILE EPOCHS THREADS:BINS[,THREADS:BINS...] ROUNDS");
            System.exit(2);
        }
        Dataset d = DataLoader.load(Path.of(args[0]), LoadOptions.builder().keepTime(false).threads(2).build());
        Ratings r = d.ratings();
        Split split = Splits.random(r, 0.1, 0);
        int epochs = Integer.parseInt(args[1]);
        // the global offset where sigmoid_range(0, 5.5) gives the training mean, as DotBiasTrainer starts it
        double x = r.mean(split.train()) / 5.5;
        float global = (float) Math.log(x / (1 - x));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < Integer.parseInt(args[3]); round++) {
            for (String c : args[2].split(",")) {
                int threads = Integer.parseInt(c.split(":")[0]), bins = Integer.parseInt(c.split(":")[1]);
                FactorModel m = FactorModel.initialized("dot-bias", r.numUsers(), r.numItems(), 32, 0.01f, global, new float[] {0f, 5.5f}, 0);
                java.util.Arrays.fill(m.userBias(), 0f);
                java.util.Arrays.fill(m.itemBias(), 0f);
                BlockSgd sgd = new BlockSgd(r, split, threads, bins, 32, 0);
                List<Double> wall = new ArrayList<>(), cpu = new ArrayList<>();
                long[] cpu0 = new long[1];
                sgd.addCallback(new Callback() {
                    @Override
                    public void beforeEpoch(int epoch) {
                        cpu0[0] = cpuNanos(mx);
                    }

                    @Override
                    public void afterEpoch(EpochResult e) {
                        if (e.epoch() == 0) return;
                        wall.add(e.seconds());
                        cpu.add((cpuNanos(mx) - cpu0[0]) / 1e9);
                    }
                });
                sgd.fit(m, epochs, Schedule.constant(0.005, 0), 0.05f, 0.05f);
                Collections.sort(wall);
                Collections.sort(cpu);
                System.out.printf("threads %d, bins %d: wall median %.3f s (min %.3f), CPU median %.3f s (min %.3f), valid RMSE %.4f%n",
                        threads, sgd.grid().bins(), wall.get(wall.size() / 2), wall.get(0), cpu.get(cpu.size() / 2), cpu.get(0),
                        Math.sqrt(sgd.history().epochs().get(epochs - 1).validLoss()));
            }
        }
    }

    private static long cpuNanos(ThreadMXBean mx) {
        long t = 0;
        for (long id : mx.getAllThreadIds()) {
            long c = mx.getThreadCpuTime(id);
            if (c > 0) t += c;
        }
        return t;
    }
}
