package org.collab4j.recommend;

import org.collab4j.kernel.Cholesky;
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
    private final Side userSide;
    private volatile Side itemSide;

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
        int[] userCounts = new int[model.numUsers()];
        for (int u = 0; u < userCounts.length; u++) userCounts[u] = model.userCount(u);
        this.userSide = side(fm.userFactors(), fm.userBias(), userCounts);
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
        Side s = itemSide;
        if (s == null) {
            synchronized (this) {
                s = itemSide;
                if (s == null) {
                    s = side(fm.itemFactors(), fm.itemBias(), model.itemCounts());
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

    /** Population statistics of one side's trained rows: the prior of a folded-in row. */
    private static final class Side {
        final boolean fitBias;
        final int d;
        final double[] mu;      // prior mean of (p, b), length d
        final double[] prec;    // prior * noise * S^-1, d x d (zero when prior = 0)
        final double[] precMu;  // prec . mu

        /** {@link Whitened} per number of ratings {@code n < d}, computed on first use. */
        final java.util.concurrent.atomic.AtomicReferenceArray<Whitened> whitened;

        Side(boolean fitBias, int d, double[] mu, double[] prec, double[] precMu) {
            this.fitBias = fitBias;
            this.d = d;
            this.mu = mu;
            this.prec = prec;
            this.precMu = precMu;
            this.whitened = new java.util.concurrent.atomic.AtomicReferenceArray<>(d);
        }
    }

    /**
     * The regularisation of a row with {@code n} ratings, {@code A0 = prec + diag(lf, .., lf, lb)}
     * = {@code L L'} ({@code L = U'} of {@link Cholesky#decompose}), as a change of variables
     * {@code u = L' z}: {@code g = L^-1} (lower
     * triangular), {@code c = g . precMu}, {@code u0 = L' mu}. In {@code u} the regulariser is
     * {@code |u|^2 - 2 u.c} (+ a constant) and a rating's row {@code x} becomes {@code g x}.
     * {@code g == null} when {@code A0} is not positive definite (no prior and no ridge).
     */
    private record Whitened(double[] g, double[] c, double[] u0) {
    }

    private static final Whitened NOT_DEFINITE = new Whitened(null, null, null);

    private Whitened whitened(Side s, int n, double lf, double lb) {
        Whitened w = s.whitened.get(n);
        if (w != null) return w;
        int d = s.d;
        double[] a0 = s.prec.clone();
        for (int f = 0; f < k; f++) a0[f * d + f] += lf;
        if (s.fitBias) a0[k * d + k] += lb;
        double[] u = a0; // U = L'
        if (!Cholesky.decompose(u, d)) {
            w = NOT_DEFINITE;
        } else {
            double[] g = Cholesky.lowerInverse(u, d);
            double[] c = new double[d], u0 = new double[d];
            for (int r = 0; r < d; r++) {
                double acc = 0;
                for (int j = 0; j <= r; j++) acc += g[r * d + j] * s.precMu[j];
                c[r] = acc;
            }
            for (int r = 0; r < d; r++) {
                double acc = 0;
                for (int j = r; j < d; j++) acc += u[r * d + j] * s.mu[j];
                u0[r] = acc;
            }
            w = new Whitened(g, c, u0);
        }
        s.whitened.compareAndSet(n, null, w);
        return s.whitened.get(n);
    }

    private Side side(float[] factors, float[] bias, int[] counts) {
        boolean fitBias = false;
        for (float b : bias) if (b != 0f) { fitBias = true; break; }
        int d = k + (fitBias ? 1 : 0);
        int rows = 0;
        double[] mu = new double[d];
        for (int r = 0; r < counts.length; r++) {
            if (counts[r] == 0) continue;
            rows++;
            for (int f = 0; f < k; f++) mu[f] += factors[r * k + f];
            if (fitBias) mu[k] += bias[r];
        }
        if (rows > 0) for (int f = 0; f < d; f++) mu[f] /= rows;
        double[] prec = new double[d * d];
        double[] precMu = new double[d];
        if (options.prior() > 0 && rows > 1) {
            double[] cov = new double[d * d];
            double[] z = new double[d];
            for (int r = 0; r < counts.length; r++) {
                if (counts[r] == 0) continue;
                for (int f = 0; f < k; f++) z[f] = factors[r * k + f] - mu[f];
                if (fitBias) z[k] = bias[r] - mu[k];
                for (int a = 0; a < d; a++) {
                    double za = z[a];
                    for (int c = a; c < d; c++) cov[a * d + c] += za * z[c];
                }
            }
            // shrink 10% towards the diagonal and add a floor, so few rows still give a usable inverse
            double trace = 0;
            for (int a = 0; a < d; a++) trace += cov[a * d + a] / (rows - 1);
            double floor = 1e-6 * Math.max(trace / d, 1e-12);
            for (int a = 0; a < d; a++)
                for (int c = a; c < d; c++) {
                    double v = cov[a * d + c] / (rows - 1) * (a == c ? 1 : 0.9) + (a == c ? floor : 0);
                    cov[a * d + c] = v;
                    cov[c * d + a] = v;
                }
            double[] inv = Cholesky.inverse(cov, d);
            double scale = options.prior() * noise;
            for (int j = 0; j < d * d; j++) prec[j] = scale * inv[j];
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int c = 0; c < d; c++) s += prec[a * d + c] * mu[c];
                precMu[a] = s;
            }
        }
        return new Side(fitBias, d, mu, prec, precMu);
    }

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
    private UserProfile solve(Side s, int[] other, float[] y, float[] of, float[] ob) {
        return solve(s, other, y, of, ob, true);
    }

    /** {@link #user(int[], float[])} always by the {@code d x d} normal equations (tests compare both forms). */
    UserProfile userByNormalEquations(int[] items, float[] values) {
        check(items, values, fm.numItems(), "item");
        return solve(userSide, items, values, fm.itemFactors(), fm.itemBias(), false);
    }

    private UserProfile solve(Side s, int[] other, float[] y, float[] of, float[] ob, boolean kernelForm) {
        int n = other.length, d = s.d;
        double[] z = s.mu.clone();
        if (n == 0) return profile(z, s.fitBias);
        double lf = options.l2() + n * options.l2PerRating();
        double lb = options.biasL2() + n * options.biasL2PerRating();
        if (kernelForm && n < d) {
            Whitened w = whitened(s, n, lf, lb);
            if (w.g() != null) return profile(solveKernel(s, w, other, y, of, ob), s.fitBias);
        }
        double g = fm.global();
        double[] a = new double[d * d];
        double[] rhs = new double[d];
        double[] next = new double[d];
        double[] trial = new double[d];
        double energy = squash ? energy(s, z, other, y, of, ob, lf, lb) : 0;
        for (int it = 0; it < (squash ? options.maxIterations() : 1); it++) {
            System.arraycopy(s.prec, 0, a, 0, d * d);
            System.arraycopy(s.precMu, 0, rhs, 0, d);
            for (int f = 0; f < k; f++) a[f * d + f] += lf;
            if (s.fitBias) a[k * d + k] += lb;
            for (int j = 0; j < n; j++) {
                int o = other[j] * k;
                double xz = s.fitBias ? z[k] : 0;
                for (int f = 0; f < k; f++) xz += of[o + f] * z[f];
                double raw = g + ob[other[j]] + xz;
                double pred, slope;
                if (squash) {
                    double sig = 1 / (1 + Math.exp(-raw));
                    pred = low + span * sig;
                    slope = span * sig * (1 - sig);
                } else {
                    pred = raw;
                    slope = 1;
                }
                double t = slope * (y[j] - pred + slope * xz);
                double w = slope * slope;
                for (int f = 0; f < k; f++) {
                    double xf = of[o + f];
                    rhs[f] += t * xf;
                    double wx = w * xf;
                    int row = f * d;
                    for (int c = f; c < k; c++) a[row + c] += wx * of[o + c];
                    if (s.fitBias) a[row + k] += wx;
                }
                if (s.fitBias) {
                    rhs[k] += t;
                    a[k * d + k] += w;
                }
            }
            // whole: a singular A is retried with jitter from its lower triangle
            for (int r = 1; r < d; r++) for (int c = 0; c < r; c++) a[r * d + c] = a[c * d + r];
            System.arraycopy(rhs, 0, next, 0, d);
            Cholesky.solveSemidefinite(a, d, next);
            if (!squash) {
                z = next.clone();
                break;
            }
            double step = 1, change = 0;
            boolean accepted = false;
            for (int halving = 0; halving < 20; halving++) {
                for (int f = 0; f < d; f++) trial[f] = z[f] + step * (next[f] - z[f]);
                double e = energy(s, trial, other, y, of, ob, lf, lb);
                if (e <= energy) {
                    for (int f = 0; f < d; f++) change = Math.max(change, Math.abs(trial[f] - z[f]));
                    System.arraycopy(trial, 0, z, 0, d);
                    energy = e;
                    accepted = true;
                    break;
                }
                step /= 2;
            }
            if (!accepted || change < 1e-5) break;
        }
        return profile(z, s.fitBias);
    }

    /**
     * The same Gauss-Newton iteration as {@link #solve} for a row with fewer ratings than
     * unknowns, in the whitened variables {@code u = L' z} of {@link Whitened} and in the
     * ratings' dimension: with rows {@code xt_j = f'_j g x_j} the step solves
     * {@code (I + Xt'Xt) u = c + Xt' t}, which by the Woodbury identity is
     * {@code v - Xt' (I + Xt Xt')^-1 Xt v} with {@code v = c + Xt' t}: an {@code n x n}
     * Cholesky per iteration instead of a {@code d x d} one, and {@code O(n d)} for the rest once
     * {@code g x_j} are known ({@code O(n d^2 / 2)}, once per row). Same objective, same line
     * search and stopping rule (measured on {@code z}), so the same solution up to rounding.
     */
    private double[] solveKernel(Side s, Whitened w, int[] other, float[] y, float[] of, float[] ob) {
        int n = other.length, d = s.d;
        double[] gm = w.g();
        double[] xh = new double[n * d];
        double[] base = new double[n];
        double g0 = fm.global();
        for (int j = 0; j < n; j++) {
            int o = other[j] * k, row = j * d;
            base[j] = g0 + ob[other[j]];
            for (int r = 0; r < k; r++) {
                double acc = 0;
                int gr = r * d;
                for (int c = 0; c <= r; c++) acc += gm[gr + c] * of[o + c];
                xh[row + r] = acc;
            }
            if (s.fitBias) {
                double acc = 0;
                int gr = k * d;
                for (int c = 0; c < k; c++) acc += gm[gr + c] * of[o + c];
                xh[row + k] = acc + gm[gr + k];
            }
        }
        double[] gram = new double[n * n];
        for (int a = 0; a < n; a++)
            for (int b = a; b < n; b++) {
                double acc = 0;
                for (int f = 0; f < d; f++) acc += xh[a * d + f] * xh[b * d + f];
                gram[a * n + b] = acc;
                gram[b * n + a] = acc;
            }
        double[] u = w.u0().clone();
        double[] c = w.c();
        double[] raw = new double[n], slope = new double[n], kern = new double[n * n], wv = new double[n], alpha = new double[n];
        double[] v = new double[d], trial = new double[d], trialRaw = new double[n];
        rawOf(xh, base, u, raw, n, d);
        double energy = kernelEnergy(u, c, raw, y, n, d);
        for (int it = 0; it < (squash ? options.maxIterations() : 1); it++) {
            System.arraycopy(c, 0, v, 0, d);
            for (int j = 0; j < n; j++) {
                double pred, sl;
                if (squash) {
                    double sig = 1 / (1 + Math.exp(-raw[j]));
                    pred = low + span * sig;
                    sl = span * sig * (1 - sig);
                } else {
                    pred = raw[j];
                    sl = 1;
                }
                slope[j] = sl;
                double t = sl * (y[j] - pred + sl * (raw[j] - base[j]));
                int row = j * d;
                for (int f = 0; f < d; f++) v[f] += t * xh[row + f];
            }
            for (int j = 0; j < n; j++) {
                double acc = 0;
                int row = j * d;
                for (int f = 0; f < d; f++) acc += xh[row + f] * v[f];
                wv[j] = slope[j] * acc;
                for (int l = 0; l <= j; l++) kern[j * n + l] = (j == l ? 1 : 0) + slope[j] * slope[l] * gram[j * n + l];
            }
            for (int j = 0; j < n; j++) for (int l = j + 1; l < n; l++) kern[j * n + l] = kern[l * n + j];
            System.arraycopy(wv, 0, alpha, 0, n);
            Cholesky.solveSemidefinite(kern, n, alpha);
            for (int j = 0; j < n; j++) {
                double a = alpha[j] * slope[j];
                int row = j * d;
                for (int f = 0; f < d; f++) v[f] -= a * xh[row + f];
            }
            // v is the full Gauss-Newton step's end point
            if (!squash) {
                System.arraycopy(v, 0, u, 0, d);
                break;
            }
            double step = 1, change = 0;
            boolean accepted = false;
            for (int halving = 0; halving < 20; halving++) {
                for (int f = 0; f < d; f++) trial[f] = u[f] + step * (v[f] - u[f]);
                rawOf(xh, base, trial, trialRaw, n, d);
                double e = kernelEnergy(trial, c, trialRaw, y, n, d);
                if (e <= energy) {
                    // the change of z = g' (trial - u), the same stopping rule as the direct solve
                    for (int r = 0; r < d; r++) {
                        double acc = 0;
                        for (int q = r; q < d; q++) acc += gm[q * d + r] * (trial[q] - u[q]);
                        change = Math.max(change, Math.abs(acc));
                    }
                    System.arraycopy(trial, 0, u, 0, d);
                    System.arraycopy(trialRaw, 0, raw, 0, n);
                    energy = e;
                    accepted = true;
                    break;
                }
                step /= 2;
            }
            if (!accepted || change < 1e-5) break;
        }
        double[] z = new double[d];
        for (int r = 0; r < d; r++) {
            double acc = 0;
            for (int q = r; q < d; q++) acc += gm[q * d + r] * u[q];
            z[r] = acc;
        }
        return z;
    }

    private static void rawOf(double[] xh, double[] base, double[] u, double[] out, int n, int d) {
        for (int j = 0; j < n; j++) {
            double acc = base[j];
            int row = j * d;
            for (int f = 0; f < d; f++) acc += xh[row + f] * u[f];
            out[j] = acc;
        }
    }

    /** E in the whitened variables, without the constant {@code mu' prec mu}. */
    private double kernelEnergy(double[] u, double[] c, double[] raw, float[] y, int n, int d) {
        double e = 0;
        for (int j = 0; j < n; j++) {
            double pred = squash ? low + span / (1 + Math.exp(-raw[j])) : raw[j];
            e += (y[j] - pred) * (y[j] - pred);
        }
        for (int f = 0; f < d; f++) e += u[f] * u[f] - 2 * u[f] * c[f];
        return e;
    }

    /** The objective E(z) of the class comment. */
    private double energy(Side s, double[] z, int[] other, float[] y, float[] of, float[] ob, double lf, double lb) {
        double e = 0;
        double g = fm.global();
        for (int j = 0; j < other.length; j++) {
            int o = other[j] * k;
            double raw = g + ob[other[j]] + (s.fitBias ? z[k] : 0);
            for (int f = 0; f < k; f++) raw += of[o + f] * z[f];
            double pred = squash ? low + span / (1 + Math.exp(-raw)) : raw;
            e += (y[j] - pred) * (y[j] - pred);
        }
        double pp = 0;
        for (int f = 0; f < k; f++) pp += z[f] * z[f];
        e += lf * pp + (s.fitBias ? lb * z[k] * z[k] : 0);
        int d = s.d;
        for (int r = 0; r < d; r++) {
            double dr = z[r] - s.mu[r], acc = 0;
            for (int c = 0; c < d; c++) acc += s.prec[r * d + c] * (z[c] - s.mu[c]);
            e += dr * acc;
        }
        return e;
    }
}
