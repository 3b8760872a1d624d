package org.collab4j.algo.autoencoder;

import org.collab4j.model.ItemSimilarity;
import org.collab4j.model.RatingModel;
import org.collab4j.model.UserItemModel;

/**
 * A trained item-based autoencoder ({@code autoencoder}, see
 * {@code org.collab4j.algo.autoencoder.AutoencoderTrainer}): the network's reconstruction of every item's
 * rating vector, kept as a dense {@code items x users} matrix of predictions (clipped to the
 * rating scale), so a prediction is one array read.
 *
 * <p>The network reads an item's training ratings; a user or an item with no training ratings
 * has nothing the network was trained on, so (as {@link RatingModel}'s contract asks) it is
 * predicted from means instead: a user with no training ratings gets the item's mean training
 * rating, an item with none gets the user's mean, and a pair of two such gets the global mean.
 * Those means are stored beside the matrix ({@code NaN} marks a user or item with no ratings).
 *
 * <p>Two items are as similar as the Pearson correlation of their reconstructed rows: how alike
 * the network predicts every user to rate them.
 */
public final class AutoencoderModel extends UserItemModel implements ItemSimilarity {
    public static final String KIND = "autoencoder";

    private final float[] predictions;
    private final float[] userMean, itemMean;
    private final float global;

    /**
     * @param predictions {@code predictions[item * numUsers + user]}, already clipped
     * @param userMean    each user's mean training rating, NaN for users with none
     * @param itemMean    each item's mean training rating, NaN for items with none
     */
    public AutoencoderModel(int numUsers, int numItems, float[] predictions, float[] userMean, float[] itemMean, float global) {
        super(numUsers, numItems);
        if (numUsers < 0 || numItems < 0) throw new IllegalArgumentException("negative size " + numUsers + " x " + numItems);
        if (predictions.length != (long) numUsers * numItems)
            throw new IllegalArgumentException("predictions hold " + predictions.length + " values, expected " + numItems + " x " + numUsers);
        if (userMean.length != numUsers || itemMean.length != numItems)
            throw new IllegalArgumentException("means hold " + userMean.length + " users and " + itemMean.length + " items, expected "
                    + numUsers + " and " + numItems);
        if (!Float.isFinite(global)) throw new IllegalArgumentException("the global mean is " + global);
        this.predictions = predictions;
        this.userMean = userMean;
        this.itemMean = itemMean;
        this.global = global;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public float predict(int user, int item) {
        float um = userMean[user], im = itemMean[item];
        if (um == um && im == im) return predictions[item * numUsers + user];
        return fromMeans(um, im, global);
    }

    /**
     * The prediction for a pair the network does not score, given the user's and the item's mean
     * training ratings (NaN for none): the item's mean, else the user's, else the global mean.
     */
    public static float fromMeans(float userMean, float itemMean, float global) {
        if (itemMean == itemMean) return itemMean;
        return userMean == userMean ? userMean : global;
    }

    @Override
    public float predictUnknown(int user, int item) {
        if (user >= 0 && item >= 0) return predict(user, item);
        float m = user >= 0 ? userMean[user] : item >= 0 ? itemMean[item] : global;
        return m == m ? m : global;
    }

    @Override
    public void similarities(int item, float[] out) {
        int nu = numUsers;
        if (itemMean[item] != itemMean[item]) {
            java.util.Arrays.fill(out, 0, numItems, Float.NaN);
            return;
        }
        double[] a = centred(item);
        for (int j = 0; j < numItems; j++) {
            if (itemMean[j] != itemMean[j]) {
                out[j] = Float.NaN;
                continue;
            }
            double[] b = centred(j);
            double ab = 0, bb = 0;
            for (int u = 0; u < nu; u++) {
                ab += a[u] * b[u];
                bb += b[u] * b[u];
            }
            double aa = a[nu];
            out[j] = aa > 0 && bb > 0 ? (float) (ab / Math.sqrt(aa * bb)) : Float.NaN;
        }
    }

    /** Row {@code item} minus its mean; the sum of squares in the extra last entry. */
    private double[] centred(int item) {
        int nu = numUsers, o = item * nu;
        double[] c = new double[nu + 1];
        double mean = 0;
        for (int u = 0; u < nu; u++) mean += predictions[o + u];
        mean /= Math.max(1, nu);
        double ss = 0;
        for (int u = 0; u < nu; u++) {
            c[u] = predictions[o + u] - mean;
            ss += c[u] * c[u];
        }
        c[nu] = ss;
        return c;
    }

    @Override
    public String similarityMeasure() {
        return "Pearson correlation of the autoencoder's reconstructed rating rows";
    }

    /** The stored predictions, {@code [item * numUsers + user]} (shared). */
    public float[] predictions() {
        return predictions;
    }

    /** Mean training rating per user, NaN for none (shared). */
    public float[] userMean() {
        return userMean;
    }

    /** Mean training rating per item, NaN for none (shared). */
    public float[] itemMean() {
        return itemMean;
    }

    public float global() {
        return global;
    }
}
