package org.collab4j.kernel;

/**
 * A small, fast, seedable random source (SplitMix64). Every random choice in collab4j takes
 * one, so one thread and the same seed give the same numbers bit for bit.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
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
