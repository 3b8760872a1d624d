package org.collab4j.algo.blend;

import org.collab4j.algo.autoencoder.AutoencoderTrainerTest;
import org.collab4j.train.EpochReporter;
import org.collab4j.train.Fixtures;
import org.collab4j.train.History;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.Algorithms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.io.ModelFile;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlendTrainerTest {
    @TempDir
    Path dir;

    static TrainConfig config(String... sets) {
        TrainConfig c = Algorithms.get("blend").defaults().withThreads(2).withSeed(5).withExtra("models", "baseline,als");
        for (String s : sets) c = c.withExtra(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        return c;
    }

    static Ratings data() {
        return AutoencoderTrainerTest.lowRank();
    }

    @Test
    void leastSquaresRecoversExactWeights() {
        Ratings r = data();
        int[] rows = r.allRows();
        float[][] p = new float[2][rows.length];
        float[] v = r.values().clone();
        java.util.Random rnd = new java.util.Random(1);
        for (int q = 0; q < rows.length; q++) {
            p[0][q] = (float) rnd.nextGaussian();
            p[1][q] = (float) rnd.nextGaussian();
            v[q] = 0.5f + 0.25f * p[0][q] + 0.75f * p[1][q];
        }
        Ratings exact = new Ratings(r.users(), r.items(), v, null, r.userIds(), r.itemIds(), new org.collab4j.data.RatingScale(-100, 100));
        double[] w = BlendTrainer.leastSquares(p, exact, rows);
        assertThat(w[0]).isCloseTo(0.5, within(1e-5));
        assertThat(w[1]).isCloseTo(0.25, within(1e-5));
        assertThat(w[2]).isCloseTo(0.75, within(1e-5));
    }

    @Test
    void weightsComeFromTrainingRowsOnlyAndTheBlendIsTheirLinearCombination() {
        Ratings r = data();
        Split split = Splits.random(r, 0.2, 3);
        BlendModel b = (BlendModel) Algorithms.get("blend").trainer().train(Fixtures.dataset(r), split, config(), List.of()).model();
        // the same training ratings with every validation rating changed: the same model
        float[] v = r.values().clone();
        for (int row : split.valid()) v[row] = 6 - v[row];
        Ratings changed = new Ratings(r.users(), r.items(), v, null, r.userIds(), r.itemIds(), r.scale());
        BlendModel b2 = (BlendModel) Algorithms.get("blend").trainer().train(Fixtures.dataset(changed), split, config(), List.of()).model();
        assertThat(b2.weights()).containsExactly(b.weights());
        RatingModel[] c = b.components();
        assertThat(c[0].kind()).isEqualTo("baseline");
        assertThat(c[1].kind()).isEqualTo("als");
        double[] w = b.weights();
        assertThat(w[1] + w[2]).isBetween(0.5, 1.5);
        for (int u = 0; u < r.numUsers(); u++)
            for (int i = 0; i < r.numItems(); i++) {
                double expect = Math.min(5, Math.max(1, w[0] + w[1] * c[0].predict(u, i) + w[2] * c[1].predict(u, i)));
                assertThat(b.predict(u, i)).isCloseTo((float) expect, within(1e-5f));
                assertThat(b2.predict(u, i)).isEqualTo(b.predict(u, i));
            }
    }

    @Test
    void holdoutZeroIsThePlainMeanAndComponentOptionsReachTheirModel() {
        Ratings r = data();
        Split split = Splits.random(r, 0.2, 3);
        History h = new History();
        BlendModel b = (BlendModel) Algorithms.get("blend").trainer().train(Fixtures.dataset(r), split,
                config("holdout=0", "als.factors=4", "als.bias-wd=0.5"), List.of(h)).model();
        assertThat(b.weights()).containsExactly(0, 0.5, 0.5);
        assertThat(((org.collab4j.model.FactorModel) b.components()[1]).factors()).isEqualTo(4);
        assertThat(h.epochs()).hasSize(3); // baseline, als, the blend
        assertThat(h.last().validLoss()).isCloseTo(EpochReporter.mse(b, r, split.valid()), within(1e-12));
    }

    @Test
    void roundTripThroughAModelFile() throws Exception {
        Ratings r = data();
        Split split = Splits.random(r, 0.2, 3);
        BlendModel b = (BlendModel) Algorithms.get("blend").trainer().train(Fixtures.dataset(r), split, config("holdout=0.2"), List.of()).model();
        Path f = dir.resolve("blend.c4j");
        ModelFile.write(TrainedModel.of(b, r, split.train(), null, null, Map.of("model", "blend")), f);
        BlendModel back = (BlendModel) ModelFile.read(f).model();
        assertThat(back.weights()).containsExactly(b.weights());
        for (int u = 0; u < r.numUsers(); u++)
            for (int i = 0; i < r.numItems(); i++) assertThat(back.predict(u, i)).isEqualTo(b.predict(u, i));
    }

    @Test
    void anUnclippedFactorModelBeforeAnotherModelRoundTrips() throws Exception {
        // the factor codec once wrote its clip flag only for clipped models, so inside a blend the
        // next model's first byte was read as the flag and the file could not be loaded
        Ratings r = data();
        Split split = Splits.random(r, 0.2, 3);
        BlendModel b = (BlendModel) Algorithms.get("blend").trainer().train(Fixtures.dataset(r), split,
                config("models=dot-bias,item-knn", "holdout=0"), List.of()).model();
        Path f = dir.resolve("mixed.c4j");
        ModelFile.write(TrainedModel.of(b, r, split.train(), null, null, Map.of("model", "blend")), f);
        BlendModel back = (BlendModel) ModelFile.read(f).model();
        for (int u = 0; u < r.numUsers(); u++)
            for (int i = 0; i < r.numItems(); i++) assertThat(back.predict(u, i)).isEqualTo(b.predict(u, i));
    }

    @Test
    void badPlansAreRefusedWithTheReason() {
        assertThatThrownBy(() -> BlendTrainer.plan(config("models=als,nope"))).hasMessageContaining("unknown model 'nope'");
        assertThatThrownBy(() -> BlendTrainer.plan(config("models=als,als"))).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> BlendTrainer.plan(config("models=blend"))).hasMessageContaining("cannot include blend");
        assertThatThrownBy(() -> BlendTrainer.plan(config("holdout=1"))).hasMessage("blend: holdout must be a number in [0, 1), got '1'");
        assertThatThrownBy(() -> BlendTrainer.plan(config("bpmf.factors=3"))).hasMessageContaining("no option 'bpmf.factors'");
        assertThatThrownBy(() -> BlendTrainer.plan(config("als.factors=x"))).hasMessageContaining("als.factors must be a number");
        // a component's own option is checked by that model when it trains
        assertThatThrownBy(() -> Algorithms.get("blend").trainer().train(Fixtures.dataset(data()), Splits.none(data()), config("als.nope=1"), List.of()))
                .hasMessageContaining("model als has no option 'nope'");
    }
}
