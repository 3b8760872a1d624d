package org.collab4j.data;

import java.util.Arrays;

/**
 * Implicit feedback as a sparse users x items matrix, held both ways in compressed sparse rows:
 * user {@code u}'s items are {@code userItems[userStart[u] .. userStart[u+1])} (ascending) and
 * item {@code i}'s users are {@code itemUsers[itemStart[i] .. itemStart[i+1])} (ascending), each
 * entry with the interaction's summed weight ({@link #userValues()}, {@link #itemValues()}) and its
 * confidence under a {@link Confidence} rule ({@link #userWeights()}, {@link #itemWeights()}; the
 * same arrays as the values under {@link Confidence#NONE}).
 *
 * <p>Built from rows of a {@link Ratings} log (those that {@link InteractionLog#aggregate} made, or
 * any other): rows of one (user, item) are summed. Users and items keep the log's dense indices,
 * so that rows and columns line up with {@link Ratings#userIds()} and {@link Ratings#itemIds()}.
 * Immutable; the arrays are shared, not copied: do not modify them.
 */
public final class Interactions {
    private final int numUsers;
    private final int numItems;
    private final int[] userStart;
    private final int[] userItems;
    private final float[] userValues;
    private final float[] userWeights;
    private final int[] itemStart;
    private final int[] itemUsers;
    private final float[] itemValues;
    private final float[] itemWeights;
    private final Confidence confidence;
    private final long summed;

    private Interactions(int numUsers, int numItems, int[] userStart, int[] userItems, float[] userValues, int[] itemStart,
                         int[] itemUsers, float[] itemValues, Confidence confidence, long summed) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.userStart = userStart;
        this.userItems = userItems;
        this.userValues = userValues;
        this.itemStart = itemStart;
        this.itemUsers = itemUsers;
        this.itemValues = itemValues;
        this.confidence = confidence;
        this.summed = summed;
        this.userWeights = weigh(userValues, confidence);
        this.itemWeights = weigh(itemValues, confidence);
    }

    private static float[] weigh(float[] values, Confidence c) {
        if (c.kind() == Confidence.Kind.NONE) return values;
        float[] w = new float[values.length];
        for (int j = 0; j < w.length; j++) w[j] = c.apply(values[j]);
        return w;
    }

    /** The interactions of {@code ratings[rows]}, each weighing its value. */
    public static Interactions of(Ratings ratings, int[] rows, Confidence confidence) {
        int n = rows.length;
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        for (int j = 0; j < n; j++) {
            int r = rows[j];
            u[j] = ratings.user(r);
            i[j] = ratings.item(r);
            v[j] = ratings.value(r);
        }
        return of(ratings.numUsers(), ratings.numItems(), u, i, v, confidence);
    }

    /** Every row of {@code ratings}. */
    public static Interactions of(Ratings ratings, Confidence confidence) {
        return of(ratings, ratings.allRows(), confidence);
    }

    /**
     * The interactions {@code (user[j], item[j], weight[j])}; repeated pairs are summed. The
     * arrays are read, not kept.
     */
    public static Interactions of(int numUsers, int numItems, int[] user, int[] item, float[] weight, Confidence confidence) {
        int n = user.length;
        if (item.length != n || weight.length != n) throw new IllegalArgumentException("interaction columns differ in length");
        int[] start = new int[numUsers + 1];
        int[] byItem = new int[numItems + 1];
        for (int j = 0; j < n; j++) {
            if (user[j] < 0 || user[j] >= numUsers) throw new IllegalArgumentException("user " + user[j] + " outside 0.." + (numUsers - 1));
            if (item[j] < 0 || item[j] >= numItems) throw new IllegalArgumentException("item " + item[j] + " outside 0.." + (numItems - 1));
            start[user[j] + 1]++;
            byItem[item[j] + 1]++;
        }
        for (int a = 0; a < numUsers; a++) start[a + 1] += start[a];
        for (int b = 0; b < numItems; b++) byItem[b + 1] += byItem[b];
        // a radix sort: rows in item order, then scattered into user rows, which come out item-ascending
        int[] order = new int[n];
        for (int j = 0; j < n; j++) order[byItem[item[j]]++] = j;
        int[] fill = Arrays.copyOf(start, numUsers);
        int[] items = new int[n];
        float[] values = new float[n];
        for (int j : order) {
            int p = fill[user[j]]++;
            items[p] = item[j];
            values[p] = weight[j];
        }
        // sum repeated items, compacting in place
        int[] outStart = new int[numUsers + 1];
        int w = 0;
        long summed = 0;
        for (int a = 0; a < numUsers; a++) {
            outStart[a] = w;
            for (int p = start[a], e = start[a + 1]; p < e; p++) {
                if (w > outStart[a] && items[w - 1] == items[p]) {
                    values[w - 1] += values[p];
                    summed++;
                } else {
                    items[w] = items[p];
                    values[w++] = values[p];
                }
            }
        }
        outStart[numUsers] = w;
        if (w < n) {
            items = Arrays.copyOf(items, w);
            values = Arrays.copyOf(values, w);
        }
        // the transpose: walking users in order leaves each item's users ascending
        int[] iStart = new int[numItems + 1];
        for (int p = 0; p < w; p++) iStart[items[p] + 1]++;
        for (int b = 0; b < numItems; b++) iStart[b + 1] += iStart[b];
        int[] iFill = Arrays.copyOf(iStart, numItems);
        int[] iUsers = new int[w];
        float[] iValues = new float[w];
        for (int a = 0; a < numUsers; a++) {
            for (int p = outStart[a]; p < outStart[a + 1]; p++) {
                int q = iFill[items[p]]++;
                iUsers[q] = a;
                iValues[q] = values[p];
            }
        }
        return new Interactions(numUsers, numItems, outStart, items, values, iStart, iUsers, iValues, confidence, summed);
    }

    public int numUsers() {
        return numUsers;
    }

    public int numItems() {
        return numItems;
    }

    /** Number of distinct (user, item) interactions. */
    public int size() {
        return userItems.length;
    }

    /** Repeated (user, item) rows summed while building. */
    public long summed() {
        return summed;
    }

    public Confidence confidence() {
        return confidence;
    }

    /** Row offsets by user (length numUsers + 1). */
    public int[] userStart() {
        return userStart;
    }

    /** Items of each user, user by user, ascending within a user. */
    public int[] userItems() {
        return userItems;
    }

    /** Summed weights matching {@link #userItems()}. */
    public float[] userValues() {
        return userValues;
    }

    /** Confidences matching {@link #userItems()}. */
    public float[] userWeights() {
        return userWeights;
    }

    /** Row offsets by item (length numItems + 1). */
    public int[] itemStart() {
        return itemStart;
    }

    /** Users of each item, item by item, ascending within an item. */
    public int[] itemUsers() {
        return itemUsers;
    }

    /** Summed weights matching {@link #itemUsers()}. */
    public float[] itemValues() {
        return itemValues;
    }

    /** Confidences matching {@link #itemUsers()}. */
    public float[] itemWeights() {
        return itemWeights;
    }

    /** Number of items of {@code user}. */
    public int userCount(int user) {
        return userStart[user + 1] - userStart[user];
    }

    /** Number of users of {@code item}. */
    public int itemCount(int item) {
        return itemStart[item + 1] - itemStart[item];
    }

    /** Users per item (a new array). */
    public int[] itemCounts() {
        int[] c = new int[numItems];
        for (int i = 0; i < numItems; i++) c[i] = itemStart[i + 1] - itemStart[i];
        return c;
    }

    /** Whether {@code user} interacted with {@code item}. */
    public boolean has(int user, int item) {
        return Arrays.binarySearch(userItems, userStart[user], userStart[user + 1], item) >= 0;
    }

    /** The items of {@code user} (a copy, ascending). */
    public int[] items(int user) {
        return Arrays.copyOfRange(userItems, userStart[user], userStart[user + 1]);
    }

    /** The confidences of {@code user}'s items (a copy, matching {@link #items}). */
    public float[] weights(int user) {
        return Arrays.copyOfRange(userWeights, userStart[user], userStart[user + 1]);
    }

    @Override
    public String toString() {
        return "Interactions[" + size() + " of " + numUsers + " users and " + numItems + " items, confidence " + confidence + "]";
    }
}
