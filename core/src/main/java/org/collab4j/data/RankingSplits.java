package org.collab4j.data;

import java.util.Arrays;

import org.collab4j.kernel.Rng;

/**
 * Ways to divide an interaction log (one row per user and item, as {@link InteractionLog#aggregate}
 * leaves it) for top-N evaluation. Every split holds out a test part and carves a validation part
 * from what is left, never from the test part, so that hyperparameters are chosen without seeing
 * the test.
 *
 * <ul>
 * <li>{@link #holdout}: per user, a random share of their items is held out (weak
 * generalisation: the scored users are trained on, with their other items).</li>
 * <li>{@link #leaveLastOut}: per user, their latest items by time are held out.</li>
 * <li>{@link #heldOutUsers}: strong generalisation (Liang et al. 2018, "Variational Autoencoders
 * for Collaborative Filtering", section 4.2): whole users are held out of training; at scoring
 * time a share of each held-out user's items is folded in and the rest is to be found.</li>
 * <li>{@link #withTest}: a fixed test part (e.g. a published split's test file).</li>
 * </ul>
 * Every split is a function of the log and the seed only.
 */
public final class RankingSplits {
    private RankingSplits() {
    }

    /**
     * Per user, {@code floor(testPct * n)} of the user's {@code n} rows, chosen at random, are
     * test rows; of the rest, {@code floor(validPct * m)} are validation rows.
     */
    public static RankingSplit holdout(Ratings ratings, double testPct, double validPct, long seed) {
        checkPct("--holdout", testPct);
        checkPct("--valid-pct", validPct);
        Rng rng = new Rng(seed);
        int[][] byUser = rowsByUser(ratings, ratings.allRows());
        boolean[] test = new boolean[ratings.size()], valid = new boolean[ratings.size()];
        for (int[] rows : byUser) {
            rng.shuffle(rows);
            int nt = (int) (testPct * rows.length);
            int nv = (int) (validPct * (rows.length - nt));
            for (int j = 0; j < nt; j++) test[rows[j]] = true;
            for (int j = nt; j < nt + nv; j++) valid[rows[j]] = true;
        }
        return weak("holdout(" + testPct + ", valid " + validPct + ", seed " + seed + ")", test, valid);
    }

    /**
     * Per user, the latest {@code n} rows by time are test rows and the {@code validN} before them
     * validation rows (ties in time by row order); a user keeps at least one row for training, so
     * a user with few rows gives up fewer.
     */
    public static RankingSplit leaveLastOut(Ratings ratings, int n, int validN) {
        if (n < 1) throw new IllegalArgumentException("--leave-last must be at least 1, got " + n);
        if (validN < 0) throw new IllegalArgumentException("the validation part must hold zero or more items per user, got " + validN);
        if (!ratings.hasTime())
            throw new IllegalArgumentException("leave-last-out needs the time of each interaction, and this log has none; name the time column"
                    + " (--columns user,item,count,time) or hold out at random with --holdout");
        long[] time = ratings.times();
        int[][] byUser = rowsByUser(ratings, ratings.allRows());
        boolean[] test = new boolean[ratings.size()], valid = new boolean[ratings.size()];
        for (int[] rows : byUser) {
            Splits.sortByKey(rows, time);
            int nt = Math.min(n, rows.length - 1);
            int nv = Math.max(0, Math.min(validN, rows.length - 1 - nt));
            for (int j = rows.length - nt; j < rows.length; j++) test[rows[j]] = true;
            for (int j = rows.length - nt - nv; j < rows.length - nt; j++) valid[rows[j]] = true;
        }
        return weak("leave-last(" + n + ", valid " + validN + ")", test, valid);
    }

    /**
     * Strong generalisation: {@code users} random users with at least two rows are test users
     * and {@code users} others validation users; neither is trained on. Of each held-out user's
     * {@code n} rows, {@code max(1, floor(heldPct * n))} at random are to be found and the rest
     * are folded in at scoring time (Liang et al. hold out 20%).
     */
    public static RankingSplit heldOutUsers(Ratings ratings, int users, double heldPct, long seed) {
        if (users < 1) throw new IllegalArgumentException("--heldout-users must be at least 1, got " + users);
        if (!(heldPct > 0 && heldPct < 1)) throw new IllegalArgumentException("the share of a held-out user's items to find must be in (0, 1), got " + heldPct);
        int[][] byUser = rowsByUser(ratings, ratings.allRows());
        int eligible = 0;
        for (int[] rows : byUser) if (rows.length >= 2) eligible++;
        if (2L * users >= eligible)
            throw new IllegalArgumentException("--heldout-users " + users + " asks for " + users + " test and " + users
                    + " validation users, but only " + eligible + " users have two or more items (and some must be left to train on)");
        int[] candidates = new int[eligible];
        for (int u = 0, k = 0; u < byUser.length; u++) if (byUser[u].length >= 2) candidates[k++] = u;
        Rng rng = new Rng(seed);
        rng.shuffle(candidates);
        byte[] role = new byte[ratings.numUsers()]; // 0 train, 1 test, 2 valid
        for (int k = 0; k < users; k++) role[candidates[k]] = 1;
        for (int k = users; k < 2 * users; k++) role[candidates[k]] = 2;
        IntList train = new IntList(), valid = new IntList(), validIn = new IntList(), test = new IntList(), testIn = new IntList();
        boolean[] found = new boolean[ratings.size()];
        for (int u = 0; u < byUser.length; u++) {
            if (role[u] == 0) continue;
            int[] rows = byUser[u];
            rng.shuffle(rows);
            int nh = Math.max(1, (int) (heldPct * rows.length));
            for (int j = 0; j < nh; j++) found[rows[j]] = true;
        }
        for (int r = 0; r < ratings.size(); r++) {
            int u = ratings.user(r);
            if (role[u] == 0) train.add(r);
            else if (role[u] == 1) (found[r] ? test : testIn).add(r);
            else (found[r] ? valid : validIn).add(r);
        }
        return new RankingSplit("heldout-users(" + users + ", find " + heldPct + ", seed " + seed + ")", train.toArray(), valid.toArray(),
                validIn.toArray(), test.toArray(), testIn.toArray());
    }

    /**
     * A fixed test part: {@code split.valid()} (e.g. the rows of a test file, {@link Splits#withTestFile});
     * per user, {@code floor(validPct * m)} of the user's {@code m} other rows at random are validation rows.
     */
    public static RankingSplit withTest(Ratings ratings, Split split, double validPct, long seed) {
        checkPct("--valid-pct", validPct);
        Rng rng = new Rng(seed);
        boolean[] test = new boolean[ratings.size()], valid = new boolean[ratings.size()];
        for (int r : split.valid()) test[r] = true;
        for (int[] rows : rowsByUser(ratings, split.train())) {
            rng.shuffle(rows);
            int nv = (int) (validPct * rows.length);
            for (int j = 0; j < nv; j++) valid[rows[j]] = true;
        }
        return weak(split.name() + ", valid " + validPct + " seed " + seed, test, valid);
    }

    /**
     * Per-user k-fold cross-validation: each user's rows, shuffled, are dealt round-robin into
     * {@code k} folds; fold f holds out its rows of every user and trains on the rest. A user with
     * fewer than k rows is held out in fewer folds. Every row is held out exactly once.
     */
    public static java.util.List<Holdout> folds(Ratings ratings, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        Rng rng = new Rng(seed);
        int[] fold = new int[ratings.size()];
        for (int[] rows : rowsByUser(ratings, ratings.allRows())) {
            rng.shuffle(rows);
            for (int j = 0; j < rows.length; j++) fold[rows[j]] = j % k;
        }
        java.util.List<Holdout> out = new java.util.ArrayList<>();
        for (int f = 0; f < k; f++) {
            IntList tr = new IntList(), te = new IntList();
            for (int r = 0; r < fold.length; r++) (fold[r] == f ? te : tr).add(r);
            out.add(new Holdout("fold " + (f + 1) + " of " + k, tr.toArray(), new int[0], te.toArray()));
        }
        return out;
    }

    private static RankingSplit weak(String name, boolean[] test, boolean[] valid) {
        IntList tr = new IntList(), va = new IntList(), te = new IntList();
        for (int r = 0; r < test.length; r++) (test[r] ? te : valid[r] ? va : tr).add(r);
        return new RankingSplit(name, tr.toArray(), va.toArray(), new int[0], te.toArray(), new int[0]);
    }

    private static void checkPct(String option, double pct) {
        if (!(pct >= 0 && pct < 1)) throw new IllegalArgumentException(option + " must be in [0, 1), got " + pct);
    }

    /** {@code rows} grouped by user, in row order within a user. */
    static int[][] rowsByUser(Ratings ratings, int[] rows) {
        int nu = ratings.numUsers();
        int[] count = new int[nu];
        for (int r : rows) count[ratings.user(r)]++;
        int[][] out = new int[nu][];
        for (int u = 0; u < nu; u++) out[u] = new int[count[u]];
        Arrays.fill(count, 0);
        for (int r : rows) {
            int u = ratings.user(r);
            out[u][count[u]++] = r;
        }
        return out;
    }

    /** A growable list of ints. */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
