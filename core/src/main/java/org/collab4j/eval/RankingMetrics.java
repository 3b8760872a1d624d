package org.collab4j.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.collab4j.data.Ratings;
import org.collab4j.model.TrainedModel;
import org.collab4j.kernel.TopK;

/**
 * Top-N evaluation: for each user with at least one relevant held-out rating (value at least
 * {@code relevanceThreshold}), rank every item the user did not rate in training and compare the
 * top {@code k} with the relevant items. Reports the means over those users of precision@k,
 * recall@k, NDCG@k (binary gains, log2 discounts), MAP@k (average precision truncated at k,
 * normalised by min(k, relevant)) and hit rate@k, plus what the lists do to the catalogue
 * ({@link Exposure}): coverage (share of all items that appear in at least one top-k list),
 * novelty (mean self-information of the recommended items) and the Gini index of exposure.
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    public static Map<String, Double> evaluate(TrainedModel model, Ratings data, int[] testRows, int k, float relevanceThreshold) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        int nu = model.numUsers(), ni = model.numItems();
        // relevant held-out items per user, in CSR form
        int[] count = new int[nu + 1];
        for (int r : testRows) if (data.value(r) >= relevanceThreshold) count[data.user(r) + 1]++;
        for (int u = 0; u < nu; u++) count[u + 1] += count[u];
        int[] rel = new int[count[nu]];
        int[] fill = Arrays.copyOf(count, nu);
        for (int r : testRows) if (data.value(r) >= relevanceThreshold) rel[fill[data.user(r)]++] = data.item(r);
        for (int u = 0; u < nu; u++) Arrays.sort(rel, count[u], count[u + 1]);

        float[] scores = new float[ni];
        Exposure exposure = new Exposure(model.itemCounts(), trainedUsers(model));
        TopK heap = new TopK(k);
        int[] top = new int[k];
        float[] topScores = new float[k];
        double prec = 0, recall = 0, ndcg = 0, map = 0, hit = 0;
        int users = 0;
        int[] seen = model.seenItems(), seenStart = model.seenStart();
        for (int u = 0; u < nu; u++) {
            int nRel = count[u + 1] - count[u];
            if (nRel == 0) continue;
            users++;
            model.model().scoreItems(u, scores);
            for (int j = seenStart[u]; j < seenStart[u + 1]; j++) scores[seen[j]] = Float.NaN;
            heap.clear();
            for (int i = 0; i < ni; i++) heap.offer(i, scores[i]);
            int n = heap.drainSorted(top, topScores);
            exposure.add(top, n);
            int hits = 0;
            double dcg = 0, ap = 0;
            for (int j = 0; j < n; j++) {
                if (Arrays.binarySearch(rel, count[u], count[u + 1], top[j]) >= 0) {
                    hits++;
                    dcg += 1 / log2(j + 2);
                    ap += (double) hits / (j + 1);
                }
            }
            double idcg = 0;
            for (int j = 0; j < Math.min(k, nRel); j++) idcg += 1 / log2(j + 2);
            prec += (double) hits / k;
            recall += (double) hits / nRel;
            ndcg += dcg / idcg;
            map += ap / Math.min(k, nRel);
            hit += hits > 0 ? 1 : 0;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double d = Math.max(1, users);
        out.put("precision@" + k, prec / d);
        out.put("recall@" + k, recall / d);
        out.put("ndcg@" + k, ndcg / d);
        out.put("map@" + k, map / d);
        out.put("hit_rate@" + k, hit / d);
        out.put("coverage@" + k, exposure.coverage());
        out.put("novelty@" + k, exposure.novelty());
        out.put("gini@" + k, exposure.gini());
        out.put("users_evaluated", (double) users);
        return out;
    }

    /** Users with at least one training rating. */
    static int trainedUsers(TrainedModel model) {
        int n = 0;
        for (int u = 0; u < model.numUsers(); u++) if (model.userCount(u) > 0) n++;
        return n;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
