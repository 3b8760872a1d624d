package org.collab4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FactorModelTest {
    static final float[] Y_RANGE = {0f, 5.5f};

    /**
     * Two users, two items, two factors, all values exact in binary:
     * <pre>
     *   p0 = (1, 2)     p1 = (0.5, -1)     b_u = (0.25, -0.5)
     *   q0 = (0.25, .5) q1 = (-1, 1)       b_i = (0.125, 0)     global 0.5
     *   raw(0,0) = 0.5 + 0.25 + 0.125 + (0.25 + 1)  =  2.125
     *   raw(0,1) = 0.5 + 0.25 + 0     + (-1 + 2)    =  1.75
     *   raw(1,0) = 0.5 - 0.5  + 0.125 + (0.125 - .5) = -0.25
     *   raw(1,1) = 0.5 - 0.5  + 0     + (-0.5 - 1)  = -1.5
     * </pre>
     */
    static FactorModel tiny(float[] yRange) {
        return new FactorModel("dot-bias", 2, 2, 2,
                new float[] {1f, 2f, 0.5f, -1f},
                new float[] {0.25f, 0.5f, -1f, 1f},
                new float[] {0.25f, -0.5f},
                new float[] {0.125f, 0f},
                0.5f, yRange);
    }

    @Test
    void rawIsGlobalPlusBiasesPlusDotProduct() {
        FactorModel m = tiny(null);
        assertThat(m.raw(0, 0)).isEqualTo(2.125f);
        assertThat(m.raw(0, 1)).isEqualTo(1.75f);
        assertThat(m.raw(1, 0)).isEqualTo(-0.25f);
        assertThat(m.raw(1, 1)).isEqualTo(-1.5f);
        // without a y_range the prediction is the raw value
        assertThat(m.predict(1, 1)).isEqualTo(-1.5f);
        assertThat(m.squashed()).isFalse();
        assertThat(m.yRange()).isNull();
    }

    @Test
    void predictionIsSigmoidRangeOfRaw() {
        FactorModel m = tiny(Y_RANGE);
        // 5.5 * sigmoid(raw), computed in double by hand
        assertThat(m.predict(0, 0)).isCloseTo(4.9132017f, within(1e-6f));
        assertThat(m.predict(0, 1)).isCloseTo(4.6857404f, within(1e-6f));
        assertThat(m.predict(1, 0)).isCloseTo(2.4080292f, within(1e-6f));
        assertThat(m.predict(1, 1)).isCloseTo(1.0033404f, within(1e-6f));
    }

    @Test
    void sigmoidRangeUsesTheLowEnd() {
        FactorModel m = tiny(new float[] {1f, 5f});
        // 1 + 4 * sigmoid(-1.5) = 1 + 4 * 0.18242552 = 1.7297021
        assertThat(m.predict(1, 1)).isCloseTo(1.7297021f, within(1e-6f));
        assertThat(m.squash(0f)).isEqualTo(3f);
    }

    @Test
    void scoreItemsMatchesPredict() {
        FactorModel m = tiny(Y_RANGE);
        float[] out = new float[2];
        for (int u = 0; u < 2; u++) {
            m.scoreItems(u, out);
            assertThat(out).containsExactly(m.predict(u, 0), m.predict(u, 1));
        }
    }

    @Test
    void predictUnknownUsesMeanBiasOfTheMissingSide() {
        FactorModel m = tiny(Y_RANGE);
        // mean b_u = -0.125, mean b_i = 0.0625
        // unknown user, item 0:  0.5 - 0.125 + 0.125  = 0.5    -> 3.4235263
        assertThat(m.predictUnknown(-1, 0)).isCloseTo(3.4235263f, within(1e-6f));
        // user 0, unknown item:   0.5 + 0.25 + 0.0625 = 0.8125 -> 3.8095309
        assertThat(m.predictUnknown(0, -1)).isCloseTo(3.8095309f, within(1e-6f));
        // both unknown:           0.5 - 0.125 + 0.0625 = 0.4375 -> 3.3421474
        assertThat(m.predictUnknown(-1, -1)).isCloseTo(3.3421474f, within(1e-6f));
        assertThat(m.predictUnknown(1, 0)).isEqualTo(m.predict(1, 0));
    }

    @Test
    void forgetUntrainedZeroesFactorsAndSetsTheMeanBiasOfTrainedRows() {
        FactorModel m = new FactorModel("dot-bias", 3, 2, 2,
                new float[] {1f, 2f, 0.5f, -1f, 3f, 3f},
                new float[] {0.25f, 0.5f, -1f, 1f},
                new float[] {0.25f, -0.5f, 0.75f},
                new float[] {0.125f, -0.25f},
                0.5f, null);
        m.forgetUntrained(new int[] {3, 0, 1}, new int[] {0, 2});
        // user 1 untrained: zero factors, bias = mean(0.25, 0.75) = 0.5; others untouched
        assertThat(m.userFactors()).containsExactly(1f, 2f, 0f, 0f, 3f, 3f);
        assertThat(m.userBias()).containsExactly(0.25f, 0.5f, 0.75f);
        // item 0 untrained: zero factors, bias = mean(-0.25) = -0.25
        assertThat(m.itemFactors()).containsExactly(0f, 0f, -1f, 1f);
        assertThat(m.itemBias()).containsExactly(-0.25f, -0.25f);
        // the untrained pair is scored from biases alone: 0.5 + 0.5 - 0.25
        assertThat(m.predict(1, 0)).isEqualTo(0.75f);
    }

    @Test
    void forgetUntrainedWithNothingTrainedUsesZeroBias() {
        FactorModel m = tiny(null);
        m.forgetUntrained(new int[2], new int[2]);
        assertThat(m.userBias()).containsExactly(0f, 0f);
        assertThat(m.itemBias()).containsExactly(0f, 0f);
        assertThat(m.predict(0, 1)).isEqualTo(0.5f);
    }

    @Test
    void itemCosineOfHandVectors() {
        FactorModel m = tiny(null);
        // (0.25, 0.5) . (-1, 1) = 0.25; norms sqrt(0.3125) and sqrt(2): cos = 1/sqrt(10)
        assertThat(m.itemCosine(0, 1)).isCloseTo(0.31622776f, within(1e-7f));
        assertThat(m.itemCosine(1, 1)).isCloseTo(1f, within(1e-7f));
        m.itemFactors()[0] = 0f;
        m.itemFactors()[1] = 0f;
        assertThat(m.itemCosine(0, 1)).isZero();
    }

    @Test
    void copyIsDeep() {
        FactorModel m = tiny(Y_RANGE);
        FactorModel c = m.copy();
        c.userFactors()[0] = 9f;
        c.itemBias()[1] = 9f;
        c.setGlobal(9f);
        assertThat(m.userFactors()[0]).isEqualTo(1f);
        assertThat(m.itemBias()[1]).isEqualTo(0f);
        assertThat(m.global()).isEqualTo(0.5f);
        assertThat(c.yRange()).containsExactly(0f, 5.5f);
    }

    @Test
    void rejectsMismatchedShapesAndEmptyRange() {
        assertThatThrownBy(() -> new FactorModel("x", 2, 2, 2, new float[3], new float[4], new float[2], new float[2], 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x2");
        assertThatThrownBy(() -> new FactorModel("x", 2, 2, 2, new float[4], new float[4], new float[1], new float[2], 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias");
        assertThatThrownBy(() -> new FactorModel("x", 1, 1, 1, new float[1], new float[1], new float[1], new float[1], 0,
                new float[] {5f, 5f}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low < high");
    }

    @Test
    void initializedDrawsTruncatedNormalFactorsReproducibly() {
        FactorModel a = FactorModel.initialized("dot-bias", 50, 40, 8, 0.01f, 0f, Y_RANGE, 7);
        FactorModel b = FactorModel.initialized("dot-bias", 50, 40, 8, 0.01f, 0f, Y_RANGE, 7);
        assertThat(a.userFactors()).containsExactly(b.userFactors());
        assertThat(a.itemBias()).containsExactly(b.itemBias());
        for (float v : a.userFactors()) assertThat(Math.abs(v)).isLessThanOrEqualTo(0.02f);
        double sq = 0;
        for (float v : a.userFactors()) sq += v * v;
        // a normal truncated at 2 std has std 0.88 * std
        assertThat(Math.sqrt(sq / a.userFactors().length)).isBetween(0.0075, 0.0100);
    }
}
