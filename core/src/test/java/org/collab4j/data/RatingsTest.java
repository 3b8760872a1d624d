package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.collab4j.kernel.Rng;
import org.junit.jupiter.api.Test;

class RatingsTest {
    private static Ratings coded(float[] v) {
        int n = v.length;
        IdIndex users = new IdIndex(), items = new IdIndex();
        users.add("u");
        items.add("i");
        return Ratings.coded(new int[n], new int[n], v, null, users, items, new RatingScale(0, 1));
    }

    /** Values coded in a byte read back as the very floats of the plain column, and the column made from them is those floats. */
    @Property(tries = 60)
    void codedValuesGiveBackThePlainColumnBitForBit(@ForAll @IntRange(min = 0, max = 2000) int n,
                                                    @ForAll @IntRange(min = 1, max = 300) int distinct, @ForAll long seed) {
        Rng rng = new Rng(seed);
        float[] levels = new float[distinct];
        for (int k = 0; k < distinct; k++) levels[k] = (float) rng.nextGaussian() * 3;
        float[] v = new float[n];
        for (int r = 0; r < n; r++) v[r] = levels[rng.nextInt(distinct)];
        float[] plain = v.clone();
        Ratings c = coded(v);
        int seen = (int) java.util.stream.IntStream.range(0, n).mapToObj(r -> Float.floatToRawIntBits(plain[r])).distinct().count();

        assertThat(c.valuesCoded()).isEqualTo(seen <= Ratings.MAX_LEVELS);
        for (int r = 0; r < n; r++) assertThat(Float.floatToRawIntBits(c.value(r))).isEqualTo(Float.floatToRawIntBits(plain[r]));
        assertThat(c.values()).containsExactly(plain);
        assertThat(c.values()).isSameAs(c.values());
        int[] rows = c.allRows();
        assertThat(c.mean(rows)).isEqualTo(new Ratings(new int[n], new int[n], plain, null, c.userIds(), c.itemIds(), c.scale()).mean(rows));
    }

    /**
     * Items held in two bytes a rating, and users in three, read back as the plain columns, and so
     * do the counts and values.
     */
    @Property(tries = 40)
    void itemsInTwoBytesAndUsersInThreeGiveBackThePlainColumns(@ForAll @IntRange(min = 0, max = 2000) int n,
                                                               @ForAll @IntRange(min = 1, max = 65_536) int numItems,
                                                               @ForAll @IntRange(min = 1, max = 200_000) int numUsers, @ForAll long seed) {
        Rng rng = new Rng(seed);
        IdIndex users = new IdIndex(), items = new IdIndex();
        for (int u = 0; u < numUsers; u++) users.add("u" + u);
        for (int i = 0; i < numItems; i++) items.add("i" + i);
        int[] u = new int[n], item = new int[n];
        char[] narrow = new char[n];
        float[] v = new float[n];
        for (int r = 0; r < n; r++) {
            u[r] = r == 1 ? numUsers - 1 : rng.nextInt(numUsers);
            item[r] = r == 0 ? numItems - 1 : rng.nextInt(numItems);
            narrow[r] = (char) item[r];
            v[r] = 1 + rng.nextInt(5);
        }
        byte[] high = new byte[n];
        char[] low = new char[n];
        for (int r = 0; r < n; r++) {
            high[r] = (byte) (u[r] >>> 16);
            low[r] = (char) u[r];
        }
        Ratings plain = new Ratings(u, item, v.clone(), null, users, items, new RatingScale(1, 5));
        Ratings c = Ratings.coded(u, narrow, v.clone(), null, users, items, new RatingScale(1, 5));
        Ratings d = Ratings.coded(high, low, narrow, v, null, users, items, new RatingScale(1, 5));

        assertThat(c.itemsNarrow()).isTrue();
        assertThat(plain.itemsNarrow()).isFalse();
        assertThat(d.usersNarrow()).isTrue();
        assertThat(c.usersNarrow()).isFalse();
        int[] rows = c.allRows();
        for (Ratings x : new Ratings[] {c, d}) {
            assertThat(x.size()).isEqualTo(n);
            for (int r = 0; r < n; r++) {
                assertThat(x.user(r)).isEqualTo(u[r]);
                assertThat(x.item(r)).isEqualTo(item[r]);
                assertThat(x.value(r)).isEqualTo(plain.value(r));
            }
            assertThat(x.itemCounts(rows)).containsExactly(plain.itemCounts(rows));
            assertThat(x.userCounts(rows)).containsExactly(plain.userCounts(rows));
            assertThat(x.items()).containsExactly(item);
            assertThat(x.items()).isSameAs(x.items());
            assertThat(x.users()).containsExactly(u);
            assertThat(x.users()).isSameAs(x.users());
        }
    }

    /**
     * Value codes packed above the users' bits 16 and up in their third byte read back as the plain
     * columns, for every number of users and levels that fits the byte.
     */
    @Property(tries = 40)
    void valuesPackedBesideTheUsersGiveBackThePlainColumns(@ForAll @IntRange(min = 0, max = 2000) int n,
                                                           @ForAll @IntRange(min = 1, max = 140_000) int numUsers,
                                                           @ForAll @IntRange(min = 1, max = 256) int numLevels, @ForAll long seed) {
        int shift = RangeMerge.packedShift(numUsers, numLevels);
        net.jqwik.api.Assume.that(shift >= 0);
        Rng rng = new Rng(seed);
        IdIndex users = new IdIndex(), items = new IdIndex();
        for (int u = 0; u < numUsers; u++) users.addNumeric(u);
        for (int i = 0; i < 300; i++) items.addNumeric(i);
        float[] levels = new float[numLevels];
        for (int k = 0; k < numLevels; k++) levels[k] = 0.5f * k - 3;
        int[] u = new int[n], item = new int[n];
        char[] narrow = new char[n];
        float[] v = new float[n];
        byte[] packed = new byte[n];
        char[] low = new char[n];
        for (int r = 0; r < n; r++) {
            u[r] = r == 0 ? numUsers - 1 : rng.nextInt(numUsers);
            item[r] = rng.nextInt(300);
            narrow[r] = (char) item[r];
            int code = r == 1 ? numLevels - 1 : rng.nextInt(numLevels);
            v[r] = levels[code];
            packed[r] = (byte) (code << shift | u[r] >>> 16);
            low[r] = (char) u[r];
        }
        Ratings plain = new Ratings(u, item, v, null, users, items, new RatingScale(-3, 125));
        Ratings p = Ratings.ofPacked(packed, shift, low, null, narrow, levels, null, users, items, new RatingScale(-3, 125));

        assertThat(p.valuesPacked()).isTrue();
        assertThat(p.valuesCoded()).isTrue();
        assertThat(p.usersNarrow()).isTrue();
        assertThat(p.size()).isEqualTo(n);
        for (int r = 0; r < n; r++) {
            assertThat(p.user(r)).isEqualTo(u[r]);
            assertThat(p.item(r)).isEqualTo(item[r]);
            assertThat(Float.floatToRawIntBits(p.value(r))).isEqualTo(Float.floatToRawIntBits(v[r]));
        }
        int[] rows = p.allRows();
        assertThat(p.userCounts(rows)).containsExactly(plain.userCounts(rows));
        assertThat(p.mean(rows)).isEqualTo(plain.mean(rows));
        assertThat(p.users()).containsExactly(u);
        assertThat(p.items()).containsExactly(item);
        assertThat(p.values()).containsExactly(v);
    }

    /** The users' bits 16 and up, and the codes of the values, in one byte: where the codes go, or -1. */
    @Test
    void packingNeedsTheUsersAndTheCodesToFitOneByte() {
        assertThat(RangeMerge.packedShift(1, 256)).isZero();
        assertThat(RangeMerge.packedShift(65_536, 256)).isZero();   // ids 0..65535: nothing above bit 15
        assertThat(RangeMerge.packedShift(65_537, 256)).isEqualTo(-1);
        assertThat(RangeMerge.packedShift(65_537, 128)).isEqualTo(1);
        assertThat(RangeMerge.packedShift(70_000, 5)).isEqualTo(1);   // synthetic 10M: one user bit, three code bits
        assertThat(RangeMerge.packedShift(162_000, 10)).isEqualTo(2);  // half stars beside 162,000 users
        assertThat(RangeMerge.packedShift(1 << 21, 8)).isEqualTo(5);
        assertThat(RangeMerge.packedShift((1 << 21) + 1, 8)).isEqualTo(-1);
        assertThat(RangeMerge.packedShift(1 << 24, 1)).isEqualTo(8);
    }

    @Test
    void packedColumnsOfDifferentLengthsOrTooManyLevelsAreRefused() {
        float[] five = {1, 2, 3, 4, 5};
        assertThatThrownBy(() -> Ratings.ofPacked(new byte[2], 1, new char[3], null, new char[3], five, null, new IdIndex(), new IdIndex(),
                new RatingScale(1, 5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Ratings.ofPacked(new byte[2], 6, new char[2], null, new char[2], five, null, new IdIndex(), new IdIndex(),
                new RatingScale(1, 5))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 levels do not fit in 2 bits");
    }

    @Test
    void zeroAndMinusZeroAndNaNKeepTheirBits() {
        float[] v = {0f, -0f, Float.NaN, 2.5f, -0f};
        Ratings c = coded(v.clone());
        assertThat(c.valuesCoded()).isTrue();
        for (int r = 0; r < v.length; r++) assertThat(Float.floatToRawIntBits(c.value(r))).isEqualTo(Float.floatToRawIntBits(v[r]));
    }

    @Test
    void the257thDistinctValueKeepsTheValuesAColumn() {
        float[] v = new float[600];
        for (int r = 0; r < v.length; r++) v[r] = r % 257;
        Ratings c = coded(v);
        assertThat(c.valuesCoded()).isFalse();
        assertThat(c.values()).isSameAs(v);
        float[] w = new float[600];
        for (int r = 0; r < w.length; r++) w[r] = r % 256;
        assertThat(coded(w).valuesCoded()).isTrue();
    }

    @Test
    void columnsOfDifferentLengthsAreRefused() {
        assertThatThrownBy(() -> Ratings.coded(new int[2], new int[2], new float[3], null, new IdIndex(), new IdIndex(), new RatingScale(1, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Ratings.coded(new int[2], new char[3], new float[2], null, new IdIndex(), new IdIndex(), new RatingScale(1, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
    }
}
