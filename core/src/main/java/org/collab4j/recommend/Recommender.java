package org.collab4j.recommend;

import org.collab4j.kernel.TopK;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.model.FactorModel;
import org.collab4j.model.ItemSimilarity;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;

/**
 * Uses a {@link TrainedModel}: top-N unseen items for a user, items similar to an item, and
 * single predictions, by external id. Immutable and safe for many threads (scratch buffers are
 * per call).
 *
 * <p>Candidates for a user are every item of the model except those the user rated in training.
 * Similar items are ranked by the model's own {@link ItemSimilarity}: the cosine similarity of
 * item factors for latent-factor models, the stored neighbour similarities for {@code item-knn}.
 * A model with biases but no factors ({@code baseline}) has no item representation of its own,
 * so its similar items come from the training ratings kept with it: the baseline-adjusted Pearson
 * correlation of co-ratings, shrunk as {@code item-knn} shrinks it; a top-N model without one
 * ({@code popularity}) gives the cosine of co-occurrence. The item itself is never
 * among its own similar items.
 */
public final class Recommender {
    private final TrainedModel model;

    public Recommender(TrainedModel model) {
        this.model = model;
    }

    public TrainedModel model() {
        return model;
    }

    /** Dense index of an external user id, or an {@link UnknownIdException}. */
    public int userIndex(String user) {
        int u = model.userIds().index(user);
        if (u < 0) throw new UnknownIdException("unknown user '" + user + "': the model has no ratings from this user"
                + " (fold the user in with their ratings, or onboard them)", List.of(user));
        return u;
    }

    /** Dense index of an external item id, or an {@link UnknownIdException}. */
    public int itemIndex(String item) {
        int i = model.itemIds().index(item);
        if (i < 0) throw new UnknownIdException("unknown item '" + item + "': the model has never seen this item id", List.of(item));
        return i;
    }

    /**
     * An item by id, or else by title: an exact title (with or without its year) or a unique
     * partial match. Ambiguous titles fail with the candidates listed.
     */
    public int resolveItem(String idOrTitle) {
        int i = model.itemIds().index(idOrTitle);
        if (i >= 0) return i;
        if (model.itemInfo() == null) return itemIndex(idOrTitle);
        List<Integer> hits = model.itemInfo().searchTitle(idOrTitle);
        if (hits.isEmpty())
            throw new UnknownIdException("no item has the id or a title matching '" + idOrTitle + "'", List.of(idOrTitle));
        String q = idOrTitle.trim().toLowerCase(java.util.Locale.ROOT);
        List<Integer> exact = new ArrayList<>();
        for (int h : hits) {
            String t = model.title(h).toLowerCase(java.util.Locale.ROOT);
            if (t.equals(q) || t.replaceFirst("\\s*\\(\\d{4}\\)\\s*$", "").equals(q)) exact.add(h);
        }
        if (exact.size() == 1) return exact.get(0);
        if (hits.size() == 1) return hits.get(0);
        List<Integer> candidates = exact.isEmpty() ? hits : exact;
        StringBuilder sb = new StringBuilder("'" + idOrTitle + "' matches " + candidates.size() + " items; give an id:");
        int shown = Math.min(10, candidates.size()), width = 0;
        for (int c = 0; c < shown; c++) width = Math.max(width, model.itemIds().id(candidates.get(c)).length());
        for (int c = 0; c < shown; c++) {
            int h = candidates.get(c);
            String id = model.itemIds().id(h);
            sb.append("\n  ").append(id).append(" ".repeat(width - id.length() + 2)).append(model.title(h));
        }
        if (candidates.size() > 10) sb.append("\n  ...");
        throw new AmbiguousItemException(sb.toString());
    }

    /** Predicted rating of an item by a user, by external ids. */
    public float predict(String user, String item) {
        return model.model().predict(userIndex(user), itemIndex(item));
    }

    /** The {@code n} best-scored items the user has not rated in training. */
    public List<ScoredItem> recommend(String user, int n) {
        return recommend(userIndex(user), n);
    }

    public List<ScoredItem> recommend(int user, int n) {
        RatingModel m = model.model();
        float[] scores = new float[m.numItems()];
        m.scoreItems(user, scores);
        int[] seen = model.seenItems();
        for (int j = model.seenStart()[user]; j < model.seenStart()[user + 1]; j++) scores[seen[j]] = Float.NaN;
        return top(scores, n, -1);
    }

    /**
     * The {@code n} best items the user has not rated, re-ranked for diversity (MMR with weight
     * {@code diversity}) and exploration (share {@code explore} of less-exposed items, seeded);
     * exposure is the items' training counts. Both 0 gives {@link #recommend(int, int)}.
     * See {@link Rerank}.
     */
    public List<ScoredItem> recommend(int user, int n, double diversity, double explore, long seed) {
        RatingModel m = model.model();
        float[] scores = new float[m.numItems()];
        m.scoreItems(user, scores);
        int[] seen = model.seenItems();
        for (int j = model.seenStart()[user]; j < model.seenStart()[user + 1]; j++) scores[seen[j]] = Float.NaN;
        return rerank(scores, n, diversity, explore, model.itemCounts(), seed);
    }

    /** Re-ranks a score vector (NaN entries excluded) as {@link #recommend(int, int, double, double, long)} does. */
    public List<ScoredItem> rerank(float[] scores, int n, double diversity, double explore, int[] exposure, long seed) {
        if (diversity == 0 && explore == 0) return top(scores, n, -1);
        int[] list;
        if (diversity == 0) list = Rerank.top(scores, n);
        else if (model.model() instanceof FactorModel fm) list = Rerank.mmr(scores, fm, n, diversity);
        else throw new UnsupportedOperationException("model '" + model.kind() + "' has no item factors for --diversity");
        list = Rerank.explore(list, scores, exposure, explore, new org.collab4j.kernel.Rng(seed));
        return listed(list, scores);
    }

    /** Items in the given order with their scores, ids and titles. */
    public List<ScoredItem> listed(int[] items, float[] scores) {
        List<ScoredItem> out = new ArrayList<>(items.length);
        for (int i : items) out.add(new ScoredItem(i, model.itemIds().id(i), model.title(i), scores[i]));
        return out;
    }

    /** Top {@code n} of a score vector (NaN entries and {@code skip} excluded), best first. */
    public List<ScoredItem> top(float[] scores, int n, int skip) {
        TopK heap = new TopK(Math.max(0, n));
        for (int i = 0; i < scores.length; i++) if (i != skip) heap.offer(i, scores[i]);
        int[] ids = new int[heap.size()];
        float[] s = new float[heap.size()];
        int k = heap.drainSorted(ids, s);
        List<ScoredItem> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) out.add(new ScoredItem(ids[j], model.itemIds().id(ids[j]), model.title(ids[j]), s[j]));
        return out;
    }

    /** Items nearest to {@code item} by the model's similarity ({@link #similarityMeasure()}); every item is a candidate. */
    public List<ScoredItem> similar(int item, int n) {
        return similar(item, n, 0);
    }

    /**
     * Items nearest to {@code item} by the model's similarity, among the items with at least
     * {@code minRatings} training ratings. Rarely rated items keep factors close to their random
     * start, and their cosines with any item are noise; a small minimum keeps them out
     * ({@link Recommendations#similar(int, int)} applies the default one).
     */
    public List<ScoredItem> similar(int item, int n, int minRatings) {
        float[] sims = similarities(item);
        if (minRatings > 0)
            for (int i = 0; i < sims.length; i++) if (model.itemCount(i) < minRatings) sims[i] = Float.NaN;
        return top(sims, n, item);
    }

    /** Similarity of {@code item} to every item (NaN where there is none). */
    public float[] similarities(int item) {
        RatingModel m = model.model();
        float[] out = new float[m.numItems()];
        if (m instanceof FactorModel && ((FactorModel) m).factors() == 0) {
            coRatingSimilarities((FactorModel) m, item, CO_RATING_SHRINKAGE, out);
        } else if (m instanceof ItemSimilarity) {
            ((ItemSimilarity) m).similarities(item, out);
        } else if (m instanceof org.collab4j.model.TopNModel) {
            coOccurrenceCosine(item, out);
        } else {
            throw new UnsupportedOperationException("model '" + model.kind() + "' has no notion of similar items");
        }
        return out;
    }

    /** What {@link #similar} ranks by, in a few words. */
    public String similarityMeasure() {
        RatingModel m = model.model();
        if (m instanceof FactorModel && ((FactorModel) m).factors() == 0) return "shrunk baseline-adjusted Pearson correlation of co-ratings";
        if (m instanceof org.collab4j.model.TopNModel && !(m instanceof ItemSimilarity)) return "cosine of co-occurrence: users who have both";
        return m instanceof ItemSimilarity ? ((ItemSimilarity) m).similarityMeasure() : "none";
    }

    /**
     * For a top-N model without an item representation of its own ({@code popularity}): the
     * cosine of the items' training users, {@code n_ij / sqrt(n_i n_j)}; NaN for items no user
     * has with it.
     */
    void coOccurrenceCosine(int item, float[] out) {
        int[] start = model.seenStart(), items = model.seenItems();
        int[] both = new int[out.length];
        for (int u = 0; u < model.numUsers(); u++) {
            if (java.util.Arrays.binarySearch(items, start[u], start[u + 1], item) < 0) continue;
            for (int j = start[u]; j < start[u + 1]; j++) both[items[j]]++;
        }
        double ni = model.itemCount(item);
        for (int b = 0; b < out.length; b++)
            out[b] = both[b] == 0 ? Float.NaN : (float) (both[b] / Math.sqrt(ni * model.itemCount(b)));
    }

    /** Shrinkage of co-rating similarities for models without factors (item-knn's default). */
    static final double CO_RATING_SHRINKAGE = 100;

    /**
     * Baseline-adjusted Pearson correlation of {@code item} with every item over the users who
     * rated both in training, {@code e = r - (global + b_u + b_j)}, shrunk by
     * {@code (n - 1) / (n - 1 + shrinkage)}; NaN for items no user rated with it.
     */
    void coRatingSimilarities(FactorModel fm, int item, double shrinkage, float[] out) {
        int ni = fm.numItems();
        int[] start = model.seenStart(), items = model.seenItems();
        float[] values = model.seenValues(), bu = fm.userBias(), bi = fm.itemBias();
        float mu = fm.global();
        int[] n = new int[ni];
        double[] prod = new double[ni], sqA = new double[ni], sqB = new double[ni];
        for (int u = 0; u < model.numUsers(); u++) {
            int at = java.util.Arrays.binarySearch(items, start[u], start[u + 1], item);
            if (at < 0) continue;
            double ea = values[at] - mu - bu[u] - bi[item];
            for (int j = start[u]; j < start[u + 1]; j++) {
                int b = items[j];
                double eb = values[j] - mu - bu[u] - bi[b];
                n[b]++;
                prod[b] += ea * eb;
                sqA[b] += ea * ea;
                sqB[b] += eb * eb;
            }
        }
        for (int b = 0; b < ni; b++) {
            double den = Math.sqrt(sqA[b] * sqB[b]);
            out[b] = n[b] == 0 || den == 0 ? Float.NaN : (float) (prod[b] / den * (n[b] - 1) / (n[b] - 1 + shrinkage));
        }
    }

    /** Cosine similarity of {@code item}'s factors to every item's (NaN for items without factors). */
    public static float[] cosineToAll(FactorModel fm, int item) {
        float[] out = new float[fm.numItems()];
        fm.similarities(item, out);
        return out;
    }
}
