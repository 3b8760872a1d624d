package org.collab4j.algo.bpmf;

import org.collab4j.kernel.Cholesky;
import org.collab4j.kernel.Sampling;
import org.collab4j.kernel.Workers;
import org.collab4j.train.EpochReporter;
import org.collab4j.train.Fixtures;
import org.collab4j.train.RatingMatrix;
import org.collab4j.train.TrainConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.kernel.Rng;
import org.junit.jupiter.api.Test;

class BpmfTrainerTest {
    @Test
    void wishartDrawsHaveTheRightMean() {
        // E[W(S^-1, nu)] = nu S^-1; S = [[2, 0.5], [0.5, 1]], S^-1 = [[1, -0.5], [-0.5, 2]] / 1.75
        double[] s = {2, 0.5, 0.5, 1};
        double nu = 7;
        Rng rng = new Rng(1);
        double[] sum = new double[4], draw = new double[4];
        int n = 20_000;
        for (int t = 0; t < n; t++) {
            Sampling.wishartFromInverseScale(rng, s, 2, nu, draw);
            for (int j = 0; j < 4; j++) sum[j] += draw[j];
        }
        double[] expected = {nu / 1.75, -0.5 * nu / 1.75, -0.5 * nu / 1.75, 2 * nu / 1.75};
        for (int j = 0; j < 4; j++) assertThat(sum[j] / n).as("entry %d", j).isCloseTo(expected[j], within(0.06 * Math.abs(expected[3])));
    }

    @Test
    void gammaDrawsHaveTheRightMeanAndVariance() {
        Rng rng = new Rng(2);
        for (double shape : new double[] {0.5, 1, 3.5, 400}) {
            int n = 40_000;
            double s = 0, s2 = 0;
            for (int t = 0; t < n; t++) {
                double g = Sampling.gamma(rng, shape);
                s += g;
                s2 += g * g;
            }
            double mean = s / n, var = s2 / n - mean * mean;
            assertThat(mean).as("mean of Gamma(%s)", shape).isCloseTo(shape, within(0.03 * shape + 0.01));
            assertThat(var).as("variance of Gamma(%s)", shape).isCloseTo(shape, within(0.06 * shape + 0.02));
        }
    }

    @Test
    void conditionalRowDrawsHaveThePosteriorMeanAndCovariance() {
        // precision A = [[3, 1], [1, 2]], b = [1, -1]: mean A^-1 b = [0.6, -0.8], covariance A^-1 = [[0.4, -0.2], [-0.2, 0.6]]
        Rng rng = new Rng(3);
        int n = 50_000;
        double[] sum = new double[2], sq = new double[4];
        for (int t = 0; t < n; t++) {
            double[] a = {3, 1, 1, 2};
            double[] y = {1, -1};
            Cholesky.decompose(a, 2);
            Cholesky.forward(a, 2, y);
            Sampling.normalFromForward(rng, a, 2, y);
            sum[0] += y[0];
            sum[1] += y[1];
            sq[0] += y[0] * y[0];
            sq[1] += y[0] * y[1];
            sq[3] += y[1] * y[1];
        }
        double m0 = sum[0] / n, m1 = sum[1] / n;
        assertThat(m0).isCloseTo(0.6, within(0.01));
        assertThat(m1).isCloseTo(-0.8, within(0.01));
        assertThat(sq[0] / n - m0 * m0).isCloseTo(0.4, within(0.01));
        assertThat(sq[1] / n - m0 * m1).isCloseTo(-0.2, within(0.01));
        assertThat(sq[3] / n - m1 * m1).isCloseTo(0.6, within(0.015));
    }

    @Test
    void posteriorPredictionsRecoverTheGeneratingModelWithinABand() {
        // truth: rank 2 plus biases, noise sd 0.5 (alpha 4), half the pairs observed, 20% of those held out
        int users = 120, items = 90;
        double[] truth = new double[users * items];
        Ratings r = Fixtures.lowRank(users, items, 2, 0.5, 0.5, 17, truth);
        Split split = Splits.random(r, 0.2, 5);
        // the paper's sampler, told the true noise precision
        TrainConfig c = TrainConfig.defaults().withFactors(4).withThreads(2).withExtra("alpha", "4").withExtra("sample-alpha", "false")
                .withExtra("robust", "0").withExtra("burn-in", "30").withExtra("samples", "80");
        BpmfModel m = (BpmfModel) new BpmfTrainer().train(Fixtures.dataset(r), split, c, List.of()).model();
        assertThat(m.samples()).isEqualTo(80);
        double seTruth = 0, seRating = 0, seMean = 0;
        double mean = r.mean(split.train());
        for (int row : split.valid()) {
            int u = r.user(row), i = r.item(row);
            double p = m.predict(u, i), t = truth[u * items + i];
            seTruth += (p - t) * (p - t);
            seRating += (p - r.value(row)) * (p - r.value(row));
            seMean += (mean - t) * (mean - t);
        }
        int n = split.numValid();
        double rmseTruth = Math.sqrt(seTruth / n), rmseRating = Math.sqrt(seRating / n), rmseMean = Math.sqrt(seMean / n);
        // the posterior mean is close to the generating model's mean (the global mean is not: the
        // truth's spread around it is sqrt(2 * 0.3^2 + 2 * 0.8^4) = 1.0 in expectation, 0.917 here) ...
        assertThat(rmseMean).isGreaterThan(0.9);
        assertThat(rmseTruth).isLessThan(0.25);
        // ... and held-out ratings are predicted to within the noise the model was told about
        assertThat(rmseRating).isBetween(0.45, 0.58);
    }

    @Test
    void sampledNoisePrecisionSettlesAtTheGeneratingOne() {
        // noise sd 0.5: alpha = 4. Started at 1, the sampled alpha must move there and stay.
        Ratings r = Fixtures.lowRank(120, 90, 2, 0.5, 0.5, 21, null);
        RatingMatrix m = RatingMatrix.of(r, r.allRows());
        BpmfTrainer.Settings s = new BpmfTrainer.Settings(4, 0, 1, 1, 1.0, 2, true, 0.1, 42, 2, true, 0);
        BpmfTrainer.Sampler sampler = new BpmfTrainer.Sampler(m, s);
        double sum = 0;
        int n = 0;
        try (Workers w = new Workers(2)) {
            BpmfTrainer.Sampler.RowSampler rows = sampler.new RowSampler(5, 2);
            for (int t = 0; t < 120; t++) {
                sampler.sweep(t, w, rows);
                if (t >= 40) {
                    sum += sampler.alpha;
                    n++;
                }
            }
        }
        // a little above 4: the posterior factors also fit part of the noise of the training ratings
        assertThat(sum / n).isBetween(3.8, 4.5);
    }

    @Test
    void theChainIsTheSameBitForBitWithAnyNumberOfThreads() {
        Ratings r = Fixtures.lowRank(50, 40, 2, 0.4, 0.5, 3, null);
        TrainConfig c = TrainConfig.defaults().withFactors(3).withExtra("burn-in", "3").withExtra("samples", "4");
        BpmfModel one = (BpmfModel) new BpmfTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c.withThreads(1), List.of()).model();
        BpmfModel three = (BpmfModel) new BpmfTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c.withThreads(3), List.of()).model();
        assertThat(three.userFactors()).containsExactly(one.userFactors());
        assertThat(three.itemFactors()).containsExactly(one.itemFactors());
        assertThat(three.userBias()).containsExactly(one.userBias());
        BpmfModel other = (BpmfModel) new BpmfTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c.withSeed(7), List.of()).model();
        assertThat(other.itemFactors()).isNotEqualTo(one.itemFactors());
    }

    @Test
    void theModelPredictsTheExactAverageOfTheKeptSamples() {
        Ratings r = Fixtures.lowRank(30, 20, 2, 0.5, 0.5, 8, null);
        RatingMatrix m = RatingMatrix.of(r, r.allRows());
        BpmfTrainer.Settings s = new BpmfTrainer.Settings(3, 2, 5, 1, 2, 2, true, 0.1, 42, 1);
        BpmfTrainer.Sampler sampler = new BpmfTrainer.Sampler(m, s);
        // run the chain by hand, averaging the predictions of sweeps 2..6
        double[] avg = new double[30 * 20];
        try (Workers w = new Workers(1)) {
            BpmfTrainer.Sampler.RowSampler rows = sampler.new RowSampler(4, 1);
            for (int t = 0; t < 7; t++) {
                sampler.sweep(t, w, rows);
                if (t >= 2)
                    for (int u = 0; u < 30; u++)
                        for (int i = 0; i < 20; i++) avg[u * 20 + i] += sampler.predictCurrent(u, i) / 5;
            }
        }
        BpmfModel model = new BpmfTrainer.Sampler(m, s).run(r, new int[0], new EpochReporter(r, Fixtures.all(r), List.of()));
        for (int u = 0; u < 30; u++)
            for (int i = 0; i < 20; i++) assertThat((double) model.predict(u, i)).isCloseTo(avg[u * 20 + i], within(1e-4));
    }
}
