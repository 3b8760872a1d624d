package org.collab4j.experiment;

import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.Ratings;
import org.collab4j.kernel.Rng;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Demographics;
import org.collab4j.recommend.GenreStart;
import org.collab4j.recommend.Onboarding;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.collab4j.kernel.TopK;
import org.collab4j.recommend.UserProfile;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.Provenance;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;

/**
 * The cold-start protocol: how well new users are served from their first few ratings.
 *
 * <ol>
 * <li>A seeded {@code heldOut} share of the users is held out entirely; a {@code dot-bias} model
 * (any factor model; the command uses {@code dot-bias}) is trained on the other users' ratings.</li>
 * <li>Each held-out user's ratings are shuffled (seeded per user). The first {@code k} of them
 * are revealed, for {@code k} in {@link #REVEALED}; the ratings after the first
 * {@code max(REVEALED)} are the test set, the same for every {@code k} and method.</li>
 * <li>Methods: <i>fold-in</i> ({@link FoldIn} on the revealed ratings; k = 0 is the average
 * user); <i>popularity</i> (ranks by number of training ratings, predicts the item's mean
 * rating); <i>bias</i> (global mean + item bias + the user's bias from the revealed ratings,
 * damped: item bias {@code sum(r - mu)/(n_i + 25)}, user bias {@code sum(r - mu - b_i)/(k + 10)});
 * <i>fold-in (relevance)</i>: the same profiles ranked by {@link FoldIn#relevanceScores} (same
 * RMSE, other ranking). At k = 0, the genre start: the user states their two genres with the most
 * ratings of at least 4 (what they would say when asked) and gets the list
 * {@link Recommendations#recommend} gives a {@link Requester.Genres} ({@link GenreStart}), by
 * predicted rating (<i>genre</i>) or by relevance (<i>genre (relevance)</i>, the default); and,
 * to compare, <i>genre (popularity)</i>: the items of the stated genres by number of training
 * ratings. All three predict ratings from the genre start's profile.</li>
 * <li>Metrics on the test set: RMSE, and NDCG@10 over all items except the revealed ones
 * (binary gains: test ratings of at least 4; users without such a rating are not counted); for
 * the genre start also the share of the top 10 in the stated genres.</li>
 * </ol>
 *
 * <p>Onboarding comparison: each held-out user is asked about items in a method's order
 * ({@link Onboarding#propose} — continued by popularity after its {@code 100} proposals —,
 * most-rated first, or a seeded random order) and answers those they really rated, until
 * {@code 5} answers; the answers are folded in and NDCG@10 (of {@link FoldIn#relevanceScores}) is
 * measured on the user's other ratings. So that all three are judged on the same test, the items
 * answered under any of the three methods are left out of every method's candidates and test
 * set. The mean number of questions asked is reported too.
 */
public final class ColdStart {
    public static final int[] REVEALED = {0, 1, 3, 5, 10};
    static final int ANSWERS = 5;
    static final int PROPOSALS = 100;

    private ColdStart() {
    }

    /**
     * One cell group of the table; {@code ranking} says what orders the top-10 list:
     * {@code predicted rating}, {@code relevance} ({@link FoldIn#relevanceScores}) or
     * {@code rating count} (popularity). RMSE is always of the predicted rating.
     * {@code inGenres} is the mean share of the top 10 in the stated genres (NaN but for the
     * genre start).
     */
    public record Row(int k, String method, String ranking, double rmse, double ndcg, double inGenres, int users) {
    }

    /** What orders a method's top-10 list (see {@link Row}). */
    static String ranking(String method) {
        if (method.endsWith("(relevance)")) return "relevance";
        return method.endsWith("popularity") || method.endsWith("(popularity)") ? "rating count" : "predicted rating";
    }

    public record OnboardRow(String method, double ndcg, double questions, int users) {
    }

    /**
     * @param foldInMicros   mean time to fold in one user with 10 ratings, single thread
     * @param batchMillis    time to fold in {@code batchUsers} users with 10 ratings each ({@link FoldIn#users})
     */
    public record Timing(double foldInMicros, double batchMillis, int batchUsers) {
    }

    public record Result(List<Row> table, List<OnboardRow> onboarding, Timing timing, int trainUsers, int heldOutUsers,
                         double trainSeconds) {
    }

    public static Result run(Dataset data, ModelTrainer trainer, TrainConfig config, double heldOut, long seed) {
        return run(data, trainer, config, heldOut, seed, false);
    }

    /**
     * The protocol; with {@code timingOnly} only the model is trained and fold-in timed (the
     * table and the onboarding comparison are empty).
     */
    public static Result run(Dataset data, ModelTrainer trainer, TrainConfig config, double heldOut, long seed, boolean timingOnly) {
        Ratings r = data.ratings();
        int nu = r.numUsers(), ni = r.numItems();
        int[] users = new int[nu];
        for (int u = 0; u < nu; u++) users[u] = u;
        new Rng(seed).shuffle(users);
        boolean[] cold = new boolean[nu];
        int nCold = (int) Math.round(heldOut * nu);
        for (int j = 0; j < nCold; j++) cold[users[j]] = true;
        boolean[] valid = new boolean[r.size()];
        int nv = 0;
        for (int row = 0; row < r.size(); row++) if (cold[r.user(row)]) { valid[row] = true; nv++; }
        Split split = Splits.fromMask("cold-start users (" + heldOut + ", seed " + seed + ")", valid, nv);
        long t0 = System.nanoTime();
        TrainResult tr = trainer.train(data, split, config, List.of());
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> prov = Provenance.of(trainer.name(), data.name(), split.name(), config)
                .counts(split.numTrain(), split.numValid()).build();
        TrainedModel model = TrainedModel.of(tr.model(), r, split.train(), data.items(), data.users(), prov);
        Recommendations recommendations = new Recommendations(model);
        FoldIn foldIn = recommendations.foldIn();
        Onboarding onboarding = new Onboarding(foldIn);

        // per-user histories, shuffled
        int[] start = new int[nu + 1];
        for (int row : split.valid()) start[r.user(row) + 1]++;
        for (int u = 0; u < nu; u++) start[u + 1] += start[u];
        int[] fill = Arrays.copyOf(start, nu);
        int[] hist = new int[split.valid().length];
        for (int row : split.valid()) hist[fill[r.user(row)]++] = row;
        for (int u = 0; u < nu; u++) {
            int[] part = Arrays.copyOfRange(hist, start[u], start[u + 1]);
            Arrays.sort(part);
            new Rng(seed ^ (0x5DEECE66DL * (u + 1))).shuffle(part);
            System.arraycopy(part, 0, hist, start[u], part.length);
        }

        // baselines from the training rows
        double mu = r.mean(split.train());
        double[] itemSum = new double[ni];
        int[] itemN = model.itemCounts();
        for (int row : split.train()) itemSum[r.item(row)] += r.value(row);
        float[] itemBias = new float[ni], itemMean = new float[ni];
        for (int i = 0; i < ni; i++) {
            itemBias[i] = (float) ((itemSum[i] - itemN[i] * mu) / (itemN[i] + 25));
            itemMean[i] = itemN[i] == 0 ? (float) mu : (float) (itemSum[i] / itemN[i]);
        }
        float[] popularity = new float[ni];
        for (int i = 0; i < ni; i++) popularity[i] = itemN[i];

        int kMax = REVEALED[REVEALED.length - 1];
        if (timingOnly)
            return new Result(List.of(), List.of(), time(foldIn, r, hist, start, cold, kMax), nu - nCold, nCold, trainSeconds);
        List<Row> table = new ArrayList<>();
        String[] methods = {"fold-in", "fold-in (relevance)", "popularity", "bias", "genre", "genre (relevance)", "genre (popularity)"};
        boolean genres = data.items() != null && GenreStart.hasGenres(model);
        float[] scores = new float[ni];
        for (int k : REVEALED) {
            for (String method : methods) {
                if (method.startsWith("genre") && (k != 0 || !genres)) continue;
                Acc acc = new Acc();
                for (int u = 0; u < nu; u++) {
                    if (!cold[u] || start[u + 1] - start[u] <= kMax) continue;
                    int from = start[u];
                    int[] items = new int[k];
                    float[] vals = new float[k];
                    for (int j = 0; j < k; j++) {
                        items[j] = r.item(hist[from + j]);
                        vals[j] = r.value(hist[from + j]);
                    }
                    float[] ranking = null;
                    switch (method) {
                        case "fold-in" -> foldIn.scoreItems(foldIn.user(items, vals), scores);
                        case "fold-in (relevance)" -> {
                            UserProfile p = foldIn.user(items, vals);
                            foldIn.scoreItems(p, scores);
                            ranking = new float[ni];
                            foldIn.relevanceScores(p, 4f, ranking);
                        }
                        case "genre", "genre (relevance)", "genre (popularity)" -> {
                            List<String> stated = favouriteGenres(model, r, hist, from, start[u + 1], 2);
                            GenreStart.Start gs = recommendations.genreStart().start(
                                    recommendations.genreStart().indices(stated), Demographics.NONE);
                            foldIn.scoreItems(gs.profile(), scores);
                            int[] list;
                            if (method.equals("genre (popularity)")) {
                                float[] inside = popularity.clone();
                                for (int i = 0; i < ni; i++) if (!gs.inGenres()[i]) inside[i] = Float.NaN;
                                list = top(inside, 10);
                            } else {
                                FoldIn.Ranking by = method.equals("genre") ? FoldIn.Ranking.RATING : FoldIn.Ranking.RELEVANCE;
                                list = recommendations.recommend(new Requester.Genres(stated, Demographics.NONE), 10, by).items()
                                        .stream().mapToInt(Recommendations.Item::index).toArray();
                            }
                            ranking = new float[ni];
                            Arrays.fill(ranking, Float.NaN);
                            int in = 0;
                            for (int j = 0; j < list.length; j++) {
                                ranking[list[j]] = list.length - j;
                                if (gs.inGenres()[list[j]]) in++;
                            }
                            acc.inGenres(in / 10.0);
                        }
                        case "popularity" -> System.arraycopy(itemMean, 0, scores, 0, ni);
                        default -> {
                            double s = 0;
                            for (int j = 0; j < k; j++) s += vals[j] - mu - itemBias[items[j]];
                            float bu = (float) (s / (k + 10));
                            float lo = r.scale().min(), hi = r.scale().max();
                            for (int i = 0; i < ni; i++) scores[i] = Math.max(lo, Math.min(hi, (float) mu + bu + itemBias[i]));
                        }
                    }
                    for (int j = from + kMax; j < start[u + 1]; j++) acc.error(scores[r.item(hist[j])] - r.value(hist[j]));
                    if (ranking == null) ranking = method.equals("popularity") ? popularity.clone() : scores.clone();
                    for (int it : items) ranking[it] = Float.NaN;
                    acc.ndcg(ndcg(ranking, r, hist, from + kMax, start[u + 1], 10));
                }
                table.add(new Row(k, method, ranking(method), acc.rmse(), acc.meanNdcg(), acc.meanInGenres(), acc.users()));
            }
        }

        // onboarding: ask until ANSWERS answers; every method is judged on the same test items
        // (the user's ratings minus the items answered under any method), ranking the same candidates
        String[] askMethods = {"onboard", "popular", "random"};
        Acc[] accs = {new Acc(), new Acc(), new Acc()};
        double[] questions = new double[3];
        int[] popular = Onboarding.mostRated(itemN, ni);
        Map<Long, int[]> proposed = new LinkedHashMap<>();
        float[] userVals = new float[ni];
        for (int u = 0; u < nu; u++) {
            if (!cold[u]) continue;
            Arrays.fill(userVals, Float.NaN);
            for (int j = start[u]; j < start[u + 1]; j++) userVals[r.item(hist[j])] = r.value(hist[j]);
            int[][] answered = new int[3][];
            float[][] answers = new float[3][];
            boolean[] anyAnswered = new boolean[ni];
            for (int m = 0; m < 3; m++) {
                int[] order;
                if (m == 1) order = popular;
                else if (m == 2) {
                    order = new int[ni];
                    for (int i = 0; i < ni; i++) order[i] = i;
                    new Rng(seed * 31 + u).shuffle(order);
                } else {
                    int[] first = proposed.computeIfAbsent(seed + (u % 5), key -> onboarding.propose(PROPOSALS, key));
                    order = concatDistinct(first, popular);
                }
                int[] items = new int[ANSWERS];
                float[] vals = new float[ANSWERS];
                int got = 0, q = 0;
                for (int j = 0; j < order.length && got < ANSWERS; j++) {
                    q++;
                    if (!Float.isNaN(userVals[order[j]])) {
                        items[got] = order[j];
                        vals[got++] = userVals[order[j]];
                        anyAnswered[order[j]] = true;
                    }
                }
                answered[m] = Arrays.copyOf(items, got);
                answers[m] = Arrays.copyOf(vals, got);
                questions[m] += q;
            }
            int[] rest = new int[start[u + 1] - start[u]];
            int c = 0;
            for (int j = start[u]; j < start[u + 1]; j++) if (!anyAnswered[r.item(hist[j])]) rest[c++] = hist[j];
            for (int m = 0; m < 3; m++) {
                foldIn.relevanceScores(foldIn.user(answered[m], answers[m]), 4f, scores);
                for (int i = 0; i < ni; i++) if (anyAnswered[i]) scores[i] = Float.NaN;
                accs[m].ndcg(ndcg(scores, r, rest, 0, c, 10));
            }
        }
        List<OnboardRow> onboard = new ArrayList<>();
        for (int m = 0; m < 3; m++) onboard.add(new OnboardRow(askMethods[m], accs[m].meanNdcg(), questions[m] / Math.max(1, nCold), accs[m].users()));

        Timing timing = time(foldIn, r, hist, start, cold, kMax);
        return new Result(table, onboard, timing, nu - nCold, nCold, trainSeconds);
    }

    private static Timing time(FoldIn foldIn, Ratings r, int[] hist, int[] start, boolean[] cold, int k) {
        List<int[]> itemsL = new ArrayList<>();
        List<float[]> valsL = new ArrayList<>();
        for (int u = 0; u < cold.length; u++) {
            if (!cold[u] || start[u + 1] - start[u] < k) continue;
            int[] items = new int[k];
            float[] vals = new float[k];
            for (int j = 0; j < k; j++) {
                items[j] = r.item(hist[start[u] + j]);
                vals[j] = r.value(hist[start[u] + j]);
            }
            itemsL.add(items);
            valsL.add(vals);
        }
        int n = itemsL.size();
        if (n == 0) return new Timing(Double.NaN, Double.NaN, 0);
        // warm up (the JIT compiles the solve after a few thousand calls), then best of 10 passes
        for (int j = 0; j < 5000; j++) foldIn.user(itemsL.get(j % n), valsL.get(j % n));
        double best = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < 10; rep++) {
            long t0 = System.nanoTime();
            for (int j = 0; j < n; j++) foldIn.user(itemsL.get(j), valsL.get(j));
            best = Math.min(best, (System.nanoTime() - t0) / 1e3 / n);
        }
        int batch = 1000;
        int[][] bi = new int[batch][];
        float[][] bv = new float[batch][];
        for (int j = 0; j < batch; j++) {
            bi[j] = itemsL.get(j % n);
            bv[j] = valsL.get(j % n);
        }
        double bestBatch = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < 10; rep++) {
            long t0 = System.nanoTime();
            foldIn.users(bi, bv);
            bestBatch = Math.min(bestBatch, (System.nanoTime() - t0) / 1e6);
        }
        return new Timing(best, bestBatch, batch);
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) if (v == x) return true;
        return false;
    }

    private static int[] concatDistinct(int[] first, int[] rest) {
        int[] out = Arrays.copyOf(first, first.length + rest.length);
        int n = first.length;
        for (int i : rest) if (!contains(first, i)) out[n++] = i;
        return Arrays.copyOf(out, n);
    }

    /**
     * The {@code n} genres (names a user can state, {@link GenreStart#genres}) with the most ratings
     * of at least 4 among the user's rows {@code hist[from..to)}; the most rated genre when the
     * user rated nothing 4 or more.
     */
    static List<String> favouriteGenres(TrainedModel model, Ratings r, int[] hist, int from, int to, int n) {
        ItemInfo info = model.itemInfo();
        String[] names = info.genreNames();
        List<String> stateable = GenreStart.genres(model);
        float[] liked = new float[info.numGenres()], rated = new float[info.numGenres()];
        for (int j = from; j < to; j++)
            for (int g : info.genres(r.item(hist[j]))) {
                rated[g]++;
                if (r.value(hist[j]) >= 4) liked[g]++;
            }
        int[] out = topGenres(liked, names, stateable, n);
        if (out.length == 0) out = topGenres(rated, names, stateable, 1);
        List<String> stated = new ArrayList<>();
        for (int g : out) stated.add(names[g]);
        if (stated.isEmpty()) stated.add(stateable.get(0));
        return stated;
    }

    private static int[] topGenres(float[] counts, String[] names, List<String> stateable, int n) {
        TopK heap = new TopK(n);
        for (int g = 0; g < counts.length; g++) if (counts[g] > 0 && stateable.contains(names[g])) heap.offer(g, counts[g]);
        int[] out = new int[heap.size()];
        heap.drainSorted(out, new float[out.length]);
        return out;
    }

    private static int[] top(float[] scores, int k) {
        TopK heap = new TopK(k);
        for (int i = 0; i < scores.length; i++) heap.offer(i, scores[i]);
        int[] out = new int[heap.size()];
        heap.drainSorted(out, new float[out.length]);
        return out;
    }

    /** NDCG@k of a score vector against the ratings of at least 4 in {@code rows[from..to)}; NaN when none. */
    static double ndcg(float[] scores, Ratings r, int[] rows, int from, int to, int k) {
        int nRel = 0;
        boolean[] rel = new boolean[scores.length];
        for (int j = from; j < to; j++) if (r.value(rows[j]) >= 4) { rel[r.item(rows[j])] = true; nRel++; }
        if (nRel == 0) return Double.NaN;
        TopK heap = new TopK(k);
        for (int i = 0; i < scores.length; i++) heap.offer(i, scores[i]);
        int[] top = new int[heap.size()];
        int n = heap.drainSorted(top, new float[top.length]);
        double dcg = 0, idcg = 0;
        for (int j = 0; j < n; j++) if (rel[top[j]]) dcg += 1 / (Math.log(j + 2) / Math.log(2));
        for (int j = 0; j < Math.min(k, nRel); j++) idcg += 1 / (Math.log(j + 2) / Math.log(2));
        return dcg / idcg;
    }

    private static final class Acc {
        double se, ndcg, inGenres;
        long n;
        int users, ndcgUsers, inGenresUsers;

        void inGenres(double share) {
            inGenres += share;
            inGenresUsers++;
        }

        double meanInGenres() {
            return inGenresUsers == 0 ? Double.NaN : inGenres / inGenresUsers;
        }

        void error(double e) {
            se += e * e;
            n++;
        }

        void ndcg(double v) {
            users++;
            if (!Double.isNaN(v)) {
                ndcg += v;
                ndcgUsers++;
            }
        }

        double rmse() {
            return n == 0 ? Double.NaN : Math.sqrt(se / n);
        }

        double meanNdcg() {
            return ndcgUsers == 0 ? Double.NaN : ndcg / ndcgUsers;
        }

        int users() {
            return users;
        }
    }
}
