package org.collab4j.shelves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.collab4j.algo.ease.EaseTrainer;
import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.kernel.Rng;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

class ShelvesTest {
    /** Planted rows: items {@code x} and {@code y} are alike (0.8 to 1) when {@code group[x] == group[y]}, else 0 to 0.2. */
    static float[] planted(int[] group, long seed) {
        int n = group.length;
        Rng rng = new Rng(seed);
        float[] s = new float[n * n];
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++) {
                float v = group[a] == group[b] ? 0.8f + 0.2f * rng.nextFloat() : 0.2f * rng.nextFloat();
                s[a * n + b] = v;
                s[b * n + a] = v;
            }
        return s;
    }

    /** 4 groups of 5 scattered over 20 positions. */
    static int[] scattered() {
        int[] g = new int[20];
        for (int i = 0; i < 20; i++) g[i] = i % 4;
        int[] perm = new int[20];
        for (int i = 0; i < 20; i++) perm[i] = i;
        new Rng(5).shuffle(perm);
        int[] out = new int[20];
        for (int i = 0; i < 20; i++) out[perm[i]] = g[i];
        return out;
    }

    @Test
    void recoversPlantedRowsAndIsDeterministicForASeed() {
        int[] group = scattered();
        float[] s = planted(group, 1);
        ShelfArrangement.Result a = ShelfArrangement.arrange(s, 4, 5, 42);
        for (int[] row : a.rows()) {
            assertThat(row).hasSize(5);
            for (int x : row) assertThat(group[x]).as("row %s", Arrays.toString(row)).isEqualTo(group[row[0]]);
        }
        ShelfArrangement.Result again = ShelfArrangement.arrange(s, 4, 5, 42);
        assertThat(again.rows()).isDeepEqualTo(a.rows());
        assertThat(again.withinRow()).isEqualTo(a.withinRow());
        // every other seed finds the same rows (the planted optimum), perhaps listed in another order
        for (long seed = 0; seed < 10; seed++) assertThat(ShelfArrangement.arrange(s, 4, 5, seed).withinRow()).isCloseTo(a.withinRow(), within(1e-6));
    }

    @Test
    void ordersARowAlongAChainOfNeighbours() {
        // 6 items where only consecutive ones (0-1-2-3-4-5, scrambled) are alike: the best path is the chain
        int[] chain = {3, 0, 5, 1, 4, 2};
        int n = 6;
        float[] s = new float[n * n];
        for (int p = 1; p < n; p++) {
            s[chain[p - 1] * n + chain[p]] = 1f;
            s[chain[p] * n + chain[p - 1]] = 1f;
        }
        int[] order = ShelfArrangement.order(s, n, new int[] {0, 1, 2, 3, 4, 5});
        assertThat(ShelfArrangement.pathWeight(s, n, order)).isEqualTo(5.0);
        int[] reversed = chain.clone();
        for (int a = 0, b = n - 1; a < b; a++, b--) { int t = reversed[a]; reversed[a] = reversed[b]; reversed[b] = t; }
        assertThat(order).satisfiesAnyOf(o -> assertThat(o).containsExactly(chain), o -> assertThat(o).containsExactly(reversed));
    }

    @Test
    void sharesAreCountedByHand() {
        int[][] rows = {{0, 1, 2}, {3, 4, 5}};
        // user 1: pairs (0,1) same row adjacent, (0,3) not, (1,3) not; user 2: (2,0) same row, not adjacent; item 9 is not shelved
        ShelfScore.Share s = ShelfScore.of(rows, 10, new int[][] {{0, 1, 3}, {2, 0, 9, 2}, {4}});
        assertThat(s.pairs()).isEqualTo(4);
        assertThat(s.sameRow()).isEqualTo(0.5);
        assertThat(s.adjacent()).isEqualTo(0.25);
        assertThat(ShelfScore.randomSameRow(2, 3)).isEqualTo(2 / 5.0);
        assertThat(ShelfScore.randomAdjacent(2, 3)).isEqualTo(2.0 * 2 * 2 / 30);
    }

    /**
     * Two tastes (items 0..5 and 6..11, interleaved in popularity): from an EASE model of users who
     * each take from one taste, the shelves put each taste on its own row, so held-out users'
     * pairs all fall on one row, where random rows catch 5/11 of them and rows by popularity fewer.
     */
    @Test
    void beatsRandomRowsWhenTheRightAnswerIsKnown() {
        Rng rng = new Rng(9);
        List<int[]> rows = new ArrayList<>();
        List<int[]> held = new ArrayList<>();
        for (int u = 0; u < 60; u++) {
            int taste = u % 2;
            boolean[] has = new boolean[6];
            for (int e = 0; e < 4; e++) has[rng.nextInt(6)] = true;
            List<Integer> mine = new ArrayList<>();
            for (int k = 0; k < 6; k++) if (has[k]) mine.add(2 * k + taste); // taste 0: even items, taste 1: odd items
            if (u >= 50) held.add(mine.stream().mapToInt(Integer::intValue).toArray());
            else for (int i : mine) rows.add(new int[] {u, i});
        }
        int n = rows.size();
        int[] us = new int[n], is = new int[n];
        float[] vs = new float[n];
        for (int j = 0; j < n; j++) { us[j] = rows.get(j)[0]; is[j] = rows.get(j)[1]; vs[j] = 1; }
        String[] users = new String[50], items = new String[12];
        for (int u = 0; u < 50; u++) users[u] = "u" + u;
        for (int i = 0; i < 12; i++) items[i] = "i" + i;
        Ratings r = new Ratings(us, is, vs, null, IdIndex.of(users), IdIndex.of(items), new RatingScale(0, 1));
        Dataset d = new Dataset("tastes", r, null, null, LoadReport.none("tastes"));
        RatingModel ease = new EaseTrainer().train(d, new Split("all", r.allRows(), new int[0]), TrainConfig.defaults().withExtra("lambda", "5"),
                List.of()).model();
        TrainedModel m = TrainedModel.of(ease, r, r.allRows(), null, null, Map.of());
        Shelves.Plan plan = Shelves.arrange(m, 2, 6, 42);
        for (int[] row : plan.rows()) for (int i : row) assertThat(i % 2).isEqualTo(row[0] % 2);
        assertThat(Shelves.arrange(m, 2, 6, 42).rows()).isDeepEqualTo(plan.rows());
        int[][] test = held.toArray(int[][]::new);
        double mine = ShelfScore.of(plan.rows(), 12, test).sameRow();
        double random = ShelfScore.randomSameRow(2, 6);
        double drawn = ShelfScore.of(Shelves.random(m, 2, 6, 1), 12, test).sameRow();
        assertThat(mine).isEqualTo(1.0);
        assertThat(random).isCloseTo(5 / 11.0, within(1e-12));
        assertThat(mine).isGreaterThan(drawn);
        assertThat(ShelfScore.of(Shelves.byPopularity(m, 2, 6), 12, test).sameRow()).isLessThan(mine);
    }

    @Test
    void badShapesAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> Shelves.check(0, 5, 100)).hasMessage("--rows must be at least 1, got 0");
        assertThatThrownBy(() -> Shelves.check(3, -1, 100)).hasMessage("--per-row must be at least 1, got -1");
        assertThatThrownBy(() -> Shelves.check(11, 10, 100))
                .hasMessage("11 rows of 10 need 110 items, but the catalogue has 100; ask for fewer rows or fewer items per row");
        Shelves.check(10, 10, 100);
    }
}
