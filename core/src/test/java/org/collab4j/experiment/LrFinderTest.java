package org.collab4j.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.RatingModel;
import org.collab4j.train.Param;
import org.collab4j.train.Sgd;
import org.collab4j.train.Trainable;
import org.junit.jupiter.api.Test;

class LrFinderTest {
    /** A model with one parameter w that predicts w for every rating: loss (w - y)^2. */
    static final class Constant implements Trainable {
        final float[] w = {0f};
        final Param[] params = {new Param("w", w, 1)};
        int m;

        public Param[] params() {
            return params;
        }

        public void forward(Ratings data, int[] rows, int from, int to, float[] out) {
            m = to - from;
            for (int j = 0; j < m; j++) out[j] = w[0];
        }

        public void backward(float[] dOut) {
            for (int j = 0; j < m; j++) params[0].grad[0] += dOut[j];
        }

        public RatingModel model() {
            return null;
        }
    }

    static Ratings ratings(int n, float value) {
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return new Ratings(u, i, v, null, IdIndex.of("u"), IdIndex.of("i"), new RatingScale(1, 5));
    }

    static int[] all(int n) {
        int[] r = new int[n];
        for (int j = 0; j < n; j++) r[j] = j;
        return r;
    }

    @Test
    void rateGrowsExponentiallyFromStartToEndOverNumIt() {
        LrFinder f = new LrFinder(1e-7, 10, 100);
        assertThat(f.lr(0)).isEqualTo(1e-7);
        assertThat(f.lr(50)).isCloseTo(1e-7 * Math.pow(1e8, 0.5), within(1e-15));
        assertThat(f.lr(100)).isCloseTo(10, within(1e-9));
    }

    @Test
    void recordsEachBatchRateAndTheDebiasedSmoothedLossUntilItDiverges() {
        // w starts at 0, targets are 1: SGD w -= lr * 2 (w - 1) converges while lr < 1 and
        // oscillates with growing amplitude beyond, so the smoothed loss blows past 4x its minimum
        Ratings data = ratings(8, 1f);
        LrFinder f = new LrFinder(1e-3, 100, 40);
        LrFinder.Result r = f.run(new Constant(), data, all(8), new Sgd(), 4, 0, 1, 1);
        assertThat(r.diverged()).isTrue();
        int n = r.lrs().length;
        assertThat(n).isBetween(2, 39);
        for (int i = 0; i < n; i++) assertThat(r.lrs()[i]).isCloseTo(f.lr(i), within(f.lr(i) * 1e-6));
        // replay: the first losses are (w - 1)^2 with w updated by SGD, smoothed with beta 0.98
        double w = 0, avg = 0, best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double loss = (w - 1) * (w - 1);
            avg = 0.98 * avg + 0.02 * loss;
            double smooth = avg / (1 - Math.pow(0.98, i + 1));
            assertThat(r.losses()[i]).isCloseTo(smooth, within(1e-4 * Math.max(1, smooth)));
            best = Math.min(best, smooth);
            if (i < n - 1) assertThat(smooth).isLessThanOrEqualTo(4 * best);
            w -= (float) f.lr(i) * 2 * (w - 1);
            w = (float) w;
        }
        assertThat(r.losses()[n - 1]).isGreaterThan(4 * best - 1e-9);
        // a loss of 0 at the minimum means 4x the minimum is first exceeded as soon as the loss is not tiny;
        // the run stopped at the first batch whose smoothed loss broke the rule
    }

    @Test
    void stopsAfterNumItBatchesWhenNothingDiverges() {
        Ratings data = ratings(1000, 1f);
        LrFinder f = new LrFinder(1e-6, 1e-3, 30);
        LrFinder.Result r = f.run(new Constant(), data, all(1000), new Sgd(), 10, 0, 1, 1);
        assertThat(r.diverged()).isFalse();
        assertThat(r.lrs()).hasSize(30);
        assertThat(r.lrs()[29]).isCloseTo(f.lr(29), within(1e-12));
    }

    @Test
    void runsSeveralEpochsWhenTheDataHasFewerBatchesThanNumIt() {
        Ratings data = ratings(6, 1f);
        LrFinder f = new LrFinder(1e-6, 1e-3, 25);
        LrFinder.Result r = f.run(new Constant(), data, all(6), new Sgd(), 4, 0, 1, 1);
        assertThat(r.lrs()).hasSize(25);
        for (int i = 0; i < 25; i++) assertThat(r.lrs()[i]).isCloseTo(f.lr(i), within(f.lr(i) * 1e-6));
    }

    @Test
    void valleyFindsTheLongestDescentAndPicksItsFastaiIndex() {
        // up, then a 7-point descent (indices 2..8), then up again
        double[] losses = {5, 6, 9, 8, 7, 6, 5, 4, 3, 4, 8};
        // lds[8] = 7 (9>8>7>6>5>4>3), start = 8 - 7 = 1, sections = 7/3, idx = 1 + 2 + 1 = 4
        assertThat(LrFinder.valley(losses)).isEqualTo(4);
        // a strictly decreasing curve of 10 points: end 9, start -1, sections 10/3: idx = -1 + 3 + 1 = 3
        double[] down = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertThat(LrFinder.valley(down)).isEqualTo(3);
        assertThat(LrFinder.valley(new double[] {1})).isZero();
    }

    @Test
    void steepFindsTheMostNegativeSlopeInLogRate() {
        double[] lrs = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        double[] losses = {2.0, 1.9, 1.0, 0.8, 3.0};
        assertThat(LrFinder.steep(lrs, losses)).isEqualTo(1);
        // unequal spacing: the same drop over a shorter log step is steeper
        double[] lrs2 = {1e-4, 1e-2, 2e-2, 1e-1};
        double[] losses2 = {2.0, 1.5, 1.0, 0.9};
        assertThat(LrFinder.steep(lrs2, losses2)).isEqualTo(1);
        assertThatThrownBy(() -> LrFinder.steep(new double[] {1}, new double[] {1})).hasMessageContaining("at least 2");
    }

    @Test
    void suggestionsComeFromTheTrimmedCurve() {
        Ratings data = ratings(2000, 1f);
        LrFinder.Result r = new LrFinder(1e-4, 10, 100).run(new Constant(), data, all(2000), new Sgd(), 10, 0, 1, 3);
        assertThat(r.lrs().length).isGreaterThan(20);
        assertThat(r.valley()).isBetween(r.lrs()[10], r.lrs()[r.lrs().length - 6]);
        assertThat(r.steep()).isBetween(r.lrs()[10], r.lrs()[r.lrs().length - 6]);
        // too short a curve gives no suggestion
        LrFinder.Result tiny = new LrFinder(1e-6, 1e-3, 6).run(new Constant(), data, all(2000), new Sgd(), 10, 0, 1, 3);
        assertThat(tiny.valley()).isNaN();
    }

    @Test
    void refusesBadSettings() {
        assertThatThrownBy(() -> new LrFinder(1, 0.5, 100)).hasMessageContaining("0 < start < end");
        assertThatThrownBy(() -> new LrFinder(1e-7, 10, 1)).hasMessageContaining("at least 2 iterations");
        assertThatThrownBy(() -> new LrFinder().run(new Constant(), ratings(1, 1), new int[0], new Sgd(), 4, 0, 1, 1))
                .hasMessageContaining("no training ratings");
    }
}
