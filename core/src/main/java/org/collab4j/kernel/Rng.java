package org.collab4j.kernel;

/**
 * A small, fast, seedable random source (SplitMix64, Steele, Lea and Flood 2014). Every random
 * choice in collab4j takes one, so one thread and the same seed give the same numbers bit for bit.
 *
 * <p>The seed goes through SplitMix64's finaliser before it becomes the state, so nearby seeds
 * ({@code s} and {@code s + 1}, as callers derive them per fold, per user or per row) start far
 * apart on the generator's cycle and give unrelated streams. (Taken as the state directly, seed
 * {@code s + 1} would give seed {@code s}'s stream shifted by one draw.) {@code Rng(0)} is
 * SplitMix64 from state 0: its first draw is {@code 0xE220A8397B1DCDAF}.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    public Rng(long seed) {
        this.state = mix(seed);
    }

    public long nextLong() {
        return mix(state += GOLDEN_GAMMA);
    }

    /** SplitMix64's finaliser (Stafford's variant 13 of MurmurHash3's): a bijection that scatters every bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    private double spare;
    private boolean hasSpare;

    /** Standard normal (Marsaglia polar method). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = nextDouble() * 2 - 1;
            v = nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }

    /** Fills {@code a} with N(0, std^2) draws, redrawing any beyond two standard deviations. */
    public void truncatedNormal(float[] a, float std) {
        for (int i = 0; i < a.length; i++) {
            double g;
            do g = nextGaussian(); while (g < -2 || g > 2);
            a[i] = (float) (g * std);
        }
    }

    /** Fisher-Yates shuffle of {@code a}. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** An independent stream (for per-thread generators). */
    public Rng split() {
        return new Rng(nextLong());
    }
}
