package org.collab4j.interpret;

import java.util.ArrayList;
import java.util.List;

import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/**
 * What a latent-factor model learned, in fastbook's terms (chapter 8, "Interpreting Embeddings
 * and Biases"): the items and users with the lowest and highest biases ("liked, or disliked,
 * even by people whose taste does not match"), and the principal directions of the item factors
 * with the items at both ends of each, computed as the fastbook does over the most-rated items
 * only (rare items have noisy factors).
 *
 * <p>Rankings by bias consider only items and users with training ratings (the others hold their
 * side's mean bias by construction, see {@link FactorModel#forgetUntrained}). Ties are broken
 * by more ratings, then by lower index, so results are deterministic.
 */
public final class FactorInterpretation {
    private final TrainedModel trained;
    private final FactorModel model;

    public FactorInterpretation(TrainedModel trained) {
        if (!(trained.model() instanceof FactorModel))
            throw new UnsupportedOperationException("model '" + trained.kind() + "' has no factors and biases to interpret");
        this.trained = trained;
        this.model = (FactorModel) trained.model();
    }

    public TrainedModel trained() {
        return trained;
    }

    public FactorModel model() {
        return model;
    }

    /** The {@code n} items with the highest bias, highest first. */
    public List<RankedItem> topItemBiases(int n) {
        return rankItems(model.itemBias(), n, true);
    }

    /** The {@code n} items with the lowest bias, lowest first. */
    public List<RankedItem> bottomItemBiases(int n) {
        return rankItems(model.itemBias(), n, false);
    }

    /** The {@code n} users with the highest bias (most generous raters), highest first. */
    public List<RankedItem> topUserBiases(int n) {
        return rankUsers(n, true);
    }

    /** The {@code n} users with the lowest bias (harshest raters), lowest first. */
    public List<RankedItem> bottomUserBiases(int n) {
        return rankUsers(n, false);
    }

    private List<RankedItem> rankItems(float[] bias, int n, boolean highest) {
        int[] counts = trained.itemCounts();
        int[] order = rank(bias, counts, highest, n);
        List<RankedItem> out = new ArrayList<>(order.length);
        for (int i : order) out.add(item(i, bias[i]));
        return out;
    }

    private List<RankedItem> rankUsers(int n, boolean highest) {
        float[] bias = model.userBias();
        int[] counts = new int[trained.numUsers()];
        for (int u = 0; u < counts.length; u++) counts[u] = trained.userCount(u);
        int[] order = rank(bias, counts, highest, n);
        List<RankedItem> out = new ArrayList<>(order.length);
        for (int u : order) {
            String id = trained.userIds().id(u);
            out.add(new RankedItem(u, id, id, bias[u], counts[u]));
        }
        return out;
    }

    /** Indices of the {@code n} best rows with at least one rating, by value (then count, then index). */
    static int[] rank(float[] value, int[] counts, boolean highest, int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < value.length; r++) if (counts[r] > 0) rows.add(r);
        rows.sort((a, b) -> {
            int c = highest ? Float.compare(value[b], value[a]) : Float.compare(value[a], value[b]);
            if (c != 0) return c;
            c = Integer.compare(counts[b], counts[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int m = Math.min(n, rows.size());
        int[] out = new int[m];
        for (int j = 0; j < m; j++) out[j] = rows.get(j);
        return out;
    }

    /** The {@code n} most-rated items (ties by lower index), most-rated first. */
    public int[] mostRated(int n) {
        int[] counts = trained.itemCounts();
        float[] asValue = new float[counts.length];
        for (int i = 0; i < counts.length; i++) asValue[i] = counts[i];
        return rank(asValue, counts, true, n);
    }

    /** PCA of the factors of the {@code top} most-rated items, keeping {@code count} components. */
    public Pca pca(int top, int count) {
        if (top < 2) throw new IllegalArgumentException("--top must be at least 2, got " + top);
        int[] rows = mostRated(top);
        if (rows.length < 2) throw new IllegalArgumentException("the model has fewer than 2 items with ratings");
        return Pca.fit(model.itemFactors(), model.factors(), rows, Math.min(count, model.factors()));
    }

    /**
     * The first {@code count} principal components of the factors of the {@code top} most-rated
     * items, each with the {@code ends} items (among those) at either end.
     */
    public List<Component> components(int top, int count, int ends) {
        int[] rows = mostRated(top);
        Pca pca = pca(top, count);
        float[] q = model.itemFactors();
        List<Component> out = new ArrayList<>();
        for (int k = 0; k < pca.count(); k++) {
            float[] coord = new float[trained.numItems()];
            int[] inTop = new int[trained.numItems()];
            for (int r : rows) {
                coord[r] = (float) pca.project(q, r, k);
                inTop[r] = Math.max(1, trained.itemCount(r));
            }
            List<RankedItem> pos = new ArrayList<>(), neg = new ArrayList<>();
            for (int i : rank(coord, inTop, true, ends)) pos.add(item(i, coord[i]));
            for (int i : rank(coord, inTop, false, ends)) neg.add(item(i, coord[i]));
            out.add(new Component(k, pca.varianceShare(k), pos, neg));
        }
        return out;
    }

    private RankedItem item(int i, double value) {
        return new RankedItem(i, trained.itemIds().id(i), trained.title(i), value, trained.itemCount(i));
    }
}
