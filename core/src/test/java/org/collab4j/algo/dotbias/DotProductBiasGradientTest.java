package org.collab4j.algo.dotbias;

import org.collab4j.kernel.Rng;
import org.collab4j.model.FactorModel;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.train.Param;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference check of {@link DotProductBias#backward}: the gradient it adds must be the
 * derivative of the loss the Learner minimises, mean squared error over the batch
 * ({@code dOut = 2 (pred - y) / m}), plus whatever regulariser backward differentiates.
 *
 * <p>To adapt this test when DotProductBias gains options, change {@link #newModel} and
 * {@link #regulariser} only.
 */
class DotProductBiasGradientTest {
    static final int USERS = 5, ITEMS = 4, K = 3;
    static final float EPS = 1e-3f;
    static final double REL_TOL = 1e-2, ABS_TOL = 1e-4;

    // user 1 and item 2 repeat within the batch; user 4 and item 3 have no ratings at all
    static final int[] USER = {0, 1, 1, 2, 3, 1, 0, 2};
    static final int[] ITEM = {2, 0, 2, 1, 2, 1, 0, 2};
    static final float[] VALUE = {4f, 1f, 5f, 3f, 2f, 4f, 5f, 1f};

    static Ratings ratings() {
        return new Ratings(USER, ITEM, VALUE, null, IdIndex.of("a", "b", "c", "d", "e"), IdIndex.of("w", "x", "y", "z"),
                new RatingScale(1, 5));
    }

    static DotProductBias newModel(long seed, DotProductBias.Options options) {
        DotProductBias m = new DotProductBias(USERS, ITEMS, K, new float[] {0f, 5.5f}, seed, options);
        // fastai's init (std 0.01) makes every factor gradient tiny; spread the values so that
        // the check sees the sigmoid's curvature and the factor cross-terms
        Rng rng = new Rng(seed + 1);
        for (Param p : m.params()) for (int j = 0; j < p.size(); j++) p.value[j] = rng.nextFloat() - 0.5f;
        return m;
    }

    /**
     * The regulariser backward differentiates besides the squared error: per-rating L2,
     * {@code 1/m * sum over batch rows of [factorL2/2 (|p_u|^2 + |q_i|^2) + biasL2/2 (b_u^2 + b_i^2)]}
     * (so a user appearing twice is penalised twice).
     */
    static double regulariser(DotProductBias m, int[] rows) {
        double l2 = m.options().factorL2(), bl2 = m.options().biasL2();
        FactorModel fm = m.model();
        double s = 0, b = 0;
        for (int r : rows) {
            for (int f = 0; f < K; f++) {
                double pf = fm.userFactors()[USER[r] * K + f], qf = fm.itemFactors()[ITEM[r] * K + f];
                s += pf * pf + qf * qf;
            }
            double bu = fm.userBias()[USER[r]], bi = fm.itemBias()[ITEM[r]];
            b += bu * bu + bi * bi;
        }
        return (l2 * s + bl2 * b) / (2.0 * rows.length);
    }

    /** The Learner's loss on {@code rows}: forward in the model's own precision, squared error summed in double. */
    static double loss(DotProductBias m, Ratings data, int[] rows) {
        float[] out = new float[rows.length];
        m.forward(data, rows, 0, rows.length, out);
        double se = 0;
        for (int j = 0; j < rows.length; j++) {
            double e = out[j] - data.value(rows[j]);
            se += e * e;
        }
        return se / rows.length + regulariser(m, rows);
    }

    @ParameterizedTest(name = "factor L2 = {0}, bias L2 = {1}")
    @CsvSource({"0, 0", "0.5, 0", "0, 0.7", "0.02, 0.15"})
    void backwardMatchesCentralDifferences(float l2, float biasL2) {
        check(newModel(11, DotProductBias.Options.fastaiExact().withFactorL2(l2).withBiasL2(biasL2)));
    }

    @org.junit.jupiter.api.Test
    void backwardMatchesCentralDifferencesWithTheDefaults() {
        check(newModel(12, DotProductBias.Options.defaults()));
    }

    private static void check(DotProductBias m) {
        Ratings data = ratings();
        int[] rows = data.allRows();
        int n = rows.length;
        float[] out = new float[n];
        m.forward(data, rows, 0, n, out);
        float[] dOut = new float[n];
        for (int j = 0; j < n; j++) dOut[j] = 2f * (out[j] - data.value(rows[j])) / n;
        for (Param p : m.params()) p.zeroGrad();
        m.backward(dOut);

        List<String> failures = new ArrayList<>();
        int nonZero = 0;
        for (Param p : m.params()) {
            float[] analytic = p.grad.clone();
            for (int j = 0; j < p.size(); j++) {
                float x = p.value[j];
                float hi = x + EPS, lo = x - EPS;
                p.value[j] = hi;
                double lossHi = loss(m, data, rows);
                p.value[j] = lo;
                double lossLo = loss(m, data, rows);
                p.value[j] = x;
                double numeric = (lossHi - lossLo) / ((double) hi - lo);
                double a = analytic[j];
                if (Math.abs(a - numeric) > ABS_TOL + REL_TOL * Math.max(Math.abs(a), Math.abs(numeric)))
                    failures.add(p.name + "[" + j + "]: backward " + a + ", central difference " + numeric);
                if (Math.abs(numeric) > 1e-3) nonZero++;
            }
        }
        assertThat(failures).isEmpty();
        // the check is only meaningful if most gradients are far from zero
        assertThat(nonZero).isGreaterThan(20);
        // rows without ratings get no gradient and are not reported as touched
        Param userFactors = m.params()[0];
        for (int f = 0; f < K; f++) assertThat(userFactors.grad[4 * K + f]).isZero();
        assertThat(m.params()[3].grad[3]).isZero();
        List<Integer> touched = new ArrayList<>();
        for (int t = 0; t < userFactors.numTouched(); t++) touched.add(userFactors.touchedRows()[t]);
        assertThat(touched).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
}
