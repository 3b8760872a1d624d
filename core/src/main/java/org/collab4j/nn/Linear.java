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
    private float[][] accOut;   // per thread
    private float[][] accIn;    // per thread
    private Parallel parallel = Parallel.SERIAL;
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
        this.accOut = new float[1][out];
        this.accIn = new float[1][in];
    }

    /**
     * Splits this layer's products over the threads of {@code p} when a batch is large enough
     * to pay for the hand-over (results are the same with any number of threads).
     */
    public void setParallel(Parallel p) {
        this.parallel = p;
        accOut = new float[p.threads][out];
        accIn = new float[p.threads][in];
    }

    /** How many parts a product over {@code m} rows is worth splitting into. */
    private int parts(int m) {
        return (long) m * in * out >= 100_000 ? Math.min(parallel.threads, m) : 1;
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
        int parts = parts(m);
        if (parts == 1) forwardRows(x, y, 0, m, rows, accOut[0]);
        else parallel.run(parts, p -> forwardRows(x, y, Parallel.lo(m, p, parts), Parallel.lo(m, p + 1, parts), rows, accOut[p]));
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
        int m = this.m;
        float[] gb = bias.grad;
        for (int r = 0; r < m; r++) {
            int yo = r * out;
            for (int o = 0; o < out; o++) gb[o] += dy[yo + o];
        }
        int parts = parts(m);
        if (dx != null) transpose();
        if (parts == 1) {
            weightGrad(dy, 0, in, accOut[0]);
            if (dx != null) inputGrad(dy, dx, 0, m, accIn[0]);
            return;
        }
        // part p: the weight rows k in its share, then the input gradient of its share of the batch
        parallel.run(parts, p -> {
            weightGrad(dy, Parallel.lo(in, p, parts), Parallel.lo(in, p + 1, parts), accOut[p]);
            if (dx != null) inputGrad(dy, dx, Parallel.lo(m, p, parts), Parallel.lo(m, p + 1, parts), accIn[p]);
        });
    }

    /** Adds the gradient of weight rows {@code k0..k1}. */
    private void weightGrad(float[] dy, int k0, int k1, float[] dyRow) {
        int in = this.in, out = this.out, m = this.m;
        float[] x = this.x;
        for (int k = k0; k < k1; k++) java.util.Arrays.fill(gradRows[k], 0f);
        for (int r = 0; r < m; r++) {
            System.arraycopy(dy, r * out, dyRow, 0, out);
            int xo = r * in;
            for (int k = k0; k < k1; k++) {
                float a = x[xo + k];
                float[] g = gradRows[k];
                for (int o = 0; o < out; o++) g[o] += a * dyRow[o];
            }
        }
        float[] gw = weight.grad;
        for (int k = k0; k < k1; k++) {
            float[] g = gradRows[k];
            int wo = k * out;
            for (int o = 0; o < out; o++) gw[wo + o] += g[o];
        }
    }

    private void transpose() {
        float[] w = weight.value;
        for (int k0 = 0; k0 < in; k0 += 16) {
            int k1 = Math.min(in, k0 + 16);
            for (int o = 0; o < out; o++) {
                float[] t = tRows[o];
                for (int k = k0; k < k1; k++) t[k] = w[k * out + o];
            }
        }
    }

    /** {@code dx[r*in + k] = sum_o dy[r*out + o] * W[k*out + o]} for rows {@code from..to}. */
    private void inputGrad(float[] dy, float[] dx, int from, int to, float[] acc) {
        int in = this.in, out = this.out;
        for (int r = from; r < to; r++) {
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
