package org.collab4j.algo.svdpp;

import org.collab4j.model.FactorModel;

/**
 * SVD++ (Koren 2008, "Factorization meets the neighborhood"): a factor model whose user vector
 * is the user's own factors plus the normalised sum of implicit factors of the items the user
 * rated in training, N(u):
 *
 * <pre>  raw(u, i) = mu + b_u + b_i + q_i . (p_u + |N(u)|^-1/2 sum_{j in N(u)} y_j)</pre>
 *
 * Once trained, the bracket is a fixed vector per user, so the model <em>is</em> a
 * {@link FactorModel} whose user factors are those effective vectors: scoring, recommending and
 * similar items cost exactly what they cost for {@code dot-bias}. The explicit user factors
 * {@code p} and the implicit item factors {@code y} are kept beside them (and saved), so that a
 * user's vector can be recomputed from another set of rated items.
 */
public final class SvdppModel extends FactorModel {
    public static final String KIND = "svdpp";
    private final float[] explicitUserFactors;
    private final float[] implicitFactors;

    /**
     * @param userFactors         effective user vectors {@code p_u + |N(u)|^-1/2 sum y_j}, row-major
     * @param explicitUserFactors the users' own factors {@code p_u}, row-major
     * @param implicitFactors     the items' implicit factors {@code y_j}, row-major
     */
    public SvdppModel(int numUsers, int numItems, int k, float[] userFactors, float[] itemFactors, float[] userBias,
                      float[] itemBias, float global, float[] explicitUserFactors, float[] implicitFactors) {
        super(KIND, numUsers, numItems, k, userFactors, itemFactors, userBias, itemBias, global, null);
        if (explicitUserFactors.length != userFactors.length || implicitFactors.length != itemFactors.length)
            throw new IllegalArgumentException("explicit user factors or implicit item factors do not match " + numUsers + "x" + k
                    + " and " + numItems + "x" + k);
        this.explicitUserFactors = explicitUserFactors;
        this.implicitFactors = implicitFactors;
    }

    /** The users' own factors {@code p_u} (row-major, shared). */
    public float[] explicitUserFactors() {
        return explicitUserFactors;
    }

    /** The items' implicit factors {@code y_j} (row-major, shared). */
    public float[] implicitFactors() {
        return implicitFactors;
    }

    /**
     * Sets user {@code u}'s effective vector from its own factors and the items it rated
     * ({@code items[from..to)}): {@code p_u + |N|^-1/2 sum y_j}.
     */
    public void updateUserVector(int u, int[] items, int from, int to) {
        effectiveVector(explicitUserFactors, u, implicitFactors, k, items, from, to, userFactors, u * k);
    }

    /** {@code out[off..off+k) = p[u] + |N|^-1/2 sum_{j in items[from..to)} y_j}. */
    public static void effectiveVector(float[] p, int u, float[] y, int k, int[] items, int from, int to, float[] out, int off) {
        int n = to - from;
        float s = n == 0 ? 0f : (float) (1 / Math.sqrt(n));
        double[] z = new double[k];
        for (int j = from; j < to; j++) {
            int oy = items[j] * k;
            for (int f = 0; f < k; f++) z[f] += y[oy + f];
        }
        for (int f = 0; f < k; f++) out[off + f] = p[u * k + f] + (float) (s * z[f]);
    }

    @Override
    public SvdppModel copy() {
        SvdppModel m = new SvdppModel(numUsers, numItems, k, userFactors.clone(), itemFactors.clone(), userBias.clone(),
                itemBias.clone(), global(), explicitUserFactors.clone(), implicitFactors.clone());
        float[] clip = clipRange();
        if (clip != null) m.clipTo(clip[0], clip[1]);
        return m;
    }
}
