package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InteractionsTest {
    @Test
    void bothOrientationsWithRepeatsSummed() {
        // users 0..2, items 0..3; (0,2) appears twice
        int[] u = {0, 2, 0, 1, 0, 2};
        int[] i = {2, 0, 1, 3, 2, 3};
        float[] w = {1, 5, 2, 1, 3, 1};
        Interactions x = Interactions.of(3, 4, u, i, w, Confidence.NONE);
        assertThat(x.size()).isEqualTo(5);
        assertThat(x.summed()).isEqualTo(1);
        assertThat(x.userStart()).containsExactly(0, 2, 3, 5);
        assertThat(x.userItems()).containsExactly(1, 2, 3, 0, 3);
        assertThat(x.userValues()).containsExactly(2, 4, 1, 5, 1);
        assertThat(x.itemStart()).containsExactly(0, 1, 2, 3, 5);
        assertThat(x.itemUsers()).containsExactly(2, 0, 0, 1, 2);
        assertThat(x.itemValues()).containsExactly(5, 2, 4, 1, 1);
        assertThat(x.userWeights()).isSameAs(x.userValues());
        assertThat(x.itemCounts()).containsExactly(1, 1, 1, 2);
        assertThat(x.userCount(0)).isEqualTo(2);
        assertThat(x.has(0, 2)).isTrue();
        assertThat(x.has(0, 0)).isFalse();
        assertThat(x.items(2)).containsExactly(0, 3);
    }

    @Test
    void confidenceRules() {
        Interactions lin = Interactions.of(1, 2, new int[] {0, 0}, new int[] {0, 1}, new float[] {1, 3}, Confidence.linear(40));
        assertThat(lin.userWeights()).containsExactly(41, 121);
        assertThat(lin.itemWeights()).containsExactly(41, 121);
        assertThat(lin.userValues()).containsExactly(1, 3);
        Interactions log = Interactions.of(1, 2, new int[] {0, 0}, new int[] {0, 1}, new float[] {1, 3}, Confidence.log(2, 0.5));
        assertThat(log.userWeights()[0]).isCloseTo((float) (1 + 2 * Math.log(3)), within(1e-6f));
        assertThat(log.userWeights()[1]).isCloseTo((float) (1 + 2 * Math.log(7)), within(1e-6f));
        assertThat(Confidence.parse("LOG", 2, 0.5)).isEqualTo(Confidence.log(2, 0.5));
        assertThat(Confidence.parse("none", 2, 0.5)).isEqualTo(Confidence.NONE);
        assertThatThrownBy(() -> Confidence.parse("cubic", 1, 1)).hasMessage("--confidence must be none, linear or log, got 'cubic'");
        assertThatThrownBy(() -> Confidence.linear(0)).hasMessage("--alpha must be a positive number, got 0.0");
        assertThatThrownBy(() -> Confidence.log(1, -1)).hasMessage("--epsilon must be a positive number, got -1.0");
    }

    @Test
    void fromRowsOfALog() {
        Ratings r = new Ratings(new int[] {1, 0, 1}, new int[] {0, 1, 1}, new float[] {2, 1, 1}, null,
                IdIndex.of(new String[] {"a", "b"}), IdIndex.of(new String[] {"x", "y"}), new RatingScale(0, 2));
        Interactions x = Interactions.of(r, new int[] {0, 2}, Confidence.NONE);
        assertThat(x.numUsers()).isEqualTo(2);
        assertThat(x.userStart()).containsExactly(0, 0, 2);
        assertThat(x.userValues()).containsExactly(2, 1);
        assertThatThrownBy(() -> Interactions.of(1, 1, new int[] {0}, new int[] {1}, new float[] {1}, Confidence.NONE))
                .hasMessage("item 1 outside 0..0");
    }
}
