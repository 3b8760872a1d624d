package org.collab4j.nn;

import org.collab4j.kernel.Rng;

/**
 * Inverted dropout: in training each value is zeroed with probability {@code p} and the rest are
 * scaled by {@code 1/(1-p)}, so inference (which passes values through) needs no rescaling.
 * The mask comes from a seeded generator.
 */
public final class Dropout {
    public final float p;
    private final Rng rng;
    private float[] mask = new float[0];
    private int n;
    private boolean active;

    public Dropout(float p, long seed) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        this.p = p;
        this.rng = new Rng(seed);
    }

    /** Applies dropout to {@code n} values in training; copies them otherwise. {@code y} may be {@code x}. */
    public void forward(float[] x, int n, float[] y, boolean training) {
        this.n = n;
        active = training && p > 0;
        if (!active) {
            if (y != x) System.arraycopy(x, 0, y, 0, n);
            return;
        }
        if (mask.length < n) mask = new float[n];
        float keep = 1f / (1f - p);
        for (int j = 0; j < n; j++) {
            float s = rng.nextFloat() < p ? 0f : keep;
            mask[j] = s;
            y[j] = x[j] * s;
        }
    }

    /** Strided variant: drops {@code width} columns starting at {@code offset} of {@code m} rows of {@code stride} values, in place. */
    public void forwardColumns(float[] x, int m, int stride, int offset, int width, boolean training) {
        this.n = m * width;
        active = training && p > 0;
        if (!active) return;
        if (mask.length < n) mask = new float[n];
        float keep = 1f / (1f - p);
        for (int r = 0, j = 0; r < m; r++) {
            int base = r * stride + offset;
            for (int c = 0; c < width; c++, j++) {
                float s = rng.nextFloat() < p ? 0f : keep;
                mask[j] = s;
                x[base + c] *= s;
            }
        }
    }

    /** {@code dx = dy * mask} (in place allowed). */
    public void backward(float[] dy, float[] dx) {
        if (!active) {
            if (dx != dy) System.arraycopy(dy, 0, dx, 0, n);
            return;
        }
        for (int j = 0; j < n; j++) dx[j] = dy[j] * mask[j];
    }

    /** Backward of {@link #forwardColumns}, in place on {@code d}. */
    public void backwardColumns(float[] d, int m, int stride, int offset, int width) {
        if (!active) return;
        for (int r = 0, j = 0; r < m; r++) {
            int base = r * stride + offset;
            for (int c = 0; c < width; c++, j++) d[base + c] *= mask[j];
        }
    }
}
