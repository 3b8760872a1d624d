package org.collab4j.algo.bpr;

import org.collab4j.model.DotProductModel;
import org.collab4j.model.TopNModel;

/**
 * {@code bpr}: Rendle et al. (2009), "BPR: Bayesian Personalized Ranking from Implicit Feedback",
 * with item biases. A user's score for item i is
 *
 * <pre>  x_ui = b_i + p_u . q_i</pre>
 *
 * (a user bias would cancel in every pairwise difference BPR learns from, so there is none).
 * Factors are row-major {@code float[]}: user u's are {@code userFactors[u*k .. u*k+k)}.
 *
 * <p>A user known only by their items is folded in by {@link BprFoldIn}: the user's own BPR
 * objective against the frozen items, which is convex in the user's factors, minimised over all
 * (own item, other item) pairs. The same solution splits the score into what each of the user's
 * items adds ({@link #contributions}), so recommendations carry a reason. Immutable and safe for
 * many threads.
 */
public final class BprModel extends DotProductModel implements TopNModel {
    public static final String KIND = "bpr";
    private final float[] itemBias;
    private final float reg;

    /**
     * @param reg the L2 weight of the factors in training, which folding a user in uses too
     */
    public BprModel(int numUsers, int numItems, int k, float[] userFactors, float[] itemFactors, float[] itemBias, float reg) {
        super(numUsers, numItems, k, userFactors, itemFactors);
        if (k < 1 || userFactors.length != (long) numUsers * k || itemFactors.length != (long) numItems * k || itemBias.length != numItems)
            throw new IllegalArgumentException("bpr arrays do not match " + numUsers + " users, " + numItems + " items and " + k + " factors");
        if (!(reg > 0)) throw new IllegalArgumentException("bpr: reg must be positive, got " + reg);
        this.itemBias = itemBias;
        this.reg = reg;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Item biases (shared; do not modify). */
    public float[] itemBias() {
        return itemBias;
    }

    public float reg() {
        return reg;
    }

    @Override
    public float predict(int user, int item) {
        return score(userFactors, user * k, item);
    }

    /** An unknown user has no factors: the item's bias alone (a popularity-like prior). */
    @Override
    public float predictUnknown(int user, int item) {
        if (item < 0) return 0f;
        return user >= 0 ? predict(user, item) : itemBias[item];
    }

    @Override
    public void scoreItems(int user, float[] out) {
        scoreAll(userFactors, user * k, out);
    }

    /** Folds the user in ({@link BprFoldIn}) and scores every item. Interactions count once each: their weights are not used. */
    @Override
    public void scoreHistory(int[] items, float[] weights, int n, float[] out) {
        for (int j = 0; j < n; j++) checkItem(items[j]);
        float[] p = new BprFoldIn(this).solve(items, n, null);
        scoreAll(p, 0, out);
    }

    /**
     * What each item of the user adds to {@code item}'s score once the user is folded in from
     * {@code items[0..n)}: at the optimum of the fold-in objective the user's factors are
     * {@code p = sum_{i in I} alpha_i q_i - sum_{j not in I} beta_j q_j} (its gradient is zero), so
     * item i of the user adds {@code alpha_i q_i . q_item}; the rest of the score is the item's bias
     * and the pull away from the items the user does not have.
     */
    @Override
    public boolean contributions(int[] items, float[] weights, int n, int item, float[] out) {
        checkItem(item);
        for (int j = 0; j < n; j++) checkItem(items[j]);
        float[] alpha = new float[n];
        new BprFoldIn(this).solve(items, n, alpha);
        for (int j = 0; j < n; j++) out[j] = alpha[j] * dot(itemFactors, items[j] * k, itemFactors, item * k);
        return true;
    }

    /** Scores every item for factors {@code p[po .. po+k)}. */
    void scoreAll(float[] p, int po, float[] out) {
        for (int i = 0; i < numItems; i++) out[i] = itemBias[i] + dot(p, po, itemFactors, i * k);
    }

    private float score(float[] p, int po, int item) {
        return itemBias[item] + dot(p, po, itemFactors, item * k);
    }

    private float dot(float[] a, int ao, float[] b, int bo) {
        float s = 0f;
        for (int f = 0; f < k; f++) s += a[ao + f] * b[bo + f];
        return s;
    }
}
