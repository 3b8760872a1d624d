package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitsTest {
    @TempDir
    Path dir;

    static Ratings ratings(int n, long[] times) {
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        for (int r = 0; r < n; r++) {
            u[r] = r % 7;
            i[r] = r % 11;
            v[r] = 1 + r % 5;
        }
        String[] uid = IntStream.range(0, 7).mapToObj(j -> "u" + j).toArray(String[]::new);
        String[] iid = IntStream.range(0, 11).mapToObj(j -> "i" + j).toArray(String[]::new);
        return new Ratings(u, i, v, times, IdIndex.of(uid), IdIndex.of(iid), new RatingScale(1, 5));
    }

    static void assertPartition(Split s, int n) {
        int[] all = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.valid())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, n).toArray()); // disjoint and covering
        assertThat(s.train()).isSorted();
        assertThat(s.valid()).isSorted();
    }

    @Test
    void randomSplitHasTheRightSizesAndIsSeeded() {
        Ratings r = ratings(103, null);
        Split a = Splits.random(r, 0.2, 42);
        assertThat(a.numValid()).isEqualTo(20); // round-down(0.2 * 103)
        assertThat(a.numTrain()).isEqualTo(83);
        assertThat(a.name()).isEqualTo("random(0.2, seed 42)");
        assertPartition(a, 103);
        Split again = Splits.random(r, 0.2, 42);
        assertThat(again.valid()).isEqualTo(a.valid());
        assertThat(again.train()).isEqualTo(a.train());
        assertThat(Splits.random(r, 0.2, 43).valid()).isNotEqualTo(a.valid());
        assertThat(Splits.random(r, 0, 42).numValid()).isZero();
    }

    /** The rows held out are the first tenth (or so) of the rows shuffled by the seed, as a mask of booleans gives them. */
    @net.jqwik.api.Property(tries = 50)
    void randomSplitHoldsOutTheFirstRowsOfTheSeededShuffle(@net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 700) int n,
                                                           @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 99) int pct,
                                                           @net.jqwik.api.ForAll long seed) {
        Ratings r = ratings(n, null);
        int[] perm = r.allRows();
        new org.collab4j.kernel.Rng(seed).shuffle(perm);
        int cut = (int) (pct / 100.0 * n);
        boolean[] isValid = new boolean[n];
        for (int j = 0; j < cut; j++) isValid[perm[j]] = true;
        Split expected = Splits.fromMask("m", isValid, cut);

        Split s = Splits.random(r, pct / 100.0, seed);
        assertThat(s.valid()).containsExactly(expected.valid());
        assertThat(s.train()).containsExactly(expected.train());
    }

    @Test
    void randomSplitRejectsBadFractions() {
        Ratings r = ratings(10, null);
        assertThatThrownBy(() -> Splits.random(r, 1, 1)).hasMessageContaining("--valid-pct").hasMessageContaining("1.0");
        assertThatThrownBy(() -> Splits.random(r, -0.1, 1)).hasMessageContaining("--valid-pct");
        assertThatThrownBy(() -> Splits.random(r, Double.NaN, 1)).hasMessageContaining("--valid-pct");
    }

    @Test
    void temporalSplitHoldsOutTheLatestRatings() {
        //                  row: 0   1   2   3   4   5   6  7   8   9
        long[] times = {50, 10, 40, 30, 20, 40, 60, 0, 70, 40};
        Ratings r = ratings(10, times);
        Split s = Splits.temporal(r, 0.3);
        assertThat(s.valid()).containsExactly(0, 6, 8); // times 50, 60, 70
        assertPartition(s, 10);
        // three ratings at time 40 (rows 2, 5, 9): the later rows count as later, so row 2 trains
        assertThat(Splits.temporal(r, 0.5).valid()).containsExactly(0, 5, 6, 8, 9);
        assertThatThrownBy(() -> Splits.temporal(ratings(10, null), 0.2)).hasMessageContaining("rating times");
        assertThatThrownBy(() -> Splits.temporal(r, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--valid-pct").hasMessageContaining("1.5");
        assertThatThrownBy(() -> Splits.temporal(r, -0.2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--valid-pct");
    }

    @Test
    void noneTrainsOnEverything() {
        Split s = Splits.none(ratings(5, null));
        assertThat(s.train()).containsExactly(0, 1, 2, 3, 4);
        assertThat(s.valid()).isEmpty();
    }

    @Test
    void officialFoldOfMovieLens100k() {
        String root = System.getenv("COLLAB4J_DATA");
        Assumptions.assumeTrue(root != null && !root.isEmpty(), "COLLAB4J_DATA is not set");
        Path folder = Path.of(root, "ml-100k");
        Dataset ds = DataLoader.load(folder);
        Split u1 = Splits.official(ds, folder, "u1");
        assertThat(u1.numTrain()).isEqualTo(80_000);
        assertThat(u1.numValid()).isEqualTo(20_000);
        assertThat(u1.name()).isEqualTo("u1");
        assertPartition(u1, 100_000);
        // the first line of u1.test: user 1 rated item 6 with 5
        Ratings r = ds.ratings();
        int user1 = r.userIds().index("1"), item6 = r.itemIds().index("6");
        assertThat(Arrays.stream(u1.valid()).filter(row -> r.user(row) == user1 && r.item(row) == item6))
                .singleElement().satisfies(row -> assertThat(r.value(row)).isEqualTo(5f));
        Split ua = Splits.official(ds, folder, "ua");
        assertThat(ua.numValid()).isEqualTo(9_430); // ten per user
    }

    @Test
    void officialFoldNamesAreChecked() {
        Ratings r = ratings(10, null);
        Dataset ds = new Dataset("tiny", r, null, null, LoadReport.none("tiny"));
        assertThatThrownBy(() -> Splits.official(ds, dir, "u9")).hasMessageContaining("unknown official fold 'u9'");
        assertThatThrownBy(() -> Splits.official(ds, dir, "u2")).hasMessageContaining("u2.test").hasMessageContaining(dir.toString());
    }

    @Test
    void withTestFileHoldsOutListedRatingsAndAppendsUnseenOnes() throws IOException {
        Ratings base = new Ratings(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 2}, new float[] {5, 3, 4, 2},
                new long[] {100, 200, 300, 400}, IdIndex.of("u1", "u2"), IdIndex.of("i1", "i2", "i3"), new RatingScale(1, 5));
        long[] days = {1, 2, 3};
        ItemInfo items = new ItemInfo(new String[] {"One", "Two", "Three"}, new int[] {2001, 2002, 2003}, days,
                new String[] {"Drama"}, new int[][] {{0}, {}, {0}});
        UserInfo users = new UserInfo(new int[] {20, 30}, new String[] {"F", "M"}, new String[] {"a", "b"}, new String[] {"1", "2"});
        Dataset ds = new Dataset("base", base, items, users, LoadReport.none("base"));
        Path test = Files.writeString(dir.resolve("held.test"), "u1\ti2\t3\nu3\ti1\t4\nu2\ti4\t1\n", StandardCharsets.UTF_8);

        DataSplit ds2 = Splits.withTestFile(ds, test);
        Ratings grown = ds2.data().ratings();
        assertThat(grown.size()).isEqualTo(6);
        assertThat(grown.userIds().ids()).containsExactly("u1", "u2", "u3");
        assertThat(grown.itemIds().ids()).containsExactly("i1", "i2", "i3", "i4");
        // (u1, i2) is row 1 of the base; (u3, i1) and (u2, i4) are appended as rows 4 and 5
        assertThat(ds2.split().valid()).containsExactly(1, 4, 5);
        assertThat(ds2.split().train()).containsExactly(0, 2, 3);
        assertThat(grown.users()).containsExactly(0, 0, 1, 1, 2, 1);
        assertThat(grown.items()).containsExactly(0, 1, 0, 2, 0, 3);
        assertThat(grown.values()).containsExactly(5f, 3f, 4f, 2f, 4f, 1f);
        assertThat(grown.times()).containsExactly(100L, 200L, 300L, 400L, 0L, 0L);
        assertThat(ds2.data().items().size()).isEqualTo(4);
        assertThat(ds2.data().items().title(3)).isNull();
        assertThat(ds2.data().items().releaseEpochDay(3)).isEqualTo(Long.MIN_VALUE);
        assertThat(ds2.data().users().size()).isEqualTo(3);
        assertThat(ds2.data().users().age(2)).isZero();
        // the original is untouched
        assertThat(ds.ratings().size()).isEqualTo(4);
        assertThat(ds.ratings().userIds().size()).isEqualTo(2);

        // a test file entirely inside the data set keeps the data set as it is
        Path inside = Files.writeString(dir.resolve("inside.test"), "u2\ti3\t2\n", StandardCharsets.UTF_8);
        DataSplit same = Splits.withTestFile(ds, inside);
        assertThat(same.data()).isSameAs(ds);
        assertThat(same.split().valid()).containsExactly(3);
    }
}
