package org.collab4j.recommend;

import org.collab4j.kernel.Cholesky;
import org.collab4j.kernel.TopK;
import java.util.Arrays;

import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;
import org.collab4j.model.TrainedModel;

/**
 * Starting points for a user with no ratings at all, the two ways of the bootstrapping problem:
 * asking about a few selected items ({@link #propose}), or asking what they like
 * ({@link GenreStart}; {@link #fromGenres} gives its profile).
 *
 * <p><b>Which items to ask about</b> ({@link #propose}). An answer is worth most when the user
 * can give one (they know the item: it is popular) and when it tells us something the other
 * answers did not (its factors point somewhere new). Both are one quantity in the fold-in's own
 * Bayesian model: with prior precision {@code A} over a new user's {@code z = (p, b)} (the
 * empirical prior of {@link FoldIn}), a rating of item {@code i} with regressor
 * {@code x_i = f'(q_i . mu) (q_i, 1)} adds {@code x_i x_i'} to the precision and
 * {@code log(1 + x_i' A^-1 x_i)} to its log-determinant, the information gained (D-optimal
 * design; the same greedy log-determinant step as MAP inference for a determinantal point
 * process). The rule: among the {@link #CANDIDATES} most-rated items, repeatedly pick
 * <pre>  argmax_i  w_i * log(1 + x_i' A^-1 x_i),   w_i = share of trained users who rated i</pre>
 * (the expected gain, since only users who know {@code i} can answer), then set
 * {@code A += w_i x_i x_i'} (Sherman-Morrison). A picked item's similar items lose gain, so the
 * list spreads over factor space; an obscure item needs a large gain to beat a known one. The
 * first pick is drawn, seeded, from the five best gains in proportion to their gain, so
 * different new users are asked slightly different questions; everything after is greedy and
 * deterministic. No item is proposed twice.
 *
 * <p><b>What they like</b> ({@link #fromGenres}): the profile of {@link GenreStart}.
 */
public final class Onboarding {
    /** How many of the most-rated items are candidates for {@link #propose}. */
    public static final int CANDIDATES = 300;

    private final FoldIn foldIn;
    private final TrainedModel model;
    private volatile GenreStart genreStart;

    public Onboarding(FoldIn foldIn) {
        this.foldIn = foldIn;
        this.model = foldIn.model();
    }

    public FoldIn foldIn() {
        return foldIn;
    }

    /** {@code n} distinct items to ask a new user about, best question first; deterministic for a seed. */
    public int[] propose(int n, long seed) {
        if (n < 1) throw new IllegalArgumentException("onboarding needs at least one item to propose, got " + n);
        FactorModel fm = foldIn.factorModel();
        int k = fm.factors();
        boolean bias = foldIn.fitsUserBias();
        int d = k + (bias ? 1 : 0);
        int[] counts = model.itemCounts();
        int trained = 0;
        for (int u = 0; u < model.numUsers(); u++) if (model.userCount(u) > 0) trained++;
        int[] cand = mostRated(counts, Math.max(CANDIDATES, n));
        int m = cand.length;
        if (m == 0) throw new IllegalStateException("the model has no rated items to propose");
        double[] prec = foldIn.userPriorPrecision().clone();
        double trace = 0;
        for (int a = 0; a < d; a++) trace += prec[a * d + a];
        for (int a = 0; a < d; a++) prec[a * d + a] += trace == 0 ? 1 : 1e-9 * trace; // a usable A without a prior
        double[] ainv = Cholesky.inverse(prec, d);
        UserProfile avg = foldIn.averageUser();
        double[][] x = new double[m][d];
        double[] w = new double[m];
        for (int c = 0; c < m; c++) {
            int i = cand[c];
            double raw = fm.global() + avg.bias() + fm.itemBias()[i];
            for (int f = 0; f < k; f++) raw += avg.factors()[f] * fm.itemFactors()[i * k + f];
            double s = foldIn.slope(raw);
            for (int f = 0; f < k; f++) x[c][f] = s * fm.itemFactors()[i * k + f];
            if (bias) x[c][k] = s;
            w[c] = counts[i] / (double) Math.max(1, trained);
        }
        int count = Math.min(n, m);
        int[] out = new int[count];
        boolean[] taken = new boolean[m];
        double[] gain = new double[m];
        double[] ax = new double[d];
        Rng rng = new Rng(seed);
        for (int pick = 0; pick < count; pick++) {
            for (int c = 0; c < m; c++) gain[c] = taken[c] ? Double.NEGATIVE_INFINITY : w[c] * Math.log1p(quad(ainv, x[c], d));
            int best;
            if (pick == 0) best = drawAmongBest(gain, cand, 5, rng);
            else {
                best = -1;
                for (int c = 0; c < m; c++)
                    if (!taken[c] && (best < 0 || gain[c] > gain[best] || (gain[c] == gain[best] && cand[c] < cand[best]))) best = c;
            }
            taken[best] = true;
            out[pick] = cand[best];
            // A += w x x'  =>  A^-1 -= w (A^-1 x)(A^-1 x)' / (1 + w x' A^-1 x)
            double[] xb = x[best];
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int c = 0; c < d; c++) s += ainv[a * d + c] * xb[c];
                ax[a] = s;
            }
            double denom = 1 + w[best] * quad(ainv, xb, d);
            for (int a = 0; a < d; a++)
                for (int c = 0; c < d; c++) ainv[a * d + c] -= w[best] * ax[a] * ax[c] / denom;
        }
        return out;
    }

    private static double quad(double[] a, double[] x, int d) {
        double s = 0;
        for (int r = 0; r < d; r++) {
            double t = 0;
            for (int c = 0; c < d; c++) t += a[r * d + c] * x[c];
            s += x[r] * t;
        }
        return s;
    }

    /** Index (into the candidates) drawn among the {@code top} best gains, proportionally to the gain. */
    private static int drawAmongBest(double[] gain, int[] cand, int top, Rng rng) {
        Integer[] order = new Integer[gain.length];
        for (int c = 0; c < order.length; c++) order[c] = c;
        Arrays.sort(order, (a, b) -> gain[a] != gain[b] ? Double.compare(gain[b], gain[a]) : Integer.compare(cand[a], cand[b]));
        int t = Math.min(top, order.length);
        double total = 0;
        for (int j = 0; j < t; j++) total += Math.max(0, gain[order[j]]);
        if (!(total > 0)) return order[0];
        double r = rng.nextDouble() * total;
        for (int j = 0; j < t; j++) {
            r -= Math.max(0, gain[order[j]]);
            if (r < 0) return order[j];
        }
        return order[t - 1];
    }

    /** The {@code n} items with the most training ratings (ties: lower index), only items with at least one. */
    public static int[] mostRated(int[] counts, int n) {
        TopK heap = new TopK(Math.min(n, counts.length));
        for (int i = 0; i < counts.length; i++) if (counts[i] > 0) heap.offer(i, counts[i]);
        int[] ids = new int[heap.size()];
        heap.drainSorted(ids, new float[ids.length]);
        return ids;
    }

    /**
     * Demographics a new user states to a genre start; null or 0 fields are not used. The
     * server's form of {@link org.collab4j.recommend.Demographics} (without the zip).
     *
     * @param gender     as in the data set (e.g. M, F)
     * @param age        years; users within 5 years match
     * @param occupation as in the data set
     */
    public record Demographics(String gender, int age, String occupation) {
        public static final Demographics NONE = new Demographics(null, 0, null);

        /** The same statement as {@link org.collab4j.recommend.Demographics}. */
        public org.collab4j.recommend.Demographics stated() {
            return new org.collab4j.recommend.Demographics(gender, age, occupation, null);
        }
    }

    /** Genre indices by name; every unknown name is reported at once with the known ones ({@link GenreStart#indices}). */
    public int[] genreIndices(String[] names) {
        return genreStart().indices(java.util.Arrays.asList(names));
    }

    /** The starting profile from liked genres (and demographics, where the model has them): {@link GenreStart.Start#profile()}. */
    public UserProfile fromGenres(int[] genres, Demographics demo) {
        return genreStart().start(genres, demo == null ? null : demo.stated()).profile();
    }

    private GenreStart genreStart() {
        GenreStart g = genreStart;
        if (g == null) genreStart = g = new GenreStart(foldIn);
        return g;
    }
}
