import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.collab4j.algo.ials.IalsTrainer;
import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;
import org.collab4j.train.TrainConfig;

/**
 * Wall and CPU seconds of each ials epoch on an interaction log, for comparison with
 * {@code implicit}'s per-iteration CPU seconds ({@code bench/implicit_als.py}): on a busy machine
 * the CPU seconds a process spends say more about its code than its wall seconds, which follow
 * its share of the cores. CPU seconds are the whole process's (all threads, the JIT and the
 * garbage collector included), read at the start and the end of each epoch.
 *
 * <p>The log is "user item weight" lines (ids made dense in order of appearance), trained as
 * {@code collab4j train --columns user,item,count --model ials --valid-pct 0} trains it: the
 * weights are the confidences. Usage, with collab4j-core on the class path (a single-file program):
 * {@code java --add-modules jdk.incubator.vector -cp core/target/collab4j-core-VERSION.jar bench/IalsEpochCpu.java DATA FACTORS EPOCHS THREADS [KEY=VALUE...]}
 * (the pairs are ials's {@code --set} options, e.g. {@code solver=ipp}). Prints one line of JSON.
 */
public class IalsEpochCpu {
    public static void main(String[] a) throws Exception {
        if (a.length < 4) {
            System.err.println("usage: java -cp collab4j-core.jar IalsEpochCpu.java DATA FACTORS EPOCHS THREADS [KEY=VALUE...]");
            System.exit(2);
        }
        Map<String, Integer> users = new HashMap<>(), items = new HashMap<>();
        int n = 0;
        int[] u = new int[1 << 20], i = new int[1 << 20];
        float[] w = new float[1 << 20];
        try (BufferedReader r = Files.newBufferedReader(Path.of(a[0]))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 2) continue;
                if (n == u.length) {
                    u = Arrays.copyOf(u, n * 2);
                    i = Arrays.copyOf(i, n * 2);
                    w = Arrays.copyOf(w, n * 2);
                }
                u[n] = users.computeIfAbsent(f[0], k -> users.size());
                i[n] = items.computeIfAbsent(f[1], k -> items.size());
                w[n++] = f.length > 2 ? Float.parseFloat(f[2]) : 1f;
            }
        }
        Ratings ratings = new Ratings(Arrays.copyOf(u, n), Arrays.copyOf(i, n), Arrays.copyOf(w, n), null, IdIndex.of(ids(users)),
                IdIndex.of(ids(items)), new RatingScale(0, Float.MAX_VALUE));
        Dataset data = new Dataset(a[0], ratings, null, null, LoadReport.none(a[0]));
        TrainConfig config = TrainConfig.defaults().withFactors(Integer.parseInt(a[1])).withEpochs(Integer.parseInt(a[2]))
                .withThreads(Integer.parseInt(a[3]));
        for (int j = 4; j < a.length; j++) config = config.withExtra(a[j].substring(0, a[j].indexOf('=')), a[j].substring(a[j].indexOf('=') + 1));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> cpu = new ArrayList<>(), wall = new ArrayList<>();
        long[] at = new long[1];
        Callback timer = new Callback() {
            @Override
            public void beforeEpoch(int epoch) {
                at[0] = os.getProcessCpuTime();
            }

            @Override
            public void afterEpoch(EpochResult r) {
                cpu.add((os.getProcessCpuTime() - at[0]) / 1e9);
                wall.add(r.seconds());
            }
        };
        new IalsTrainer().train(data, new Split("all", ratings.allRows(), new int[0]), config, List.of(timer));
        System.out.printf(Locale.ROOT, "{\"factors\": %d, \"threads\": %d, \"users\": %d, \"items\": %d, \"interactions\": %d, \"options\": \"%s\", "
                        + "\"epoch_seconds\": %s, \"epoch_cpu_seconds\": %s}%n", config.factors(), config.threads(), users.size(), items.size(), n,
                config.extra(), fmt(wall), fmt(cpu));
    }

    private static String[] ids(Map<String, Integer> index) {
        String[] out = new String[index.size()];
        index.forEach((id, k) -> out[k] = id);
        return out;
    }

    private static String fmt(List<Double> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < xs.size(); j++) sb.append(j > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", xs.get(j)));
        return sb.append(']').toString();
    }
}
