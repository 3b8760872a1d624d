package org.collab4j.data;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;

/**
 * Times {@link DataLoader#load} of a large rating file without times and reports rows/s and the
 * heap bytes each rating costs once loaded.
 *
 * <p>Usage: {@code LoadBenchmark FILE [RUNS] [THREADS]}; see docs/notes/data-loader.md.
 */
public final class LoadBenchmark {
    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/synth-25m.tsv");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        LoadOptions options = LoadOptions.builder().keepTime(false).threads(threads).build();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        double best = Double.MAX_VALUE;
        for (int run = 1; run <= runs; run++) {
            long before = usedAfterGc(mem);
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            Dataset d = DataLoader.load(file, options);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - c0) / 1e9;
            best = Math.min(best, s);
            long after = usedAfterGc(mem);
            Ratings r = d.ratings();
            long arrays = 12L * r.size(); // int user + int item + float value
            System.out.printf("run %d: %d lines -> %d ratings (%d users, %d items, %d duplicates replaced) in %.3f s = %.2f M lines/s"
                            + " (process CPU %.2f s); heap after GC grew %.2f bytes/rating; arrays: columns %.2f + id maps %.2f bytes/rating%n",
                    run, d.report().lines(), r.size(), r.numUsers(), r.numItems(), d.report().duplicatesReplaced(), s,
                    d.report().lines() / s / 1e6, cpu,
                    (after - before) / (double) r.size(), arrays / (double) r.size(),
                    (r.userIds().heapBytes() + r.itemIds().heapBytes()) / (double) r.size());
            if (r.size() < 0) System.out.println(d); // keep d reachable until after the measurement
        }
        System.out.printf("best: %.3f s%n", best);
    }

    /** CPU time of the whole process (all threads, GC included), less sensitive than wall time to a busy machine. */
    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        for (int i = 0; i < 3; i++) System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }
}
