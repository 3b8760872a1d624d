package org.collab4j.model;

/**
 * A model whose users and items are rows of two factor matrices, scored by dot products of the
 * rows (plus whatever the model adds): {@link FactorModel} and the implicit-feedback factor models.
 * Row {@code u} of the user factors is {@code userFactors[u*k .. u*k+k)}; the matrices are shared,
 * not copied. Items are alike by the cosine of their factors.
 */
public abstract class DotProductModel extends UserItemModel implements ItemSimilarity {
    protected final int k;
    protected final float[] userFactors;
    protected final float[] itemFactors;

    protected DotProductModel(int numUsers, int numItems, int k, float[] userFactors, float[] itemFactors) {
        super(numUsers, numItems);
        this.k = k;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
    }

    /** Factors per user and per item. */
    public int factors() {
        return k;
    }

    /** Row-major {@code numUsers x k} user factors (shared: trainers write into it, nothing else may). */
    public float[] userFactors() {
        return userFactors;
    }

    /** Row-major {@code numItems x k} item factors (shared: trainers write into it, nothing else may). */
    public float[] itemFactors() {
        return itemFactors;
    }

    /** Cosine similarity of {@code item}'s factors to every item's; NaN where either vector is all zeros. */
    @Override
    public void similarities(int item, float[] out) {
        float[] q = itemFactors;
        double na = 0;
        int oa = item * k;
        for (int f = 0; f < k; f++) na += q[oa + f] * q[oa + f];
        for (int i = 0; i < numItems; i++) {
            int ob = i * k;
            double dot = 0, nb = 0;
            for (int f = 0; f < k; f++) {
                float y = q[ob + f];
                dot += q[oa + f] * y;
                nb += y * y;
            }
            out[i] = na == 0 || nb == 0 ? Float.NaN : (float) (dot / Math.sqrt(na * nb));
        }
    }

    @Override
    public String similarityMeasure() {
        return "cosine of item factors";
    }
}
