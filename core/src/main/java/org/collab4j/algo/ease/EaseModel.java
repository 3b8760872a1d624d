package org.collab4j.algo.ease;

import org.collab4j.kernel.Simd;
import org.collab4j.model.ItemSimilarity;
import org.collab4j.model.TopNModel;

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
public final class EaseModel implements TopNModel, ItemSimilarity {
    public static final String KIND = "ease";
    private final int numUsers;
    private final int numItems;
    private final float[] weights;
    private final int[] userStart;
    private final int[] userItems;
    private final float lambda;

    /**
     * @param weights   B, row-major {@code numItems x numItems}, zero diagonal
     * @param userStart user u's items are {@code userItems[userStart[u] .. userStart[u+1])}
     */
    public EaseModel(int numUsers, int numItems, float[] weights, int[] userStart, int[] userItems, float lambda) {
        if ((long) numItems * numItems != weights.length || userStart.length != numUsers + 1 || userStart[numUsers] != userItems.length)
            throw new IllegalArgumentException("ease arrays do not match " + numUsers + " users and " + numItems + " items");
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.weights = weights;
        this.userStart = userStart;
        this.userItems = userItems;
        this.lambda = lambda;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** B, row-major (shared; do not modify). */
    public float[] weights() {
        return weights;
    }

    public int[] userStart() {
        return userStart;
    }

    public int[] userItems() {
        return userItems;
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
    public float predictUnknown(int user, int item) {
        return user >= 0 && item >= 0 ? predict(user, item) : 0;
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

    private int checkItem(int i) {
        if (i < 0 || i >= numItems) throw new IllegalArgumentException("item " + i + " outside 0.." + (numItems - 1));
        return i;
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
