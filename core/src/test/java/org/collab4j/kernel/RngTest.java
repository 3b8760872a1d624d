package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void seedZeroIsSplitMix64FromStateZero() {
        // the reference outputs of SplitMix64 with state 0
        Rng r = new Rng(0);
        assertThat(r.nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
        assertThat(r.nextLong()).isEqualTo(0x6E789E6AA1B965F4L);
        assertThat(r.nextLong()).isEqualTo(0x06C45D188009454FL);
        // seed 1 starts from the finaliser of 1, not from one step further along seed 0's stream
        assertThat(new Rng(1).nextLong()).isEqualTo(0xBFEF8030DDC2D772L);
    }

    @Test
    void theNextSeedIsNotTheSameStreamShiftedByOneDraw() {
        long[] zero = draws(0, 101);
        long[] one = draws(1, 100);
        int same = 0;
        for (int j = 0; j < 100; j++) if (one[j] == zero[j + 1]) same++;
        assertThat(same).isZero();
    }

    @Test
    void nearbySeedsShareNoDrawsAndAreUncorrelated() {
        for (long s = -3; s < 60; s++) {
            long[] a = draws(s, 200), b = draws(s + 1, 200);
            Set<Long> seen = new HashSet<>();
            for (long x : a) seen.add(x);
            for (long x : b) assertThat(seen).as("seeds %d and %d", s, s + 1).doesNotContain(x);
            // the uniforms of the two streams, draw by draw: correlation ~ N(0, 1/200)
            Rng ra = new Rng(s), rb = new Rng(s + 1);
            double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
            int n = 2000;
            for (int j = 0; j < n; j++) {
                double x = ra.nextDouble(), y = rb.nextDouble();
                sa += x;
                sb += y;
                sab += x * y;
                saa += x * x;
                sbb += y * y;
            }
            double cov = sab / n - sa / n * sb / n;
            double corr = cov / Math.sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
            assertThat(corr).as("seeds %d and %d", s, s + 1).isCloseTo(0, within(0.1)); // 4.5 standard deviations
        }
    }

    @Test
    void aSeedGivesTheSameStreamEveryTime() {
        assertThat(draws(42, 50)).containsExactly(draws(42, 50));
        Rng a = new Rng(7), b = new Rng(7);
        for (int j = 0; j < 1000; j++) {
            assertThat(a.nextGaussian()).isEqualTo(b.nextGaussian());
            assertThat(a.nextInt(13)).isEqualTo(b.nextInt(13));
        }
    }

    @Test
    void drawsStayInTheirRanges() {
        Rng r = new Rng(3);
        int[] counts = new int[5];
        for (int j = 0; j < 50_000; j++) {
            double d = r.nextDouble();
            float f = r.nextFloat();
            assertThat(d).isGreaterThanOrEqualTo(0).isLessThan(1);
            assertThat(f).isGreaterThanOrEqualTo(0f).isLessThan(1f);
            counts[r.nextInt(5)]++;
        }
        for (int c : counts) assertThat(c).isBetween(9_500, 10_500);
        float[] t = new float[10_000];
        r.truncatedNormal(t, 0.5f);
        for (float v : t) assertThat(v).isBetween(-1f, 1f);
        int[] perm = {0, 1, 2, 3, 4, 5, 6, 7};
        r.shuffle(perm);
        assertThat(perm).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThatThrownBy(() -> r.nextInt(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("bound must be positive");
    }

    private static long[] draws(long seed, int n) {
        Rng r = new Rng(seed);
        long[] out = new long[n];
        for (int j = 0; j < n; j++) out[j] = r.nextLong();
        return out;
    }
}
