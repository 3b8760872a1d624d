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
        double sum = 0;
        for (float v : values) sum += v;
        this.mean = n == 0 ? 0 : sum / n;
        // item-major first, then a stable pass by user leaves each user row sorted by item, and vice versa
        int[] byItem = order(items, numItems, identity(n));
        int[] byUser = order(users, numUsers, byItem);
        userStart = starts(users, numUsers);
        userItems = new int[n];
        userValues = new float[n];
        for (int j = 0; j < n; j++) {
            userItems[j] = items[byUser[j]];
            userValues[j] = values[byUser[j]];
        }
        int[] byItem2 = order(items, numItems, byUser); // stable: item rows stay sorted by user
        itemStart = starts(items, numItems);
        itemUsers = new int[n];
        itemValues = new float[n];
        for (int j = 0; j < n; j++) {
            itemUsers[j] = users[byItem2[j]];
            itemValues[j] = values[byItem2[j]];
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

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int j = 0; j < n; j++) a[j] = j;
        return a;
    }

    private static int[] starts(int[] key, int size) {
        int[] start = new int[size + 1];
        for (int k : key) start[k + 1]++;
        for (int j = 0; j < size; j++) start[j + 1] += start[j];
        return start;
    }

    /** Stable counting sort of the positions {@code in} by {@code key[position]}. */
    private static int[] order(int[] key, int size, int[] in) {
        int[] fill = starts(key, size);
        int[] out = new int[in.length];
        for (int p : in) out[fill[key[p]]++] = p;
        return out;
    }
}
