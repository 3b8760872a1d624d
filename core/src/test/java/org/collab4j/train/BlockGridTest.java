package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.Rng;

class BlockGridTest {
    /** A random log of distinct (user, item) pairs; rows picked at random are the training rows. */
    static Ratings randomRatings(int users, int items, int n, long seed) {
        Rng rng = new Rng(seed);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int[] u = new int[n], it = new int[n];
        float[] v = new float[n];
        int m = 0;
        for (int tries = 0; m < n && tries < 10 * n; tries++) {
            int a = rng.nextInt(users), b = rng.nextInt(items);
            if (!seen.add(((long) a << 32) | b)) continue;
            u[m] = a;
            it[m] = b;
            v[m++] = 1 + rng.nextInt(5);
        }
        IdIndex ui = new IdIndex(), ii = new IdIndex();
        for (int j = 0; j < users; j++) ui.add("u" + j);
        for (int j = 0; j < items; j++) ii.add("i" + j);
        return new Ratings(java.util.Arrays.copyOf(u, m), java.util.Arrays.copyOf(it, m), java.util.Arrays.copyOf(v, m), null,
                ui, ii, new RatingScale(1, 5));
    }

    @Property(tries = 60)
    void everyTrainingRatingIsInExactlyOneBlockWhoseBinsHoldItsUserAndItem(
            @ForAll @IntRange(min = 1, max = 40) int users, @ForAll @IntRange(min = 1, max = 40) int items,
            @ForAll @IntRange(min = 0, max = 600) int n, @ForAll @IntRange(min = 1, max = 9) int bins, @ForAll long seed) {
        Ratings r = randomRatings(users, items, n, seed);
        Rng pick = new Rng(seed + 1);
        List<Integer> rowList = new ArrayList<>();
        for (int j = 0; j < r.size(); j++) if (pick.nextInt(4) != 0) rowList.add(j);
        int[] rows = rowList.stream().mapToInt(Integer::intValue).toArray();
        BlockGrid g = BlockGrid.build(r, rows, bins, seed);

        Map<Long, Integer> expected = new HashMap<>();
        for (int row : rows) expected.merge(key(r.user(row), r.item(row)), 1, Integer::sum);
        Map<Long, Integer> got = new HashMap<>();
        assertThat(g.size()).isEqualTo(rows.length);
        assertThat(g.start(0)).isZero();
        assertThat(g.end(g.numBlocks() - 1)).isEqualTo(rows.length);
        int[] userBin = filled(users), itemBin = filled(items);
        for (int b = 0; b < g.numBlocks(); b++) {
            for (int j = g.start(b); j < g.end(b); j++) {
                int u = g.users()[j], i = g.items()[j];
                got.merge(key(u, i), 1, Integer::sum);
                assertThat(g.values()[j]).isEqualTo(valueOf(r, u, i));
                // a user (item) always lands in the same bin row (column)
                if (userBin[u] < 0) userBin[u] = b / bins;
                if (itemBin[i] < 0) itemBin[i] = b % bins;
                assertThat(b / bins).isEqualTo(userBin[u]);
                assertThat(b % bins).isEqualTo(itemBin[i]);
            }
        }
        assertThat(got).isEqualTo(expected);
    }

    @Property(tries = 40)
    void theSchedulerHandsOutEveryBlockOncePerEpochNeverTwoInOneRowOrColumn(
            @ForAll @IntRange(min = 2, max = 8) int bins, @ForAll @IntRange(min = 1, max = 4) int threads, @ForAll long seed)
            throws Exception {
        BlockSgd.Scheduler s = new BlockSgd.Scheduler(bins);
        Rng rng = new Rng(seed);
        for (int epoch = 0; epoch < 3; epoch++) {
            s.reset(rng);
            int[] taken = new int[bins * bins];
            boolean[] rowBusy = new boolean[bins], colBusy = new boolean[bins];
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    int b;
                    while ((b = s.take()) >= 0) {
                        synchronized (taken) {
                            taken[b]++;
                            if (rowBusy[b / bins] || colBusy[b % bins]) errors.add(new AssertionError("conflicting block " + b));
                            rowBusy[b / bins] = colBusy[b % bins] = true;
                        }
                        Thread.onSpinWait();
                        synchronized (taken) {
                            rowBusy[b / bins] = colBusy[b % bins] = false;
                        }
                        s.release(b);
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) t.join();
            assertThat(errors).isEmpty();
            assertThat(taken).containsOnly(1);
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    private static float valueOf(Ratings r, int u, int i) {
        for (int j = 0; j < r.size(); j++) if (r.user(j) == u && r.item(j) == i) return r.value(j);
        throw new AssertionError("no rating " + u + "," + i);
    }

    private static long key(int u, int i) {
        return ((long) u << 32) | i;
    }
}
