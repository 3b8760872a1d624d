package org.collab4j.algo.dotbias;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.collab4j.kernel.Rng;
import org.junit.jupiter.api.Test;

class BlockOrderTest {
    /** Every row on exactly one side, each side ascending: a complement; one row moved, dropped or repeated: not. */
    @Property(tries = 100)
    void onlyTwoAscendingSidesThatCoverEveryRowOnceAreAComplement(@ForAll @IntRange(min = 1, max = 500) int n, @ForAll long seed) {
        Rng rng = new Rng(seed);
        boolean[] held = new boolean[n];
        int numValid = 0;
        for (int r = 0; r < n; r++) if (held[r] = rng.nextInt(4) == 0) numValid++;
        int[] train = new int[n - numValid], valid = new int[numValid];
        for (int r = 0, a = 0, b = 0; r < n; r++) {
            if (held[r]) valid[b++] = r;
            else train[a++] = r;
        }
        assertThat(BlockOrder.complement(train, valid, n)).isTrue();
        assertThat(BlockOrder.complement(valid, train, n)).isTrue();
        assertThat(BlockOrder.complement(train, valid, n + 1)).isFalse();
        if (train.length >= 2) {
            int[] swapped = train.clone();
            int k = rng.nextInt(train.length - 1);
            swapped[k] = train[k + 1];
            swapped[k + 1] = train[k];
            assertThat(BlockOrder.complement(swapped, valid, n)).isFalse();
            int[] repeated = train.clone();
            repeated[k + 1] = train[k];
            assertThat(BlockOrder.complement(repeated, valid, n)).isFalse();
        }
    }

    @Test
    void aRowOnBothSidesOrOnNeitherIsNotAComplement() {
        assertThat(BlockOrder.complement(new int[] {0, 1}, new int[] {1, 2}, 4)).isFalse();
        assertThat(BlockOrder.complement(new int[] {0, 1}, new int[] {3}, 3)).isFalse();
        assertThat(BlockOrder.complement(new int[] {}, new int[] {}, 0)).isTrue();
    }
}
