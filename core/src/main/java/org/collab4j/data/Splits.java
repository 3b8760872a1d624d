package org.collab4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.collab4j.kernel.Rng;

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
        checkValidPct(validPct);
        int n = ratings.size();
        int[] perm = ratings.allRows();
        new Rng(seed).shuffle(perm);
        int cut = (int) (validPct * n);
        long[] isValid = new long[(n + 63) >>> 6];   // a bit a rating: the mask is live beside the split's arrays
        for (int j = 0; j < cut; j++) isValid[perm[j] >>> 6] |= 1L << perm[j];
        perm = null;   // four bytes a rating, dead before the split's arrays are allocated
        int[] train = new int[n - cut];
        int[] valid = new int[cut];
        int a = 0, b = 0;
        for (int r = 0; r < n; r++) {
            if ((isValid[r >>> 6] & 1L << r) != 0) valid[b++] = r;
            else train[a++] = r;
        }
        return new Split("random(" + validPct + ", seed " + seed + ")", train, valid);
    }

    /**
     * The latest {@code validPct} of ratings by time are validation rows (ties broken by row
     * order): the future is predicted from the past.
     */
    public static Split temporal(Ratings ratings, double validPct) {
        checkValidPct(validPct);
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

    private static void checkValidPct(double validPct) {
        if (!(validPct >= 0 && validPct < 1))
            throw new IllegalArgumentException("--valid-pct must be in [0, 1), got " + validPct);
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

    /**
     * MovieLens 100k's official folds: {@code u1}..{@code u5} (five disjoint 20% test sets),
     * {@code ua} and {@code ub} (ten ratings per user held out). The test file
     * {@code <folder>/<name>.test} names the validation rows; the rest of the data set trains.
     */
    public static Split official(Dataset data, Path folder, String name) {
        if (!name.matches("u[1-5]|ua|ub")) throw new IllegalArgumentException("unknown official fold '" + name + "'; expected u1..u5, ua or ub");
        Path test = folder == null ? null : folder.resolve(name + ".test");
        if (test == null || !Files.isRegularFile(test))
            throw new IllegalArgumentException("the official fold " + name + " needs MovieLens 100k's " + name + ".test"
                    + (folder == null ? "" : " in " + folder) + "; use --data ml-100k or a folder that holds it");
        boolean[] mask = new boolean[data.ratings().size()];
        int n = markRows(data.ratings(), test, mask);
        return fromMask(name, mask, n);
    }

    /**
     * Holds out the ratings listed in {@code testFile}: rows of the data set with the same
     * (user, item) become validation rows; ratings of the test file that the data set lacks are
     * appended to a copy of the data set (new users and items included) and held out too.
     */
    public static DataSplit withTestFile(Dataset data, Path testFile) {
        return withTestFile(data, testFile, Float.NaN);
    }

    /**
     * As {@link #withTestFile(Dataset, Path)} for interactions made of star ratings by a
     * threshold ({@code --positive}): the test file holds star ratings too, on their own scale;
     * those at or above {@code positive} are held out as positives (value 1), the others dropped.
     * NaN: the test file is on the data set's scale, as the data set itself.
     */
    public static DataSplit withTestFile(Dataset data, Path testFile, float positive) {
        Ratings base = data.ratings();
        Ratings test;
        if (Float.isNaN(positive)) {
            test = DataLoader.load(testFile, LoadOptions.builder().format(LoadOptions.Format.DELIMITED).scale(base.scale()).build()).ratings();
        } else {
            Ratings stars = DataLoader.load(testFile, LoadOptions.builder().format(LoadOptions.Format.DELIMITED).build()).ratings();
            int kept = 0;
            for (int t = 0; t < stars.size(); t++) if (stars.value(t) >= positive) kept++;
            int[] uc = new int[kept], ic = new int[kept];
            float[] vc = new float[kept];
            long[] tc = stars.hasTime() ? new long[kept] : null;
            for (int t = 0, k = 0; t < stars.size(); t++) {
                if (stars.value(t) < positive) continue;
                uc[k] = stars.user(t);
                ic[k] = stars.item(t);
                vc[k] = 1f;
                if (tc != null) tc[k] = stars.time(t);
                k++;
            }
            test = new Ratings(uc, ic, vc, tc, stars.userIds(), stars.itemIds(), base.scale());
        }
        Map<Long, Integer> rowOf = pairIndex(base);
        IdIndex users = base.userIds(), items = base.itemIds();
        int extra = 0;
        boolean[] present = new boolean[test.size()];
        int[] rowFor = new int[test.size()];
        for (int t = 0; t < test.size(); t++) {
            int u = users.index(test.userIds().id(test.user(t)));
            int i = items.index(test.itemIds().id(test.item(t)));
            Integer r = u < 0 || i < 0 ? null : rowOf.get(key(u, i));
            present[t] = r != null;
            rowFor[t] = r == null ? -1 : r;
            if (r == null) extra++;
        }
        Dataset grown = data;
        if (extra > 0) {
            int n = base.size();
            IdIndex u2 = IdIndex.of(users.ids()), i2 = IdIndex.of(items.ids());
            int[] uc = java.util.Arrays.copyOf(base.users(), n + extra);
            int[] ic = java.util.Arrays.copyOf(base.items(), n + extra);
            float[] vc = java.util.Arrays.copyOf(base.values(), n + extra);
            long[] tc = base.hasTime() ? java.util.Arrays.copyOf(base.times(), n + extra) : null;
            int at = n;
            for (int t = 0; t < test.size(); t++) {
                if (present[t]) continue;
                uc[at] = u2.add(test.userIds().id(test.user(t)));
                ic[at] = i2.add(test.itemIds().id(test.item(t)));
                vc[at] = test.value(t);
                if (tc != null) tc[at] = test.hasTime() ? test.time(t) : 0;
                rowFor[t] = at++;
            }
            Ratings r = new Ratings(uc, ic, vc, tc, u2, i2, base.scale());
            grown = new Dataset(data.name(), r, padItems(data, i2.size()), padUsers(data, u2.size()), data.report());
        }
        boolean[] mask = new boolean[grown.ratings().size()];
        int nv = 0;
        for (int t = 0; t < test.size(); t++) if (!mask[rowFor[t]]) { mask[rowFor[t]] = true; nv++; }
        return new DataSplit(grown, fromMask("test(" + testFile.getFileName() + ")", mask, nv));
    }

    private static org.collab4j.data.ItemInfo padItems(Dataset d, int n) {
        org.collab4j.data.ItemInfo a = d.items();
        if (a == null || a.size() == n) return a;
        String[] titles = java.util.Arrays.copyOf(a.titles(), n);
        int[] years = java.util.Arrays.copyOf(a.years(), n);
        long[] days = java.util.Arrays.copyOf(a.releaseEpochDays(), n);
        for (int i = a.size(); i < n; i++) days[i] = Long.MIN_VALUE;
        int[][] g = java.util.Arrays.copyOf(a.genreLists(), n);
        for (int i = a.size(); i < n; i++) g[i] = new int[0];
        return new org.collab4j.data.ItemInfo(titles, years, days, a.genreNames(), g);
    }

    private static org.collab4j.data.UserInfo padUsers(Dataset d, int n) {
        org.collab4j.data.UserInfo a = d.users();
        if (a == null || a.size() == n) return a;
        return new org.collab4j.data.UserInfo(java.util.Arrays.copyOf(a.ages(), n), java.util.Arrays.copyOf(a.genders(), n),
                java.util.Arrays.copyOf(a.occupations(), n), java.util.Arrays.copyOf(a.zips(), n));
    }

    private static long key(int u, int i) {
        return ((long) u << 32) | (i & 0xffffffffL);
    }

    private static Map<Long, Integer> pairIndex(Ratings r) {
        Map<Long, Integer> m = new HashMap<>(r.size() * 2);
        for (int j = 0; j < r.size(); j++) m.put(key(r.user(j), r.item(j)), j);
        return m;
    }

    /** Flags the rows of {@code data} whose (user, item) appear in {@code file}; all must be present. */
    private static int markRows(Ratings data, Path file, boolean[] mask) {
        Ratings test = DataLoader.load(file, LoadOptions.builder().format(LoadOptions.Format.DELIMITED).scale(data.scale()).build()).ratings();
        Map<Long, Integer> rowOf = pairIndex(data);
        int n = 0;
        for (int t = 0; t < test.size(); t++) {
            String uid = test.userIds().id(test.user(t)), iid = test.itemIds().id(test.item(t));
            int u = data.userIds().index(uid), i = data.itemIds().index(iid);
            Integer r = u < 0 || i < 0 ? null : rowOf.get(key(u, i));
            if (r == null)
                throw new DataFormatException(file.toString(), "rating of user " + uid + " for item " + iid
                        + " is not in the data set; the fold does not belong to this data");
            if (!mask[r]) { mask[r] = true; n++; }
        }
        return n;
    }
}
