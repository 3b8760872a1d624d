package org.collab4j.train;

/**
 * Koren's regularised baseline estimates {@code b_ui = mu + b_u + b_i} (Koren 2010, "Factor in the
 * neighbors", section 2.1), fitted by alternating least squares as Surprise's {@code BaselineOnly}
 * does: each sweep sets, with the other side fixed,
 *
 * <pre>  b_i = sum_{u in R(i)} (r_ui - mu - b_u) / (reg_i + |R(i)|)     (items first)
 *   b_u = sum_{i in R(u)} (r_ui - mu - b_i) / (reg_u + |R(u)|)</pre>
 *
 * The damping terms {@code reg-i} and {@code reg-u} shrink the biases of rarely rated items and
 * of users with few ratings towards zero. The {@code baseline} model is these biases; {@code item-knn}
 * measures its neighbourhoods around them.
 */
public final class BaselineBiases {
    /** Damping defaults, chosen by {@code tune --cv u1..u5} on MovieLens 100k (Surprise's 15 and 10 give 0.9457 there, these 0.9413). */
    public static final double DEFAULT_REG_U = 5;
    public static final double DEFAULT_REG_I = 3;
    public static final OptionSpec REG_U = OptionSpec.number("reg-u", DEFAULT_REG_U, OptionSpec.Range.atLeast(0),
            "damping of the user biases (Surprise uses 15)");
    public static final OptionSpec REG_I = OptionSpec.number("reg-i", DEFAULT_REG_I, OptionSpec.Range.atLeast(0),
            "damping of the item biases (Surprise uses 10)");

    private BaselineBiases() {
    }

    /**
     * Fits the biases with {@code epochs} sweeps from zero; returns the training mean squared
     * error of the unclipped estimates.
     */
    public static double fit(RatingMatrix m, double regU, double regI, int epochs, float[] userBias, float[] itemBias) {
        java.util.Arrays.fill(userBias, 0f);
        java.util.Arrays.fill(itemBias, 0f);
        double mse = Double.NaN;
        for (int e = 0; e < epochs; e++) mse = sweep(m, regU, regI, userBias, itemBias);
        return mse;
    }

    /**
     * One sweep: item biases given user biases, then user biases given item biases. Returns the
     * training mean squared error of the (unclipped) estimates after the sweep.
     */
    public static double sweep(RatingMatrix m, double regU, double regI, float[] userBias, float[] itemBias) {
        double mu = m.mean;
        for (int i = 0; i < m.numItems; i++) {
            int from = m.itemStart[i], to = m.itemStart[i + 1];
            double dev = 0;
            for (int j = from; j < to; j++) dev += m.itemValues[j] - mu - userBias[m.itemUsers[j]];
            itemBias[i] = to == from ? 0f : (float) (dev / (regI + (to - from)));
        }
        double se = 0;
        for (int u = 0; u < m.numUsers; u++) {
            int from = m.userStart[u], to = m.userStart[u + 1];
            double dev = 0, dev2 = 0;
            for (int j = from; j < to; j++) {
                double d = m.userValues[j] - mu - itemBias[m.userItems[j]];
                dev += d;
                dev2 += d * d;
            }
            float b = to == from ? 0f : (float) (dev / (regU + (to - from)));
            userBias[u] = b;
            se += dev2 - 2 * b * dev + (to - from) * (double) b * b; // sum of (d - b)^2
        }
        return m.size() == 0 ? Double.NaN : se / m.size();
    }
}
