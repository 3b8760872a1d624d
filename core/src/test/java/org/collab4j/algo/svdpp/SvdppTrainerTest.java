package org.collab4j.algo.svdpp;

import org.collab4j.train.Fixtures;
import org.collab4j.train.History;
import org.collab4j.train.RatingMatrix;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.collab4j.data.Ratings;
import org.collab4j.kernel.Rng;
import org.junit.jupiter.api.Test;

class SvdppTrainerTest {
    @Test
    void oneUpdateMatchesTheHandComputedStep() {
        // u0 rated i0 = 4, u1 rated i1 = 2: mean 3. k = 1, p_0 = 0.1, q_0 = 0.2, y_0 = 0.3, biases 0.
        Ratings r = Fixtures.ratings(new double[][] {{0, 0, 4}, {1, 1, 2}});
        RatingMatrix m = RatingMatrix.of(r, r.allRows());
        SvdppTrainer.State s = new SvdppTrainer.State(m, 1, new float[] {0.1f, 0}, new float[] {0.2f, 0}, new float[] {0.3f, 0},
                new float[2], new float[2]);
        double se = s.userPass(0, new int[] {0, 1}, 0.1f, 0.1f, 0.05f, 0.05f);
        // z = 0.3 / sqrt(1); prediction 3 + 0.2 * (0.1 + 0.3) = 3.08; error 0.92
        assertThat(se).isCloseTo(0.92 * 0.92, within(1e-6));
        assertThat((double) s.bu[0]).isCloseTo(0.092, within(1e-6));                       // 0.1 * 0.92
        assertThat((double) s.bi[0]).isCloseTo(0.092, within(1e-6));
        assertThat((double) s.p[0]).isCloseTo(0.1 + 0.1 * (0.92 * 0.2 - 0.05 * 0.1), within(1e-6));   // 0.1179
        assertThat((double) s.q[0]).isCloseTo(0.2 + 0.1 * (0.92 * 0.4 - 0.05 * 0.2), within(1e-6));   // 0.2358
        assertThat((double) s.y[0]).isCloseTo(0.3 + 0.1 * (0.92 * 0.2 - 0.05 * 0.3), within(1e-6));   // 0.3169
    }

    /** A random problem: 6 users, 7 items, k = 3, about half the pairs rated. */
    static SvdppTrainer.State randomState(long seed) {
        Rng rng = new Rng(seed);
        java.util.List<double[]> t = new java.util.ArrayList<>();
        for (int u = 0; u < 6; u++)
            for (int i = 0; i < 7; i++) if (rng.nextDouble() < 0.5 || i == u) t.add(new double[] {u, i, 1 + rng.nextInt(5)});
        Ratings r = Fixtures.ratings(t.toArray(new double[0][]));
        RatingMatrix m = RatingMatrix.of(r, r.allRows());
        SvdppTrainer.State s = new SvdppTrainer.State(m, 3, 0.3, rng);
        for (int u = 0; u < 6; u++) s.bu[u] = (float) (0.2 * rng.nextGaussian());
        for (int i = 0; i < 7; i++) s.bi[i] = (float) (0.2 * rng.nextGaussian());
        return s;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        SvdppTrainer.State s = randomState(11);
        double reg = 0.07, regB = 0.03;
        RatingMatrix m = s.m;
        for (int u = 0; u < m.numUsers; u++)
            for (int j = m.userStart[u]; j < m.userStart[u + 1]; j += 2) {
                int i = m.userItems[j];
                double r = m.userValues[j];
                double[] gp = new double[s.p.length], gq = new double[s.q.length], gy = new double[s.y.length];
                double[] gbu = new double[s.bu.length], gbi = new double[s.bi.length];
                s.gradient(u, i, r, reg, regB, gp, gq, gy, gbu, gbi);
                checkAll(s, s.p, gp, u, i, r, reg, regB);
                checkAll(s, s.q, gq, u, i, r, reg, regB);
                checkAll(s, s.y, gy, u, i, r, reg, regB);
                checkAll(s, s.bu, gbu, u, i, r, reg, regB);
                checkAll(s, s.bi, gbi, u, i, r, reg, regB);
            }
    }

    private static void checkAll(SvdppTrainer.State s, float[] param, double[] grad, int u, int i, double r, double reg, double regB) {
        float h = 1e-2f;
        for (int j = 0; j < param.length; j++) {
            float old = param[j];
            param[j] = old + h;
            double up = s.loss(u, i, r, reg, regB);
            param[j] = old - h;
            double down = s.loss(u, i, r, reg, regB);
            param[j] = old;
            double numeric = (up - down) / (2 * h);
            assertThat(grad[j]).as("parameter %d for rating (%d, %d)", j, u, i).isCloseTo(numeric, within(2e-4 + 1e-3 * Math.abs(numeric)));
        }
    }

    @Test
    void lazyUserPassEqualsOneGradientStepPerRating() {
        SvdppTrainer.State fast = randomState(5), slow = randomState(5);
        float lr = 0.05f, reg = 0.02f, lrB = 0.03f, regB = 0.1f;
        RatingMatrix m = fast.m;
        int[] order = new int[m.size()];
        for (int j = 0; j < order.length; j++) order[j] = j;
        for (int u = 0; u < m.numUsers; u++) {
            fast.userPass(u, order, lr, lrB, reg, regB);
            for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++) {
                int i = m.userItems[j];
                double[] gp = new double[slow.p.length], gq = new double[slow.q.length], gy = new double[slow.y.length];
                double[] gbu = new double[slow.bu.length], gbi = new double[slow.bi.length];
                slow.gradient(u, i, m.userValues[j], reg, regB, gp, gq, gy, gbu, gbi);
                step(slow.p, gp, lr);
                step(slow.q, gq, lr);
                step(slow.y, gy, lr);
                step(slow.bu, gbu, lrB);
                step(slow.bi, gbi, lrB);
            }
        }
        assertClose(fast.p, slow.p);
        assertClose(fast.q, slow.q);
        assertClose(fast.y, slow.y);
        assertClose(fast.bu, slow.bu);
        assertClose(fast.bi, slow.bi);
    }

    private static void step(float[] w, double[] g, float lr) {
        for (int j = 0; j < w.length; j++) w[j] -= (float) (lr * g[j]);
    }

    private static void assertClose(float[] a, float[] b) {
        for (int j = 0; j < a.length; j++) assertThat(a[j]).as("entry %d", j).isCloseTo(b[j], within(2e-5f));
    }

    @Test
    void trainedModelIsAFactorModelOfEffectiveUserVectorsAndLearns() {
        double[] truth = new double[50 * 40];
        Ratings r = Fixtures.lowRank(50, 40, 2, 0.5, 0.1, 3, truth);
        History h = new History();
        TrainConfig c = new SvdppAlgorithm().defaults().withFactors(4).withEpochs(30).withLr(0.02);
        TrainResult res = new SvdppTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c, List.of(h));
        SvdppModel m = (SvdppModel) res.model();
        assertThat(h.epochs().get(29).trainLoss()).isLessThan(h.epochs().get(0).trainLoss() * 0.5);
        RatingMatrix rm = RatingMatrix.of(r, r.allRows());
        float[] eff = new float[4];
        SvdppModel.effectiveVector(m.explicitUserFactors(), 7, m.implicitFactors(), 4, rm.userItems, rm.userStart[7], rm.userStart[8], eff, 0);
        for (int f = 0; f < 4; f++) assertThat(m.userFactors()[7 * 4 + f]).isCloseTo(eff[f], within(1e-6f));
        // same seed, same model
        TrainResult again = new SvdppTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c, List.of());
        assertThat(((SvdppModel) again.model()).itemFactors()).containsExactly(m.itemFactors());
    }
}
