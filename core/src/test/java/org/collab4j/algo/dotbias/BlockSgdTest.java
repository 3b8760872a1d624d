package org.collab4j.algo.dotbias;

import org.collab4j.kernel.Simd;
import org.collab4j.train.History;
import org.collab4j.train.Schedule;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Ratings;
import org.collab4j.eval.Metrics;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.model.FactorModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class BlockSgdTest {
    static Dataset ml100k() {
        String env = System.getenv("COLLAB4J_DATA");
        Assumptions.assumeTrue(env != null && !env.isBlank() && !env.startsWith("${")
                && Files.isRegularFile(Path.of(env, "ml-100k", "u.data")), "COLLAB4J_DATA with ml-100k not set");
        return DataLoader.load(Path.of(env, "ml-100k", "u.data"), LoadOptions.builder().keepTime(false).build());
    }

    static TrainConfig sgd(int threads, int epochs) {
        return new TrainConfig(32, epochs, 0.01, 0.05, 64, "sgd", "constant", null, threads, 7, java.util.Map.of());
    }

    @Test
    void parallelAndSingleThreadedSgdReachTheSameAccuracyBandOnMovieLens100k() {
        Dataset ml = ml100k();
        Split split = Splits.random(ml.ratings(), 0.2, 42);
        double one = rmse(ml, split, sgd(1, 20));
        double two = rmse(ml, split, sgd(2, 20));
        double four = rmse(ml, split, sgd(4, 20));
        // a global-mean predictor scores about 1.12 and a bias-only model about 0.94 on this split
        assertThat(one).isBetween(0.90, 0.94);
        assertThat(two).isCloseTo(one, within(0.005));
        assertThat(four).isCloseTo(one, within(0.005));
    }

    private static double rmse(Dataset ml, Split split, TrainConfig config) {
        TrainResult r = new DotBiasTrainer().train(ml, split, config, List.of());
        assertThat(r.history().epochs()).hasSize(config.epochs());
        return Metrics.accuracy(r.model(), ml.ratings(), split.valid()).rmse();
    }

    @Test
    void oneThreadAndOneSeedGiveTheSameModelBitForBit() {
        Ratings r = BlockGridTest.randomRatings(300, 200, 6000, 3);
        org.collab4j.data.Dataset d = new org.collab4j.data.Dataset("random", r, null, null, null);
        Split split = Splits.random(r, 0.2, 1);
        FactorModel a = (FactorModel) new DotBiasTrainer().train(d, split, sgd(1, 3), List.of()).model();
        FactorModel b = (FactorModel) new DotBiasTrainer().train(d, split, sgd(1, 3), List.of()).model();
        assertThat(a.userFactors()).containsExactly(b.userFactors());
        assertThat(a.itemFactors()).containsExactly(b.itemFactors());
        assertThat(a.userBias()).containsExactly(b.userBias());
        assertThat(a.itemBias()).containsExactly(b.itemBias());
        FactorModel c = (FactorModel) new DotBiasTrainer().train(d, split, sgd(1, 3).withSeed(8), List.of()).model();
        assertThat(c.userFactors()).isNotEqualTo(a.userFactors());
    }

    /** Training moves the rows into grid order and back: with a zero rate every row ends where it started. */
    @Test
    void fitLeavesTheModelInItsOwnNumbering() {
        Ratings r = BlockGridTest.randomRatings(300, 200, 6000, 3);
        Split split = Splits.random(r, 0.2, 1);
        for (int threads : new int[] {1, 2}) {
            FactorModel m = FactorModel.initialized("dot-bias", 300, 200, 8, 0.1f, 0.5f, new float[] {0f, 5.5f}, 2);
            FactorModel before = m.copy();
            BlockSgd sgd = new BlockSgd(r, split, threads, 5, 8, 3);
            History h = sgd.fit(m, 2, Schedule.constant(0, 0), 0f, 0f);
            assertThat(m.userFactors()).containsExactly(before.userFactors());
            assertThat(m.itemFactors()).containsExactly(before.itemFactors());
            // the validation loss during training read the rows where they were (to the precision of
            // the step's sigmoid, which the pass shares: absolute error below 3e-7; a row read from
            // the wrong place would be off by the size of a rating)
            double se = 0;
            for (int row : split.valid()) {
                double e = before.predict(r.user(row), r.item(row)) - r.value(row);
                se += e * e;
            }
            assertThat(h.epochs().get(1).validLoss()).isCloseTo(se / split.numValid(), within(1e-6));
        }
    }

    @Test
    void theDefaultGridKeepsABlocksItemRowsSmallEnoughForL2() {
        // synth-10m (10,000 items at 32 factors: 1.3 MB of item rows) keeps 4 x threads + 2
        assertThat(BlockSgd.defaultBins(2, 70_000, 10_000, 32)).isEqualTo(10);
        assertThat(BlockSgd.defaultBins(1, 70_000, 10_000, 32)).isEqualTo(8);
        // synth-25m: 59,000 items x 33 floats = 7.8 MB of item rows, cut into blocks of at most 384 KB
        assertThat(BlockSgd.defaultBins(2, 162_000, 59_000, 32)).isEqualTo(20);
        // a bin holds at most 65536 users
        assertThat(BlockSgd.defaultBins(2, 2_000_000, 100, 8)).isEqualTo(31);
    }

    @Test
    void theTableSigmoidMatchesTheLogisticFunction() {
        for (float x = -40f; x <= 40f; x += 0.0007f) {
            double want = 1 / (1 + Math.exp(-x));
            assertThat((double) Simd.sigmoid(x)).as("x = %s", x).isCloseTo(want, within(3e-7));
        }
        assertThat(Simd.sigmoid(16f)).isCloseTo(1f, within(2e-7f));
        assertThat(Simd.sigmoid(Float.POSITIVE_INFINITY)).isCloseTo(1f, within(2e-7f));
        assertThat(Simd.sigmoid(Float.NEGATIVE_INFINITY)).isCloseTo(0f, within(2e-7f));
        assertThat(Simd.sigmoid(Float.NaN)).isNaN();
    }

    /**
     * One step moves each parameter by -lr times the derivative of the per-rating loss, checked by
     * finite differences; at 5 factors (the general loops) and 32 (the straight-line kernels).
     */
    @Test
    void oneStepFollowsTheFiniteDifferenceGradientOfThePerRatingLoss() {
        for (int k : new int[] {5, 32}) {
            for (float[] yRange : new float[][] {{0f, 5.5f}, null}) {
                FactorModel m = FactorModel.initialized("dot-bias", 1, 1, k, 0.3f, 0.4f, yRange, 11);
                m.userBias()[0] = 0.2f;
                m.itemBias()[0] = -0.1f;
                float r = 4f, l2 = 0.05f, bl2 = 0.02f, lr = 1e-3f;
                double[] grad = new double[2 * k + 2];
                for (int j = 0; j < grad.length; j++) grad[j] = numericGradient(m, j, r, l2, bl2);
                FactorModel before = m.copy();
                SgdKernel.run(m, new int[] {0}, new int[] {0}, new float[] {r}, 0, 1, lr, l2, bl2);
                for (int j = 0; j < grad.length; j++) {
                    double moved = get(m, j) - get(before, j);
                    assertThat(moved).as("parameter %d", j).isCloseTo(-lr * grad[j], within(2e-6 + 1e-3 * Math.abs(lr * grad[j])));
                }
            }
        }
    }

    /** Parameter j: p_0[0..k), q_0[0..k), b_u, b_i. */
    private static double get(FactorModel m, int j) {
        int k = m.factors();
        if (j < k) return m.userFactors()[j];
        if (j < 2 * k) return m.itemFactors()[j - k];
        return j == 2 * k ? m.userBias()[0] : m.itemBias()[0];
    }

    private static void set(FactorModel m, int j, float v) {
        int k = m.factors();
        if (j < k) m.userFactors()[j] = v;
        else if (j < 2 * k) m.itemFactors()[j - k] = v;
        else if (j == 2 * k) m.userBias()[0] = v;
        else m.itemBias()[0] = v;
    }

    private static double loss(FactorModel m, float r, float l2, float bl2) {
        double e = r - m.predict(0, 0);
        double reg = 0;
        for (float x : m.userFactors()) reg += l2 * x * x;
        for (float x : m.itemFactors()) reg += l2 * x * x;
        reg += bl2 * (m.userBias()[0] * m.userBias()[0] + m.itemBias()[0] * m.itemBias()[0]);
        return (e * e + reg) / 2;
    }

    private static double numericGradient(FactorModel m, int j, float r, float l2, float bl2) {
        float v = (float) get(m, j), h = 1e-2f;
        set(m, j, v + h);
        double up = loss(m, r, l2, bl2);
        set(m, j, v - h);
        double down = loss(m, r, l2, bl2);
        set(m, j, v);
        return (up - down) / (2 * h);
    }

    /** The validation copy, read back in original indices, holds every validation rating of the plain columns, each once. */
    @Test
    void theValidationCopyGivesBackEveryValidationRatingOfThePlainColumns() {
        Ratings r = BlockGridTest.randomRatings(300, 200, 6000, 4);
        Split split = Splits.random(r, 0.2, 5);
        BlockSgd sgd = new BlockSgd(r, split, 2, 5, 8, 6);
        Ratings v = sgd.validation(r.userIds(), r.itemIds(), r.scale());
        assertThat(v.size()).isEqualTo(split.numValid());
        assertThat(v.userIds()).isSameAs(r.userIds());
        assertThat(v.hasTime()).isFalse();
        java.util.List<String> expected = new java.util.ArrayList<>(), got = new java.util.ArrayList<>();
        for (int row : split.valid()) expected.add(r.user(row) + " " + r.item(row) + " " + Float.floatToIntBits(r.value(row)));
        for (int j = 0; j < v.size(); j++) got.add(v.user(j) + " " + v.item(j) + " " + Float.floatToIntBits(v.value(j)));
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        // grouped by user: a user's ratings are consecutive
        java.util.Set<Integer> done = new java.util.HashSet<>();
        for (int j = 0; j < v.size(); j++) {
            if (j > 0 && v.user(j) != v.user(j - 1)) assertThat(done.add(v.user(j - 1))).isTrue();
        }
        assertThat(done).doesNotContain(v.user(v.size() - 1));
    }
}
