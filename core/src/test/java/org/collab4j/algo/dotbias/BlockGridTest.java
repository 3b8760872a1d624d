package org.collab4j.algo.dotbias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;
import org.junit.jupiter.api.Test;

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
                int u = g.user(j), i = g.item(j);
                got.merge(key(u, i), 1, Integer::sum);
                assertThat(g.value(j)).isEqualTo(valueOf(r, u, i));
                // the grid numbering puts a bin's users (items) side by side
                assertThat(g.gridUser(u)).isBetween(g.userBase(b / bins), g.userBase(b / bins + 1) - 1);
                assertThat(g.gridItem(i)).isBetween(g.itemBase(b % bins), g.itemBase(b % bins + 1) - 1);
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
    void thePackedCellsGiveBackEveryRatingOfThePlainColumnsWithCodedOrColumnValues(
            @ForAll @IntRange(min = 1, max = 300) int users, @ForAll @IntRange(min = 1, max = 300) int items,
            @ForAll @IntRange(min = 0, max = 900) int n, @ForAll @IntRange(min = 1, max = 5) int bins,
            @ForAll @IntRange(min = 1, max = 400) int distinct, @ForAll long seed) {
        Ratings stars = randomRatings(users, items, n, seed);
        float[] v = stars.values().clone();
        Rng rng = new Rng(seed + 2);
        for (int j = 0; j < v.length; j++) v[j] = rng.nextInt(distinct) * 0.37f - 20f;   // up to 400 distinct values, some negative
        if (v.length > 0) v[0] = -0f;
        Ratings r = new Ratings(stars.users(), stars.items(), v, null, stars.userIds(), stars.itemIds(), stars.scale());
        BlockGrid g = BlockGrid.build(r, r.allRows(), bins, seed);

        java.util.Set<Integer> bits = new java.util.HashSet<>();
        for (float x : v) bits.add(Float.floatToIntBits(x));
        assertThat(g.ratingBytes()).isEqualTo((bits.size() <= BlockGrid.MAX_LEVELS ? 4L : 8L) * r.size());
        Map<Long, Integer> plain = new HashMap<>(), packed = new HashMap<>();
        for (int j = 0; j < r.size(); j++) plain.put(key(r.user(j), r.item(j)), Float.floatToRawIntBits(r.value(j)));
        for (int j = 0; j < g.size(); j++) packed.put(key(g.user(j), g.item(j)), Float.floatToRawIntBits(g.value(j)));
        assertThat(packed).isEqualTo(plain);
    }

    /**
     * Built from data handed over (the split's training rows overwritten on the way, the data let
     * go of before the cells are put in block order), from ratings whose values are held as
     * one-byte codes (up to 256 distinct values) or as a column, the grid is the one built from the
     * plain columns, position for position, with coded cell values and with a value column, and with
     * the items held in two bytes a rating or in an {@code int} column.
     */
    @Property(tries = 40)
    void aGridBuiltFromDataHandedOverIsTheSameGridAndTheDataIsReleased(
            @ForAll @IntRange(min = 1, max = 300) int users, @ForAll @IntRange(min = 1, max = 300) int items,
            @ForAll @IntRange(min = 1, max = 900) int n, @ForAll @IntRange(min = 1, max = 5) int bins,
            @ForAll @IntRange(min = 1, max = 400) int distinct, @ForAll boolean shuffledRows, @ForAll boolean narrowItems,
            @ForAll boolean narrowUsers, @ForAll long seed) {
        Ratings stars = randomRatings(users, items, n, seed);
        float[] v = stars.values().clone();
        Rng rng = new Rng(seed + 3);
        for (int j = 0; j < v.length; j++) v[j] = 1 + rng.nextInt(distinct);
        Ratings r = new Ratings(stars.users(), stars.items(), v, null, stars.userIds(), stars.itemIds(), stars.scale());
        org.collab4j.data.Split split = org.collab4j.data.Splits.random(r, 0.2, seed);
        if (shuffledRows) {   // rows that do not ascend: the cells are put in block order in a new array, not in place
            int[] t = split.train().clone();
            rng.shuffle(t);
            split = new org.collab4j.data.Split(split.name(), t, split.valid());
        }
        int[] trainRows = split.train().clone();
        BlockGrid.Numbering num = BlockGrid.Numbering.draw(r.numUsers(), r.numItems(), bins, seed);
        BlockGrid plain = BlockGrid.build(r, trainRows, num);
        char[] itemChars = new char[r.size()];
        for (int j = 0; j < itemChars.length; j++) itemChars[j] = (char) r.item(j);
        byte[] high = new byte[r.size()];
        char[] low = new char[r.size()];
        for (int j = 0; j < low.length; j++) {
            high[j] = (byte) (r.user(j) >>> 16);
            low[j] = (char) r.user(j);
        }
        Ratings handedRatings = narrowItems && narrowUsers ? Ratings.coded(high, low, itemChars, v, null, r.userIds(), r.itemIds(), r.scale())
                : narrowItems ? Ratings.coded(r.users(), itemChars, v, null, r.userIds(), r.itemIds(), r.scale())
                : Ratings.coded(r.users(), r.items(), v, null, r.userIds(), r.itemIds(), r.scale());
        assertThat(handedRatings.itemsNarrow()).isEqualTo(narrowItems);
        assertThat(handedRatings.usersNarrow()).isEqualTo(narrowItems && narrowUsers);
        org.collab4j.train.TrainingData in = org.collab4j.train.TrainingData.handedOver(
                new org.collab4j.data.Dataset("d", handedRatings, null, null, org.collab4j.data.LoadReport.none("d")), split);
        BlockGrid handed = BlockGrid.build(in, num);

        assertThat(in.released()).isTrue();
        assertThat(handed.size()).isEqualTo(trainRows.length);
        assertThat(handed.ratingBytes()).isEqualTo(plain.ratingBytes());
        for (int b = 0; b <= handed.numBlocks(); b++)
            assertThat(b < handed.numBlocks() ? handed.start(b) : handed.size()).isEqualTo(b < plain.numBlocks() ? plain.start(b) : plain.size());
        for (int j = 0; j < handed.size(); j++) {
            assertThat(handed.user(j)).isEqualTo(plain.user(j));
            assertThat(handed.item(j)).isEqualTo(plain.item(j));
            assertThat(handed.value(j)).isEqualTo(plain.value(j));
        }
    }

    @Test
    void fullBinsOfUsersAndItemsLeaveNoBitsForCodesSoTheValuesStayAColumn() {
        IdIndex users = new IdIndex(), items = new IdIndex();
        for (int j = 0; j < 65_536; j++) {
            users.add("u" + j);
            items.add("i" + j);
        }
        Ratings r = new Ratings(new int[] {65_535, 0, 7}, new int[] {65_535, 9, 0}, new float[] {5f, 1f, 3f}, null, users, items,
                new RatingScale(1, 5));
        BlockGrid g = BlockGrid.build(r, r.allRows(), 1, 3);
        assertThat(g.ratingBytes()).isEqualTo(8L * 3);
        Map<Long, Float> got = new HashMap<>();
        for (int j = 0; j < 3; j++) got.put(key(g.user(j), g.item(j)), g.value(j));
        assertThat(got).isEqualTo(Map.of(key(65_535, 65_535), 5f, key(0, 9), 1f, key(7, 0), 3f));
    }

    @Property(tries = 40)
    void movingRowsToGridOrderPutsUserUAtGridUserUAndMovingBackRestoresEveryRow(
            @ForAll @IntRange(min = 1, max = 50) int users, @ForAll @IntRange(min = 1, max = 50) int items,
            @ForAll @IntRange(min = 1, max = 7) int bins, @ForAll long seed) {
        Ratings r = randomRatings(users, items, 200, seed);
        BlockGrid g = BlockGrid.build(r, r.allRows(), bins, seed);
        FactorModel m = FactorModel.initialized("dot-bias", users, items, 3, 1f, 0f, null, seed);
        FactorModel before = m.copy();
        g.toGridOrder(m);
        for (int u = 0; u < users; u++) {
            int gu = g.gridUser(u);
            assertThat(m.userBias()[gu]).isEqualTo(before.userBias()[u]);
            assertThat(java.util.Arrays.copyOfRange(m.userFactors(), gu * 3, gu * 3 + 3))
                    .containsExactly(java.util.Arrays.copyOfRange(before.userFactors(), u * 3, u * 3 + 3));
        }
        for (int i = 0; i < items; i++) {
            int gi = g.gridItem(i);
            assertThat(m.itemBias()[gi]).isEqualTo(before.itemBias()[i]);
            assertThat(java.util.Arrays.copyOfRange(m.itemFactors(), gi * 3, gi * 3 + 3))
                    .containsExactly(java.util.Arrays.copyOfRange(before.itemFactors(), i * 3, i * 3 + 3));
        }
        g.toOriginalOrder(m);
        assertThat(m.userFactors()).containsExactly(before.userFactors());
        assertThat(m.itemFactors()).containsExactly(before.itemFactors());
        assertThat(m.userBias()).containsExactly(before.userBias());
        assertThat(m.itemBias()).containsExactly(before.itemBias());
    }

    /**
     * Training in grid order changes only where rows live, not the arithmetic: block by block it
     * gives the same model, bit for bit, as the same updates on the original numbering.
     */
    @Test
    void trainingInGridOrderEqualsTheSameUpdatesOnTheOriginalNumbering() {
        Ratings r = randomRatings(300, 200, 6000, 5);
        BlockGrid g = BlockGrid.build(r, r.allRows(), 6, 9);
        int n = g.size();
        int[] u = new int[n], it = new int[n];
        float[] v = new float[n];
        for (int j = 0; j < n; j++) {
            u[j] = g.user(j);
            it[j] = g.item(j);
            v[j] = g.value(j);
        }
        FactorModel plain = FactorModel.initialized("dot-bias", 300, 200, 16, 0.1f, 0.5f, new float[] {0f, 5.5f}, 4);
        FactorModel grid = plain.copy();
        g.toGridOrder(grid);
        double plainLoss = 0, gridLoss = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int b = g.numBlocks() - 1; b >= 0; b--) {
                plainLoss += SgdKernel.run(plain, u, it, v, g.start(b), g.end(b), 0.02f, 0.05f, 0.01f);
                gridLoss += SgdKernel.run(grid, g, b, 0.02f, 0.05f, 0.01f);
            }
        }
        g.toOriginalOrder(grid);
        assertThat(gridLoss).isEqualTo(plainLoss);
        assertThat(grid.userFactors()).containsExactly(plain.userFactors());
        assertThat(grid.itemFactors()).containsExactly(plain.itemFactors());
        assertThat(grid.userBias()).containsExactly(plain.userBias());
        assertThat(grid.itemBias()).containsExactly(plain.itemBias());
    }

    @Test
    void aBinHoldsAtMost65536RowsSoLargeDataNeedsEnoughBins() {
        assertThat(BlockGrid.minBins(65_536, 10)).isEqualTo(1);
        assertThat(BlockGrid.minBins(65_537, 10)).isEqualTo(2);
        assertThat(BlockGrid.minBins(10, 200_000)).isEqualTo(4);
        IdIndex many = new IdIndex(), one = new IdIndex();
        for (int j = 0; j < 70_000; j++) many.add(Integer.toString(j));
        one.add("i");
        Ratings r = new Ratings(new int[] {69_999}, new int[] {0}, new float[] {3f}, null, many, one, new RatingScale(1, 5));
        assertThatThrownBy(() -> BlockGrid.build(r, r.allRows(), 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bins must be at least 2 for 70000 users and 1 items (a bin holds at most 65536), got 1");
        BlockGrid g = BlockGrid.build(r, r.allRows(), 2, 0);
        assertThat(g.user(0)).isEqualTo(69_999);
        assertThat(g.item(0)).isZero();
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

    /** Asked for a column, the scheduler goes through that column's blocks before it moves on. */
    @Property(tries = 40)
    void aThreadThatAsksForItsColumnGetsTheWholeColumnBeforeTheNext(@ForAll @IntRange(min = 1, max = 8) int bins, @ForAll long seed) {
        BlockSgd.Scheduler s = new BlockSgd.Scheduler(bins);
        s.reset(new Rng(seed));
        int col = -1, b, taken = 0;
        int[] perColumn = new int[bins];
        while ((b = s.take(col)) >= 0) {
            if (col >= 0 && perColumn[col] < bins) assertThat(b % bins).isEqualTo(col);
            perColumn[b % bins]++;
            col = b % bins;
            taken++;
            s.release(b);
        }
        assertThat(taken).isEqualTo(bins * bins);
        assertThat(perColumn).containsOnly(bins);
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
