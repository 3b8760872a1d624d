package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.collab4j.kernel.Rng;
import org.junit.jupiter.api.Test;

class RankingSplitsTest {
    /** 60 users with 1..30 distinct items each among 80, with distinct times. */
    static Ratings log() {
        Rng rng = new Rng(7);
        int nu = 60, ni = 80;
        int[] u = new int[nu * 30], i = new int[nu * 30];
        long[] t = new long[nu * 30];
        int n = 0;
        for (int a = 0; a < nu; a++) {
            int[] items = new int[ni];
            for (int b = 0; b < ni; b++) items[b] = b;
            rng.shuffle(items);
            int m = 1 + a % 30;
            for (int b = 0; b < m; b++) {
                u[n] = a;
                i[n] = items[b];
                t[n] = 1000 + rng.nextInt(1_000_000);
                n++;
            }
        }
        String[] users = new String[nu], its = new String[ni];
        for (int a = 0; a < nu; a++) users[a] = "u" + a;
        for (int b = 0; b < ni; b++) its[b] = "i" + b;
        float[] v = new float[n];
        Arrays.fill(v, 1);
        return new Ratings(Arrays.copyOf(u, n), Arrays.copyOf(i, n), v, Arrays.copyOf(t, n), IdIndex.of(users), IdIndex.of(its),
                new RatingScale(0, 1));
    }

    private static void assertPartition(Ratings r, int[]... parts) {
        boolean[] seen = new boolean[r.size()];
        int total = 0;
        for (int[] p : parts) {
            for (int row : p) {
                assertThat(seen[row]).as("row %d in two parts", row).isFalse();
                seen[row] = true;
            }
            total += p.length;
        }
        assertThat(total).isEqualTo(r.size());
    }

    private static Set<Long> pairs(Ratings r, int[] rows) {
        Set<Long> s = new HashSet<>();
        for (int row : rows) s.add(((long) r.user(row) << 32) | r.item(row));
        return s;
    }

    private static int[] countByUser(Ratings r, int[] rows) {
        return r.userCounts(rows);
    }

    @Test
    void perUserHoldoutKeepsTestItemsOutOfTraining() {
        Ratings r = log();
        RankingSplit s = RankingSplits.holdout(r, 0.2, 0.25, 42);
        assertPartition(r, s.train(), s.valid(), s.test());
        assertThat(s.validFoldIn()).isEmpty();
        assertThat(s.testFoldIn()).isEmpty();
        int[] all = r.userCounts(r.allRows()), test = countByUser(r, s.test()), valid = countByUser(r, s.valid());
        for (int u = 0; u < r.numUsers(); u++) {
            int nt = (int) (0.2 * all[u]);
            assertThat(test[u]).isEqualTo(nt);
            assertThat(valid[u]).isEqualTo((int) (0.25 * (all[u] - nt)));
        }
        Set<Long> train = pairs(r, s.train());
        for (long p : pairs(r, s.test())) assertThat(train).doesNotContain(p);
        for (long p : pairs(r, s.valid())) assertThat(train).doesNotContain(p);
        // the test part of tuning's fit is never seen; testing fits to everything else
        assertThat(s.tuning().train()).isEqualTo(s.train());
        assertThat(s.tuning().heldOut()).isEqualTo(s.valid());
        int[] fit = s.testing().train();
        assertThat(fit.length).isEqualTo(s.train().length + s.valid().length);
        assertPartition(r, fit, s.test());
        assertThat(RankingSplits.holdout(r, 0.2, 0.25, 42)).usingRecursiveComparison().isEqualTo(s);
        assertThat(RankingSplits.holdout(r, 0.2, 0.25, 43).test()).isNotEqualTo(s.test());
    }

    @Test
    void leaveLastOutHoldsOutEachUsersLatest() {
        Ratings r = log();
        RankingSplit s = RankingSplits.leaveLastOut(r, 2, 1);
        assertPartition(r, s.train(), s.valid(), s.test());
        int[][] byUser = RankingSplits.rowsByUser(r, r.allRows());
        Set<Integer> test = new HashSet<>(), valid = new HashSet<>();
        for (int row : s.test()) test.add(row);
        for (int row : s.valid()) valid.add(row);
        for (int[] rows : byUser) {
            long[] times = new long[rows.length];
            for (int j = 0; j < rows.length; j++) times[j] = r.time(rows[j]);
            long[] sorted = times.clone();
            Arrays.sort(sorted);
            int nt = Math.min(2, rows.length - 1), nv = Math.max(0, Math.min(1, rows.length - 1 - nt));
            for (int j = 0; j < rows.length; j++) {
                int rank = Arrays.binarySearch(sorted, times[j]); // times are distinct within a user here
                boolean last = rank >= rows.length - nt;
                boolean before = !last && rank >= rows.length - nt - nv;
                assertThat(test.contains(rows[j])).isEqualTo(last);
                assertThat(valid.contains(rows[j])).isEqualTo(before);
            }
        }
        Ratings noTime = new Ratings(r.users(), r.items(), r.values(), null, r.userIds(), r.itemIds(), r.scale());
        assertThatThrownBy(() -> RankingSplits.leaveLastOut(noTime, 1, 0)).hasMessageStartingWith("leave-last-out needs the time of each interaction");
        assertThatThrownBy(() -> RankingSplits.leaveLastOut(r, 0, 0)).hasMessage("--leave-last must be at least 1, got 0");
    }

    @Test
    void heldOutUsersAreNeverTrainedOn() {
        Ratings r = log();
        RankingSplit s = RankingSplits.heldOutUsers(r, 5, 0.2, 42);
        assertPartition(r, s.train(), s.valid(), s.validFoldIn(), s.test(), s.testFoldIn());
        Set<Integer> trainUsers = users(r, s.train()), testUsers = users(r, s.test()), validUsers = users(r, s.valid());
        assertThat(testUsers).hasSize(5);
        assertThat(validUsers).hasSize(5);
        assertThat(users(r, s.testFoldIn())).isEqualTo(testUsers);
        assertThat(users(r, s.validFoldIn())).isEqualTo(validUsers);
        for (int u : testUsers) assertThat(trainUsers).doesNotContain(u).as("test user in training");
        for (int u : validUsers) assertThat(trainUsers).doesNotContain(u);
        assertThat(validUsers).doesNotContainAnyElementsOf(testUsers);
        // 20% of each held-out user's items (at least one) are to be found, the rest folded in
        int[] all = r.userCounts(r.allRows()), found = r.userCounts(s.test());
        for (int u : testUsers) assertThat(found[u]).isEqualTo(Math.max(1, (int) (0.2 * all[u])));
        // testing fits to training and validation users, never to test users
        assertThat(users(r, s.testing().train())).doesNotContainAnyElementsOf(testUsers).containsAll(validUsers);
        assertThat(s.testing().foldIn()).isEqualTo(s.testFoldIn());
        assertThat(s.tuning().foldIn()).isEqualTo(s.validFoldIn());
        assertThat(s.foldsIn()).isTrue();
        assertThatThrownBy(() -> RankingSplits.heldOutUsers(r, 30, 0.2, 1)).hasMessage("--heldout-users 30 asks for 30 test and 30"
                + " validation users, but only 58 users have two or more items (and some must be left to train on)");
        assertThatThrownBy(() -> RankingSplits.heldOutUsers(r, 2, 1, 1)).hasMessage("the share of a held-out user's items to find must be in (0, 1), got 1.0");
    }

    @Test
    void aFixedTestPartGetsAValidationPartFromTraining() {
        Ratings r = log();
        Split fixed = RankingSplits.holdout(r, 0.2, 0, 9).tuning().asSplit();
        RankingSplit s = RankingSplits.withTest(r, new Split("file", fixed.train(), fixed.valid()), 0.1, 3);
        assertThat(s.test()).isEqualTo(fixed.valid());
        assertPartition(r, s.train(), s.valid(), s.test());
        int[] tr = r.userCounts(fixed.train()), va = r.userCounts(s.valid());
        for (int u = 0; u < r.numUsers(); u++) assertThat(va[u]).isEqualTo((int) (0.1 * tr[u]));
        assertThatThrownBy(() -> RankingSplits.withTest(r, fixed, 1, 3)).hasMessage("--valid-pct must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> RankingSplits.holdout(r, -0.1, 0, 3)).hasMessage("--holdout must be in [0, 1), got -0.1");
    }

    @Test
    void theFixedReferenceSplitLoadsAsATrainTestPair() {
        DataSplit ds = ReferenceSplit.load();
        Ratings r = ds.data().ratings();
        assertThat(ds.data().report().valueColumn()).isEqualTo("none");
        assertThat(r.size()).isEqualTo(55_375);
        assertThat(ds.split().numTrain()).isEqualTo(44_679);
        assertThat(ds.split().numValid()).isEqualTo(10_696);
        assertThat(r.numUsers()).isEqualTo(942); // one of the 943 users has no rating of 4 or more
        assertThat(users(r, ds.split().valid())).hasSize(938);
        Set<Long> train = pairs(r, ds.split().train());
        for (long p : pairs(r, ds.split().valid())) assertThat(train).doesNotContain(p);
        RankingSplit s = RankingSplits.withTest(r, ds.split(), 0, 1);
        assertThat(s.testing().train()).isEqualTo(ds.split().train());
    }

    private static Set<Integer> users(Ratings r, int[] rows) {
        Set<Integer> s = new HashSet<>();
        for (int row : rows) s.add(r.user(row));
        return s;
    }
}
