package org.collab4j.nn;

import org.collab4j.kernel.Simd;
import org.collab4j.kernel.Workers;
import org.collab4j.kernel.Gemm;
import org.collab4j.kernel.Rng;
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
 * <p>When the Vector API is on ({@link #SIMD}) the three products run instead as
 * register-blocked kernels ({@link Gemm}) over copies of the weight and its transpose
 * padded to whole vectors: about twice as fast again. The two paths sum in the same order but the
 * SIMD one fuses each multiply-add, so their results differ in the last bits.
 *
 * <p>Initialisation is PyTorch's default for {@code nn.Linear} (what fastai's {@code LinBnDrop}
 * uses): weights and biases uniform in {@code (-1/sqrt(in), 1/sqrt(in))}. The bias is not
 * weight-decayed, as fastai's {@code wd_bn_bias=False}.
 */
public final class Linear {
    /** Whether the products use the Vector API (same switch as {@link Simd#SIMD}). */
    public static final boolean SIMD = Simd.SIMD;
    private static final int SCRATCH = 64; // at least one vector of floats
    public final int in;
    public final int out;
    public final Param weight;
    public final Param bias;
    private final float[][] rows;      // rows[k][o] = W[k*out + o], for training
    private final float[][] gradRows;  // the weight gradient of one backward pass, by row
    private final float[][] tRows;     // tRows[o][k] = W[k*out + o]
    private float[][] dyRows = new float[0][];  // dyRows[r][o] = dy[r*out + o] of one backward pass
    // SIMD path: row lengths padded to whole vectors, zero beyond the real width
    private final int outP;
    private final int inP;
    private final float[] wP;       // [in x outP]
    private final float[] biasP;    // [outP]
    private final float[] tP;       // [out x inP], the transpose
    private final float[] zerosIn;  // [inP]
    private float[] dyP = new float[0];  // [m x outP]
    private float[][] scratch = new float[1][SCRATCH];
    private float[][] accOut;   // per thread
    private float[][] accIn;    // per thread
    private Workers parallel = Workers.SERIAL;
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
        boolean simd = SIMD;
        this.rows = simd ? null : new float[in][out];
        this.gradRows = simd ? null : new float[in][out];
        this.tRows = simd ? null : new float[out][in];
        this.outP = simd ? Gemm.padded(out) : out;
        this.inP = simd ? Gemm.padded(in) : in;
        this.wP = simd ? new float[in * outP] : null;
        this.biasP = simd ? new float[outP] : null;
        this.tP = simd ? new float[out * inP] : null;
        this.zerosIn = simd ? new float[inP] : null;
        this.accOut = new float[1][out];
        this.accIn = new float[1][in];
    }

    /**
     * Splits this layer's products over the threads of {@code p} when a batch is large enough
     * to pay for the hand-over (results are the same with any number of threads).
     */
    public void setParallel(Workers p) {
        this.parallel = p;
        accOut = new float[p.threads()][out];
        accIn = new float[p.threads()][in];
        scratch = new float[p.threads()][SCRATCH];
    }

    /** How many parts a product over {@code m} rows is worth splitting into. */
    private int parts(int m) {
        return (long) m * in * out >= 100_000 ? Math.min(parallel.threads(), m) : 1;
    }

    /**
     * The weight and bias at this moment, laid out for {@link #infer}: a snapshot for inference
     * while the layer itself goes on training.
     */
    public Frozen frozen() {
        if (SIMD) {
            float[] w = new float[in * outP];
            padRows(weight.value, in, out, w, outP);
            return new Frozen(null, w, java.util.Arrays.copyOf(bias.value, outP));
        }
        float[][] r = new float[in][];
        for (int k = 0; k < in; k++) r[k] = java.util.Arrays.copyOfRange(weight.value, k * out, k * out + out);
        return new Frozen(r, null, bias.value.clone());
    }

    /** A layer's weights as {@link #frozen()} took them. */
    public static final class Frozen {
        final float[][] rows;
        final float[] padded;
        final float[] bias;

        Frozen(float[][] rows, float[] padded, float[] bias) {
            this.rows = rows;
            this.padded = padded;
            this.bias = bias;
        }
    }

    /**
     * Inference for rows {@code from..to} with frozen weights and a scratch array of
     * {@link #scratchSize()} floats; keeps no state, so threads with their own scratch may share
     * a layer.
     */
    public void infer(float[] x, float[] y, int from, int to, Frozen f, float[] scratch) {
        if (SIMD) Gemm.gemm(from, to, out, in, x, in, 1, f.padded, outP, y, out, f.bias, scratch);
        else forwardRows(x, y, from, to, f.rows, f.bias, scratch);
    }

    /** Floats of scratch {@link #infer} needs. */
    public int scratchSize() {
        return Math.max(out, SCRATCH);
    }

    private static void padRows(float[] src, int rows, int cols, float[] dst, int stride) {
        for (int k = 0; k < rows; k++) System.arraycopy(src, k * cols, dst, k * stride, cols);
    }

    /** Training forward pass: {@code y[b*out + o] = bias[o] + sum_k x[b*in + k] * W[k*out + o]}; keeps {@code x} for backward. */
    public void forward(float[] x, int m, float[] y) {
        this.x = x;
        this.m = m;
        float[] w = weight.value;
        int parts = parts(m);
        if (SIMD) {
            padRows(w, in, out, wP, outP);
            System.arraycopy(bias.value, 0, biasP, 0, out);
            if (parts == 1) Gemm.gemm(0, m, out, in, x, in, 1, wP, outP, y, out, biasP, scratch[0]);
            else parallel.run(parts, p -> Gemm.gemm(Workers.lo(m, p, parts), Workers.lo(m, p + 1, parts), out, in,
                    x, in, 1, wP, outP, y, out, biasP, scratch[p]));
            return;
        }
        for (int k = 0; k < in; k++) System.arraycopy(w, k * out, rows[k], 0, out);
        float[] b = bias.value;
        if (parts == 1) forwardRows(x, y, 0, m, rows, b, accOut[0]);
        else parallel.run(parts, p -> forwardRows(x, y, Workers.lo(m, p, parts), Workers.lo(m, p + 1, parts), rows, b, accOut[p]));
    }

    /** The scalar forward pass for rows {@code from..to}, with the weight as rows. */
    private void forwardRows(float[] x, float[] y, int from, int to, float[][] w, float[] b, float[] acc) {
        int in = this.in, out = this.out;
        for (int r = from; r < to; r++) {
            int xo = r * in;
            System.arraycopy(b, 0, acc, 0, out);
            int k = 0;
            for (; k + 4 <= in; k += 4) {
                float a0 = x[xo + k], a1 = x[xo + k + 1], a2 = x[xo + k + 2], a3 = x[xo + k + 3];
                float[] w0 = w[k], w1 = w[k + 1], w2 = w[k + 2], w3 = w[k + 3];
                for (int o = 0; o < out; o++) acc[o] = acc[o] + a0 * w0[o] + a1 * w1[o] + a2 * w2[o] + a3 * w3[o];
            }
            for (; k < in; k++) {
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
        if (SIMD) {
            backwardSimd(dy, dx, m, parts);
            return;
        }
        if (dyRows.length < m) dyRows = new float[m][out];
        for (int r = 0; r < m; r++) System.arraycopy(dy, r * out, dyRows[r], 0, out);
        if (dx != null) transpose();
        if (parts == 1) {
            weightGrad(0, in);
            if (dx != null) inputGrad(dy, dx, 0, m, accIn[0]);
            return;
        }
        // part p: the weight rows k in its share, then the input gradient of its share of the batch
        parallel.run(parts, p -> {
            weightGrad(Workers.lo(in, p, parts), Workers.lo(in, p + 1, parts));
            if (dx != null) inputGrad(dy, dx, Workers.lo(m, p, parts), Workers.lo(m, p + 1, parts), accIn[p]);
        });
    }

    /**
     * SIMD backward: the weight gradient {@code x^T dy} by weight rows and the input gradient
     * {@code dy W^T} by batch rows, each part on its own thread.
     */
    private void backwardSimd(float[] dy, float[] dx, int m, int parts) {
        if (dyP.length < m * outP) dyP = new float[m * outP];
        padRows(dy, m, out, dyP, outP);
        if (dx != null) transposeInto(weight.value, in, out, tP, inP);
        float[] x = this.x, gw = weight.grad, dyP = this.dyP;
        int in = this.in, out = this.out, outP = this.outP, inP = this.inP;
        if (parts == 1) {
            Gemm.gemm(0, in, out, m, x, 1, in, dyP, outP, gw, out, null, scratch[0]);
            if (dx != null) Gemm.gemm(0, m, in, out, dy, out, 1, tP, inP, dx, in, zerosIn, scratch[0]);
            return;
        }
        parallel.run(parts, p -> {
            Gemm.gemm(Workers.lo(in, p, parts), Workers.lo(in, p + 1, parts), out, m, x, 1, in, dyP, outP, gw, out, null, scratch[p]);
            if (dx != null) Gemm.gemm(Workers.lo(m, p, parts), Workers.lo(m, p + 1, parts), in, out, dy, out, 1, tP, inP, dx, in, zerosIn, scratch[p]);
        });
    }

    /**
     * {@code t[o*tRow + k] = w[k*out + o]}: four rows of {@code w} at a time, so that the reads
     * run along four rows and each output row gets four consecutive values (about twice as fast
     * as a column at a time: 7.5 vs 14 us for 176x100).
     */
    static void transposeInto(float[] w, int in, int out, float[] t, int tRow) {
        int k = 0;
        for (; k + 4 <= in; k += 4) {
            int w0 = k * out;
            for (int o = 0; o < out; o++) {
                int to = o * tRow + k, wo = w0 + o;
                t[to] = w[wo];
                t[to + 1] = w[wo + out];
                t[to + 2] = w[wo + 2 * out];
                t[to + 3] = w[wo + 3 * out];
            }
        }
        for (; k < in; k++)
            for (int o = 0; o < out; o++) t[o * tRow + k] = w[k * out + o];
    }

    /** Adds the gradient of weight rows {@code k0..k1}. */
    private void weightGrad(int k0, int k1) {
        int in = this.in, out = this.out, m = this.m;
        float[] x = this.x;
        float[][] d = dyRows;
        for (int k = k0; k < k1; k++) {
            float[] g = gradRows[k];
            java.util.Arrays.fill(g, 0f);
            int r = 0;
            for (; r + 4 <= m; r += 4) {
                float a0 = x[r * in + k], a1 = x[(r + 1) * in + k], a2 = x[(r + 2) * in + k], a3 = x[(r + 3) * in + k];
                float[] d0 = d[r], d1 = d[r + 1], d2 = d[r + 2], d3 = d[r + 3];
                for (int o = 0; o < out; o++) g[o] = g[o] + a0 * d0[o] + a1 * d1[o] + a2 * d2[o] + a3 * d3[o];
            }
            for (; r < m; r++) {
                float a = x[r * in + k];
                float[] dr = d[r];
                for (int o = 0; o < out; o++) g[o] += a * dr[o];
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
            int o = 0;
            for (; o + 4 <= out; o += 4) {
                float d0 = dy[yo + o], d1 = dy[yo + o + 1], d2 = dy[yo + o + 2], d3 = dy[yo + o + 3];
                float[] t0 = tRows[o], t1 = tRows[o + 1], t2 = tRows[o + 2], t3 = tRows[o + 3];
                for (int k = 0; k < in; k++) acc[k] = acc[k] + d0 * t0[k] + d1 * t1[k] + d2 * t2[k] + d3 * t3[k];
            }
            for (; o < out; o++) {
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
