package org.collab4j.algo.knn;

import java.util.Arrays;

import org.collab4j.model.ItemItemModel;

/**
 * {@code item-knn} on implicit feedback, as the Python {@code implicit} library's
 * {@code CosineRecommender}, {@code TFIDFRecommender} and {@code BM25Recommender}: each item keeps
 * its (at most) K most similar items, and a user's score of item j is
 *
 * <pre>  s_j = sum_{i in I(u)} w_ui * S_ij     (S_ij: i's similarity to j when j is among i's neighbours, else 0)</pre>
 *
 * with {@code w_ui} the user's weight of i. The score is a sum over the user's items, so each
 * recommendation says which of them brought it ({@link #contributions}), and a new user is
 * scored from their items at once. The model keeps each item's neighbour row (sorted by item,
 * with the similarity) and each training user's items with their weights. Immutable and safe
 * for many threads.
 */
public final class ImplicitItemKnnModel extends ItemItemModel {
    public static final String KIND = "item-knn-implicit";
    private final float[] userWeights;
    private final int[] neighbourStart;
    private final int[] neighbours;
    private final float[] similarities;
    private final String measure;

    /**
     * @param userStart      user u's items are {@code userItems[userStart[u] .. userStart[u+1])}, ascending, weights alongside
     * @param neighbourStart item i's neighbours are {@code neighbours[neighbourStart[i] .. neighbourStart[i+1])}, ascending
     * @param measure        the similarity, e.g. {@code bm25(k1 1.2, b 0.75)}
     */
    public ImplicitItemKnnModel(int numUsers, int numItems, int[] userStart, int[] userItems, float[] userWeights, int[] neighbourStart,
                                int[] neighbours, float[] similarities, String measure) {
        super(numUsers, numItems, userStart, userItems);
        if (userStart.length != numUsers + 1 || userStart[numUsers] != userItems.length || userItems.length != userWeights.length
                || neighbourStart.length != numItems + 1 || neighbourStart[numItems] != neighbours.length || neighbours.length != similarities.length)
            throw new IllegalArgumentException("item-knn arrays do not match " + numUsers + " users and " + numItems + " items");
        this.userWeights = userWeights;
        this.neighbourStart = neighbourStart;
        this.neighbours = neighbours;
        this.similarities = similarities;
        this.measure = measure;
    }

    @Override
    public String kind() {
        return KIND;
    }

    public float[] userWeights() {
        return userWeights;
    }

    public int[] neighbourStart() {
        return neighbourStart;
    }

    public int[] neighbours() {
        return neighbours;
    }

    public float[] neighbourSimilarities() {
        return similarities;
    }

    /** The similarity measure, e.g. {@code cosine} or {@code bm25(k1 1.2, b 0.75)}. */
    public String measure() {
        return measure;
    }

    /** {@code S_ij}, 0 when j is not among i's neighbours. */
    public float similarity(int i, int j) {
        int at = Arrays.binarySearch(neighbours, neighbourStart[i], neighbourStart[i + 1], j);
        return at >= 0 ? similarities[at] : 0f;
    }

    @Override
    public float predict(int user, int item) {
        double s = 0;
        for (int p = userStart[user]; p < userStart[user + 1]; p++) s += userWeights[p] * similarity(userItems[p], item);
        return (float) s;
    }

    @Override
    public void scoreItems(int user, float[] out) {
        score(userItems, userWeights, userStart[user], userStart[user + 1], out);
    }

    @Override
    public void scoreHistory(int[] items, float[] weights, int n, float[] out) {
        for (int k = 0; k < n; k++) checkItem(items[k]);
        score(items, weights, 0, n, out);
    }

    private void score(int[] items, float[] weights, int from, int to, float[] out) {
        Arrays.fill(out, 0, numItems, 0f);
        for (int p = from; p < to; p++) {
            int i = items[p];
            float w = weights[p];
            for (int q = neighbourStart[i]; q < neighbourStart[i + 1]; q++) out[neighbours[q]] += w * similarities[q];
        }
    }

    @Override
    public boolean contributions(int[] items, float[] weights, int n, int item, float[] out) {
        checkItem(item);
        for (int k = 0; k < n; k++) out[k] = weights[k] * similarity(checkItem(items[k]), item);
        return true;
    }

    @Override
    public void similarities(int item, float[] out) {
        Arrays.fill(out, 0, numItems, Float.NaN);
        for (int q = neighbourStart[item]; q < neighbourStart[item + 1]; q++) out[neighbours[q]] = similarities[q];
    }

    @Override
    public String similarityMeasure() {
        return measure + " similarity of the items' users";
    }
}
