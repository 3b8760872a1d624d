package org.collab4j.nn;

/** {@code y = max(x, 0)}; the gradient passes where the output is positive. */
public final class ReLU {
    private float[] y;
    private int n;

    /** Applies ReLU to {@code m} rows of {@code width} values. */
    public void forward(float[] x, int m, int width, float[] y) {
        int n = m * width;
        for (int j = 0; j < n; j++) y[j] = Math.max(x[j], 0f);
        this.y = y;
        this.n = n;
    }

    public void backward(float[] dy, float[] dx) {
        float[] y = this.y;
        for (int j = 0; j < n; j++) dx[j] = y[j] > 0f ? dy[j] : 0f;
    }
}
