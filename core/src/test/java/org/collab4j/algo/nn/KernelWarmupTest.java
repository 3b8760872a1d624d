package org.collab4j.algo.nn;

import org.collab4j.kernel.Workers;
import org.collab4j.nn.GradCheck;
import org.collab4j.nn.Linear;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.kernel.Rng;
import org.collab4j.model.TinyData;
import org.collab4j.train.Fixtures;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

public class KernelWarmupTest {
    @Test
    void widthsTakeEveryPathOfTheKernels() {
        for (int l : new int[] {4, 8, 16}) {
            int[] w = KernelWarmup.widths(l);
            boolean twoVectorBlock = false, oneVectorBlock = false, partialVector = false, rowRemainder = false;
            for (int j = 0; j + 1 < w.length; j++) {
                int out = w[j + 1], vectors = (out + l - 1) / l;
                twoVectorBlock |= vectors >= 2;
                oneVectorBlock |= vectors % 2 == 1;       // forward: a block of one vector after the pairs
                partialVector |= out % l != 0;
                rowRemainder |= w[j] % 4 != 0;            // weight gradient: rows of the weight in blocks of four
            }
            assertThat(twoVectorBlock && oneVectorBlock && partialVector && rowRemainder).as("L=%d, widths %s", l, w).isTrue();
            assertThat(KernelWarmup.ROWS % 4).isNotZero(); // forward and input gradient: a remainder of batch rows
            assertThat(w[w.length - 1]).isEqualTo(1);
        }
    }

    @Test
    void stopsWhenClosed() throws InterruptedException {
        assumeTrue(Linear.SIMD, "the Vector API is off: nothing to warm");
        KernelWarmup w = KernelWarmup.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (w.rounds() == 0 && System.nanoTime() < deadline) Thread.sleep(1);
        assertThat(w.rounds()).isPositive();
        w.close();
        Thread.sleep(50);
        long r = w.rounds();
        Thread.sleep(50);
        assertThat(w.rounds()).as("no round after close").isLessThanOrEqualTo(r + 1);
    }

    @Test
    void noneWithoutTheVectorApi() {
        if (!Linear.SIMD) assertThat(KernelWarmup.start()).isSameAs(KernelWarmup.NONE);
        KernelWarmup.NONE.close();
        assertThat(KernelWarmup.NONE.rounds()).isZero();
    }

    @Test
    void aLayerGivesTheSameNumbersWhileTheWarmupRuns() {
        float[] alone = linearProducts();
        try (KernelWarmup w = KernelWarmup.start()) {
            for (int rep = 0; rep < 20; rep++) assertThat(linearProducts()).containsExactly(alone);
        }
    }

    @Test
    void trainingGivesTheSameNumbersWithAndWithoutTheWarmup() {
        Dataset d = TinyData.dataset();
        TrainConfig c = new TrainConfig(50, 3, 5e-3, 0.1, 4, "adam", "one-cycle", null, 2, 7, Map.of("layers", "20,10"));
        float[] without = trainedParams(d, c);
        float[] with;
        try (KernelWarmup w = KernelWarmup.start()) {
            with = trainedParams(d, c);
        }
        assertThat(with).containsExactly(without);
    }

    private static float[] trainedParams(Dataset d, TrainConfig c) {
        var model = (org.collab4j.algo.nn.EmbeddingNN) new NnTrainer().train(d, Fixtures.all(d.ratings()), c, List.of()).model();
        int n = 0;
        for (var p : model.params()) n += p.value.length;
        float[] all = new float[n];
        int at = 0;
        for (var p : model.params()) {
            System.arraycopy(p.value, 0, all, at, p.value.length);
            at += p.value.length;
        }
        return all;
    }

    private static float[] linearProducts() {
        return linearProducts(Workers.SERIAL);
    }

    /** Output, input gradient and weight gradient of a 51 -> 43 layer on 66 rows, products split over {@code p}. */
    public static float[] linearProducts(Workers p) {
        int m = 66, in = 51, out = 43;
        Linear l = new Linear("l", in, out, new Rng(8));
        l.setParallel(p);
        float[] x = GradCheck.random(m * in, 9), dy = GradCheck.random(m * out, 10), y = new float[m * out], dx = new float[m * in];
        l.forward(x, m, y);
        l.backward(dy, dx);
        float[] all = new float[y.length + dx.length + l.weight.grad.length];
        System.arraycopy(y, 0, all, 0, y.length);
        System.arraycopy(dx, 0, all, y.length, dx.length);
        System.arraycopy(l.weight.grad, 0, all, y.length + dx.length, l.weight.grad.length);
        return all;
    }
}
