package org.collab4j.algo.knn;

import org.collab4j.kernel.Workers;
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

class ItemKnnTest {
    @Test
    void oneSimilarityMatchesTheHandComputedShrunkPearson() {
        // three users rated items 0 and 1 with residuals (1, 2), (-1, -1), (2, 1)
        Ratings r = Fixtures.ratings(new double[][] {{0, 0, 3}, {0, 1, 3}, {1, 0, 3}, {1, 1, 3}, {2, 0, 3}, {2, 1, 3}});
        RatingMatrix m = RatingMatrix.of(r, r.allRows());
        float[] e = {1, 2, -1, -1, 2, 1}; // user-major, items in order
        ItemKnnTrainer.Neighbours nb;
        try (Workers w = new Workers(1)) {
            nb = ItemKnnTrainer.similarities(m, e, 1, 1, 0, w);
        }
        // rho = (2 + 1 + 2) / sqrt(6 * 6) = 5/6; shrunk by (3 - 1) / (3 - 1 + 1) = 2/3 -> 5/9
        assertThat(nb.start()).containsExactly(0, 1, 2);
        assertThat(nb.items()).containsExactly(1, 0);
        assertThat((double) nb.similarities()[0]).isCloseTo(5.0 / 9, within(1e-6));
        assertThat((double) nb.similarities()[1]).isCloseTo(5.0 / 9, within(1e-6));
    }

    @Test
    void similaritiesEqualSurprisesFormulaOnRandomDataForAnyThreadCount() {
        Rng rng = new Rng(9);
        java.util.List<double[]> t = new java.util.ArrayList<>();
        int nu = 40, ni = 25;
        for (int u = 0; u < nu; u++)
            for (int i = 0; i < ni; i++) if (rng.nextDouble() < 0.35) t.add(new double[] {u, i, 1 + rng.nextInt(5)});
        Ratings r = Fixtures.ratings(t.toArray(new double[0][]));
        RatingMatrix m = RatingMatrix.of(r, r.allRows());
        float[] bu = new float[nu], bi = new float[ni];
        org.collab4j.train.BaselineBiases.fit(m, 15, 10, 10, bu, bi);
        float[] e = ItemKnnTrainer.userResiduals(m, bu, bi);
        double shrink = 7;
        // brute force over all pairs from a dense residual matrix
        double[][] dense = new double[nu][ni];
        boolean[][] rated = new boolean[nu][ni];
        for (int u = 0; u < nu; u++)
            for (int j = m.userStart[u]; j < m.userStart[u + 1]; j++) {
                dense[u][m.userItems[j]] = e[j];
                rated[u][m.userItems[j]] = true;
            }
        ItemKnnTrainer.Neighbours one, two;
        try (Workers w1 = new Workers(1); Workers w2 = new Workers(3)) {
            one = ItemKnnTrainer.similarities(m, e, shrink, 2, 0, w1);
            two = ItemKnnTrainer.similarities(m, e, shrink, 2, 0, w2);
        }
        assertThat(two.items()).containsExactly(one.items());
        assertThat(two.similarities()).containsExactly(one.similarities());
        ItemKnnModel model = new ItemKnnModel(nu, ni, (float) m.mean, bu, bi, m.userStart, m.userItems, e, one.start(), one.items(),
                one.similarities(), 5, 1, new float[] {1, 5});
        for (int a = 0; a < ni; a++)
            for (int b = 0; b < ni; b++) {
                if (a == b) continue;
                double prod = 0, sa = 0, sb = 0;
                int n = 0;
                for (int u = 0; u < nu; u++)
                    if (rated[u][a] && rated[u][b]) {
                        n++;
                        prod += dense[u][a] * dense[u][b];
                        sa += dense[u][a] * dense[u][a];
                        sb += dense[u][b] * dense[u][b];
                    }
                double sim = n < 2 || sa * sb == 0 ? 0 : prod / Math.sqrt(sa * sb) * (n - 1) / (n - 1 + shrink);
                assertThat((double) model.similarity(a, b)).as("sim(%d, %d)", a, b).isCloseTo(Math.max(0, sim), within(1e-6));
            }
    }

    @Test
    void predictionIsTheBaselinePlusTheWeightedMeanOfTheKMostSimilarResiduals() {
        // 1 user, 4 items; the user rated items 1, 2, 3 with residuals 1, -1, 0.5; item 0's neighbours: 1 (0.9), 2 (0.2), 3 (0.5)
        int[] us = {0, 3}, ui = {1, 2, 3};
        float[] res = {1f, -1f, 0.5f};
        int[] ns = {0, 3, 4, 5, 6}, nb = {1, 2, 3, 0, 0, 0};
        float[] sims = {0.9f, 0.2f, 0.5f, 0.9f, 0.2f, 0.5f};
        float[] bu = {0.1f}, bi = {0.2f, 0, 0, 0};
        ItemKnnModel k2 = new ItemKnnModel(1, 4, 3f, bu, bi, us, ui, res, ns, nb, sims, 2, 1, new float[] {1, 5});
        // k = 2: neighbours 1 and 3 -> (0.9 * 1 + 0.5 * 0.5) / 1.4
        assertThat((double) k2.predict(0, 0)).isCloseTo(3.3 + (0.9 + 0.25) / 1.4, within(1e-6));
        ItemKnnModel k3 = new ItemKnnModel(1, 4, 3f, bu, bi, us, ui, res, ns, nb, sims, 3, 1, new float[] {1, 5});
        assertThat((double) k3.predict(0, 0)).isCloseTo(3.3 + (0.9 - 0.2 + 0.25) / 1.6, within(1e-6));
        ItemKnnModel minK = new ItemKnnModel(1, 4, 3f, bu, bi, us, ui, res, ns, nb, sims, 3, 4, new float[] {1, 5});
        assertThat(minK.predict(0, 0)).isCloseTo(3.3f, within(1e-6f));
        float[] all = new float[4];
        k2.scoreItems(0, all);
        assertThat(all[0]).isCloseTo(k2.predict(0, 0), within(1e-6f));
    }

    @Test
    void trainerReportsOneEpochAndKeepsAtMostKeepNeighbours() {
        double[] truth = new double[40 * 30];
        Ratings r = Fixtures.lowRank(40, 30, 2, 0.5, 0.3, 1, truth);
        History h = new History();
        TrainResult all = new ItemKnnTrainer().train(Fixtures.dataset(r), Fixtures.all(r), TrainConfig.defaults(), List.of(h));
        assertThat(h.epochs()).hasSize(1);
        TrainResult few = new ItemKnnTrainer().train(Fixtures.dataset(r), Fixtures.all(r), TrainConfig.defaults().withExtra("keep", "3"), List.of());
        ItemKnnModel a = (ItemKnnModel) all.model(), f = (ItemKnnModel) few.model();
        for (int i = 0; i < 30; i++) {
            int n = f.neighbourStart()[i + 1] - f.neighbourStart()[i];
            assertThat(n).isLessThanOrEqualTo(3);
            // the kept ones are the most similar of the full row
            float[] row = java.util.Arrays.copyOfRange(a.neighbourSimilarities(), a.neighbourStart()[i], a.neighbourStart()[i + 1]);
            java.util.Arrays.sort(row);
            for (int b = f.neighbourStart()[i]; b < f.neighbourStart()[i + 1]; b++)
                assertThat(f.neighbourSimilarities()[b]).isGreaterThanOrEqualTo(row[Math.max(0, row.length - 3)]);
        }
    }
}
