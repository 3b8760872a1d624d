package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RangeValuesTest {
    @Test
    void starRatingsAreCodedInAByteAndReadBackExactly() {
        float[] plain = {4f, 3.5f, 4f, 0.5f, 5f, 3.5f, -0f, 0f};
        RangeValues v = new RangeValues(2);
        for (int j = 0; j < plain.length; j++) {
            if (j == v.capacity()) v.grow(v.capacity() * 2);
            v.set(j, plain[j]);
        }
        assertThat(v.coded()).isTrue();
        for (int j = 0; j < plain.length; j++) assertThat(Float.floatToIntBits(v.get(j))).isEqualTo(Float.floatToIntBits(plain[j]));
    }

    @Test
    void theValueBeyond256DistinctOnesTurnsTheCodesIntoFloatsWithoutLosingAny() {
        int n = 600;
        float[] plain = new float[n];
        RangeValues v = new RangeValues(n);
        java.util.Set<Float> seen = new java.util.HashSet<>();
        for (int j = 0; j < n; j++) {
            plain[j] = (j * 7 % 300) * 0.25f;   // 300 distinct values
            v.set(j, plain[j]);
            seen.add(plain[j]);
            assertThat(v.coded()).as("after %d distinct values", seen.size()).isEqualTo(seen.size() <= RangeValues.MAX_LEVELS);
        }
        assertThat(v.coded()).isFalse();
        for (int j = 0; j < n; j++) assertThat(v.get(j)).isEqualTo(plain[j]);
    }

    @Test
    void copyToLeavesOutTheDroppedLinesInBothLayouts() {
        long[] dropped = {0b10100};   // bits numbered from 1: lines 1 and 3 dropped
        for (int distinct : new int[] {3, 400}) {
            RangeValues v = new RangeValues(4);
            float[] plain = new float[4];
            for (int j = 0; j < 4; j++) v.set(j, plain[j] = j + 1);
            for (int j = 4; j < distinct; j++) v.set(0, j);   // enough distinct values to leave the codes
            v.set(0, plain[0]);
            assertThat(v.coded()).isEqualTo(distinct <= RangeValues.MAX_LEVELS);
            float[] out = {9, 9, 9, 9};
            v.copyTo(4, dropped, 1, out, 1);
            assertThat(out).containsExactly(9, 1, 3, 9);
            float[] all = new float[5];
            v.copyTo(4, null, 0, all, 1);
            assertThat(all).containsExactly(0, 1, 2, 3, 4);
        }
    }
}
