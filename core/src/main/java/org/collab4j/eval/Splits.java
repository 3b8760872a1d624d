package org.collab4j.eval;

import org.collab4j.data.Ratings;
import org.collab4j.model.Rng;

/** Ways to divide a rating log into training and validation rows. */
public final class Splits {
    private Splits() {
    }

    /**
     * fastai's {@code valid_pct} split: a seeded random permutation of all rows, the first
     * {@code round-down(validPct * n)} of which are validation rows. Both parts are returned in
     * ascending row order.
     */
    public static Split random(Ratings ratings, double validPct, long seed) {
        if (!(validPct >= 0 && validPct < 1))
            throw new IllegalArgumentException("--valid-pct must be in [0, 1), got " + validPct);
        int n = ratings.size();
        int[] perm = ratings.allRows();
        new Rng(seed).shuffle(perm);
        int cut = (int) (validPct * n);
        boolean[] isValid = new boolean[n];
        for (int j = 0; j < cut; j++) isValid[perm[j]] = true;
        return fromMask("random(" + validPct + ", seed " + seed + ")", isValid, cut);
    }

    /**
     * The latest {@code validPct} of ratings by time are validation rows (ties broken by row
     * order): the future is predicted from the past.
     */
    public static Split temporal(Ratings ratings, double validPct) {
        if (!ratings.hasTime()) throw new IllegalArgumentException("a temporal split needs rating times, and this data set has none");
        int n = ratings.size();
        long[] t = ratings.times();
        int[] rows = ratings.allRows();
        long[] sortKey = new long[n];
        for (int r = 0; r < n; r++) sortKey[r] = t[r];
        sortByKey(rows, sortKey);
        int cut = (int) (validPct * n);
        boolean[] isValid = new boolean[n];
        for (int j = n - cut; j < n; j++) isValid[rows[j]] = true;
        return fromMask("temporal(" + validPct + ")", isValid, cut);
    }

    /** Rows flagged in {@code isValid} are validation rows; the rest are training rows. */
    public static Split fromMask(String name, boolean[] isValid, int numValid) {
        int n = isValid.length;
        int[] train = new int[n - numValid];
        int[] valid = new int[numValid];
        int a = 0, b = 0;
        for (int r = 0; r < n; r++) {
            if (isValid[r]) valid[b++] = r;
            else train[a++] = r;
        }
        return new Split(name, train, valid);
    }

    /** Every row for training, none for validation. */
    public static Split none(Ratings ratings) {
        return new Split("none", ratings.allRows(), new int[0]);
    }

    /** Stable sort of {@code rows} by {@code key[row]} (merge sort on primitives). */
    static void sortByKey(int[] rows, long[] key) {
        int[] tmp = new int[rows.length];
        mergeSort(rows, tmp, 0, rows.length, key);
    }

    private static void mergeSort(int[] a, int[] tmp, int lo, int hi, long[] key) {
        if (hi - lo < 2) return;
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, key);
        mergeSort(a, tmp, mid, hi, key);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi) tmp[k++] = key[a[j]] < key[a[i]] ? a[j++] : a[i++];
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, lo, a, lo, hi - lo);
    }
}
