package org.collab4j.algo.als;

import org.collab4j.kernel.Workers;
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

class AlsTrainerTest {
    @Test
    void oneUserHalfStepMatchesTheHandComputedRidgeSolution() {
        // u0 rated i0 = 4 and i1 = 2; mean 3. Items fixed: q = [1, 2], b_i = [0.5, -0.5]; k = 1.
        Ratings r = Fixtures.ratings(new double[][] {{0, 0, 4}, {0, 1, 2}});
        RatingMatrix m = RatingMatrix.of(r, r.allRows());
        float[] q = {1, 2}, bi = {0.5f, -0.5f}, p = new float[1], bu = new float[1];
        // features [q_i, 1], targets r - 3 - b_i = [0.5, -0.5]
        // (X^T X + n diag(lambda, lambda_b)) = [[5, 3], [3, 2]] + 2 diag(0.1, 0.2) = [[5.2, 3], [3, 2.4]]
        // X^T t = [0.5 - 1, 0.5 - 0.5] = [-0.5, 0]; det = 3.48
        try (Workers w = new Workers(1)) {
            new AlsTrainer.Solver(1, 0.1, 0.2, 1).halfStep(w, m.numUsers, m.userStart, m.userItems, m.userValues, m.mean, q, bi, p, bu);
        }
        assertThat((double) p[0]).isCloseTo(-1.2 / 3.48, within(1e-6));
        assertThat((double) bu[0]).isCloseTo(1.5 / 3.48, within(1e-6));
    }

    @Test
    void aRowWithoutRatingsGetsZeroFactorsAndBias() {
        Ratings r = Fixtures.ratings(new double[][] {{0, 0, 4}, {2, 1, 2}}); // user 1 has none
        RatingMatrix m = RatingMatrix.of(r, r.allRows());
        float[] q = {1, 1, 2, 2}, bi = {0, 0}, p = {9, 9, 9, 9, 9, 9}, bu = {9, 9, 9};
        try (Workers w = new Workers(2)) {
            new AlsTrainer.Solver(2, 0.1, 0.1, 2).halfStep(w, m.numUsers, m.userStart, m.userItems, m.userValues, m.mean, q, bi, p, bu);
        }
        assertThat(p[2]).isZero();
        assertThat(p[3]).isZero();
        assertThat(bu[1]).isZero();
    }

    @Test
    void sweepsLowerTheTrainingErrorAndTheResultDoesNotDependOnThreads() {
        double[] truth = new double[60 * 40];
        Ratings r = Fixtures.lowRank(60, 40, 3, 0.4, 0.1, 7, truth);
        TrainConfig c = TrainConfig.defaults().withFactors(3).withEpochs(8).withWd(0.01);
        History h = new History();
        TrainResult one = new AlsTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c.withThreads(1), List.of(h));
        TrainResult two = new AlsTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c.withThreads(2), List.of());
        assertThat(h.epochs()).hasSize(8);
        assertThat(h.epochs().get(7).trainLoss()).isLessThan(h.epochs().get(0).trainLoss());
        assertThat(h.epochs().get(7).trainLoss()).isLessThan(0.05);
        FactorModel a = (FactorModel) one.model(), b = (FactorModel) two.model();
        assertThat(a.userFactors()).containsExactly(b.userFactors());
        assertThat(a.itemFactors()).containsExactly(b.itemFactors());
        assertThat(a.itemBias()).containsExactly(b.itemBias());
    }

    @Test
    void itsOptionsAreCheckedAsEveryModels() {
        Ratings r = Fixtures.lowRank(20, 15, 2, 0.5, 0.1, 3, null);
        TrainConfig c = TrainConfig.defaults().withFactors(2).withEpochs(2).withThreads(1);
        assertThatThrownBy(() -> new AlsTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c.withExtra("nonsense", "1"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("model als has no option 'nonsense'; its options: bias-wd, init-std");
        assertThatThrownBy(() -> new AlsAlgorithm().validate(c.withExtra("bias-wdd", "1")))
                .hasMessage("model als has no option 'bias-wdd' (did you mean bias-wd?); its options: bias-wd, init-std");
        assertThatThrownBy(() -> new AlsAlgorithm().validate(c.withExtra("bias-wd", "-1"))).hasMessage("als: bias-wd must be a number >= 0, got '-1'");
        // snake_case, dot-bias's old habit (init_std), is read as the kebab-case key, with a note
        org.collab4j.train.Algorithm.Validated v = new AlsAlgorithm().validate(c.withExtra("init_std", "0.3"));
        assertThat(v.warnings()).containsExactly("als: --set init_std is deprecated; use --set init-std");
        assertThat(v.config().extra()).isEqualTo(java.util.Map.of("init-std", "0.3"));
        FactorModel old = (FactorModel) new AlsTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c.withExtra("init_std", "0.3"), List.of()).model();
        FactorModel current = (FactorModel) new AlsTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c.withExtra("init-std", "0.3"), List.of()).model();
        FactorModel plain = (FactorModel) new AlsTrainer().train(Fixtures.dataset(r), Fixtures.all(r), c, List.of()).model();
        assertThat(old.itemFactors()).containsExactly(current.itemFactors());
        assertThat(plain.itemFactors()).isNotEqualTo(current.itemFactors());
    }
}
