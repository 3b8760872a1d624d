package org.collab4j.data;

/**
 * The declared range of rating values, e.g. 1..5 stars. {@link #defaultYRange()} follows the
 * fastbook, which squashes predictions into (0, 5.5) for 1-5 stars: a little room above the top
 * so that a sigmoid can reach it.
 */
public record RatingScale(float min, float max) {
    public RatingScale {
        if (!(min < max)) throw new IllegalArgumentException("rating scale needs min < max, got " + min + ".." + max);
    }

    public boolean contains(float v) {
        return v >= min && v <= max;
    }

    /** fastai's choice for MovieLens: (0, max + 0.1 * (max - min) + 0.1) gives (0, 5.5) for 1..5. */
    public float[] defaultYRange() {
        float hi = max + (max - min) * 0.1f + 0.1f;
        float lo = min > 0 ? 0f : min - (max - min) * 0.1f - 0.1f;
        return new float[] {lo, hi};
    }

    @Override
    public String toString() {
        return format(min) + ".." + format(max);
    }

    /** A value as scales are written: {@code 5}, {@code 0.5}. */
    static String format(float f) {
        return f == Math.rint(f) && Math.abs(f) < 1e9f ? Long.toString((long) f) : Float.toString(f);
    }
}
