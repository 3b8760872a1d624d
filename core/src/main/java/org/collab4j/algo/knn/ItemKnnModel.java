package org.collab4j.algo.knn;

import org.collab4j.model.ItemSimilarity;
import org.collab4j.model.UserItemModel;
import java.util.Arrays;

/**
 * The item neighbourhood model with baselines ({@code item-knn}; Koren 2010, section 2.2;
 * Surprise's {@code KNNBaseline} with item-based {@code pearson_baseline} similarity):
 *
 * <pre>  r^_ui = b_ui + sum_{j in N^k(i;u)} s_ij (r_uj - b_uj) / sum_{j in N^k(i;u)} s_ij,   b_ui = mu + b_u + b_i</pre>
 *
 * where {@code N^k(i;u)} are the (at most) k items rated by u that are most similar to i, among
 * those with a positive similarity. With fewer than {@code minK} such neighbours the prediction
 * is the baseline alone. Predictions are clipped to the rating scale.
 *
 * <p>The model keeps the baselines, each user's training ratings as residuals
 * {@code r_uj - b_uj} (compressed rows sorted by item) and, for each item, its neighbours with a
 * positive similarity (rows sorted by item, with the similarity). Only positive similarities can
 * take part in a prediction, so nothing else is stored. A prediction is a merge of the user's row
 * with the item's neighbour row, then a selection of the k largest similarities. For catalogues
 * of at most {@value #DENSE_LIMIT} items the similarities are also unpacked into a dense
 * {@code items x items} matrix in memory, so that a prediction is one look-up per item the user
 * rated (no merge). Immutable and safe for many threads (scratch space is per call).
 */
public final class ItemKnnModel extends UserItemModel implements ItemSimilarity {
    public static final String KIND = "item-knn";
    private final float mu;
    private final float[] userBias;
    private final float[] itemBias;
    private final int[] userStart;
    private final int[] userItems;
    private final float[] userResiduals;
    private final int[] neighbourStart;
    private final int[] neighbours;
    private final float[] similarities;
    private final int k;
    private final int minK;
    private final float low;
    private final float high;
    /** Item catalogues up to this size keep a dense similarity matrix for fast predictions. */
    public static final int DENSE_LIMIT = 4096;
    private final float[] dense;

    /**
     * @param userStart      user u's ratings are {@code userItems[userStart[u] .. userStart[u+1])}, sorted by item
     * @param userResiduals  {@code r_uj - (mu + b_u + b_j)} for each of those ratings
     * @param neighbourStart item i's neighbours are {@code neighbours[neighbourStart[i] .. neighbourStart[i+1])}, sorted
     * @param similarities   their (positive) similarities to i
     * @param clip           {low, high} predictions are clipped to
     */
    public ItemKnnModel(int numUsers, int numItems, float mu, float[] userBias, float[] itemBias, int[] userStart, int[] userItems,
                        float[] userResiduals, int[] neighbourStart, int[] neighbours, float[] similarities, int k, int minK, float[] clip) {
        super(numUsers, numItems);
        if (userBias.length != numUsers || itemBias.length != numItems || userStart.length != numUsers + 1
                || neighbourStart.length != numItems + 1 || userItems.length != userResiduals.length
                || neighbours.length != similarities.length || userStart[numUsers] != userItems.length
                || neighbourStart[numItems] != neighbours.length)
            throw new IllegalArgumentException("item-knn arrays do not match " + numUsers + " users and " + numItems + " items");
        if (k < 1 || minK < 0) throw new IllegalArgumentException("item-knn needs k >= 1 and min-k >= 0, got " + k + ", " + minK);
        this.mu = mu;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.userStart = userStart;
        this.userItems = userItems;
        this.userResiduals = userResiduals;
        this.neighbourStart = neighbourStart;
        this.neighbours = neighbours;
        this.similarities = similarities;
        this.k = k;
        this.minK = minK;
        this.low = clip[0];
        this.high = clip[1];
        if (numItems <= DENSE_LIMIT) {
            dense = new float[numItems * numItems];
            for (int i = 0; i < numItems; i++)
                for (int b = neighbourStart[i]; b < neighbourStart[i + 1]; b++) dense[i * numItems + neighbours[b]] = similarities[b];
        } else {
            dense = null;
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    public float global() {
        return mu;
    }

    public float[] userBias() {
        return userBias;
    }

    public float[] itemBias() {
        return itemBias;
    }

    public int[] userStart() {
        return userStart;
    }

    public int[] userItems() {
        return userItems;
    }

    public float[] userResiduals() {
        return userResiduals;
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

    /** Neighbours used per prediction, at most. */
    public int k() {
        return k;
    }

    /** Fewest neighbours for the neighbourhood term to be used. */
    public int minK() {
        return minK;
    }

    public float[] clipRange() {
        return new float[] {low, high};
    }

    private float clip(float v) {
        return Math.min(high, Math.max(low, v));
    }

    /** The stored similarity of items a and b (0 when b is not among a's positive neighbours). */
    public float similarity(int a, int b) {
        int at = Arrays.binarySearch(neighbours, neighbourStart[a], neighbourStart[a + 1], b);
        return at >= 0 ? similarities[at] : 0f;
    }

    @Override
    public float predict(int user, int item) {
        float base = mu + userBias[user] + itemBias[item];
        int a = userStart[user], ae = userStart[user + 1];
        if (dense != null) {
            if (ae == a) return clip(base);
            float[] sims = new float[ae - a], res = new float[ae - a];
            int n = 0, row = item * numItems;
            for (int j = a; j < ae; j++) {
                float sim = dense[row + userItems[j]];
                sims[n] = sim;
                res[n] = userResiduals[j];
                n += sim > 0 ? 1 : 0;
            }
            return clip(base + neighbourhood(sims, res, n));
        }
        int b = neighbourStart[item], be = neighbourStart[item + 1];
        int cap = Math.min(ae - a, be - b);
        if (cap == 0) return clip(base);
        float[] sims = new float[cap], res = new float[cap];
        int n = 0;
        while (a < ae && b < be) {
            int x = userItems[a], y = neighbours[b];
            if (x < y) a++;
            else if (x > y) b++;
            else {
                sims[n] = similarities[b];
                res[n++] = userResiduals[a];
                a++;
                b++;
            }
        }
        return clip(base + neighbourhood(sims, res, n));
    }

    /** The weighted mean of the k most similar residuals, or 0 with fewer than minK neighbours. */
    private float neighbourhood(float[] sims, float[] res, int n) {
        if (n == 0 || n < minK) return 0f;
        if (n > k) selectTop(sims, res, n, k);
        int use = Math.min(n, k);
        double sw = 0, sr = 0;
        for (int j = 0; j < use; j++) {
            sw += sims[j];
            sr += sims[j] * res[j];
        }
        return sw > 0 ? (float) (sr / sw) : 0f;
    }

    /** Moves the k largest similarities (with their residuals) to the front: quickselect. */
    static void selectTop(float[] sims, float[] res, int n, int k) {
        int lo = 0, hi = n - 1;
        while (lo < hi) {
            float pivot = sims[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (sims[i] > pivot) i++;
                while (sims[j] < pivot) j--;
                if (i <= j) {
                    float t = sims[i];
                    sims[i] = sims[j];
                    sims[j] = t;
                    t = res[i];
                    res[i] = res[j];
                    res[j] = t;
                    i++;
                    j--;
                }
            }
            if (k - 1 <= j) hi = j;
            else if (k - 1 >= i) lo = i;
            else return;
        }
    }

    @Override
    public float predictUnknown(int user, int item) {
        if (user >= 0 && item >= 0) return predict(user, item);
        return clip(mu + (user >= 0 ? userBias[user] : 0f) + (item >= 0 ? itemBias[item] : 0f));
    }

    @Override
    public void scoreItems(int user, float[] out) {
        float[] resid = new float[numItems];
        Arrays.fill(resid, Float.NaN);
        for (int j = userStart[user]; j < userStart[user + 1]; j++) resid[userItems[j]] = userResiduals[j];
        int cap = userStart[user + 1] - userStart[user];
        float[] sims = new float[Math.max(1, cap)], res = new float[Math.max(1, cap)];
        float bu = mu + userBias[user];
        for (int i = 0; i < numItems; i++) {
            int n = 0;
            for (int b = neighbourStart[i]; b < neighbourStart[i + 1] && n < cap; b++) {
                float r = resid[neighbours[b]];
                if (r == r) { // rated by the user
                    sims[n] = similarities[b];
                    res[n++] = r;
                }
            }
            out[i] = clip(bu + itemBias[i] + neighbourhood(sims, res, n));
        }
    }

    /** Similarities of {@code item}'s stored neighbours; NaN for every other item. */
    @Override
    public void similarities(int item, float[] out) {
        Arrays.fill(out, 0, numItems, Float.NaN);
        for (int b = neighbourStart[item]; b < neighbourStart[item + 1]; b++) out[neighbours[b]] = similarities[b];
    }

    @Override
    public String similarityMeasure() {
        return "shrunk baseline-adjusted Pearson correlation";
    }
}
