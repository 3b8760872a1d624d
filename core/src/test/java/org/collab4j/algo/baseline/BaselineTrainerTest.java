package org.collab4j.algo.baseline;

import org.collab4j.train.EpochResult;
import org.collab4j.train.Fixtures;
import org.collab4j.train.History;
import org.collab4j.train.RatingMatrix;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.collab4j.data.Ratings;
import org.collab4j.model.FactorModel;
import org.junit.jupiter.api.Test;

class BaselineTrainerTest {
    // u0: i0=5, i1=3; u1: i0=4; u2: i1=1, i2=2; mean 3
    static final double[][] DATA = {{0, 0, 5}, {0, 1, 3}, {1, 0, 4}, {2, 1, 1}, {2, 2, 2}};

    @Test
    void oneSweepMatchesTheHandComputedEstimates() {
        Ratings r = Fixtures.ratings(DATA);
        RatingMatrix m = RatingMatrix.of(r, r.allRows());
        float[] bu = new float[3], bi = new float[3];
        double mse = org.collab4j.train.BaselineBiases.sweep(m, 2, 1, bu, bi); // reg-u 2, reg-i 1
        // items first, with b_u = 0: b_i = sum (r - 3) / (1 + n_i)
        assertThat(bi[0]).isCloseTo(3f / 3, within(1e-6f));       // (2 + 1) / 3
        assertThat(bi[1]).isCloseTo(-2f / 3, within(1e-6f));      // (0 - 2) / 3
        assertThat(bi[2]).isCloseTo(-0.5f, within(1e-6f));        // -1 / 2
        // then users: b_u = sum (r - 3 - b_i) / (2 + n_u)
        assertThat(bu[0]).isCloseTo((1f + 2f / 3) / 4, within(1e-6f));
        assertThat(bu[1]).isCloseTo(0f, within(1e-6f));
        assertThat(bu[2]).isCloseTo((-4f / 3 - 0.5f) / 4, within(1e-6f));
        double se = 0;
        for (double[] t : DATA) {
            double e = t[2] - 3 - bu[(int) t[0]] - bi[(int) t[1]];
            se += e * e;
        }
        assertThat(mse).isCloseTo(se / 5, within(1e-6));
    }

    @Test
    void trainerReportsEverySweepAndClipsToTheScale() {
        Ratings r = Fixtures.ratings(DATA);
        History seen = new History();
        TrainResult res = new BaselineTrainer().train(Fixtures.dataset(r), Fixtures.all(r),
                TrainConfig.defaults().withEpochs(3).withExtra("reg-u", "0").withExtra("reg-i", "0"), List.of(seen));
        assertThat(seen.epochs()).hasSize(3);
        assertThat(res.history().epochs()).hasSize(3);
        FactorModel m = (FactorModel) res.model();
        assertThat(m.kind()).isEqualTo("baseline");
        assertThat(m.factors()).isZero();
        assertThat(m.global()).isEqualTo(3f);
        assertThat(m.clipRange()).containsExactly(1f, 5f);
        for (int u = 0; u < 3; u++)
            for (int i = 0; i < 3; i++) assertThat(m.predict(u, i)).isBetween(1f, 5f);
        // the alternating fit never increases the training error
        List<EpochResult> e = seen.epochs();
        assertThat(e.get(2).trainLoss()).isLessThanOrEqualTo(e.get(0).trainLoss() + 1e-9);
    }

    @Test
    void unknownOptionsAreRefusedWithTheKnownOnes() {
        Ratings r = Fixtures.ratings(DATA);
        assertThatThrownBy(() -> new BaselineTrainer().train(Fixtures.dataset(r), Fixtures.all(r),
                TrainConfig.defaults().withExtra("reg", "1"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no option 'reg'").hasMessageContaining("reg-u, reg-i");
        assertThatThrownBy(() -> new BaselineTrainer().train(Fixtures.dataset(r), Fixtures.all(r),
                TrainConfig.defaults().withExtra("reg-u", "-1"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reg-u");
    }
}
