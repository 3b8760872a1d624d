package org.collab4j.nn;

import org.collab4j.model.Rng;
import org.collab4j.train.Param;

/**
 * A fully connected layer {@code y = x W + b} over a mini-batch of {@code m} rows, with the
 * weight stored {@code [in x out]} row-major in its {@link Param}.
 *
 * <p>The products run in i-k-j order over separate row arrays: each inner loop is
 * {@code acc[j] += a * row[j]} with both arrays indexed from 0, which is the shape HotSpot's
 * C2 vectorises (two slices of arrays at different run-time offsets may overlap, so C2 leaves
 * such a loop scalar; measured 3-5x slower here). So the layer keeps a copy of the weight as
 * one array per input row, refreshed at each training forward pass, and of its transpose for
 * the input gradient.
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
    private final float[][] rows;      // rows[k][o] = W[k*out + o], for training
    private final float[][] gradRows;  // the weight gradient of one backward pass, by row
    private final float[][] tRows;     // tRows[o][k] = W[k*out + o]
    private final float[] accOut;
    private final float[] accIn;
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
        this.rows = new float[in][out];
        this.gradRows = new float[in][out];
        this.tRows = new float[out][in];
        this.accOut = new float[out];
        this.accIn = new float[in];
    }

    /** The weight as one array per input row: a snapshot for inference (see {@link #forwardRows}). */
    public float[][] weightRows() {
        float[][] r = new float[in][];
        for (int k = 0; k < in; k++) r[k] = java.util.Arrays.copyOfRange(weight.value, k * out, k * out + out);
        return r;
    }

    /** Training forward pass: {@code y[b*out + o] = bias[o] + sum_k x[b*in + k] * W[k*out + o]}; keeps {@code x} for backward. */
    public void forward(float[] x, int m, float[] y) {
        this.x = x;
        this.m = m;
        float[] w = weight.value;
        for (int k = 0; k < in; k++) System.arraycopy(w, k * out, rows[k], 0, out);
        forwardRows(x, y, 0, m, rows, accOut);
    }

    /**
     * The forward pass for rows {@code from..to} with the weight given by rows (from
     * {@link #weightRows()}) and a scratch array of {@code out} floats; keeps no state, so
     * threads with their own scratch may share a layer.
     */
    public void forwardRows(float[] x, float[] y, int from, int to, float[][] w, float[] acc) {
        float[] b = bias.value;
        int in = this.in, out = this.out;
        for (int r = from; r < to; r++) {
            int xo = r * in;
            System.arraycopy(b, 0, acc, 0, out);
            for (int k = 0; k < in; k++) {
                float a = x[xo + k];
                float[] wk = w[k];
                for (int o = 0; o < out; o++) acc[o] += a * wk[o];
            }
            System.arraycopy(acc, 0, y, r * out, out);
        }
    }

    /**
     * Adds the weight and bias gradients of the last forward pass, given {@code dy}; writes the
     * input gradient into {@code dx} unless it is null.
     */
    public void backward(float[] dy, float[] dx) {
        int in = this.in, out = this.out, m = this.m;
        float[] x = this.x, dyRow = accOut;
        for (float[] g : gradRows) java.util.Arrays.fill(g, 0f);
        float[] gb = bias.grad;
        for (int r = 0; r < m; r++) {
            System.arraycopy(dy, r * out, dyRow, 0, out);
            for (int o = 0; o < out; o++) gb[o] += dyRow[o];
            int xo = r * in;
            for (int k = 0; k < in; k++) {
                float a = x[xo + k];
                float[] g = gradRows[k];
                for (int o = 0; o < out; o++) g[o] += a * dyRow[o];
            }
        }
        float[] gw = weight.grad;
        for (int k = 0; k < in; k++) {
            float[] g = gradRows[k];
            int wo = k * out;
            for (int o = 0; o < out; o++) gw[wo + o] += g[o];
        }
        if (dx == null) return;
        float[] w = weight.value;
        for (int k0 = 0; k0 < in; k0 += 16) {
            int k1 = Math.min(in, k0 + 16);
            for (int o = 0; o < out; o++) {
                float[] t = tRows[o];
                for (int k = k0; k < k1; k++) t[k] = w[k * out + o];
            }
        }
        float[] acc = accIn;
        for (int r = 0; r < m; r++) {
            java.util.Arrays.fill(acc, 0f);
            int yo = r * out;
            for (int o = 0; o < out; o++) {
                float d = dy[yo + o];
                float[] t = tRows[o];
                for (int k = 0; k < in; k++) acc[k] += d * t[k];
            }
            System.arraycopy(acc, 0, dx, r * in, in);
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
