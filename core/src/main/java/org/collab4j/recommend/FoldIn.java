package org.collab4j.recommend;

import org.collab4j.kernel.Workers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.collab4j.algo.dotbias.DotProductBias;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/**
 * Folds a new or changed user (or a new item) into a trained latent-factor model without
 * retraining: the other side's factors and biases are held fixed and the row's factors and bias
 * are solved from its ratings alone, as one row of alternating least squares (Hu, Koren &amp;
 * Volinsky 2008; Zhou et al. 2008), then scored exactly as a trained row would be.
 *
 * <p><b>What is solved.</b> For a user with ratings {@code y_j} of items {@code i_j}
 * ({@code j = 1..n}) the unknown is {@code z = (p, b)}, the factors and the bias, and the
 * objective is
 * <pre>  E(z) = sum_j (y_j - f(g + b_{i_j} + b + p . q_{i_j}))^2
 *        + (l2 + n * l2PerRating) |p|^2 + (biasL2 + n * biasL2PerRating) b^2
 *        + prior * s^2 * (z - mu)' S^-1 (z - mu)</pre>
 * where {@code f} is the model's squashing ({@code sigmoid_range} for a y_range, else the
 * identity). The first line is the model's own training loss for that row and the second its
 * own regularisation: for {@code dot-bias} the per-rating L2 of {@link DotProductBias.Options}
 * (its loss is {@code (y - yhat)^2 + factorL2/2 |p|^2} per rating, so {@code l2PerRating =
 * factorL2/2}); for other kinds the values recorded in the model's provenance (see
 * {@link Options#forModel}). The third line is an empirical-Bayes prior: {@code mu} and
 * {@code S} are the mean and covariance of the trained rows' {@code (p, b)} and {@code s^2} the
 * mean squared training error, so a row with few ratings is pulled towards a typical row instead
 * of fitting its few ratings exactly. Why it is needed: training regularises sparse rows by more
 * than its explicit L2 (decoupled weight decay under Adam and early stopping have no fixed ridge
 * equivalent), and the spread of the trained rows is the measurable result of all of it. With
 * {@code prior = 0} the solution is exactly the model's ALS row update.
 *
 * <p><b>How.</b> For a linear model {@code E} is quadratic and one solve of the normal equations
 * {@code (X'X + L + prior s^2 S^-1) z = X'(y - g - b_i) + prior s^2 S^-1 mu} (rows of {@code X}
 * are {@code (q_i, 1)}) is exact. Under {@code sigmoid_range} the same equations are solved with
 * the linearisation of {@code f} at the current {@code z} (Gauss-Newton: rows scaled by
 * {@code f'}, targets {@code y - f + f' x.z}), starting from {@code mu}, halving a step that does
 * not lower {@code E}, until no coordinate moves by more than 1e-5 or {@link Options#maxIterations} are done.
 * Everything is solved in double precision by Cholesky factorisation; a solve costs
 * {@code O(n k^2 + k^3)} per iteration. A row with fewer ratings than unknowns (the usual new
 * user) is solved in the ratings' dimension instead (the kernel form
 * {@code (X'X + A)^-1 X' = A^-1 X' (X A^-1 X' + I)^-1}, with {@code A}'s Cholesky factor cached per
 * number of ratings): {@code O(n k^2 / 2)} once, then {@code O(n k + n^3)} per iteration.
 *
 * <p>A profile is computed from the whole history passed in: calling again with the updated
 * history replaces the old profile (nothing accumulates). A user's bias is solved only when the
 * model has user biases (some non-zero), an item's only when it has item biases. Items the
 * profile rated are excluded from recommendations only when the caller passes them.
 *
 * <p>Immutable and safe for many threads: every call allocates its own scratch space; the only
 * shared state is the per-rating-count factor cache of the kernel form, filled once per count.
 */
public final class FoldIn {
    /**
     * How a row is regularised; see the class comment for the objective.
     *
     * @param l2PerRating     weight on {@code |p|^2} per rating of the row
     * @param biasL2PerRating weight on {@code b^2} per rating of the row
     * @param l2              constant weight on {@code |p|^2}
     * @param biasL2          constant weight on {@code b^2}
     * @param prior           strength of the empirical prior (0 = none: the model's own row update; 1 = Bayes)
     * @param maxIterations   Gauss-Newton iterations for squashed models (linear ones need one)
     */
    public record Options(double l2PerRating, double biasL2PerRating, double l2, double biasL2, double prior, int maxIterations) {
        public Options {
            if (!(l2PerRating >= 0) || !(biasL2PerRating >= 0) || !(l2 >= 0) || !(biasL2 >= 0) || !(prior >= 0))
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "fold-in regularisation must be >= 0, got l2PerRating=%s biasL2PerRating=%s l2=%s biasL2=%s prior=%s",
                        l2PerRating, biasL2PerRating, l2, biasL2, prior));
            if (maxIterations < 1) throw new IllegalArgumentException("fold-in needs at least one iteration, got " + maxIterations);
        }

        /**
         * The model's own regularisation and a prior of strength 1. {@code dot-bias}: half of the
         * per-rating {@code factor-l2} / {@code bias-l2} recorded in the provenance, else of
         * {@link DotProductBias.Options#defaults()} (what the trainer uses). Other kinds: the
         * provenance keys {@code l2} / {@code bias_l2} (constant weights on |p|^2 and b^2 in the
         * sum-of-squares loss) and {@code l2_per_rating} / {@code bias_l2_per_rating}, 0 when absent.
         */
        public static Options forModel(TrainedModel model) {
            Map<String, String> prov = model.provenance();
            if (DotProductBias.KIND.equals(model.kind())) {
                // the per-rating L2 the model was trained with: plain SGD uses wd (and bias-l2);
                // Adam uses DotProductBias's options (fastai's recipe has none)
                DotProductBias.Options d = "fastai".equals(prov.get("regularization")) ? DotProductBias.Options.fastaiExact()
                        : DotProductBias.Options.defaults();
                double fl2, bl2;
                if ("sgd".equals(prov.get("optimizer"))) {
                    fl2 = number(prov, "wd", 0);
                    bl2 = number(prov, "bias-l2", number(prov, "bias_l2", fl2)); // bias_l2: files written before the key was kebab-case
                } else {
                    fl2 = number(prov, "factor_l2", number(prov, "factor-l2", d.factorL2()));
                    bl2 = number(prov, "bias_l2", number(prov, "bias-l2", d.biasL2()));
                }
                return new Options(fl2 / 2, bl2 / 2, 0, 0, 1, 20);
            }
            if ("als".equals(model.kind())) {
                // weighted-lambda ALS: lambda * n_u |p_u|^2 + lambda_b * n_u b_u^2 on top of the squared errors
                return new Options(number(prov, "wd", 0.14), number(prov, "bias-wd", 0.1), 0, 0, 1, 20);
            }
            return new Options(number(prov, "l2_per_rating", 0), number(prov, "bias_l2_per_rating", 0),
                    number(prov, "l2", 0), number(prov, "bias_l2", 0), 1, 20);
        }

        public Options withPrior(double p) {
            return new Options(l2PerRating, biasL2PerRating, l2, biasL2, p, maxIterations);
        }

        public Options withMaxIterations(int m) {
            return new Options(l2PerRating, biasL2PerRating, l2, biasL2, prior, m);
        }

        private static double number(Map<String, String> prov, String key, double def) {
            String v = prov.get(key);
            if (v == null) return def;
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                return def;
            }
        }
    }

    private final TrainedModel model;
    private final FactorModel fm;
    private final Options options;
    private final Recommender recommender;
    private final int k;
    private final boolean squash;
    private final float low;
    private final float span;
    private final double noise;
    private final FoldInSolver solver;
    private final FoldInPrior userSide;
    private volatile FoldInPrior itemSide;

    /** Fold-in with the model's own regularisation and the empirical prior ({@link Options#forModel}). */
    public FoldIn(TrainedModel model) {
        this(model, Options.forModel(model));
    }

    public FoldIn(TrainedModel model, Options options) {
        if (!(model.model() instanceof FactorModel))
            throw new UnsupportedOperationException("model '" + model.kind() + "' has no latent factors to fold a user into;"
                    + " use a factor model (dot-bias, als, ...)");
        this.model = model;
        this.fm = (FactorModel) model.model();
        this.options = options;
        this.recommender = new Recommender(model);
        this.k = fm.factors();
        this.squash = fm.squashed();
        float[] yr = fm.yRange();
        this.low = squash ? yr[0] : 0f;
        this.span = squash ? yr[1] - yr[0] : 1f;
        this.noise = trainingNoise();
        this.solver = new FoldInSolver(k, squash, low, span, options);
        int[] userCounts = new int[model.numUsers()];
        for (int u = 0; u < userCounts.length; u++) userCounts[u] = model.userCount(u);
        this.userSide = FoldInPrior.of(fm.userFactors(), fm.userBias(), userCounts, k, options.prior(), noise);
    }

    public TrainedModel model() {
        return model;
    }

    public Options options() {
        return options;
    }

    /** Mean squared training error on the rating scale (the noise variance of the prior). */
    public double noiseVariance() {
        return noise;
    }

    /** The profile of a user with no ratings: the prior mean, i.e. the average trained user. */
    public UserProfile averageUser() {
        return profile(userSide.mu, userSide.fitBias);
    }

    /**
     * A user's profile from their whole rating history: {@code items} are the model's dense item
     * indices (each at most once), {@code values} the ratings. An empty history gives
     * {@link #averageUser()}.
     */
    public UserProfile user(int[] items, float[] values) {
        check(items, values, fm.numItems(), "item");
        return solve(userSide, items, values, fm.itemFactors(), fm.itemBias());
    }

    /**
     * A user's profile from ratings given by external item ids; every id the model does not know
     * is named in one {@link UnknownIdException}.
     */
    public UserProfile user(String[] itemIds, float[] values) {
        return user(itemIndices(itemIds), values);
    }

    /**
     * Profiles of many users at once ({@code items[u]}, {@code values[u]} as for
     * {@link #user(int[], float[])}), solved in parallel on all cores.
     */
    public UserProfile[] users(int[][] items, float[][] values) {
        if (items.length != values.length)
            throw new IllegalArgumentException("got " + items.length + " item lists but " + values.length + " value lists");
        UserProfile[] out = new UserProfile[items.length];
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), (items.length + USERS_CHUNK - 1) / USERS_CHUNK);
        try (Workers workers = new Workers(Math.max(1, threads))) {
            workers.forEach(items.length, USERS_CHUNK, (w, from, to) -> {
                for (int u = from; u < to; u++) out[u] = user(items[u], values[u]);
            });
        }
        return out;
    }

    /** Users a worker of {@link #users} takes at a time: a few hundred microseconds of work. */
    private static final int USERS_CHUNK = 16;

    /**
     * A new (or changed) item's factors and bias from the ratings it received: {@code users} are
     * the model's dense user indices (each at most once), {@code values} their ratings. The user
     * side is held fixed; the prior is that of the trained items.
     */
    public UserProfile item(int[] users, float[] values) {
        check(users, values, fm.numUsers(), "user");
        FoldInPrior s = itemSide;
        if (s == null) {
            synchronized (this) {
                s = itemSide;
                if (s == null) {
                    s = FoldInPrior.of(fm.itemFactors(), fm.itemBias(), model.itemCounts(), k, options.prior(), noise);
                    itemSide = s;
                }
            }
        }
        return solve(s, users, values, fm.userFactors(), fm.userBias());
    }

    /** Dense indices of external item ids; all unknown ids are named in one {@link UnknownIdException}. */
    public int[] itemIndices(String[] itemIds) {
        int[] out = new int[itemIds.length];
        List<String> unknown = new ArrayList<>();
        for (int j = 0; j < itemIds.length; j++) {
            out[j] = model.itemIds().index(itemIds[j]);
            if (out[j] < 0 && !unknown.contains(itemIds[j])) unknown.add(itemIds[j]);
        }
        if (!unknown.isEmpty()) throw UnknownIdException.items(unknown);
        return out;
    }

    /** The predicted rating of {@code item} for a profile. */
    public float predict(UserProfile user, int item) {
        float[] p = user.factors(), q = fm.itemFactors();
        int qi = item * k;
        float dot = 0f;
        for (int f = 0; f < k; f++) dot += p[f] * q[qi + f];
        return fm.squash(fm.global() + user.bias() + fm.itemBias()[item] + dot);
    }

    /** Predicted ratings of every item for a profile, into {@code out[0..numItems)}. */
    public void scoreItems(UserProfile user, float[] out) {
        float[] p = user.factors(), q = fm.itemFactors(), bi = fm.itemBias();
        float base = fm.global() + user.bias();
        for (int i = 0, n = fm.numItems(); i < n; i++) {
            int qi = i * k;
            float dot = 0f;
            for (int f = 0; f < k; f++) dot += p[f] * q[qi + f];
            out[i] = fm.squash(base + bi[i] + dot);
        }
    }

    /**
     * Ranking scores by the expected chance that the user rates an item at least
     * {@code threshold}, rather than by the predicted rating:
     * {@code log P(rated) + log P(rating >= threshold | rated)}, with {@code P(rated)} the item's
     * share of trained users, {@code (c_i + 1) / (U + 1)}, and the second factor
     * {@code Phi((prediction - threshold + 0.5) / s)} under the model's training noise {@code s}.
     * A top-N list is judged by what the user will rate highly, and a predicted 4.6 for a film
     * almost nobody watches is a worse bet than a 4.2 for one most people see.
     */
    public void relevanceScores(UserProfile user, float threshold, float[] out) {
        scoreItems(user, out);
        int[] counts = model.itemCounts();
        int trained = 0;
        for (int u = 0; u < model.numUsers(); u++) if (model.userCount(u) > 0) trained++;
        double sd = Math.sqrt(noise), logUsers = Math.log(trained + 1.0);
        for (int i = 0; i < out.length; i++)
            out[i] = (float) (Math.log(counts[i] + 1.0) - logUsers + logPhi((out[i] - threshold + 0.5) / sd));
    }

    /** log of the standard normal CDF (Abramowitz-Stegun erf, asymptotic tail below -5). */
    static double logPhi(double x) {
        if (x < -5) return -0.5 * x * x - Math.log(-x) - 0.5 * Math.log(2 * Math.PI);
        double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-x * x / 2);
        double phi = x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
        return Math.log(Math.max(phi, 1e-300));
    }

    /**
     * What orders a top-N list. {@link #RATING}: the predicted rating. {@link #RELEVANCE}:
     * {@link #relevanceScores} at {@link #relevantRating()}, the chance the user rates the item
     * highly. For a folded-in user, relevance is the better top-N order: on MovieLens 100k's
     * cold-start protocol (docs/notes/cold-start-and-feedback-loop.md) it gives NDCG@10 0.36-0.39 for 0-10 revealed
     * ratings, against 0.21-0.24 by predicted rating and 0.32-0.34 by popularity, with the same
     * profile (so the same RMSE). The predicted rating stays the order when the number itself is
     * wanted (e.g. "what would I give this film?").
     */
    public enum Ranking {
        RATING, RELEVANCE;

        /** {@code rating} or {@code relevance} (case-insensitive), or an error naming both. */
        public static Ranking parse(String s) {
            for (Ranking r : values()) if (r.name().equalsIgnoreCase(s.trim())) return r;
            throw new IllegalArgumentException("ranking must be 'rating' or 'relevance', got '" + s + "'");
        }
    }

    /** The rating from which a test rating counts as relevant: 3/4 of the way up the scale (4 of 1..5 stars). */
    public float relevantRating() {
        return model.scale().min() + 0.75f * (model.scale().max() - model.scale().min());
    }

    /** Ranking scores of every item for a profile: predicted ratings or relevance scores. */
    public void rankingScores(UserProfile user, Ranking ranking, float[] out) {
        if (ranking == Ranking.RELEVANCE) relevanceScores(user, relevantRating(), out);
        else scoreItems(user, out);
    }

    /**
     * The {@code n} items with the highest predicted rating for a profile, never any of
     * {@code excludeItems} (dense indices). For a top-N list prefer
     * {@link #recommend(UserProfile, int, int[], Ranking)} with {@link Ranking#RELEVANCE}.
     */
    public List<ScoredItem> recommend(UserProfile user, int n, int[] excludeItems) {
        return recommend(user, n, excludeItems, Ranking.RATING);
    }

    /** The {@code n} best items for a profile in the given order, never any of {@code excludeItems}. */
    public List<ScoredItem> recommend(UserProfile user, int n, int[] excludeItems, Ranking ranking) {
        float[] scores = new float[fm.numItems()];
        rankingScores(user, ranking, scores);
        if (excludeItems != null) for (int i : excludeItems) if (i >= 0 && i < scores.length) scores[i] = Float.NaN;
        return recommender.top(scores, n, -1);
    }

    /**
     * Folds a new user in from ratings by external item ids and recommends the {@code n} items
     * with the highest predicted rating among those they have not rated.
     */
    public List<ScoredItem> recommend(String[] itemIds, float[] values, int n) {
        int[] items = itemIndices(itemIds);
        return recommend(user(items, values), n, items);
    }

    /** Whether a user's bias is solved (the model has user biases); the solve's dimension is factors + 1 then. */
    boolean fitsUserBias() {
        return userSide.fitBias;
    }

    /** The user prior's precision in the objective's units ({@code prior * s^2 * S^-1}; shared, d x d). */
    double[] userPriorPrecision() {
        return userSide.prec;
    }

    /** The profile of the solve vector {@code (p, b)}. */
    UserProfile profileOf(double[] z) {
        return profile(z, userSide.fitBias);
    }

    /** Squashing slope {@code f'(raw)} (1 for a linear model). */
    double slope(double raw) {
        if (!squash) return 1;
        double sig = 1 / (1 + Math.exp(-raw));
        return span * sig * (1 - sig);
    }

    /** The model's factors (shared; the item side is what profiles are scored against). */
    public FactorModel factorModel() {
        return fm;
    }

    // ---------------------------------------------------------------- the solve

    /** Mean squared error of the model on its training ratings (at most ~200k of them, evenly spaced). */
    private double trainingNoise() {
        int[] start = model.seenStart(), items = model.seenItems();
        float[] values = model.seenValues();
        int total = items.length;
        if (total == 0) return 1.0;
        int stride = Math.max(1, total / 200_000);
        double se = 0;
        int n = 0;
        int u = 0;
        for (int j = 0; j < total; j += stride) {
            while (start[u + 1] <= j) u++;
            double e = fm.predict(u, items[j]) - values[j];
            se += e * e;
            n++;
        }
        return Math.max(se / n, 1e-6);
    }

    private static void check(int[] idx, float[] values, int bound, String what) {
        if (idx.length != values.length)
            throw new IllegalArgumentException("got " + idx.length + " " + what + "s but " + values.length + " ratings");
        for (int j = 0; j < idx.length; j++) {
            if (idx[j] < 0 || idx[j] >= bound)
                throw new IllegalArgumentException(what + " index " + idx[j] + " is outside the model's 0.." + (bound - 1));
            if (!Float.isFinite(values[j]))
                throw new IllegalArgumentException("rating " + values[j] + " of " + what + " index " + idx[j] + " is not a number");
        }
        if (idx.length > 1) {
            int[] sorted = idx.clone();
            Arrays.sort(sorted);
            for (int j = 1; j < sorted.length; j++)
                if (sorted[j] == sorted[j - 1])
                    throw new IllegalArgumentException(what + " index " + sorted[j] + " is rated twice; pass each " + what
                            + " once with its latest rating");
        }
    }

    private UserProfile profile(double[] z, boolean fitBias) {
        float[] p = new float[k];
        for (int f = 0; f < k; f++) p[f] = (float) z[f];
        return new UserProfile(p, fitBias ? (float) z[k] : 0f);
    }

    /**
     * Solves one row: {@code other} are the indices of the fixed side (items for a user), with
     * their factors {@code of} and biases {@code ob}.
     */
    private UserProfile solve(FoldInPrior s, int[] other, float[] y, float[] of, float[] ob) {
        return solve(s, other, y, of, ob, true);
    }

    /** {@link #user(int[], float[])} always by the {@code d x d} normal equations (tests compare both forms). */
    UserProfile userByNormalEquations(int[] items, float[] values) {
        check(items, values, fm.numItems(), "item");
        return solve(userSide, items, values, fm.itemFactors(), fm.itemBias(), false);
    }

    private UserProfile solve(FoldInPrior s, int[] other, float[] y, float[] of, float[] ob, boolean kernelForm) {
        return profile(solver.solve(s, other, y, of, ob, fm.global(), kernelForm), s.fitBias);
    }
}
