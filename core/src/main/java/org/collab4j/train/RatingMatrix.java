package org.collab4j.train;

import org.collab4j.data.Ratings;

/**
 * The training ratings as a sparse matrix held both ways, for solvers that work row by row
 * (ALS, Gibbs sampling, baseline estimates, SVD++'s user passes, item neighbourhoods):
 * compressed sparse rows by user and by item, each row sorted by column.
 *
 * <p>User {@code u}'s ratings are {@code userItems[userStart[u] .. userStart[u+1])} with values
 * {@code userValues[...]}; item {@code i}'s are {@code itemUsers[itemStart[i] .. itemStart[i+1])}.
 * Built by two counting sorts, O(ratings + users + items).
 */
public final class RatingMatrix {
    public final int numUsers;
    public final int numItems;
    public final int[] userStart;
    public final int[] userItems;
    public final float[] userValues;
    public final int[] itemStart;
    public final int[] itemUsers;
    public final float[] itemValues;
    /** Mean of the training ratings (0 when there are none). */
    public final double mean;

    public RatingMatrix(int numUsers, int numItems, int[] users, int[] items, float[] values) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        int n = users.length;
        userStart = new int[numUsers + 1];
        itemStart = new int[numItems + 1];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            userStart[users[j] + 1]++;
            itemStart[items[j] + 1]++;
            sum += values[j];
        }
        this.mean = n == 0 ? 0 : sum / n;
        for (int u = 0; u < numUsers; u++) userStart[u + 1] += userStart[u];
        for (int i = 0; i < numItems; i++) itemStart[i + 1] += itemStart[i];
        // three stable counting-sort passes: by item, then by user (user rows sorted by item),
        // then by item again (item rows sorted by user)
        int[] byItem = new int[n];
        int[] fill = java.util.Arrays.copyOf(itemStart, numItems);
        for (int j = 0; j < n; j++) byItem[fill[items[j]]++] = j;
        userItems = new int[n];
        userValues = new float[n];
        int[] userOrder = new int[n];
        fill = java.util.Arrays.copyOf(userStart, numUsers);
        for (int p : byItem) {
            int at = fill[users[p]]++;
            userOrder[at] = p;
            userItems[at] = items[p];
            userValues[at] = values[p];
        }
        itemUsers = new int[n];
        itemValues = new float[n];
        fill = java.util.Arrays.copyOf(itemStart, numItems);
        for (int p : userOrder) {
            int at = fill[items[p]]++;
            itemUsers[at] = users[p];
            itemValues[at] = values[p];
        }
    }

    /** The matrix of {@code ratings[rows]}, over all users and items of {@code ratings}. */
    public static RatingMatrix of(Ratings ratings, int[] rows) {
        int n = rows.length;
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        int[] uc = ratings.users(), ic = ratings.items();
        float[] vc = ratings.values();
        for (int j = 0; j < n; j++) {
            int r = rows[j];
            u[j] = uc[r];
            i[j] = ic[r];
            v[j] = vc[r];
        }
        return new RatingMatrix(ratings.numUsers(), ratings.numItems(), u, i, v);
    }

    public int size() {
        return userItems.length;
    }

    public int userCount(int u) {
        return userStart[u + 1] - userStart[u];
    }

    public int itemCount(int i) {
        return itemStart[i + 1] - itemStart[i];
    }
}
