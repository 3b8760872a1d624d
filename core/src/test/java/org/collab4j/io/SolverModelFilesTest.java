package org.collab4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.algo.bpmf.BpmfModel;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.FactorModel;
import org.collab4j.algo.knn.ItemKnnModel;
import org.collab4j.model.RatingModel;
import org.collab4j.algo.svdpp.SvdppModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.train.Fixtures;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.Algorithms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every model of the classic and probabilistic family saves, loads, predicts the same, recommends and finds similar items. */
class SolverModelFilesTest {
    @TempDir
    Path dir;

    static TrainedModel train(String kind, Ratings r, Split split) {
        TrainConfig c = Algorithms.get(kind).defaults().withFactors(3).withThreads(2);
        if (kind.equals("bpmf")) c = c.withExtra("burn-in", "3").withExtra("samples", "5");
        RatingModel m = Algorithms.get(kind).trainer().train(Fixtures.dataset(r), split, c, List.of()).model();
        return TrainedModel.of(m, r, split.train(), null, null, Map.of("model", kind));
    }

    @Test
    void roundTripKeepsEveryPredictionAndTheModelClass() throws Exception {
        Ratings r = Fixtures.ratings(tinyTriples());
        Split split = Splits.random(r, 0.2, 1);
        for (String kind : List.of("baseline", "als", "svdpp", "bpmf", "item-knn")) {
            TrainedModel t = train(kind, r, split);
            Path f = dir.resolve(kind + ".c4j");
            ModelFile.write(t, f);
            TrainedModel back = ModelFile.read(f);
            assertThat(back.kind()).isEqualTo(kind);
            assertThat(back.model().getClass()).isEqualTo(t.model().getClass());
            for (int u = 0; u < r.numUsers(); u++)
                for (int i = 0; i < r.numItems(); i++)
                    assertThat(back.model().predict(u, i)).as("%s (%d, %d)", kind, u, i).isEqualTo(t.model().predict(u, i));
            if (t.model() instanceof FactorModel) assertThat(((FactorModel) back.model()).clipRange()).containsExactly(1f, 5f);
        }
    }

    @Test
    void codecsKeepTheirExtraParts() throws Exception {
        Ratings r = Fixtures.ratings(tinyTriples());
        Split split = Splits.none(r);
        SvdppModel s = (SvdppModel) train("svdpp", r, split).model();
        Path f = dir.resolve("s.c4j");
        ModelFile.write(TrainedModel.of(s, r, split.train(), null, null, Map.of()), f);
        SvdppModel s2 = (SvdppModel) ModelFile.read(f).model();
        assertThat(s2.implicitFactors()).containsExactly(s.implicitFactors());
        assertThat(s2.explicitUserFactors()).containsExactly(s.explicitUserFactors());
        BpmfModel b = (BpmfModel) train("bpmf", r, split).model();
        ModelFile.write(TrainedModel.of(b, r, split.train(), null, null, Map.of()), f);
        BpmfModel b2 = (BpmfModel) ModelFile.read(f).model();
        assertThat(b2.samples()).isEqualTo(5);
        assertThat(b2.sampleFactors()).isEqualTo(3);
        assertThat(b2.factors()).isEqualTo(15);
        ItemKnnModel k = (ItemKnnModel) train("item-knn", r, split).model();
        ModelFile.write(TrainedModel.of(k, r, split.train(), null, null, Map.of()), f);
        ItemKnnModel k2 = (ItemKnnModel) ModelFile.read(f).model();
        assertThat(k2.neighbours()).containsExactly(k.neighbours());
        assertThat(k2.neighbourSimilarities()).containsExactly(k.neighbourSimilarities());
        assertThat(k2.k()).isEqualTo(40);
    }

    @Test
    void aDamagedItemKnnFileIsRefused() throws Exception {
        Ratings r = Fixtures.ratings(tinyTriples());
        Path f = dir.resolve("k.c4j");
        ModelFile.write(train("item-knn", r, Splits.none(r)), f);
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x40;
        Files.write(f, b);
        assertThatThrownBy(() -> ModelFile.read(f)).isInstanceOf(CorruptModelException.class);
    }

    @Test
    void similarItemsComeFromEachModelsOwnSimilarity() {
        Ratings r = Fixtures.ratings(tinyTriples());
        Split split = Splits.none(r);
        for (String kind : List.of("baseline", "als", "svdpp", "bpmf", "item-knn")) {
            Recommender rec = new Recommender(train(kind, r, split));
            List<ScoredItem> sims = rec.similar(0, 5);
            assertThat(sims).as(kind).isNotEmpty();
            for (int j = 0; j < sims.size(); j++) {
                assertThat(sims.get(j).index()).isNotEqualTo(0);
                if (j > 0) assertThat(sims.get(j).score()).isLessThanOrEqualTo(sims.get(j - 1).score());
            }
            assertThat(rec.similarityMeasure()).isNotEqualTo("none");
        }
        // item-knn: exactly its stored neighbours, best first
        TrainedModel t = train("item-knn", r, split);
        ItemKnnModel k = (ItemKnnModel) t.model();
        List<ScoredItem> sims = new Recommender(t).similar(0, 100);
        assertThat(sims).hasSize(k.neighbourStart()[1] - k.neighbourStart()[0]);
        for (ScoredItem s : sims) assertThat(s.score()).isEqualTo(k.similarity(0, s.index()));
    }

    @Test
    void recommendationsExcludeSeenItemsForEveryModel() {
        Ratings r = Fixtures.ratings(tinyTriples());
        Split split = Splits.none(r);
        for (String kind : List.of("baseline", "als", "svdpp", "bpmf", "item-knn")) {
            TrainedModel t = train(kind, r, split);
            List<ScoredItem> recs = new Recommender(t).recommend(0, 50);
            assertThat(recs).as(kind).isNotEmpty();
            for (ScoredItem s : recs) assertThat(t.hasSeen(0, s.index())).isFalse();
            float[] scores = new float[t.numItems()];
            t.model().scoreItems(0, scores);
            for (ScoredItem s : recs) assertThat(s.score()).isEqualTo(scores[s.index()]);
        }
    }

    /** 12 users x 10 items, every user rates about half, ratings from a simple pattern. */
    static double[][] tinyTriples() {
        java.util.List<double[]> t = new java.util.ArrayList<>();
        for (int u = 0; u < 12; u++)
            for (int i = 0; i < 10; i++)
                if ((u * 7 + i * 3) % 5 < 3) t.add(new double[] {u, i, 1 + ((u + 2 * i) % 5)});
        return t.toArray(new double[0][]);
    }
}
