package org.collab4j.algo.nn;

import org.collab4j.kernel.Gemm;
import org.collab4j.train.Warmup;
import org.collab4j.nn.Linear;

/**
 * Gets the Vector API kernels of the linear layers ({@link Gemm}) compiled before a
 * training needs them.
 *
 * <p>Until C2 has compiled them, those kernels run about a hundred times slower than afterwards
 * (the interpreter and C1 allocate an object per vector operation), so the first epoch of a small
 * network is mostly spent waiting for the JIT. {@link #start()} runs the three products of a
 * linear layer (forward with bias, weight gradient, input gradient) on a daemon thread, over
 * small made-up layers whose widths take every path of the kernels (blocks of one and two
 * vectors, partial last vectors, a remainder of rows), so that the compiler sees them hot while
 * the JVM is still starting up and the caller loading data. Small products
 * make many calls in little time, which is what the JIT counts; the compiled code does not depend
 * on the shapes it was warmed on.
 *
 * <p>The warm-up's arrays belong to its thread alone and the kernels are pure functions of their
 * arguments, so nothing it computes reaches a model: training gives the same numbers with or
 * without it. Close it when the training starts, so that it does not take a core from it.
 */
public final class KernelWarmup implements Warmup {
    /** A warm-up that does nothing (plain loops: nothing to warm). */
    public static final KernelWarmup NONE = new KernelWarmup(null);
    /** Rows of the made-up batch: one block of four and a remainder. */
    static final int ROWS = 6;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long rounds;
    /**
     * A round of the made-up products takes a few microseconds once C2 has compiled every kernel,
     * and hundreds before: after this many rounds in a row under {@link #FAST_NANOS} the warm-up
     * has done its work and stops by itself.
     */
    static final int FAST_ROUNDS = 200;
    static final long FAST_NANOS = 50_000;
    /** A bound, should the kernels never get fast (a JVM without C2, say). */
    static final long MAX_ROUNDS = 200_000;

    private KernelWarmup(Thread thread) {
        this.thread = thread;
    }

    /**
     * Starts warming the kernels on a daemon thread; {@link #NONE} when the layers do not use the
     * Vector API ({@link Linear#SIMD} false).
     */
    public static KernelWarmup start() {
        if (!Linear.SIMD) return NONE;
        KernelWarmup[] self = new KernelWarmup[1];
        Thread t = new Thread(() -> self[0].run(), "collab4j-kernel-warmup");
        t.setDaemon(true);
        self[0] = new KernelWarmup(t);
        t.start();
        return self[0];
    }

    /**
     * Layer widths (input, hidden, hidden, output) for vectors of {@code l} floats: the forward
     * products then use blocks of two vectors and of one with a partial last vector, the
     * gradients a remainder of rows, and the head a single output.
     */
    static int[] widths(int l) {
        return new int[] {l + l / 4, 3 * l - l / 4, l + l / 2 + 2, 1};
    }

    /** Rounds (the three products of every made-up layer) done so far. */
    public long rounds() {
        return rounds;
    }

    private void run() {
        int[] w = widths(Gemm.L);
        int layers = w.length - 1, m = ROWS;
        float[][] x = new float[layers + 1][], dx = new float[layers + 1][];
        float[][] wP = new float[layers][], tP = new float[layers][], biasP = new float[layers][], gw = new float[layers][];
        float[][] dyP = new float[layers][], zeros = new float[layers][];
        float[] tmp = new float[Gemm.L];
        for (int l = 0; l <= layers; l++) {
            x[l] = new float[m * w[l]];
            dx[l] = new float[m * w[l]];
            for (int j = 0; j < x[l].length; j++) x[l][j] = (j % 7 - 3) * 0.1f;
        }
        for (int l = 0; l < layers; l++) {
            int in = w[l], out = w[l + 1], inP = Gemm.padded(in), outP = Gemm.padded(out);
            wP[l] = new float[in * outP];
            tP[l] = new float[out * inP];
            for (int k = 0; k < in; k++)
                for (int o = 0; o < out; o++) wP[l][k * outP + o] = tP[l][o * inP + k] = ((k + o) % 5 - 2) * 0.05f;
            biasP[l] = new float[outP];
            gw[l] = new float[in * out];
            dyP[l] = new float[m * outP];
            zeros[l] = new float[inP];
        }
        int fast = 0;
        for (long round = 0; !stop && fast < FAST_ROUNDS && round < MAX_ROUNDS; round++) {
            long t0 = System.nanoTime();
            for (int l = 0; l < layers; l++) {
                int in = w[l], out = w[l + 1];
                // as Linear: forward, then the weight gradient x^T dy and the input gradient dy W^T
                Gemm.gemm(0, m, out, in, x[l], in, 1, wP[l], Gemm.padded(out), x[l + 1], out, biasP[l], tmp);
                for (int r = 0; r < m; r++) System.arraycopy(x[l + 1], r * out, dyP[l], r * Gemm.padded(out), out);
                Gemm.gemm(0, in, out, m, x[l], 1, in, dyP[l], Gemm.padded(out), gw[l], out, null, tmp);
                Gemm.gemm(0, m, in, out, x[l + 1], out, 1, tP[l], Gemm.padded(in), dx[l], in, zeros[l], tmp);
            }
            for (float[] g : gw) java.util.Arrays.fill(g, 0f);
            fast = System.nanoTime() - t0 < FAST_NANOS ? fast + 1 : 0;
            rounds++;
        }
    }

    /** Stops the warm-up after the round in progress; does not wait for it. */
    @Override
    public void close() {
        stop = true;
    }
}
