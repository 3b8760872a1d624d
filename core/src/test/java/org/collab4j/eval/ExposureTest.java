package org.collab4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExposureTest {
    @Test
    void coverageNoveltyAndGiniOnHandComputedLists() {
        // 5 items rated by 8, 4, 2, 1, 0 of 8 users; lists {0,1}, {0,2}, {0,1}
        Exposure e = new Exposure(new int[] {8, 4, 2, 1, 0}, 8);
        e.add(new int[] {0, 1});
        e.add(new int[] {0, 2});
        e.add(new int[] {0, 1, 4}, 2);
        assertThat(e.exposure()).containsExactly(3, 2, 1, 0, 0);
        assertThat(e.coverage()).isEqualTo(3.0 / 5);
        // self-information: item 0 -> log2(8/8) = 0, item 1 -> log2(8/4) = 1, item 2 -> log2(8/2) = 2; entries 0,1,0,2,0,1
        assertThat(e.novelty()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(e.selfInformation(4)).isCloseTo(3.0, within(1e-12)); // never rated: counted as one rating
        // sorted exposure 0,0,1,2,3; sum (2j-6) e_j for j=1..5 = 0 + 0 + 0*1 + 2*2 + 4*3 = 16; / (5 * 6)
        assertThat(e.gini()).isCloseTo(16.0 / 30, within(1e-12));
    }

    @Test
    void giniBounds() {
        assertThat(Exposure.gini(new int[] {3, 3, 3, 3})).isEqualTo(0.0);
        assertThat(Exposure.gini(new int[] {0, 0, 0, 7})).isCloseTo(0.75, within(1e-12));
        assertThat(Exposure.gini(new int[] {0, 0})).isEqualTo(0.0);
        assertThat(new Exposure(new int[3], 1).novelty()).isNaN();
    }
}
