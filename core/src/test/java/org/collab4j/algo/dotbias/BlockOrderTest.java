package org.collab4j.algo.dotbias;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.collab4j.kernel.Rng;
import org.collab4j.kernel.Workers;
import org.junit.jupiter.api.Test;

class BlockOrderTest {
    /** In place, the rows come out exactly as a stable counting sort by block puts them. */
    @Property(tries = 100)
    void theOrderInPlaceIsTheStableCountingSortByBlock(@ForAll @IntRange(min = 0, max = 3000) int n,
                                                       @ForAll @IntRange(min = 1, max = 50) int blocks,
                                                       @ForAll @IntRange(min = 1, max = 3) int threads, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] rows = new int[n];
        for (int k = 0, r = 0; k < n; k++) rows[k] = r += 1 + rng.nextInt(3);
        int[] blockOfRow = new int[n == 0 ? 1 : rows[n - 1] + 1];
        for (int r = 0; r < blockOfRow.length; r++) blockOfRow[r] = rng.nextInt(blocks);
        int[] start = new int[blocks + 1];
        for (int r : rows) start[blockOfRow[r] + 1]++;
        for (int b = 0; b < blocks; b++) start[b + 1] += start[b];
        int[] expected = new int[n], fill = java.util.Arrays.copyOf(start, blocks);
        for (int r : rows) expected[fill[blockOfRow[r]]++] = r;

        assertThat(BlockOrder.ascending(rows)).isTrue();
        try (Workers pool = new Workers(threads)) {
            BlockOrder.sort(rows, start, r -> blockOfRow[r], pool);
        }
        assertThat(rows).containsExactly(expected);
    }

    @Test
    void rowsOutOfOrderOrRepeatedDoNotAscend() {
        assertThat(BlockOrder.ascending(new int[] {})).isTrue();
        assertThat(BlockOrder.ascending(new int[] {0, 2, 5})).isTrue();
        assertThat(BlockOrder.ascending(new int[] {0, 2, 2})).isFalse();
        assertThat(BlockOrder.ascending(new int[] {3, 1})).isFalse();
    }
}
