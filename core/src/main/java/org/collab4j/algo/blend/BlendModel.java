package org.collab4j.algo.blend;

import org.collab4j.model.ItemSimilarity;
import org.collab4j.model.RatingModel;

/**
 * A linear blend of trained models ({@code blend}, see {@code org.collab4j.algo.blend.BlendTrainer}):
 * {@code clip(w_0 + sum_k w_k * prediction_k)}, the weights fitted by least squares on ratings
 * held out from training. Each component handles the users and items it has not seen by its own
 * rule, so the blend does too. Similar items are those of the first component that has a notion
 * of them.
 */
public final class BlendModel implements RatingModel, ItemSimilarity {
    public static final String KIND = "blend";

    private final RatingModel[] components;
    private final double[] weights;
    private final float lo, hi;

    /**
     * @param weights the intercept, then one weight per component
     * @param lo      lower end of the clip range
     * @param hi      upper end
     */
    public BlendModel(RatingModel[] components, double[] weights, float lo, float hi) {
        if (components.length == 0) throw new IllegalArgumentException("a blend needs at least one model");
        if (weights.length != components.length + 1)
            throw new IllegalArgumentException(components.length + " models need " + (components.length + 1) + " weights (intercept first), got "
                    + weights.length);
        for (double w : weights) if (!Double.isFinite(w)) throw new IllegalArgumentException("a blend weight is " + w);
        if (!(lo <= hi)) throw new IllegalArgumentException("bad clip range " + lo + ".." + hi);
        for (RatingModel m : components)
            if (m.numUsers() != components[0].numUsers() || m.numItems() != components[0].numItems())
                throw new IllegalArgumentException("blended models must cover the same users and items: " + m.kind() + " has "
                        + m.numUsers() + " x " + m.numItems() + ", " + components[0].kind() + " " + components[0].numUsers() + " x "
                        + components[0].numItems());
        this.components = components.clone();
        this.weights = weights.clone();
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int numUsers() {
        return components[0].numUsers();
    }

    @Override
    public int numItems() {
        return components[0].numItems();
    }

    @Override
    public float predict(int user, int item) {
        double s = weights[0];
        for (int k = 0; k < components.length; k++) s += weights[k + 1] * components[k].predict(user, item);
        return (float) Math.min(hi, Math.max(lo, s));
    }

    @Override
    public float predictUnknown(int user, int item) {
        double s = weights[0];
        for (int k = 0; k < components.length; k++) s += weights[k + 1] * components[k].predictUnknown(user, item);
        return (float) Math.min(hi, Math.max(lo, s));
    }

    private ItemSimilarity similarity() {
        for (RatingModel m : components) if (m instanceof ItemSimilarity) return (ItemSimilarity) m;
        throw new UnsupportedOperationException("none of the blended models (" + kinds() + ") has a notion of similar items");
    }

    private String kinds() {
        StringBuilder b = new StringBuilder();
        for (RatingModel m : components) b.append(b.length() == 0 ? "" : ", ").append(m.kind());
        return b.toString();
    }

    @Override
    public void similarities(int item, float[] out) {
        similarity().similarities(item, out);
    }

    @Override
    public String similarityMeasure() {
        for (RatingModel m : components)
            if (m instanceof ItemSimilarity) return ((ItemSimilarity) m).similarityMeasure() + " (" + m.kind() + ")";
        return "none";
    }

    /** The blended models (a copy of the array). */
    public RatingModel[] components() {
        return components.clone();
    }

    /** The intercept, then one weight per component (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    public float[] clipRange() {
        return new float[] {lo, hi};
    }
}
