package org.collab4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class StratumScheduleTest {
    @Property(tries = 300)
    void everyBlockOnceAnEpochAndStrataShareNoRowOrColumn(@ForAll @IntRange(min = 1, max = 24) int d,
                                                         @ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int epoch) {
        StratumSchedule s = new StratumSchedule(d, seed);
        int[][] visits = new int[d][d];
        for (int t = 0; t < d; t++) {
            boolean[] userUsed = new boolean[d], itemUsed = new boolean[d];
            int[][] stratum = s.stratum(epoch, t);
            assertThat(stratum).hasNumberOfRows(d);
            for (int[] block : stratum) {
                assertThat(userUsed[block[0]]).as("user block %d twice in a stratum", block[0]).isFalse();
                assertThat(itemUsed[block[1]]).as("item block %d twice in a stratum", block[1]).isFalse();
                userUsed[block[0]] = itemUsed[block[1]] = true;
                visits[block[0]][block[1]]++;
            }
        }
        for (int[] row : visits) for (int v : row) assertThat(v).isEqualTo(1);
    }

    @Property(tries = 100)
    void itemBlocksAreSentWhereTheirStratumNeedsThem(@ForAll @IntRange(min = 1, max = 24) int d, @ForAll @IntRange(min = 0, max = 23) int shift) {
        int s = shift % d;
        for (int b = 0; b < d; b++) assertThat(StratumSchedule.userBlock(StratumSchedule.itemBlock(b, s, d), s, d)).isEqualTo(b);
    }

    @Property(tries = 50)
    void theScheduleIsSeeded(@ForAll @IntRange(min = 1, max = 16) int d, @ForAll long seed, @ForAll @IntRange(min = 0, max = 50) int epoch) {
        assertThat(new StratumSchedule(d, seed).shifts(epoch)).containsExactly(new StratumSchedule(d, seed).shifts(epoch));
    }

    @Property(tries = 50)
    void blockMapsAreBalancedAndDense(@ForAll @IntRange(min = 1, max = 3000) int n, @ForAll @IntRange(min = 1, max = 12) int d, @ForAll long seed) {
        BlockMap m = BlockMap.hashed(n, d, seed);
        boolean[][] seen = new boolean[d][];
        for (int b = 0; b < d; b++) seen[b] = new boolean[m.size(b)];
        for (int r = 0; r < n; r++) {
            assertThat(seen[m.block(r)][m.local(r)]).isFalse();
            seen[m.block(r)][m.local(r)] = true;
        }
        int total = 0;
        for (int b = 0; b < d; b++) total += m.size(b);
        assertThat(total).isEqualTo(n);
    }
}
