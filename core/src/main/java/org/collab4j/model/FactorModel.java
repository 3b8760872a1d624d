package org.collab4j.model;

import org.collab4j.kernel.Rng;
import java.util.Arrays;

/**
 * The factor representation shared by the latent-factor models ({@code dot-bias}, {@code als},
 * {@code bpmf}, {@code svdpp}): row-major user and item factor matrices, user and item biases
 * and a global offset, with optional {@code y_range} squashing (fastai's {@code sigmoid_range}):
 *
 * <pre>  raw(u, i) = global + b_u + b_i + p_u . q_i
 *   predict(u, i) = squash ? low + (high - low) * sigmoid(raw) : raw</pre>
 *
 * Row {@code u} of the user factors is {@code userFactors[u*k .. u*k+k)}. Users and items without
 * training ratings hold zero factors and the mean bias of their side (see {@link #forgetUntrained}),
 * so they are scored from biases and the global offset alone.
 *
 * <p>Models that are not squashed may instead be <em>clipped</em> to a range (usually the rating
 * scale, as Surprise and LibRec do for ALS, SVD++ and the baselines): {@code predict} then returns
 * {@code min(high, max(low, raw))}. Clipping never changes a squashed model.
 */
public class FactorModel extends DotProductModel {
    protected final String kind;
    protected final float[] userBias;
    protected final float[] itemBias;
    protected final float[] global; // length 1, so a trainer can treat it as a parameter
    protected final boolean squash;
    protected final float low;
    protected final float high;
    private float clipLow = Float.NEGATIVE_INFINITY;
    private float clipHigh = Float.POSITIVE_INFINITY;

    public FactorModel(String kind, int numUsers, int numItems, int k, float[] userFactors, float[] itemFactors,
                       float[] userBias, float[] itemBias, float global, float[] yRange) {
        super(numUsers, numItems, k, userFactors, itemFactors);
        if (userFactors.length != (long) numUsers * k || itemFactors.length != (long) numItems * k)
            throw new IllegalArgumentException("factor matrices do not match " + numUsers + "x" + k + " and " + numItems + "x" + k);
        if (userBias.length != numUsers || itemBias.length != numItems)
            throw new IllegalArgumentException("bias vectors do not match the number of users and items");
        this.kind = kind;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.global = new float[] {global};
        this.squash = yRange != null;
        this.low = yRange == null ? Float.NEGATIVE_INFINITY : yRange[0];
        this.high = yRange == null ? Float.POSITIVE_INFINITY : yRange[1];
        if (squash && !(low < high)) throw new IllegalArgumentException("y_range needs low < high, got " + low + "," + high);
    }

    /** A model with zero biases and factors drawn from N(0, std^2) truncated at 2 std (fastai's init). */
    public static FactorModel initialized(String kind, int numUsers, int numItems, int k, float std, float global,
                                          float[] yRange, long seed) {
        Rng rng = new Rng(seed);
        float[] p = new float[numUsers * k];
        float[] q = new float[numItems * k];
        float[] bu = new float[numUsers];
        float[] bi = new float[numItems];
        rng.truncatedNormal(p, std);
        rng.truncatedNormal(q, std);
        rng.truncatedNormal(bu, std);
        rng.truncatedNormal(bi, std);
        return new FactorModel(kind, numUsers, numItems, k, p, q, bu, bi, global, yRange);
    }

    @Override
    public String kind() {
        return kind;
    }

    public float[] userBias() {
        return userBias;
    }

    public float[] itemBias() {
        return itemBias;
    }

    public float global() {
        return global[0];
    }

    public void setGlobal(float global) {
        this.global[0] = global;
    }

    /** The global offset as a one-element array (shared; trainers write into it). */
    public float[] globalArray() {
        return global;
    }

    public boolean squashed() {
        return squash;
    }

    /** {low, high} of the y_range, or null when predictions are not squashed. */
    public float[] yRange() {
        return squash ? new float[] {low, high} : null;
    }

    /** The value before squashing: global + b_u + b_i + p_u . q_i. */
    public final float raw(int user, int item) {
        float[] p = userFactors, q = itemFactors;
        int pu = user * k, qi = item * k;
        float dot = 0f;
        for (int f = 0; f < k; f++) dot += p[pu + f] * q[qi + f];
        return global[0] + userBias[user] + itemBias[item] + dot;
    }

    /** Applies the y_range squashing (or the clipping, for a clipped model) to a raw value. */
    public final float squash(float raw) {
        return squash ? low + (high - low) / (1f + (float) Math.exp(-raw)) : Math.min(clipHigh, Math.max(clipLow, raw));
    }

    /**
     * Clips unsquashed predictions to {@code [low, high]} from now on (trainers call it before
     * handing the model out; codecs when loading). Returns this model.
     */
    public FactorModel clipTo(float low, float high) {
        if (!(low <= high)) throw new IllegalArgumentException("clip range needs low <= high, got " + low + "," + high);
        this.clipLow = low;
        this.clipHigh = high;
        return this;
    }

    /** {low, high} predictions are clipped to, or null when they are not clipped. */
    public float[] clipRange() {
        return clipLow == Float.NEGATIVE_INFINITY && clipHigh == Float.POSITIVE_INFINITY ? null : new float[] {clipLow, clipHigh};
    }

    @Override
    public float predict(int user, int item) {
        return squash(raw(user, item));
    }

    @Override
    public void scoreItems(int user, float[] out) {
        float[] p = userFactors, q = itemFactors;
        int pu = user * k;
        float base = global[0] + userBias[user];
        for (int i = 0; i < numItems; i++) {
            int qi = i * k;
            float dot = 0f;
            for (int f = 0; f < k; f++) dot += p[pu + f] * q[qi + f];
            out[i] = squash(base + itemBias[i] + dot);
        }
    }

    /**
     * A user or item absent from the model (-1) is scored with its side's mean bias and no
     * factors; both absent gives the squashed global offset plus both mean biases.
     */
    @Override
    public float predictUnknown(int user, int item) {
        if (user >= 0 && item >= 0) return predict(user, item);
        float bu = user >= 0 ? userBias[user] : mean(userBias);
        float bi = item >= 0 ? itemBias[item] : mean(itemBias);
        return squash(global[0] + bu + bi);
    }

    private static float mean(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return a.length == 0 ? 0f : (float) (s / a.length);
    }

    /**
     * Users and items with no training ratings get zero factors and their side's mean bias, so
     * they are scored from biases alone instead of from their random initial values.
     */
    public void forgetUntrained(int[] userCounts, int[] itemCounts) {
        forget(userFactors, userBias, userCounts);
        forget(itemFactors, itemBias, itemCounts);
    }

    private void forget(float[] factors, float[] bias, int[] counts) {
        double sum = 0;
        int trained = 0;
        for (int r = 0; r < counts.length; r++) if (counts[r] > 0) { sum += bias[r]; trained++; }
        float mean = trained == 0 ? 0f : (float) (sum / trained);
        for (int r = 0; r < counts.length; r++) {
            if (counts[r] > 0) continue;
            Arrays.fill(factors, r * k, r * k + k, 0f);
            bias[r] = mean;
        }
    }

    /** Cosine similarity of two items' factor vectors (0 when either is all zeros). */
    public float itemCosine(int a, int b) {
        double dot = 0, na = 0, nb = 0;
        int oa = a * k, ob = b * k;
        for (int f = 0; f < k; f++) {
            float x = itemFactors[oa + f], y = itemFactors[ob + f];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return na == 0 || nb == 0 ? 0f : (float) (dot / Math.sqrt(na * nb));
    }

    /** A deep copy (the lr-finder and tuning train copies, never the original). */
    public FactorModel copy() {
        return new FactorModel(kind, numUsers, numItems, k, userFactors.clone(), itemFactors.clone(),
                userBias.clone(), itemBias.clone(), global[0], yRange()).clipTo(clipLow, clipHigh);
    }
}
