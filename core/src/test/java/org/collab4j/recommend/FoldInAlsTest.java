package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.algo.als.AlsTrainer;
import org.collab4j.kernel.Workers;
import org.collab4j.train.RatingMatrix;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * Fold-in is ALS's own user half-step: folding in a trained user's full history (no prior, the
 * model's weighted-lambda regularisation read from its provenance) gives the factors and bias
 * that one more ALS half-step over the users, against the trained item factors, gives. (Not the
 * trained user factors themselves: ALS's last sweep updates the items after the users, so those
 * lag by how far the items moved; 3 to 6% after 15 epochs, depending on the seed.)
 */
class FoldInAlsTest {
    @Test
    void foldingInATrainedUsersHistoryReproducesTheirAlsFactors() {
        String d = System.getenv("COLLAB4J_DATA");
        assumeTrue(d != null && Files.isDirectory(Path.of(d, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        Dataset data = DataLoader.load(Path.of(d, "ml-100k"), LoadOptions.defaults());
        Split split = Splits.official(data, Path.of(d, "ml-100k"), "u1");
        AlsTrainer als = new AlsTrainer();
        TrainConfig config = new org.collab4j.algo.als.AlsAlgorithm().defaults().withThreads(1).withEpochs(15);
        FactorModel fm = (FactorModel) als.train(data, split, config, java.util.List.of()).model();
        TrainedModel model = TrainedModel.of(fm, data.ratings(), split.train(), data.items(), data.users(),
                Map.of("model", "als", "wd", Double.toString(config.wd()), "bias-wd", "0.1"));
        FoldIn.Options options = FoldIn.Options.forModel(model).withPrior(0);
        assertThat(options.l2PerRating()).isEqualTo(config.wd());
        assertThat(options.biasL2PerRating()).isEqualTo(0.1);
        FoldIn foldIn = new FoldIn(model, options);
        int k = fm.factors(), checked = 0;
        RatingMatrix m = RatingMatrix.of(data.ratings(), split.train());
        float[] halfStep = fm.userFactors().clone(), halfStepBias = fm.userBias().clone();
        new AlsTrainer.Solver(k, config.wd(), 0.1, 1).halfStep(Workers.SERIAL, m.numUsers, m.userStart, m.userItems, m.userValues, m.mean,
                fm.itemFactors(), fm.itemBias(), halfStep, halfStepBias);
        double worst = 0;
        for (int u = 0; u < model.numUsers(); u += 37) {
            int from = model.seenStart()[u], to = model.seenStart()[u + 1];
            if (to - from < 20) continue;
            int[] items = java.util.Arrays.copyOfRange(model.seenItems(), from, to);
            float[] values = java.util.Arrays.copyOfRange(model.seenValues(), from, to);
            UserProfile p = foldIn.user(items, values);
            double diff = 0, norm = 0;
            for (int f = 0; f < k; f++) {
                double a = p.factors()[f], b = halfStep[u * k + f];
                diff += (a - b) * (a - b);
                norm += b * b;
            }
            double rel = Math.sqrt(diff / norm);
            worst = Math.max(worst, rel);
            // the same normal equations, summed in another order
            assertThat(rel).as("user %s: relative distance of folded-in factors", model.userIds().id(u)).isLessThan(1e-4);
            assertThat((double) p.bias()).isCloseTo(halfStepBias[u], org.assertj.core.data.Offset.offset(1e-4));
            checked++;
        }
        assertThat(checked).isGreaterThan(15);
        assertThat(worst).isLessThan(1e-4);
    }
}
