package org.collab4j.nn;

import org.collab4j.algo.nn.KernelWarmupTest;
import org.collab4j.kernel.Workers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.collab4j.kernel.Rng;
import org.collab4j.train.Param;
import org.junit.jupiter.api.Test;

/** Each layer: exact values on tiny cases, finite-difference gradients, train vs inference. */
class LayersTest {
    @Test
    void linearComputesXWPlusBiasExactly() {
        Linear l = new Linear("l", 2, 3);
        // W is [in x out]
        System.arraycopy(new float[] {1, 2, 3, 4, 5, 6}, 0, l.weight.value, 0, 6);
        System.arraycopy(new float[] {0.5f, -1, 0}, 0, l.bias.value, 0, 3);
        float[] y = new float[6];
        l.forward(new float[] {1, 1, 2, -1}, 2, y);
        assertThat(y).containsExactly(5.5f, 6f, 9f, -1.5f, -2f, 0f);
    }

    @Test
    void linearInitIsPyTorchsUniformAndBiasIsNotDecayed() {
        Linear l = new Linear("l", 16, 8, new Rng(1));
        for (float w : l.weight.value) assertThat(Math.abs(w)).isLessThanOrEqualTo(0.25f);
        for (float b : l.bias.value) assertThat(Math.abs(b)).isLessThanOrEqualTo(0.25f);
        assertThat(l.weight.decay).isTrue();
        assertThat(l.bias.decay).isFalse();
    }

    @Test
    void linearGradients() {
        int m = 5, in = 7, out = 6;
        Linear l = new Linear("l", in, out, new Rng(3));
        float[] x = GradCheck.random(m * in, 1), c = GradCheck.random(m * out, 2), y = new float[m * out], dx = new float[m * in];
        l.forward(x, m, y);
        l.backward(c, dx);
        GradCheck.params(l.params(), () -> {
            l.forward(x, m, y);
            return GradCheck.dot(c, y, m * out);
        }, 100);
        GradCheck.input(x, m * in, dx, () -> {
            l.forward(x, m, y);
            return GradCheck.dot(c, y, m * out);
        });
    }

    @Test
    void linearProductsMatchPlainSumsAtOddSizes() {
        // sizes with row and column tails for the blocked (and SIMD) kernels
        int m = 9, in = 37, out = 21;
        Linear l = new Linear("l", in, out, new Rng(5));
        float[] x = GradCheck.random(m * in, 6), dy = GradCheck.random(m * out, 7), y = new float[m * out], dx = new float[m * in];
        l.forward(x, m, y);
        l.backward(dy, dx);
        float[] w = l.weight.value;
        for (int r = 0; r < m; r++)
            for (int o = 0; o < out; o++) {
                double s = l.bias.value[o];
                for (int k = 0; k < in; k++) s += (double) x[r * in + k] * w[k * out + o];
                assertThat(y[r * out + o]).isCloseTo((float) s, offset(1e-4f));
            }
        for (int k = 0; k < in; k++)
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int r = 0; r < m; r++) s += (double) x[r * in + k] * dy[r * out + o];
                assertThat(l.weight.grad[k * out + o]).isCloseTo((float) s, offset(1e-4f));
            }
        for (int r = 0; r < m; r++)
            for (int k = 0; k < in; k++) {
                double s = 0;
                for (int o = 0; o < out; o++) s += (double) dy[r * out + o] * w[k * out + o];
                assertThat(dx[r * in + k]).isCloseTo((float) s, offset(1e-4f));
            }
    }

    @Test
    void linearGivesTheSameNumbersWithTwoThreads() {
        float[][] results = new float[2][];
        for (int t = 1; t <= 2; t++) {
            try (Workers p = new Workers(t)) {
                results[t - 1] = KernelWarmupTest.linearProducts(p);
            }
        }
        assertThat(results[1]).containsExactly(results[0]);
    }

    @Test
    void reluPassesGradientWherePositive() {
        ReLU r = new ReLU();
        float[] y = new float[4], dx = new float[4];
        r.forward(new float[] {-1, 2, 0, 3}, 2, 2, y);
        assertThat(y).containsExactly(0, 2, 0, 3);
        r.backward(new float[] {1, 1, 1, 1}, dx);
        assertThat(dx).containsExactly(0, 1, 0, 1);
        float[] x = {-0.7f, 0.4f, 1.3f, -2f, 0.9f, 0.2f};
        float[] c = GradCheck.random(6, 4), yy = new float[6], d = new float[6];
        r.forward(x, 3, 2, yy);
        r.backward(c, d);
        GradCheck.input(x, 6, d, () -> {
            r.forward(x, 3, 2, yy);
            return GradCheck.dot(c, yy, 6);
        });
    }

    @Test
    void batchNormNormalisesInTrainingAndUsesRunningStatisticsAtInference() {
        BatchNorm bn = new BatchNorm("bn", 1);
        float[] x = {1, 2, 3, 4}, y = new float[4];
        bn.forward(x, 4, y, true);
        // mean 2.5, biased var 1.25
        float inv = (float) (1 / Math.sqrt(1.25 + BatchNorm.EPS));
        assertThat(y[0]).isCloseTo(-1.5f * inv, offset(1e-6f));
        assertThat(y[3]).isCloseTo(1.5f * inv, offset(1e-6f));
        // PyTorch: running = 0.9 * running + 0.1 * batch, with the unbiased variance (5/3)
        assertThat(bn.runningMean[0]).isCloseTo(0.25f, offset(1e-6f));
        assertThat(bn.runningVar[0]).isCloseTo(0.9f + 0.1f * 5f / 3f, offset(1e-6f));
        bn.forward(new float[] {10}, 1, y, false);
        float expected = (float) ((10 - 0.25) / Math.sqrt(bn.runningVar[0] + BatchNorm.EPS));
        assertThat(y[0]).isCloseTo(expected, offset(1e-5f));
        float[] z = new float[1];
        bn.infer(new float[] {10}, 1, z);
        assertThat(z[0]).isCloseTo(expected, offset(1e-5f));
        assertThat(bn.gamma.decay).isFalse();
        assertThat(bn.beta.decay).isFalse();
    }

    @Test
    void batchNormBackwardNeedsTrainingMode() {
        BatchNorm bn = new BatchNorm("bn", 2);
        bn.forward(new float[] {1, 2}, 1, new float[2], false);
        assertThatThrownBy(() -> bn.backward(new float[2], new float[2])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("training-mode");
    }

    @Test
    void batchNormGradients() {
        int m = 6, n = 3;
        BatchNorm bn = new BatchNorm("bn", n);
        Rng r = new Rng(5);
        for (int f = 0; f < n; f++) {
            bn.gamma.value[f] = 0.5f + r.nextFloat();
            bn.beta.value[f] = r.nextFloat() - 0.5f;
        }
        float[] x = GradCheck.random(m * n, 8), c = GradCheck.random(m * n, 9), y = new float[m * n], dx = new float[m * n];
        bn.forward(x, m, y, true);
        bn.backward(c, dx);
        GradCheck.params(new Param[] {bn.gamma, bn.beta}, () -> {
            bn.forward(x, m, y, true);
            return GradCheck.dot(c, y, m * n);
        }, 10);
        GradCheck.input(x, m * n, dx, () -> {
            bn.forward(x, m, y, true);
            return GradCheck.dot(c, y, m * n);
        });
    }

    @Test
    void dropoutScalesKeptValuesAndIsOffAtInference() {
        Dropout d = new Dropout(0.5f, 1);
        float[] x = new float[1000], y = new float[1000];
        java.util.Arrays.fill(x, 1f);
        d.forward(x, 1000, y, true);
        int kept = 0;
        for (float v : y) {
            assertThat(v == 0f || v == 2f).isTrue();
            if (v != 0) kept++;
        }
        assertThat(kept).isBetween(430, 570);
        float[] dx = new float[1000];
        d.backward(x, dx);
        assertThat(dx).containsExactly(y);
        d.forward(x, 1000, y, false);
        assertThat(y).containsOnly(1f);
        assertThatThrownBy(() -> new Dropout(1f, 1)).hasMessageContaining("[0, 1)");
    }

    @Test
    void embeddingLooksUpAndAveragesBags() {
        Embedding e = new Embedding("e", 3, 2);
        System.arraycopy(new float[] {0, 0, 1, 2, 3, 6}, 0, e.weight.value, 0, 6);
        float[] out = new float[2 * 3];
        // entity 0 has codes {1, 2}, entity 1 has {2}; written at column 1 of a 3-wide matrix
        int[] start = {0, 2, 3}, codes = {1, 2, 2};
        e.forward(new int[] {0, 1}, 2, start, codes, out, 3, 1);
        assertThat(out).containsExactly(0, 2, 4, 0, 3, 6);
        e.backward(new float[] {0, 1, 1, 0, 2, 2}, 3, 1);
        assertThat(e.weight.grad).containsExactly(0, 0, 0.5f, 0.5f, 2.5f, 2.5f);
        assertThat(e.weight.numTouched()).isEqualTo(2);
        assertThat(Embedding.fastaiSize(944)).isEqualTo(74);
        assertThat(Embedding.fastaiSize(1665)).isEqualTo(102);
    }

    @Test
    void embeddingGradients() {
        Embedding e = new Embedding("e", 5, 3, new Rng(2));
        int[] entity = {0, 1, 2, 1};
        int[] start = {0, 2, 3, 6}, codes = {1, 4, 0, 2, 3, 4};
        int m = 4, stride = 4;
        float[] c = GradCheck.random(m * stride, 3), out = new float[m * stride];
        e.forward(entity, m, start, codes, out, stride, 1);
        e.backward(c, stride, 1);
        GradCheck.params(new Param[] {e.weight}, () -> {
            e.forward(entity, m, start, codes, out, stride, 1);
            return GradCheck.dot(c, out, m * stride);
        }, 15);
    }

    @Test
    void transposeIntoCopiesEveryElementAtOddSizes() {
        for (int[] sz : new int[][] {{1, 1}, {3, 5}, {4, 4}, {7, 3}, {176, 100}, {50, 1}}) {
            int in = sz[0], out = sz[1], tRow = in + 3;
            float[] w = GradCheck.random(in * out, in);
            float[] t = new float[out * tRow];
            java.util.Arrays.fill(t, -7f);
            Linear.transposeInto(w, in, out, t, tRow);
            for (int o = 0; o < out; o++)
                for (int k = 0; k < tRow; k++) assertThat(t[o * tRow + k]).isEqualTo(k < in ? w[k * out + o] : -7f);
        }
    }
}
