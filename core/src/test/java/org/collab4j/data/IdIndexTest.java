package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdIndexTest {
    @Test
    void numericAndTextIdsAreDistinctAndKeepTheirText() {
        IdIndex ix = new IdIndex(2);
        String[] ids = {"1", "01", "0", "2147483647", "2147483648", "-1", "abc", "", "1 ", "ü", "42"};
        for (int i = 0; i < ids.length; i++) assertThat(ix.add(ids[i])).isEqualTo(i);
        for (int i = 0; i < ids.length; i++) {
            assertThat(ix.add(ids[i])).isEqualTo(i);
            assertThat(ix.index(ids[i])).isEqualTo(i);
            assertThat(ix.id(i)).isEqualTo(ids[i]);
        }
        assertThat(ix.ids()).containsExactly(ids);
        assertThat(ix.index("001")).isEqualTo(-1);
        assertThat(ix.contains("43")).isFalse();
        assertThat(ix.addNumeric(42)).isEqualTo(10);
        assertThat(ix.addNumeric(43)).isEqualTo(11);
        assertThat(ix.id(11)).isEqualTo("43");
    }

    @Test
    void growsAndStaysConsistent() {
        IdIndex ix = new IdIndex();
        for (int i = 0; i < 100_000; i++) ix.add(i % 3 == 0 ? "s" + i : Integer.toString(i));
        assertThat(ix.size()).isEqualTo(100_000);
        for (int i = 0; i < 100_000; i += 997) assertThat(ix.index(i % 3 == 0 ? "s" + i : Integer.toString(i))).isEqualTo(i);
        IdIndex copy = IdIndex.of(ix.ids());
        assertThat(copy).isEqualTo(ix).hasSameHashCodeAs(ix);
        assertThat(IdIndex.of("1", "2")).isNotEqualTo(IdIndex.of("2", "1"));
        assertThat(IdIndex.of("1", "x")).isNotEqualTo(IdIndex.of("1", "y"));
    }

    @Test
    void refusesDuplicatesNullsAndBadIndices() {
        assertThatThrownBy(() -> IdIndex.of("a", "a")).hasMessage("duplicate id: a");
        assertThatThrownBy(() -> new IdIndex().add(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> IdIndex.of("a").id(1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("index 1 of 1");
    }

    @Test
    void numericIdsCostAFewBytesEach() {
        IdIndex ix = new IdIndex();
        for (int i = 1; i <= 200_000; i++) ix.add(Integer.toString(i));
        assertThat(ix.heapBytes() / 200_000.0).isLessThan(16);
    }
}
