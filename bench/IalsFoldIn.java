import java.nio.file.Path;
import java.util.Arrays;

import org.collab4j.algo.ials.IalsModel;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;

/**
 * Times the fold-in of users into a saved {@code ials} model: for each of N users of the model
 * (every {@code numUsers / N}-th), their training items and confidences as the model file keeps
 * them are folded in without retraining ({@link IalsModel#foldIn}: one exact user half-step against
 * the item factors and the cached item Gram matrix), and, separately, folded in and scored against
 * every item ({@link IalsModel#scoreHistory}). One thread. The first pass over the users warms the
 * JIT up and is not counted; the next passes are timed user by user.
 *
 * <p>Usage, with collab4j-core on the class path (a single-file program, no build step):
 * {@code java --add-modules jdk.incubator.vector -cp core/target/collab4j-core-VERSION.jar bench/IalsFoldIn.java MODEL [N]}.
 * Prints one line of JSON: factors, users timed, their mean number of items, and the median,
 * 90th percentile and mean milliseconds of each operation.
 */
public class IalsFoldIn {
    public static void main(String[] a) throws Exception {
        if (a.length < 1) {
            System.err.println("usage: java -cp collab4j-core.jar IalsFoldIn.java MODEL [USERS]");
            System.exit(2);
        }
        TrainedModel t = ModelFile.read(Path.of(a[0]));
        if (!(t.model() instanceof IalsModel m)) throw new IllegalArgumentException(a[0] + " is not an ials model but " + t.kind());
        int n = a.length > 1 ? Integer.parseInt(a[1]) : 2000;
        n = Math.min(n, m.numUsers());
        int[] start = t.seenStart(), items = t.seenItems();
        float[] values = t.seenValues();
        int[][] hist = new int[n][];
        float[][] conf = new float[n][];
        long totalItems = 0;
        for (int j = 0; j < n; j++) {
            int u = (int) ((long) j * m.numUsers() / n);
            hist[j] = Arrays.copyOfRange(items, start[u], start[u + 1]);
            conf[j] = Arrays.copyOfRange(values, start[u], start[u + 1]);
            totalItems += hist[j].length;
        }
        float[] x = new float[m.factors()], scores = new float[m.numItems()];
        double[] solve = new double[n], score = new double[n];
        double sink = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (int j = 0; j < n; j++) {
                long t0 = System.nanoTime();
                m.foldIn(hist[j], conf[j], hist[j].length, x);
                long t1 = System.nanoTime();
                m.scoreHistory(hist[j], conf[j], hist[j].length, scores);
                long t2 = System.nanoTime();
                sink += x[0] + scores[0];
                if (pass > 0) {
                    solve[j] += (t1 - t0) / 1e6 / 2;
                    score[j] += (t2 - t1) / 1e6 / 2;
                }
            }
        }
        System.out.printf(java.util.Locale.ROOT,
                "{\"factors\": %d, \"items\": %d, \"users_timed\": %d, \"mean_history\": %.1f, \"fold_in_ms\": %s, \"fold_in_and_score_all_ms\": %s, \"sink\": %.3g}%n",
                m.factors(), m.numItems(), n, (double) totalItems / n, stats(solve), stats(score), sink);
    }

    private static String stats(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(Double.NaN);
        return String.format(java.util.Locale.ROOT, "{\"median\": %.4f, \"p90\": %.4f, \"max\": %.4f, \"mean\": %.4f}",
                s[s.length / 2], s[(int) (s.length * 0.9)], s[s.length - 1], mean);
    }
}
