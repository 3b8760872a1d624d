package org.collab4j.recommend;

import org.collab4j.kernel.TopK;
import java.util.Arrays;

import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;

/**
 * Re-ranking that keeps feedback loops in check: diversity by maximal marginal relevance over
 * item factors, and exploration with a seeded share of less-exposed items.
 *
 * <p><b>MMR</b> (Carbonell &amp; Goldstein 1998). From the {@link #poolSize} best-scored
 * candidates, items are picked one at a time, each maximising
 * <pre>  (1 - lambda) * rel(i) - lambda * max_{j already picked} cos(q_i, q_j)</pre>
 * where {@code rel} is the score rescaled to [0, 1] over the pool (so a rating scale and a
 * cosine are comparable) and ties go to the lower index. {@code lambda = 0} is the plain ranking;
 * {@code lambda = 1} ignores scores after the first pick.
 *
 * <p><b>Exploration.</b> Each of the {@code n} positions is, with probability {@code epsilon}
 * (seeded), given instead to an item drawn uniformly from the {@code 5n} best-scored candidates
 * whose exposure is below the median exposure of the catalogue (or zero) (exposure: how often an item has
 * been shown or rated so far, e.g. its training count). Explored items are never repeats of items
 * already in the list. {@code epsilon = 0} changes nothing and draws no random numbers.
 */
public final class Rerank {
    private Rerank() {
    }

    /** Candidates considered by MMR: {@code max(10 n, 100)}. */
    public static int poolSize(int n) {
        return Math.max(10 * n, 100);
    }

    /**
     * The top {@code n} items by MMR; {@code scores} NaN are excluded. Returns item indices, best
     * first (fewer than {@code n} when fewer candidates exist).
     */
    public static int[] mmr(float[] scores, FactorModel fm, int n, double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("--diversity must be in [0, 1], got " + lambda);
        int[] pool = top(scores, lambda == 0 ? n : poolSize(n));
        if (lambda == 0 || pool.length <= 1) return Arrays.copyOf(pool, Math.min(n, pool.length));
        int m = pool.length, k = fm.factors();
        float[] q = fm.itemFactors();
        double[] norm = new double[m];
        for (int a = 0; a < m; a++) {
            double s = 0;
            for (int f = 0; f < k; f++) s += q[pool[a] * k + f] * q[pool[a] * k + f];
            norm[a] = Math.sqrt(s);
        }
        double hi = scores[pool[0]], lo = scores[pool[m - 1]];
        double[] rel = new double[m];
        for (int a = 0; a < m; a++) rel[a] = hi == lo ? 1 : (scores[pool[a]] - lo) / (hi - lo);
        double[] maxSim = new double[m];
        Arrays.fill(maxSim, Double.NEGATIVE_INFINITY);
        boolean[] taken = new boolean[m];
        int count = Math.min(n, m);
        int[] out = new int[count];
        for (int pick = 0; pick < count; pick++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < m; a++) {
                if (taken[a]) continue;
                double v = (1 - lambda) * rel[a] - lambda * (pick == 0 ? 0 : maxSim[a]);
                if (v > bestValue || (v == bestValue && pool[a] < pool[best])) {
                    bestValue = v;
                    best = a;
                }
            }
            taken[best] = true;
            out[pick] = pool[best];
            int ob = pool[best] * k;
            for (int a = 0; a < m; a++) {
                if (taken[a]) continue;
                double dot = 0;
                for (int f = 0; f < k; f++) dot += q[pool[a] * k + f] * q[ob + f];
                double cos = norm[a] == 0 || norm[best] == 0 ? 0 : dot / (norm[a] * norm[best]);
                if (cos > maxSim[a]) maxSim[a] = cos;
            }
        }
        return out;
    }

    /**
     * Replaces a seeded share {@code epsilon} of the positions of {@code list} by less-exposed
     * candidates (see the class comment); returns a new array. {@code scores} NaN are excluded.
     */
    public static int[] explore(int[] list, float[] scores, int[] exposure, double epsilon, Rng rng) {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("--explore must be in [0, 1], got " + epsilon);
        int[] out = list.clone();
        if (epsilon == 0 || list.length == 0) return out;
        int[] sorted = exposure.clone();
        Arrays.sort(sorted);
        int median = sorted[sorted.length / 2];
        float[] masked = scores.clone();
        for (int i = 0; i < masked.length; i++) if (!(exposure[i] < median || exposure[i] == 0)) masked[i] = Float.NaN;
        for (int i : list) masked[i] = Float.NaN;
        int[] candidates = top(masked, 5 * list.length);
        boolean[] used = new boolean[candidates.length];
        int left = candidates.length;
        for (int pos = 0; pos < out.length && left > 0; pos++) {
            if (rng.nextDouble() >= epsilon) continue;
            int c = rng.nextInt(left);
            for (int a = 0; a < candidates.length; a++) {
                if (used[a]) continue;
                if (c-- == 0) {
                    used[a] = true;
                    out[pos] = candidates[a];
                    left--;
                    break;
                }
            }
        }
        return out;
    }

    /** Indices of the {@code n} best non-NaN scores, best first (ties: lower index). */
    static int[] top(float[] scores, int n) {
        TopK heap = new TopK(Math.max(0, n));
        for (int i = 0; i < scores.length; i++) heap.offer(i, scores[i]);
        int[] ids = new int[heap.size()];
        heap.drainSorted(ids, new float[ids.length]);
        return ids;
    }
}
