package org.collab4j.algo.ease;

import org.collab4j.kernel.Simd;
import org.collab4j.model.ItemItemModel;

/**
 * {@code ease}: Steck (2019), "Embarrassingly Shallow Autoencoders for Sparse Data". One dense
 * items x items weight matrix {@code B} with a zero diagonal; a user's scores are their binary
 * interaction row times B, {@code s_j = sum_{i in I(u)} B_ij}. The score is a sum over the
 * user's items, so each recommendation says which of the user's items brought it
 * ({@link #contributions}), and a new user is scored from their items at once.
 *
 * <p>The model keeps B ({@code float}, row-major) and each training user's items (compressed
 * rows, ascending). Immutable and safe for many threads.
 */
public final class EaseModel extends ItemItemModel {
    public static final String KIND = "ease";
    private final float[] weights;
    private final float lambda;

    /**
     * @param weights   B, row-major {@code numItems x numItems}, zero diagonal
     * @param userStart user u's items are {@code userItems[userStart[u] .. userStart[u+1])}
     */
    public EaseModel(int numUsers, int numItems, float[] weights, int[] userStart, int[] userItems, float lambda) {
        super(numUsers, numItems, userStart, userItems);
        if ((long) numItems * numItems != weights.length || userStart.length != numUsers + 1 || userStart[numUsers] != userItems.length)
            throw new IllegalArgumentException("ease arrays do not match " + numUsers + " users and " + numItems + " items");
        this.weights = weights;
        this.lambda = lambda;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** B, row-major (shared; do not modify). */
    public float[] weights() {
        return weights;
    }

    /** The L2 weight the model was fitted with. */
    public float lambda() {
        return lambda;
    }

    /** {@code B_ij}: how much having item i adds to the score of item j. */
    public float weight(int i, int j) {
        return weights[i * numItems + j];
    }

    @Override
    public float predict(int user, int item) {
        double s = 0;
        for (int p = userStart[user]; p < userStart[user + 1]; p++) s += weights[userItems[p] * numItems + item];
        return (float) s;
    }

    @Override
    public void scoreItems(int user, float[] out) {
        score(userItems, userStart[user], userStart[user + 1], out);
    }

    /** EASE reads a binary row: the items count, their weights do not. */
    @Override
    public void scoreHistory(int[] items, float[] weights, int n, float[] out) {
        for (int k = 0; k < n; k++) checkItem(items[k]);
        score(items, 0, n, out);
    }

    private void score(int[] items, int from, int to, float[] out) {
        java.util.Arrays.fill(out, 0, numItems, 0f);
        for (int p = from; p < to; p++) Simd.axpy(1f, weights, items[p] * numItems, out, 0, numItems);
    }

    @Override
    public boolean contributions(int[] items, float[] weights, int n, int item, float[] out) {
        checkItem(item);
        for (int k = 0; k < n; k++) out[k] = this.weights[checkItem(items[k]) * numItems + item];
        return true;
    }

    /** Row i of B: how much having {@code item} raises each item's score. */
    @Override
    public void similarities(int item, float[] out) {
        System.arraycopy(weights, item * numItems, out, 0, numItems);
    }

    @Override
    public String similarityMeasure() {
        return "EASE weight: how much having the item raises the other's score";
    }
}
