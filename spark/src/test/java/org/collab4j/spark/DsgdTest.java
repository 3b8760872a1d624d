package org.collab4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.collab4j.model.FactorModel;
import org.collab4j.train.EpochResult;
import org.collab4j.train.Schedule;
import org.junit.jupiter.api.Test;

class DsgdTest {
    static final TinyRatings DATA = new TinyRatings(240, 160, 40, 7);
    static final float[] Y_RANGE = {0f, 5.5f};

    static Dsgd.Settings settings(int d) {
        return new Dsgd.Settings(8, 6, 0.02, false, 0.05f, 0.05f, 0.01f, 0.4f, Y_RANGE, d, 42);
    }

    static Dsgd.Result dsgd(int d) {
        return Dsgd.train(SparkTestSession.sc(), DATA.frame(false), DATA.frame(true), DATA.numUsers, DATA.numItems, settings(d), List.of());
    }

    /** The single-machine trainer: the same kernel over all training ratings on one thread, in a seeded order. */
    static FactorModel singleMachine(Dsgd.Settings s) {
        RatingBlock.Cells cells = new RatingBlock.Cells();
        for (int r = 0; r < DATA.value.length; r++) if (!DATA.valid[r]) cells.add(DATA.user[r], 0, DATA.item[r], DATA.value[r]);
        RatingBlock all = RatingBlock.build(0, 1, List.of(cells).iterator(), s.seed());
        FactorBlock users = FactorBlock.initial(0, DATA.numUsers, s.factors(), s.initStd(), s.seed(), 0);
        FactorBlock items = FactorBlock.initial(0, DATA.numItems, s.factors(), s.initStd(), s.seed(), 1);
        Schedule rate = Schedule.constant(s.lr(), 0);
        for (int e = 0; e < s.epochs(); e++) {
            BlockKernel.train(users, items, s.factors(), all.users[0], all.items[0], all.values[0], s.global(), s.yRange(),
                    (float) rate.lr((double) e / s.epochs()), s.l2(), s.biasL2());
        }
        return new FactorModel("dot-bias", DATA.numUsers, DATA.numItems, s.factors(), users.factors, items.factors,
                users.bias, items.bias, s.global(), s.yRange());
    }

    static double rmse(FactorModel m) {
        double se = 0;
        int n = 0;
        for (int r = 0; r < DATA.value.length; r++) {
            if (!DATA.valid[r]) continue;
            double e = m.predict(DATA.user[r], DATA.item[r]) - DATA.value[r];
            se += e * e;
            n++;
        }
        return Math.sqrt(se / n);
    }

    @Test
    void oneBlockIsExactlyTheSingleMachineKernel() {
        FactorModel spark = dsgd(1).model();
        FactorModel local = singleMachine(settings(1));
        assertThat(spark.userFactors()).containsExactly(local.userFactors());
        assertThat(spark.itemFactors()).containsExactly(local.itemFactors());
        assertThat(spark.userBias()).containsExactly(local.userBias());
        assertThat(spark.itemBias()).containsExactly(local.itemBias());
    }

    @Test
    void aThreeByThreeGridMatchesTheSingleMachineTrainerAndRepeatsItself() {
        Dsgd.Result a = dsgd(3);
        Dsgd.Result b = dsgd(3);
        assertThat(a.model().userFactors()).containsExactly(b.model().userFactors());
        assertThat(a.model().itemBias()).containsExactly(b.model().itemBias());

        double local = rmse(singleMachine(settings(1)));
        double grid = rmse(a.model());
        assertThat(grid).isCloseTo(local, org.assertj.core.data.Offset.offset(0.02));
        assertThat(grid).isLessThan(1.0); // it learned something: predicting the mean gives about 1.1 here

        List<EpochResult> epochs = a.epochs();
        assertThat(epochs).hasSize(6);
        assertThat(epochs.get(5).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        // the per-epoch validation loss is the model's MSE on the held-out rows
        assertThat(Math.sqrt(epochs.get(5).validLoss())).isCloseTo(grid, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void matchesDotBiasWithOptimizerSgdOnOneMachine() {
        // the trainer behind ./collab4j train --model dot-bias --optimizer sgd, with the same settings
        int n = DATA.value.length, nValid = 0;
        for (boolean v : DATA.valid) if (v) nValid++;
        org.collab4j.data.IdIndex users = new org.collab4j.data.IdIndex(), items = new org.collab4j.data.IdIndex();
        for (int u = 0; u < DATA.numUsers; u++) users.add(Integer.toString(u));
        for (int i = 0; i < DATA.numItems; i++) items.add(Integer.toString(i));
        org.collab4j.data.Ratings ratings = new org.collab4j.data.Ratings(DATA.user, DATA.item, DATA.value, null, users, items,
                new org.collab4j.data.RatingScale(1, 5));
        org.collab4j.data.Split split = org.collab4j.data.Splits.fromMask("tiny", DATA.valid, nValid);
        org.collab4j.data.Dataset ds = new org.collab4j.data.Dataset("tiny", ratings, null, null,
                new org.collab4j.data.LoadReport("tiny", n, 0, 0, 0));
        org.collab4j.train.TrainConfig cfg = new org.collab4j.train.TrainConfig(8, 6, 0.02, 0.05, 64, "sgd", "constant", Y_RANGE, 1, 42,
                java.util.Map.of("bias-l2", "0.05"));
        org.collab4j.model.RatingModel local = org.collab4j.train.Algorithms.get("dot-bias").trainer().train(ds, split, cfg, List.of()).model();
        double localRmse = org.collab4j.eval.Metrics.accuracy(local, ratings, split.valid()).rmse();
        FactorModel grid = dsgd(3).model();
        assertThat(rmse(grid)).isCloseTo(localRmse, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void emptyBlocksAreFine() {
        // more blocks than some users have ratings: many sub-blocks are empty
        Dsgd.Settings s = new Dsgd.Settings(4, 2, 0.02, true, 0.05f, 0.05f, 0.01f, 0.4f, Y_RANGE, 7, 1);
        List<org.apache.spark.sql.Row> few = new ArrayList<>(DATA.frame(false).limit(30).collectAsList());
        Dataset<Row> df = SparkTestSession.get().createDataFrame(few, TinyRatings.DENSE);
        Dsgd.Result r = Dsgd.train(SparkTestSession.sc(), df, null, DATA.numUsers, DATA.numItems, s, List.of());
        assertThat(r.epochs()).hasSize(2);
        assertThat(Double.isNaN(r.epochs().get(0).validLoss())).isTrue();
    }
}
