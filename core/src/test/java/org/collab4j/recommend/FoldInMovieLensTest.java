package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.algo.dotbias.DotBiasTrainer;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fold-in and onboarding on a dot-bias model of MovieLens 100k (skipped without COLLAB4J_DATA). */
class FoldInMovieLensTest {
    static TrainedModel model;

    @BeforeAll
    static void train() {
        String d = System.getenv("COLLAB4J_DATA");
        assumeTrue(d != null && Files.isDirectory(Path.of(d, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        Dataset data = DataLoader.load(Path.of(d, "ml-100k"), LoadOptions.defaults());
        Split split = Splits.random(data.ratings(), 0.2, 42);
        TrainConfig config = TrainConfig.defaults().withThreads(1);
        FactorModel fm = (FactorModel) new DotBiasTrainer().train(data, split, config, java.util.List.of()).model();
        model = TrainedModel.of(fm, data.ratings(), split.train(), data.items(), data.users(), Map.of("model", "dot-bias"));
    }

    @Test
    void foldingInAnExistingUsersHistoryReproducesTheirPredictions() {
        FactorModel fm = (FactorModel) model.model();
        FoldIn own = new FoldIn(model, FoldIn.Options.forModel(model).withPrior(0));
        FoldIn bayes = new FoldIn(model);
        int ni = model.numItems();
        float[] trained = new float[ni], folded = new float[ni], foldedBayes = new float[ni];
        double corrOwn = 0, corrBayes = 0;
        int users = 0;
        for (int u = 0; u < model.numUsers(); u += 10) {
            if (model.userCount(u) < 50) continue;
            int from = model.seenStart()[u], to = model.seenStart()[u + 1];
            int[] items = Arrays.copyOfRange(model.seenItems(), from, to);
            float[] values = Arrays.copyOfRange(model.seenValues(), from, to);
            fm.scoreItems(u, trained);
            own.scoreItems(own.user(items, values), folded);
            bayes.scoreItems(bayes.user(items, values), foldedBayes);
            corrOwn += correlation(trained, folded);
            corrBayes += correlation(trained, foldedBayes);
            users++;
        }
        assertThat(users).isGreaterThan(20);
        // the trained rows are Adam's after 5 epochs, not the exact minimiser, so "closely", not exactly
        assertThat(corrOwn / users).isGreaterThan(0.9);
        assertThat(corrBayes / users).isGreaterThan(0.9);
    }

    @Test
    void onboardingIsDeterministicForASeedAndNeverRepeatsAnItem() {
        Onboarding ob = new Onboarding(new FoldIn(model));
        int[] a = ob.propose(20, 7), b = ob.propose(20, 7);
        assertThat(a).containsExactly(b).doesNotHaveDuplicates().hasSize(20);
        int[] popular = Onboarding.mostRated(model.itemCounts(), Onboarding.CANDIDATES);
        for (int i : a) assertThat(popular).contains(i);
        boolean differs = false;
        for (long s = 0; s < 10 && !differs; s++) differs = !Arrays.equals(ob.propose(20, s), a);
        assertThat(differs).as("the seed changes the first pick").isTrue();
        assertThat(ob.propose(Onboarding.CANDIDATES + 50, 1)).doesNotHaveDuplicates().hasSize(Onboarding.CANDIDATES + 50);
    }

    @Test
    void genreStartAndNewItemsUseTheGenres() {
        FoldIn fi = new FoldIn(model);
        Onboarding ob = new Onboarding(fi);
        int comedy = model.itemInfo().genreIndex("Comedy"), horror = model.itemInfo().genreIndex("Horror");
        UserProfile likesHorror = ob.fromGenres(new int[] {horror}, Onboarding.Demographics.NONE);
        UserProfile likesComedy = ob.fromGenres(ob.genreIndices(new String[] {"comedy"}), new Onboarding.Demographics("F", 25, null));
        NewItems ni = new NewItems(model);
        UserProfile newHorror = ni.fromGenres(new int[] {horror});
        UserProfile newComedy = ni.fromGenres(new int[] {comedy});
        assertThat(ni.predict(likesHorror, newHorror) - ni.predict(likesHorror, newComedy))
                .isGreaterThan(ni.predict(likesComedy, newHorror) - ni.predict(likesComedy, newComedy));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ob.genreIndices(new String[] {"Comedy", "Polka", "Opera"}))
                .hasMessageStartingWith("unknown genres Polka, Opera; the model knows: ");
    }

    static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
