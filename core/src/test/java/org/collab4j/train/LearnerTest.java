package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Supplier;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.algo.dotbias.DotProductBias;
import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LearnerTest {
    static final float[] Y_RANGE = {0f, 5.5f};

    /** {@code n} ratings 1..5 with a user and an item effect, so there is something to learn. */
    static Ratings synthetic(int users, int items, int n, long seed) {
        Rng rng = new Rng(seed);
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        for (int r = 0; r < n; r++) {
            u[r] = rng.nextInt(users);
            i[r] = rng.nextInt(items);
            v[r] = Math.max(1, Math.min(5, Math.round(1 + 4f * ((u[r] % 7) / 6f * 0.5f + (i[r] % 5) / 4f * 0.5f))));
        }
        String[] uid = new String[users], iid = new String[items];
        for (int j = 0; j < users; j++) uid[j] = "u" + j;
        for (int j = 0; j < items; j++) iid[j] = "i" + j;
        return new Ratings(u, i, v, null, IdIndex.of(uid), IdIndex.of(iid), new RatingScale(1, 5));
    }

    static Param[] fit(Ratings data, Split split, Optimizer opt, int factors, int threads, long seed, int epochs) {
        DotProductBias model = new DotProductBias(data.numUsers(), data.numItems(), factors, Y_RANGE, seed);
        Learner learner = new Learner(model, data, split, opt, 64, threads, seed).parallelStepMinimum(65_536);
        learner.fitOneCycle(epochs, 5e-3, 0.1);
        return model.params();
    }

    @Test
    void oneThreadAndOneSeedReproduceBitForBit() {
        Ratings data = synthetic(60, 40, 2000, 1);
        Split split = Splits.random(data, 0.2, 3);
        DotProductBias a = new DotProductBias(60, 40, 8, Y_RANGE, 7), b = new DotProductBias(60, 40, 8, Y_RANGE, 7);
        Learner la = new Learner(a, data, split, new Adam(), 64, 1, 7);
        Learner lb = new Learner(b, data, split, new Adam(), 64, 1, 7);
        History ha = la.fitOneCycle(2, 5e-3, 0.1), hb = lb.fitOneCycle(2, 5e-3, 0.1);
        for (int p = 0; p < a.params().length; p++) assertThat(a.params()[p].value).containsExactly(b.params()[p].value);
        assertThat(ha.batchLosses()).containsExactly(hb.batchLosses());
        assertThat(ha.last().validLoss()).isEqualTo(hb.last().validLoss());

        // and another seed gives another model
        DotProductBias c = new DotProductBias(60, 40, 8, Y_RANGE, 7);
        new Learner(c, data, split, new Adam(), 64, 1, 8).fitOneCycle(2, 5e-3, 0.1);
        assertThat(c.params()[0].value).isNotEqualTo(a.params()[0].value);
    }

    /**
     * The step runner only uses several threads when a model has at least
     * {@code parallelStepMinimum} values (set to 65,536 here), so the model is 1000 x 60 + 400 x 60
     * factors (85,400 values with biases).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"adam", "lazy-adam", "sgd"})
    void oneAndTwoThreadsGiveIdenticalParameters(String optimizer) {
        Ratings data = synthetic(1000, 400, 12_000, 2);
        Split split = Splits.random(data, 0.1, 4);
        Supplier<Optimizer> opt = switch (optimizer) {
            case "adam" -> Adam::new;
            case "lazy-adam" -> LazyAdam::new;
            default -> Sgd::new;
        };
        Param[] one = fit(data, split, opt.get(), 60, 1, 9, 1);
        Param[] two = fit(data, split, opt.get(), 60, 2, 9, 1);
        long values = 0;
        for (int p = 0; p < one.length; p++) {
            assertThat(two[p].value).as(one[p].name).containsExactly(one[p].value);
            values += one[p].size();
        }
        assertThat(values).isGreaterThanOrEqualTo(65_536);
    }

    @Test
    void adamOptionChoosesDenseOrLazyAdam() {
        TrainConfig c = TrainConfig.defaults();
        assertThat(Recipes.optimizer(c)).isInstanceOf(Adam.class);
        assertThat(Recipes.optimizer(c.withExtra("adam", "dense"))).isInstanceOf(Adam.class);
        assertThat(Recipes.optimizer(c.withExtra("adam", "lazy"))).isInstanceOf(LazyAdam.class);
        assertThatThrownBy(() -> Recipes.optimizer(c.withExtra("adam", "sparse")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adam must be dense or lazy, got 'sparse'");
    }

    /** A learner given the model's threads ({@link Learner#parallel}) steps on them, with the same numbers as one thread. */
    @Test
    void aSharedParallelGivesTheSameParametersAsOneThread() {
        Ratings data = synthetic(1000, 400, 12_000, 2);
        Split split = Splits.random(data, 0.1, 4);
        Param[] one = fit(data, split, new Adam(), 60, 1, 9, 1);
        DotProductBias model = new DotProductBias(data.numUsers(), data.numItems(), 60, Y_RANGE, 9);
        try (org.collab4j.kernel.Workers p = new org.collab4j.kernel.Workers(2)) {
            new Learner(model, data, split, new Adam(), 64, 2, 9).parallel(p).fitOneCycle(1, 5e-3, 0.1);
            // and the caller's threads are still usable afterwards
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            p.run(2, q -> n.incrementAndGet());
            assertThat(n.get()).isEqualTo(2);
        }
        for (int q = 0; q < one.length; q++) assertThat(model.params()[q].value).as(one[q].name).containsExactly(one[q].value);
    }

    /**
     * With one batch per epoch that touches every user and item and no weight decay, lazy Adam
     * is dense Adam bit for bit, provided the constant-rate fit gives both fastai's momentum 0.9.
     */
    @Test
    void constantRateFitGivesLazyAdamTheSameMomentumAsAdam() {
        Ratings data = new Ratings(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 2, 0, 2}, new float[] {5, 3, 4, 1, 2, 5},
                null, IdIndex.of("a", "b", "c"), IdIndex.of("x", "y", "z"), new RatingScale(1, 5));
        Split split = new Split("all", data.allRows(), new int[0]);
        DotProductBias dense = new DotProductBias(3, 3, 2, Y_RANGE, 3), lazy = new DotProductBias(3, 3, 2, Y_RANGE, 3);
        new Learner(dense, data, split, new Adam(), 64, 1, 1).fit(4, 1e-2, 0);
        new Learner(lazy, data, split, new LazyAdam(), 64, 1, 1).fit(4, 1e-2, 0);
        for (int p = 0; p < dense.params().length; p++)
            assertThat(lazy.params()[p].value).as(dense.params()[p].name).containsExactly(dense.params()[p].value);
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
        EarlyStopping es = new EarlyStopping(2, 0.01);
        es.beforeFit(10, 1);
        double[] valid = {1.0, 0.9, 0.895, 0.85, 0.86, 0.849};
        boolean[] expectStop = {false, false, false, false, false, true};
        // 0.895 is within minDelta of 0.9 (wait 1); 0.85 improves (wait 0); 0.86 (wait 1); 0.849 not by 0.01 (wait 2: stop)
        for (int e = 0; e < valid.length; e++) {
            es.afterEpoch(new EpochResult(e, 1, valid[e], 0));
            assertThat(es.stop()).as("after epoch %d", e).isEqualTo(expectStop[e]);
        }
        es.beforeFit(10, 1);
        assertThat(es.stop()).isFalse();
        assertThatThrownBy(() -> new EarlyStopping(0, 0)).hasMessageContaining("patience");
    }

    @Test
    void learnerEndsTrainingWhenEarlyStoppingSaysSo() {
        Ratings data = synthetic(30, 20, 500, 3);
        Split split = Splits.random(data, 0.2, 1);
        DotProductBias model = new DotProductBias(30, 20, 4, Y_RANGE, 1);
        Learner learner = new Learner(model, data, split, new Adam(), 64, 1, 1);
        // nothing improves by 100: epoch 0 sets the best, epochs 1 and 2 wait, training ends after 3 of 10
        learner.addCallback(new EarlyStopping(2, 100));
        History h = learner.fit(10, 1e-3, 0);
        assertThat(h.epochs()).hasSize(3);
        int batches = (split.numTrain() + 63) / 64;
        assertThat(h.batchLosses()).hasSize(3 * batches);
    }

    @Test
    void historyRecordsOneLossAndRatePerBatch() {
        Ratings data = synthetic(20, 10, 125, 4);
        Split split = Splits.random(data, 0.2, 1); // 100 training rows: batches of 32, 32, 32, 4
        DotProductBias model = new DotProductBias(20, 10, 3, Y_RANGE, 1);
        Learner learner = new Learner(model, data, split, new Adam(), 32, 1, 1);
        History h = learner.fitOneCycle(3, 1e-2, 0.1);
        assertThat(h.batchLosses()).hasSize(12);
        assertThat(learner.steps()).isEqualTo(12);
        assertThat(h.epochs()).extracting(EpochResult::epoch).containsExactly(0, 1, 2);
        Schedule s = Schedule.oneCycle(1e-2);
        float[] rates = h.batchRates();
        for (int b = 0; b < 12; b++) assertThat(rates[b]).isEqualTo((float) s.lr(b / 12.0));
        // the epoch's train loss is the debiased smooth of the batch losses at the epoch's end
        float[] smooth = History.smooth(h.batchLosses(), 0.98);
        for (int e = 0; e < 3; e++)
            assertThat(h.epochs().get(e).trainLoss()).isCloseTo(smooth[4 * e + 3], within(1e-5 * smooth[4 * e + 3]));
        for (float loss : h.batchLosses()) assertThat(loss).isPositive();
    }

    @Test
    void smoothIsFastaisDebiasedMovingAverage() {
        // beta 0.5, losses 1, 2, 3:
        //   avg 0.5   / (1 - 0.5)   = 1
        //   avg 1.25  / (1 - 0.25)  = 1.6666667
        //   avg 2.125 / (1 - 0.125) = 2.4285714
        assertThat(History.smooth(new float[] {1, 2, 3}, 0.5)).containsExactly(new float[] {1f, 1.6666667f, 2.4285714f},
                within(1e-6f));
        // a constant loss stays constant under debiasing
        assertThat(History.smooth(new float[] {2, 2, 2, 2}, 0.98)).containsExactly(new float[] {2, 2, 2, 2}, within(1e-6f));
    }

    @Test
    void hugeLearningRateDiverges() {
        Ratings data = synthetic(30, 20, 500, 5);
        Split split = Splits.random(data, 0.2, 1);
        DotProductBias model = new DotProductBias(30, 20, 4, null, 1); // no sigmoid to bound the predictions
        Learner learner = new Learner(model, data, split, new Sgd(), 64, 1, 1);
        assertThatThrownBy(() -> learner.fit(3, 1e12, 0))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged")
                .hasMessageContaining("--lr");
    }

    /*
     * k = 1, no y_range, global 3: predictions p_u q_i + 3 with p = (1, 2), q = (0.5, -1):
     *   (0,0) 3.5   (0,1) 2   (1,0) 4   (1,1) 1
     * Validation rows (0,0) rated 4 and (1,1) rated 2: errors -0.5 and -1, MSE (0.25 + 1)/2 = 0.625.
     */
    @Test
    void validLossIsTheMeanSquaredErrorOnValidationRows() {
        FactorModel fm = new FactorModel("dot-bias", 2, 2, 1, new float[] {1f, 2f}, new float[] {0.5f, -1f},
                new float[2], new float[2], 3f, null);
        Ratings data = new Ratings(new int[] {0, 1, 0, 1}, new int[] {0, 1, 1, 0}, new float[] {4f, 2f, 5f, 5f}, null,
                IdIndex.of("a", "b"), IdIndex.of("x", "y"), new RatingScale(1, 5));
        Learner learner = new Learner(new DotProductBias(fm), data, new Split("hand", new int[] {2, 3}, new int[] {0, 1}),
                new Adam(), 64, 1, 1);
        assertThat(learner.validLoss()).isEqualTo(0.625);
        Learner noValid = new Learner(new DotProductBias(fm), data, new Split("all", data.allRows(), new int[0]), new Adam(), 64, 1, 1);
        assertThat(noValid.validLoss()).isNaN();
    }

    @Test
    void rejectsBadArguments() {
        Ratings data = synthetic(5, 5, 20, 6);
        Split split = Splits.random(data, 0.2, 1);
        DotProductBias model = new DotProductBias(5, 5, 2, Y_RANGE, 1);
        assertThatThrownBy(() -> new Learner(model, data, split, new Adam(), 0, 1, 1)).hasMessageContaining("batch size");
        assertThatThrownBy(() -> new Learner(model, data, split, new Adam(), 8, 0, 1)).hasMessageContaining("threads");
        assertThatThrownBy(() -> new Learner(model, data, new Split("empty", new int[0], data.allRows()), new Adam(), 8, 1, 1))
                .hasMessageContaining("no training ratings");
        assertThatThrownBy(() -> new Learner(model, data, split, new Adam(), 8, 1, 1).fit(0, 1e-3, 0)).hasMessageContaining("epochs");
    }
}
