package org.collab4j.recommend.ann;

import org.collab4j.kernel.TopK;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/**
 * Similar items through an item-item {@link ItemIndex} ({@link ItemIndex.Kind#ITEM_ITEM}): the
 * index proposes the items whose unit factor vectors lie nearest, each is rescored with the exact
 * cosine of item factors (as {@link FactorModel#similarities} computes it), the item itself, items
 * without factors and items with fewer than the asked training ratings are dropped, and the best
 * {@code n} are returned. When the drops leave too few candidates the search widens, and before
 * it would search a quarter of the catalogue falls back to scoring every item, so the answer is
 * the exact one whenever the index reaches the true nearest items.
 */
public final class ApproximateSimilar {
    private final TrainedModel model;
    private final FactorModel factors;
    private final ItemIndex index;

    public ApproximateSimilar(TrainedModel model, ItemIndex index) {
        this.model = model;
        this.factors = index.factorsOf(model, ItemIndex.Kind.ITEM_ITEM, "similar items need an index of similar items, not of users' top-N");
        this.index = index;
    }

    /**
     * The similar-items index saved beside {@code modelFile} ({@link IndexFile#beside(java.nio.file.Path, ItemIndex.Kind)})
     * for {@code model}; null when there is none or the catalogue is too small for it ({@link ApproximateTopN#pays}).
     *
     * @throws java.io.IOException an index that is damaged or was built from another model file
     */
    public static ApproximateSimilar beside(java.nio.file.Path modelFile, TrainedModel model) throws java.io.IOException {
        ItemIndex index = IndexFile.readBeside(modelFile, model, ItemIndex.Kind.ITEM_ITEM);
        return index != null && ApproximateTopN.pays(index.method(), model.numItems()) ? new ApproximateSimilar(model, index) : null;
    }

    public TrainedModel model() {
        return model;
    }

    public ItemIndex index() {
        return index;
    }

    /**
     * Writes the {@code n} items most similar to {@code item} among those with at least
     * {@code minRatings} training ratings to {@code items}/{@code scores} (best first, scores the
     * cosine of item factors); returns how many. Items without factors have no cosine and are
     * never returned, as in exact search.
     */
    public int similar(int item, int n, int minRatings, int[] items, float[] scores) {
        int ni = model.numItems();
        if (n <= 0 || ni <= 1) return 0;
        float[] q = factors.itemFactors();
        int k = factors.factors();
        double na = norm2(q, item * k, k);
        if (na == 0) return 0; // no cosine with anything
        TopK top = new TopK(Math.min(n, ni - 1));
        int[] cand = new int[Math.min(ni, index.pool(n + 1))];
        while (true) {
            int c = index.similarCandidates(q, item * k, cand.length, cand);
            top.clear();
            int kept = 0;
            for (int j = 0; j < c; j++) {
                int i = cand[j];
                if (i == item || model.itemCount(i) < minRatings) continue;
                float s = cosine(q, item * k, na, i * k, k);
                if (Float.isNaN(s)) continue;
                top.offer(i, s);
                kept++;
            }
            if (kept >= n) return top.drainSorted(items, scores);
            // a search for a quarter of the catalogue costs more than scoring all of it
            if (4L * cand.length > ni / 4) break;
            cand = new int[4 * cand.length];
        }
        // the index did not reach enough eligible items (a high minimum of ratings): score them all
        top.clear();
        for (int i = 0; i < ni; i++) {
            if (i == item || model.itemCount(i) < minRatings) continue;
            float s = cosine(q, item * k, na, i * k, k);
            if (!Float.isNaN(s)) top.offer(i, s);
        }
        return top.drainSorted(items, scores);
    }

    /** {@code |q_a|^2} summed as {@link FactorModel#similarities} sums it. */
    private static double norm2(float[] q, int oa, int k) {
        double na = 0;
        for (int f = 0; f < k; f++) na += q[oa + f] * q[oa + f];
        return na;
    }

    /** The cosine of items at {@code oa} and {@code ob}, in {@link FactorModel#similarities}'s arithmetic (NaN without factors). */
    private static float cosine(float[] q, int oa, double na, int ob, int k) {
        double dot = 0, nb = 0;
        for (int f = 0; f < k; f++) {
            float y = q[ob + f];
            dot += q[oa + f] * y;
            nb += y * y;
        }
        return na == 0 || nb == 0 ? Float.NaN : (float) (dot / Math.sqrt(na * nb));
    }
}
