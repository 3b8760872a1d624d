package org.collab4j.algo.autoencoder;

import org.collab4j.kernel.Workers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The kernelised autoencoder's loss against a plain double-precision forward pass, and its gradient against finite differences. */
class KernelNetTest {
    static final int ITEMS = 7, USERS = 6, HIDDEN = 5, DIM = 2;
    static final double L2 = 0.3, SPARSITY = 0.2;

    /** Ratings of a 7 x 6 matrix, about half observed, every item and user with at least one. */
    static KernelNet tinyNet() {
        Random rnd = new Random(3);
        int[] item = new int[ITEMS * USERS], user = new int[ITEMS * USERS];
        float[] value = new float[ITEMS * USERS];
        int n = 0;
        for (int i = 0; i < ITEMS; i++)
            for (int u = 0; u < USERS; u++)
                if ((i + u) % 3 == 0 || rnd.nextDouble() < 0.4) {
                    item[n] = i;
                    user[n] = u;
                    value[n++] = 1 + rnd.nextInt(5);
                }
        return new KernelNet(ITEMS, USERS, java.util.Arrays.copyOf(item, n), java.util.Arrays.copyOf(user, n),
                java.util.Arrays.copyOf(value, n), HIDDEN, DIM, L2, SPARSITY);
    }

    /** Parameters with embeddings spread so that the kernels lie well inside (0, 1), and a few pairs cut off at 0. */
    static float[] params(KernelNet net, long seed) {
        Random rnd = new Random(seed);
        float[] x = net.init(seed);
        for (int l = 0; l < 3; l++) for (int q = net.offU[l]; q < net.offB[l]; q++) x[q] = (float) (0.3 * rnd.nextGaussian());
        x[net.offU[1]] = 3f; // one hidden unit far from every other: its kernels are 0
        return x;
    }

    /** The loss by the definition, in double, one item and one weight at a time. */
    static double reference(KernelNet net, float[] x) {
        double loss = 0;
        double[][] k = new double[3][];
        for (int l = 0; l < 3; l++) {
            int nr = net.rows[l], nc = net.cols[l];
            k[l] = new double[nr * nc];
            for (int i = 0; i < nr; i++)
                for (int j = 0; j < nc; j++) {
                    double d2 = 0;
                    for (int t = 0; t < DIM; t++) {
                        double d = x[net.offU[l] + i * DIM + t] - x[net.offV[l] + j * DIM + t];
                        d2 += d * d;
                    }
                    double kv = Math.max(0, 1 - d2), w = x[net.offW[l] + i * nc + j];
                    k[l][i * nc + j] = kv;
                    loss += L2 / 2 * w * w + SPARSITY / 2 * kv * kv;
                }
        }
        for (int i = 0; i < ITEMS; i++) {
            double[] in = new double[USERS];
            for (int p = net.iStart[i]; p < net.iStart[i + 1]; p++) in[net.iUser[p]] = net.iValue[p];
            double[] h1 = layer(net, x, k, 0, in, true), h2 = layer(net, x, k, 1, h1, true);
            for (int p = net.iStart[i]; p < net.iStart[i + 1]; p++) {
                int u = net.iUser[p];
                double out = x[net.offB[2] + u];
                for (int j = 0; j < HIDDEN; j++) out += h2[j] * x[net.offW[2] + u * HIDDEN + j] * k[2][u * HIDDEN + j];
                loss += 0.5 * (out - net.iValue[p]) * (out - net.iValue[p]);
            }
        }
        return loss;
    }

    private static double[] layer(KernelNet net, float[] x, double[][] k, int l, double[] in, boolean sigmoid) {
        int nc = net.cols[l];
        double[] out = new double[nc];
        for (int j = 0; j < nc; j++) {
            double z = x[net.offB[l] + j];
            for (int i = 0; i < in.length; i++) z += in[i] * x[net.offW[l] + i * nc + j] * k[l][i * nc + j];
            out[j] = sigmoid ? 1 / (1 + Math.exp(-z)) : z;
        }
        return out;
    }

    @Test
    void lossIsTheSquaredErrorOfTheObservedOutputsPlusBothPenalties() {
        KernelNet net = tinyNet();
        float[] x = params(net, 5);
        try (Workers w = new Workers(2)) {
            double f = net.evaluate(x, new float[net.size], w);
            assertThat(f).isCloseTo(reference(net, x), within(1e-4 * Math.abs(f)));
            float[] all = net.predictAll(x, w);
            for (int i = 0; i < ITEMS; i++)
                for (int u = 0; u < USERS; u++) assertThat(all[i * USERS + u]).isCloseTo(net.lastOutput(x, i, u), within(1e-5f));
        }
    }

    @Test
    void gradientMatchesCentralDifferencesOfEveryParameter() {
        KernelNet net = tinyNet();
        float[] x = params(net, 7);
        float[] g = new float[net.size];
        int cutOff = 0;
        try (Workers w = new Workers(2)) {
            net.evaluate(x, g, w);
            double eps = 1e-3;
            for (int q = 0; q < net.size; q++) {
                float[] xp = x.clone(), xm = x.clone();
                xp[q] += (float) eps;
                xm[q] -= (float) eps;
                double numeric = (reference(net, xp) - reference(net, xm)) / (xp[q] - xm[q]);
                assertThat((double) g[q]).as("parameter %d", q).isCloseTo(numeric, within(1e-3 + 1e-3 * Math.abs(numeric)));
            }
            // the far hidden unit's embedding gets no gradient: its kernels are cut off
            for (int t = 0; t < DIM; t++) if (g[net.offU[1] + t] == 0f) cutOff++;
        }
        assertThat(cutOff).isEqualTo(DIM);
    }

    @Test
    void sameNumbersForAnyThreadCount() {
        KernelNet net = tinyNet();
        float[] x = params(net, 9);
        float[] g1 = new float[net.size], g3 = new float[net.size];
        double f1, f3;
        try (Workers w = new Workers(1)) {
            f1 = net.evaluate(x, g1, w);
        }
        try (Workers w = new Workers(3)) {
            f3 = net.evaluate(x, g3, w);
        }
        assertThat(f3).isEqualTo(f1);
        assertThat(g3).containsExactly(g1);
    }
}
