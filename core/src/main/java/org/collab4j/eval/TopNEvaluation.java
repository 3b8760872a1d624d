package org.collab4j.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.collab4j.data.Confidence;
import org.collab4j.data.Holdout;
import org.collab4j.data.Ratings;
import org.collab4j.kernel.Workers;
import org.collab4j.kernel.TopK;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TopNModel;

/**
 * Full-ranking top-N evaluation of implicit feedback: for every user with held-out items, rank
 * <em>all</em> items of the catalogue except the user's history (their training items, or for a
 * user held out of training the items folded in), never a sample of negatives, and compare the
 * top of the list with the held-out items (all relevant, binary gains).
 *
 * <p>Per user, with {@code R} the held-out items, {@code hits@K} those among the first {@code K}
 * and {@code rank_j} the position of the j-th hit (1-based); each metric is the mean over users:
 * <ul>
 * <li>{@code recall@K} = hits / min(K, |R|), the truncated form of Liang et al. (2018), which
 * reaches 1 when the list is as good as it can be;</li>
 * <li>{@code precision@K} = hits / K;</li>
 * <li>{@code ndcg@K} = sum over hits of 1 / log2(rank + 1), over the same for a perfect list
 * (min(K, |R|) hits at the top);</li>
 * <li>{@code map@K} = sum over hits of (j / rank_j), over min(K, |R|);</li>
 * <li>{@code hr@K} = 1 when the first K hold a hit;</li>
 * <li>{@code mrr} = 1 / the full-list rank of the best-ranked held-out item (not truncated);</li>
 * <li>{@code coverage@K}, {@code novelty@K}, {@code gini@K}: what the top-K lists do to the
 * catalogue, as {@link Exposure} defines them (popularity from the training rows).</li>
 * </ul>
 * Ties in score are broken by the lower item index, as {@link TopK} does. The result does not
 * depend on the number of threads.
 */
public final class TopNEvaluation {
    private TopNEvaluation() {
    }

    /** {@code users} scored and the metrics by name ({@code "ndcg@20"}, {@code "recall@20"}, {@code "mrr"}, ...). */
    public record Result(int users, Map<String, Double> metrics) {
        public double get(String name) {
            Double v = metrics.get(name);
            if (v == null) throw new IllegalArgumentException("no metric '" + name + "'; measured: " + String.join(", ", metrics.keySet()));
            return v;
        }
    }

    /** The metric names a cut-off list gives, for messages and option checks. */
    public static boolean isMetric(String name) {
        if (name.equals("mrr")) return true;
        int at = name.indexOf('@');
        if (at < 0) return false;
        String base = name.substring(0, at);
        if (!java.util.Set.of("recall", "precision", "ndcg", "map", "hr", "coverage", "novelty", "gini").contains(base)) return false;
        try {
            return Integer.parseInt(name.substring(at + 1)) >= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The cut-off of a metric name ({@code ndcg@20} gives 20; {@code mrr} gives 0). */
    public static int cutoff(String name) {
        int at = name.indexOf('@');
        return at < 0 ? 0 : Integer.parseInt(name.substring(at + 1));
    }

    /**
     * Evaluates {@code model} on {@code holdout} (rows of {@code data}) at the cut-offs {@code ks}.
     * Users held out of training are folded in from their {@code foldIn} rows, weighed by
     * {@code confidence} as in training; that needs a {@link TopNModel}.
     */
    public static Result evaluate(RatingModel model, Ratings data, Holdout holdout, Confidence confidence, int[] ks, int threads) {
        if (ks.length == 0) throw new IllegalArgumentException("give at least one cut-off K");
        for (int k : ks) if (k < 1) throw new IllegalArgumentException("a cut-off K must be at least 1, got " + k);
        if (holdout.foldsIn() && !(model instanceof TopNModel))
            throw new IllegalArgumentException("model " + model.kind() + " cannot fold in users held out of training");
        int nu = data.numUsers(), ni = data.numItems();
        if (model.numItems() != ni || model.numUsers() != nu)
            throw new IllegalArgumentException("the model has " + model.numUsers() + " users and " + model.numItems()
                    + " items but the data " + nu + " and " + ni);
        int[][] train = byUser(data, holdout.train(), nu);
        int[][] foldIn = byUser(data, holdout.foldIn(), nu);
        int[][] relevant = byUser(data, holdout.heldOut(), nu);
        int[] itemCounts = new int[ni];
        int trainedUsers = 0;
        for (int u = 0; u < nu; u++) {
            for (int r : train[u]) itemCounts[data.item(r)]++;
            if (train[u].length > 0) trainedUsers++;
        }
        int counted = 0;
        for (int u = 0; u < nu; u++) if (relevant[u].length > 0) counted++;
        final int users = counted;
        int[] scored = new int[users];
        for (int u = 0, j = 0; u < nu; u++) if (relevant[u].length > 0) scored[j++] = u;

        int kMax = 0;
        for (int k : ks) kMax = Math.max(kMax, k);
        final int kTop = Math.min(kMax, ni);
        int per = 5 * ks.length + 1;
        double[] perUser = new double[users * per];
        int[] lists = new int[users * kTop];
        int[] listLength = new int[users];
        final int parts = Math.max(1, Math.min(threads, users));
        Workers pool = parts > 1 ? new Workers(parts) : Workers.SERIAL;
        try {
            pool.run(parts, p -> {
                float[] scores = new float[ni];
                int[] items = new int[0];
                float[] weights = new float[0];
                TopK heap = new TopK(kTop);
                int[] top = new int[kTop];
                float[] topScores = new float[kTop];
                for (int j = Workers.lo(users, p, parts), e = Workers.lo(users, p + 1, parts); j < e; j++) {
                    int u = scored[j];
                    int[] history = foldIn[u].length > 0 ? foldIn[u] : train[u];
                    if (foldIn[u].length > 0) {
                        int n = history.length;
                        if (items.length < n) {
                            items = new int[n];
                            weights = new float[n];
                        }
                        sortedHistory(data, history, confidence, items, weights);
                        ((TopNModel) model).scoreHistory(items, weights, n, scores);
                    } else {
                        model.scoreItems(u, scores);
                    }
                    for (int r : history) scores[data.item(r)] = Float.NaN;
                    heap.clear();
                    for (int i = 0; i < ni; i++) heap.offer(i, scores[i]);
                    int n = heap.drainSorted(top, topScores);
                    System.arraycopy(top, 0, lists, j * kTop, n);
                    listLength[j] = n;
                    int[] rel = itemsOf(data, relevant[u]);
                    measure(top, n, rel, ks, perUser, j * per);
                    perUser[j * per + per - 1] = reciprocalRank(scores, rel);
                }
            });
        } finally {
            if (pool != Workers.SERIAL) pool.close();
        }

        Map<String, Double> out = new LinkedHashMap<>();
        double d = Math.max(1, users);
        for (int c = 0; c < ks.length; c++) {
            int k = ks[c];
            double[] sum = new double[5];
            for (int j = 0; j < users; j++) for (int m = 0; m < 5; m++) sum[m] += perUser[j * per + 5 * c + m];
            out.put("recall@" + k, sum[0] / d);
            out.put("precision@" + k, sum[1] / d);
            out.put("ndcg@" + k, sum[2] / d);
            out.put("map@" + k, sum[3] / d);
            out.put("hr@" + k, sum[4] / d);
            Exposure exposure = new Exposure(itemCounts, trainedUsers);
            for (int j = 0; j < users; j++) exposure.add(Arrays.copyOfRange(lists, j * kTop, j * kTop + Math.min(k, listLength[j])));
            out.put("coverage@" + k, exposure.coverage());
            out.put("novelty@" + k, exposure.novelty());
            out.put("gini@" + k, exposure.gini());
        }
        double rr = 0;
        for (int j = 0; j < users; j++) rr += perUser[j * per + per - 1];
        out.put("mrr", rr / d);
        return new Result(users, out);
    }

    /**
     * Recall, precision, NDCG, MAP and hit at each cut-off of one ranked list {@code top[0..n)}
     * against the relevant items {@code rel} (sorted), into {@code out[at + 5c .. at + 5c + 5)}.
     */
    static void measure(int[] top, int n, int[] rel, int[] ks, double[] out, int at) {
        for (int c = 0; c < ks.length; c++) {
            int k = ks[c];
            int hits = 0;
            double dcg = 0, ap = 0;
            for (int j = 0; j < Math.min(k, n); j++) {
                if (Arrays.binarySearch(rel, top[j]) >= 0) {
                    hits++;
                    dcg += 1 / log2(j + 2);
                    ap += (double) hits / (j + 1);
                }
            }
            int ideal = Math.min(k, rel.length);
            double idcg = 0;
            for (int j = 0; j < ideal; j++) idcg += 1 / log2(j + 2);
            int o = at + 5 * c;
            out[o] = (double) hits / ideal;
            out[o + 1] = (double) hits / k;
            out[o + 2] = dcg / idcg;
            out[o + 3] = ap / ideal;
            out[o + 4] = hits > 0 ? 1 : 0;
        }
    }

    /**
     * 1 / the rank, among all items with a score (history items are NaN), of the best-scored
     * relevant item; ties go to the lower index. 0 when no relevant item has a score.
     */
    static double reciprocalRank(float[] scores, int[] rel) {
        int best = -1;
        for (int i : rel) {
            float s = scores[i];
            if (Float.isNaN(s)) continue;
            if (best < 0 || s > scores[best] || (s == scores[best] && i < best)) best = i;
        }
        if (best < 0) return 0;
        float s = scores[best];
        long ahead = 0;
        for (int i = 0; i < scores.length; i++) {
            float x = scores[i];
            if (x > s || (x == s && i < best)) ahead++;
        }
        return 1.0 / (ahead + 1);
    }

    private static int[] itemsOf(Ratings data, int[] rows) {
        int[] items = new int[rows.length];
        for (int j = 0; j < rows.length; j++) items[j] = data.item(rows[j]);
        Arrays.sort(items);
        return items;
    }

    /** A user's history rows as items (ascending, repeated items summed) and their confidences. */
    private static void sortedHistory(Ratings data, int[] rows, Confidence confidence, int[] items, float[] weights) {
        int n = rows.length;
        long[] packed = new long[n];
        for (int j = 0; j < n; j++) packed[j] = ((long) data.item(rows[j]) << 32) | j;
        Arrays.sort(packed);
        for (int j = 0; j < n; j++) {
            int r = rows[(int) packed[j]];
            items[j] = data.item(r);
            weights[j] = confidence.apply(data.value(r));
        }
    }

    static int[][] byUser(Ratings data, int[] rows, int nu) {
        int[] count = new int[nu];
        for (int r : rows) count[data.user(r)]++;
        int[][] out = new int[nu][];
        for (int u = 0; u < nu; u++) out[u] = count[u] == 0 ? EMPTY : new int[count[u]];
        Arrays.fill(count, 0);
        for (int r : rows) {
            int u = data.user(r);
            out[u][count[u]++] = r;
        }
        return out;
    }

    private static final int[] EMPTY = new int[0];

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
