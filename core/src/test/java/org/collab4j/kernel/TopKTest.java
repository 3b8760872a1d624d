package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TopKTest {
    /**
     * Scores drawn from a handful of values (many ties), code 9 standing for NaN; k from 0 to
     * beyond the array length. The heap must give what a full sort by (score desc, index asc)
     * gives, NaN excluded.
     */
    @Property(tries = 500)
    void equalsBruteForceSorting(@ForAll @Size(max = 60) List<@IntRange(min = -4, max = 9) Integer> codes,
                                 @ForAll @IntRange(min = 0, max = 70) int k) {
        float[] scores = new float[codes.size()];
        for (int i = 0; i < scores.length; i++) scores[i] = codes.get(i) == 9 ? Float.NaN : codes.get(i) * 0.5f;

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) if (!Float.isNaN(scores[i])) expected.add(i);
        expected.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
        expected = expected.subList(0, Math.min(k, expected.size()));

        TopK heap = new TopK(k);
        for (int i = 0; i < scores.length; i++) heap.offer(i, scores[i]);
        assertThat(heap.size()).isEqualTo(expected.size());
        int[] ids = new int[k];
        float[] out = new float[k];
        int n = heap.drainSorted(ids, out);
        assertThat(n).isEqualTo(expected.size());
        for (int j = 0; j < n; j++) {
            assertThat(ids[j]).isEqualTo(expected.get(j));
            assertThat(out[j]).isEqualTo(scores[expected.get(j)]);
        }
        assertThat(heap.size()).isZero();
    }

    @Example
    void tiesGoToTheLowerIndexAndClearEmpties() {
        TopK heap = new TopK(2);
        heap.offer(5, 1f);
        heap.offer(3, 1f);
        heap.offer(4, 1f);
        heap.offer(0, 0.5f);
        int[] ids = new int[2];
        float[] s = new float[2];
        assertThat(heap.drainSorted(ids, s)).isEqualTo(2);
        assertThat(ids).containsExactly(3, 4);
        heap.offer(1, 2f);
        heap.clear();
        assertThat(heap.size()).isZero();
        assertThatThrownBy(() -> new TopK(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
