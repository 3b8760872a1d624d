package org.collab4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.collab4j.Collab;
import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.eval.Metrics;
import org.collab4j.kernel.Rng;
import org.collab4j.train.EpochResult;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.Algorithms;
import org.junit.jupiter.api.Test;

class TrainingTest {
    /** 120 users x 60 items, 1-5 stars from a rank-2 taste model, about 40% observed; seeded. */
    static Dataset stars() {
        Rng rng = new Rng(5);
        int nu = 120, ni = 60;
        double[] p = new double[nu * 2], q = new double[ni * 2];
        for (int j = 0; j < p.length; j++) p[j] = rng.nextGaussian();
        for (int j = 0; j < q.length; j++) q[j] = rng.nextGaussian();
        List<int[]> pairs = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int u = 0; u < nu; u++)
            for (int i = 0; i < ni; i++)
                if (rng.nextDouble() < 0.4) {
                    double v = 3.5 + 0.8 * (p[2 * u] * q[2 * i] + p[2 * u + 1] * q[2 * i + 1]) + 0.3 * rng.nextGaussian();
                    pairs.add(new int[] {u, i});
                    values.add((float) Math.max(1, Math.min(5, Math.round(v))));
                }
        int n = pairs.size();
        int[] us = new int[n], is = new int[n];
        float[] vs = new float[n];
        for (int r = 0; r < n; r++) {
            us[r] = pairs.get(r)[0];
            is[r] = pairs.get(r)[1];
            vs[r] = values.get(r);
        }
        String[] uids = new String[nu], iids = new String[ni];
        for (int u = 0; u < nu; u++) uids[u] = "u" + u;
        for (int i = 0; i < ni; i++) iids[i] = "i" + i;
        Ratings r = new Ratings(us, is, vs, null, IdIndex.of(uids), IdIndex.of(iids), new RatingScale(1, 5));
        return new Dataset("stars", r, null, null, LoadReport.none("stars"));
    }

    static TrainConfig config(int epochs, double lr) {
        return new TrainConfig(8, epochs, lr, 0.1, 64, "adam", "one-cycle", null, 1, 42, Map.of());
    }

    @Test
    void anyModelTrainsByNameAndReportsWhatTheTrainCommandPrints() {
        Dataset data = stars();
        Split split = Splits.random(data.ratings(), 0.2, 42);
        for (String name : List.of("dot-bias", "baseline", "als", "item-knn")) {
            Trained run = Collab.train(data, split, name, Algorithms.get(name).defaults().withThreads(1));
            TrainReport r = run.report();
            assertThat(r.model()).isEqualTo(name);
            assertThat(r.data()).isEqualTo("stars");
            assertThat(r.split()).isEqualTo(split.name());
            assertThat(r.nTrain()).isEqualTo(split.numTrain());
            assertThat(r.nValid()).isEqualTo(split.numValid());
            assertThat(r.epochs()).isNotEmpty();
            Metrics.Accuracy acc = Metrics.accuracy(run.model(), data.ratings(), split.valid());
            assertThat(r.validRmse()).as(name).isEqualTo(acc.rmse());
            assertThat(r.validMae()).isEqualTo(acc.mae());
            assertThat(r.rmseByUserCount()).isNotEmpty();
            assertThat(r.trainSeconds()).isPositive();
            assertThat(r.config()).isEqualTo(Algorithms.get(name).defaults().withThreads(1).describe());
            assertThat(r.coldUsers()).isNull();
            assertThat(r.newUsers()).isNull();
            // only a model that follows a learning rate is judged
            assertThat(r.converged()).as(name).isEqualTo(name.equals("dot-bias") ? Boolean.TRUE : null);
            assertThat(run.provenance()).containsEntry("model", name).containsEntry("data", "stars").containsEntry("split", split.name())
                    .containsEntry("n_train", Integer.toString(split.numTrain())).containsEntry("valid_rmse", Double.toString(acc.rmse()));
            assertThat(run.trainedModel().provenance()).isEqualTo(run.provenance());
            assertThat(run.trainedModel()).isSameAs(run.trainedModel());
            assertThat(run.trainedModel().numItems()).isEqualTo(60);
        }
    }

    @Test
    void aRunThatBarelyMovesItsLossSaysItDidNotConverge() {
        Dataset data = stars();
        Split split = Splits.random(data.ratings(), 0.2, 42);
        TrainReport stuck = Collab.train(data, split, "dot-bias", config(3, 1e-7)).report();
        assertThat(stuck.converged()).isFalse();
        assertThat(stuck.warnings()).hasSize(1);
        assertThat(stuck.warnings().get(0)).startsWith("training did not converge: ").contains("--epochs").contains("--lr");
        TrainReport fine = Collab.train(data, split, "dot-bias", config(5, 5e-2)).report();
        assertThat(fine.converged()).isTrue();
        assertThat(fine.warnings()).isEmpty();
    }

    @Test
    void convergenceIsJudgedByTheLossDropAndByTheVarianceOfTheRatings() {
        var dotBias = Algorithms.get("dot-bias").trainer();
        List<EpochResult> slow = List.of(new EpochResult(0, 1.00, Double.NaN, 1), new EpochResult(1, 0.97, Double.NaN, 1));
        assertThat(Training.notConverged(dotBias, slow, 1.2)).isEqualTo("training did not converge: the training loss went from "
                + "1.0000 to 0.9700 in 2 epochs (-3.0%), so the model has barely left its starting point. Train longer (--epochs) or "
                + "with a larger learning rate (--lr; 'collab4j lr-find' suggests one)");
        List<EpochResult> enough = List.of(new EpochResult(0, 1.00, Double.NaN, 1), new EpochResult(1, 0.95, Double.NaN, 1));
        assertThat(Training.notConverged(dotBias, enough, 1.2)).isNull();
        // one epoch: only the variance can tell
        assertThat(Training.notConverged(dotBias, List.of(new EpochResult(0, 0.9, 0.95, 1)), 1.2)).isNull();
        assertThat(Training.notConverged(dotBias, List.of(new EpochResult(0, 1.9175, 1.6, 1)), 1.3795)).startsWith(
                "training did not converge: the training loss ended at 1.9175, above the variance of the training ratings (1.3795), "
                        + "so the model predicts them worse than their mean would.");
        // closed-form solvers settle in a sweep: not judged
        assertThat(Training.notConverged(Algorithms.get("baseline").trainer(), slow, 0.5)).isNull();
        assertThat(Training.judged(Algorithms.get("als").trainer(), slow)).isFalse();
        assertThat(Training.notConverged(dotBias, List.of(new EpochResult(0, Double.NaN, 1, 1), new EpochResult(1, 1, 1, 1)), 2)).isNull();
        assertThat(Training.variance(stars().ratings(), new int[] {0, 1})).isEqualTo(varianceOf(stars().ratings().value(0),
                stars().ratings().value(1)));
    }

    private static double varianceOf(double a, double b) {
        double m = (a + b) / 2;
        return ((a - m) * (a - m) + (b - m) * (b - m)) / 2;
    }

    @Test
    void heldOutUsersAndEarlyStoppingAreOptionsOfTheRequest() {
        Dataset data = stars();
        Split split = Splits.random(data.ratings(), 0.2, 42);
        Training plan = Training.plan(data, split, TrainRequest.of("baseline", Algorithms.get("baseline").defaults()).withColdUsers(10));
        assertThat(plan.split().name()).isEqualTo(split.name() + "+cold-users(10, keep 5, seed 42)");
        TrainReport cold = plan.run().report();
        assertThat(cold.coldUsers().n()).isEqualTo(10);
        assertThat(cold.coldUsers().nRatings()).isPositive();
        TrainReport fresh = Collab.train(data, split, TrainRequest.of("baseline", Algorithms.get("baseline").defaults()).withNewUsers(5))
                .report();
        assertThat(fresh.newUsers().n()).isEqualTo(5);
        assertThat(fresh.newUsers().rmseFeatures()).as("no user features").isNull();
        assertThat(fresh.newUsers().rmseModel()).isPositive();
        Split none = Splits.none(data.ratings());
        assertThatThrownBy(() -> Training.plan(data, none, TrainRequest.of("dot-bias", config(2, 1e-2)).withEarlyStop(1)))
                .hasMessage("--early-stop needs validation ratings (the split holds none)");
        assertThatThrownBy(() -> Training.plan(data, split, TrainRequest.of("magic", config(2, 1e-2))))
                .hasMessageStartingWith("unknown model 'magic'; known models: dot-bias");
        assertThatThrownBy(() -> Training.plan(data, split, TrainRequest.of("als", config(2, 1e-2).withExtra("features", "user:age"))))
                .hasMessage("--features is taken by --model nn and dot-bias (side information for als is not built yet)");
        assertThatThrownBy(() -> TrainRequest.of("als", config(2, 1e-2)).withColdUsers(-1)).hasMessageContaining("--cold-users");
    }

    @Test
    void theReportIsTheTrainCommandsJsonContract() throws Exception {
        Dataset data = stars();
        TrainReport r = Collab.train(data, Splits.random(data.ratings(), 0.2, 42), TrainRequest.of("dot-bias", config(2, 5e-2))
                .withColdUsers(5)).report();
        JsonNode j = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(r));
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("model", "data", "split", "n_train", "n_valid", "epochs", "valid_rmse", "valid_mae",
                "valid_unseen_user_rows", "valid_unseen_item_rows", "rmse_by_user_count", "cold_users", "train_seconds",
                "bad_lines_skipped", "duplicates_replaced", "config", "converged", "warnings");
        List<String> epoch = new ArrayList<>();
        j.get("epochs").get(0).fieldNames().forEachRemaining(epoch::add);
        assertThat(epoch).containsExactly("epoch", "train_loss", "valid_loss", "seconds");
        assertThat(j.get("cold_users").get("n_ratings").asInt()).isEqualTo(r.coldUsers().nRatings());
        assertThat(j.get("valid_rmse").asDouble()).isEqualTo(r.validRmse());
        assertThat(j.get("config").get("lr").asText()).isEqualTo("0.05");
        // without validation ratings the figures are null, never NaN
        TrainReport noValid = Collab.train(data, Splits.none(data.ratings()), "dot-bias", config(2, 5e-2)).report();
        JsonNode n = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(noValid));
        assertThat(n.get("valid_rmse").isNull()).isTrue();
        assertThat(n.get("epochs").get(0).get("valid_loss").isNull()).isTrue();
        assertThat(n.has("cold_users")).isFalse();
    }

    /**
     * Per-rating SGD lets go of the data while it trains when the run allows it: the model is the
     * same bit for bit (one thread, same seed), the report is computed from the validation ratings
     * the trainer hands back (the same numbers, summed in another order), and the run can no longer
     * bundle the model with the training ratings.
     */
    @Test
    void aRunThatReleasesItsDataTrainsTheSameModelAndReportsTheSameFigures() {
        Dataset data = stars();
        Split split = Splits.random(data.ratings(), 0.2, 42);
        TrainConfig sgd = new TrainConfig(8, 4, 0.02, 0.05, 64, "sgd", "constant", null, 1, 7, Map.of());
        Trained kept = Training.plan(data, split, TrainRequest.of("dot-bias", sgd)).run();
        int[] trainRows = split.train().clone();
        Training planned = Training.plan(data, split, TrainRequest.of("dot-bias", sgd)).releasingData();
        Trained released = planned.run();

        assertThat(planned.split()).isNull();
        assertThat(released.split()).isNull();
        assertThat(split.train()).as("the split was given up: its rows became the grid's cells").isNotEqualTo(trainRows);
        org.collab4j.model.FactorModel a = (org.collab4j.model.FactorModel) kept.model(), b = (org.collab4j.model.FactorModel) released.model();
        assertThat(b.userFactors()).containsExactly(a.userFactors());
        assertThat(b.itemFactors()).containsExactly(a.itemFactors());
        TrainReport rk = kept.report(), rr = released.report();
        assertThat(rr.nTrain()).isEqualTo(split.numTrain());
        assertThat(rr.nValid()).isEqualTo(split.numValid());
        assertThat(rr.validRmse()).isCloseTo(rk.validRmse(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(rr.validMae()).isCloseTo(rk.validMae(), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(rr.validUnseenUserRows()).isEqualTo(rk.validUnseenUserRows());
        assertThat(rr.rmseByUserCount().keySet()).isEqualTo(rk.rmseByUserCount().keySet());
        rk.rmseByUserCount().forEach((k, g) -> {
            assertThat(rr.rmseByUserCount().get(k).n()).isEqualTo(g.n());
            assertThat(rr.rmseByUserCount().get(k).rmse()).isCloseTo(g.rmse(), org.assertj.core.api.Assertions.within(1e-12));
        });
        assertThat(rr.epochs()).hasSameSizeAs(rk.epochs());
        for (int e = 0; e < rk.epochs().size(); e++) assertThat(rr.epochs().get(e).trainLoss()).isEqualTo(rk.epochs().get(e).trainLoss());
        assertThat(rr.converged()).isEqualTo(rk.converged());
        assertThat(kept.trainedModel().numUsers()).isEqualTo(data.ratings().numUsers());
        assertThatThrownBy(released::trainedModel).isInstanceOf(IllegalStateException.class).hasMessageContaining("releasingData");
    }

    /** Only data handed over can be released; data merely lent stays readable. */
    @Test
    void dataLentToATrainerCannotBeReleased() {
        Dataset data = stars();
        Split split = Splits.random(data.ratings(), 0.2, 42);
        org.collab4j.train.TrainingData lent = new org.collab4j.train.TrainingData(data, split);
        assertThat(lent.isHandedOver()).isFalse();
        assertThatThrownBy(lent::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("handed over");
        assertThat(lent.data()).isSameAs(data);
        org.collab4j.train.TrainingData given = org.collab4j.train.TrainingData.handedOver(data, split);
        given.release();
        assertThat(given.released()).isTrue();
        assertThatThrownBy(given::split).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
    }

    /** A trainer that copies nothing keeps the data: releasingData then changes nothing. */
    @Test
    void aTrainerThatKeepsTheDataLeavesTheRunWhole() {
        Dataset data = stars();
        Split split = Splits.random(data.ratings(), 0.2, 42);
        Trained run = Training.plan(data, split, TrainRequest.of("baseline", Algorithms.get("baseline").defaults().withThreads(1)))
                .releasingData().run();
        assertThat(run.split()).isSameAs(split);
        assertThat(run.trainedModel().numUsers()).isEqualTo(data.ratings().numUsers());
        assertThat(run.report().validRmse()).isEqualTo(Metrics.accuracy(run.model(), data.ratings(), split.valid()).rmse());
    }
}
