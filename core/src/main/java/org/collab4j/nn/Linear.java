package org.collab4j.nn;

import org.collab4j.model.Rng;
import org.collab4j.train.Param;

/**
 * A fully connected layer {@code y = x W + b} over a mini-batch of {@code m} rows. The weight is
 * stored {@code [in x out]} row-major, so that the forward pass and the weight gradient run
 * over contiguous outputs in their inner loop (i-k-j order, which the JIT vectorises); the
 * input gradient uses a transposed copy refreshed on every backward pass.
 *
 * <p>Initialisation is PyTorch's default for {@code nn.Linear} (what fastai's {@code LinBnDrop}
 * uses): weights and biases uniform in {@code (-1/sqrt(in), 1/sqrt(in))}. The bias is not
 * weight-decayed, as fastai's {@code wd_bn_bias=False}.
 */
public final class Linear {
    public final int in;
    public final int out;
    public final Param weight;
    public final Param bias;
    private final float[] transposed;
    private float[] x;
    private int m;

    public Linear(String name, int in, int out, Rng rng) {
        this(name, in, out);
        float bound = (float) (1 / Math.sqrt(in));
        for (int j = 0; j < weight.value.length; j++) weight.value[j] = (rng.nextFloat() * 2 - 1) * bound;
        for (int j = 0; j < bias.value.length; j++) bias.value[j] = (rng.nextFloat() * 2 - 1) * bound;
    }

    /** A layer of zeros (for loading saved weights). */
    public Linear(String name, int in, int out) {
        if (in < 1 || out < 1) throw new IllegalArgumentException(name + ": sizes must be positive, got " + in + "x" + out);
        this.in = in;
        this.out = out;
        this.weight = new Param(name + ".weight", new float[in * out], out, true);
        this.bias = new Param(name + ".bias", new float[out], out, false);
        this.transposed = new float[in * out];
    }

    /** {@code y[b*out + o] = bias[o] + sum_k x[b*in + k] * W[k*out + o]} for rows {@code from..to}. */
    public void forward(float[] x, int m, float[] y) {
        this.x = x;
        this.m = m;
        forwardRows(x, y, 0, m);
    }

    /** The forward pass for rows {@code from..to} only (rows are independent; threads may share a batch). */
    public void forwardRows(float[] x, float[] y, int from, int to) {
        float[] w = weight.value, b = bias.value;
        int in = this.in, out = this.out;
        for (int r = from; r < to; r++) {
            int yo = r * out, xo = r * in;
            System.arraycopy(b, 0, y, yo, out);
            for (int k = 0; k < in; k++) {
                float a = x[xo + k];
                int wo = k * out;
                for (int o = 0; o < out; o++) y[yo + o] += a * w[wo + o];
            }
        }
    }

    /**
     * Adds the weight and bias gradients of the last forward pass, given {@code dy}; writes the
     * input gradient into {@code dx} unless it is null.
     */
    public void backward(float[] dy, float[] dx) {
        weightGrad(dy, 0, in);
        biasGrad(dy);
        if (dx != null) {
            transpose();
            inputGrad(dy, dx, 0, m);
        }
    }

    /** Weight gradient rows {@code k0..k1} (threads may split the input dimension). */
    void weightGrad(float[] dy, int k0, int k1) {
        float[] gw = weight.grad, x = this.x;
        int in = this.in, out = this.out;
        for (int r = 0; r < m; r++) {
            int xo = r * in, yo = r * out;
            for (int k = k0; k < k1; k++) {
                float a = x[xo + k];
                int wo = k * out;
                for (int o = 0; o < out; o++) gw[wo + o] += a * dy[yo + o];
            }
        }
    }

    void biasGrad(float[] dy) {
        float[] gb = bias.grad;
        for (int r = 0; r < m; r++) {
            int yo = r * out;
            for (int o = 0; o < out; o++) gb[o] += dy[yo + o];
        }
    }

    void transpose() {
        float[] w = weight.value, t = transposed;
        int in = this.in, out = this.out;
        // in blocks of 16 input rows, so reads and writes both stay within a few cache lines
        for (int k0 = 0; k0 < in; k0 += 16) {
            int k1 = Math.min(in, k0 + 16);
            for (int o = 0; o < out; o++) {
                int to = o * in;
                for (int k = k0; k < k1; k++) t[to + k] = w[k * out + o];
            }
        }
    }

    /** {@code dx[r*in + k] = sum_o dy[r*out + o] * W[k*out + o]} for rows {@code from..to}; needs {@link #transpose()}. */
    void inputGrad(float[] dy, float[] dx, int from, int to) {
        float[] t = transposed;
        int in = this.in, out = this.out;
        for (int r = from; r < to; r++) {
            int xo = r * in, yo = r * out;
            java.util.Arrays.fill(dx, xo, xo + in, 0f);
            for (int o = 0; o < out; o++) {
                float d = dy[yo + o];
                int to2 = o * in;
                for (int k = 0; k < in; k++) dx[xo + k] += d * t[to2 + k];
            }
        }
    }

    /** Rows of the last forward pass. */
    public int batchRows() {
        return m;
    }

    public Param[] params() {
        return new Param[] {weight, bias};
    }
}
