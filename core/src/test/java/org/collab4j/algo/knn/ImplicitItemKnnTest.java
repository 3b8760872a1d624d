package org.collab4j.algo.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.algo.ImplicitReference;
import org.collab4j.data.Confidence;
import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.Interactions;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.eval.TopNEvaluation;
import org.collab4j.io.ModelFile;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.ImplicitModels;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImplicitItemKnnTest {
    /** u0 {0, 1}, u1 {0, 1, 2}, u2 {1}: cos(0,1) = 2 / sqrt(6), cos(0,2) = 1 / sqrt(2), cos(1,2) = 1 / sqrt(3). */
    static Dataset three() {
        Ratings r = new Ratings(new int[] {0, 0, 1, 1, 1, 2}, new int[] {0, 1, 0, 1, 2, 1}, new float[] {1, 1, 1, 1, 1, 1}, null,
                IdIndex.of(new String[] {"a", "b", "c"}), IdIndex.of(new String[] {"x", "y", "z"}), new RatingScale(0, 1));
        return new Dataset("three", r, null, null, LoadReport.none("three"));
    }

    static ImplicitItemKnnModel fit(Dataset d, TrainConfig c) {
        return (ImplicitItemKnnModel) new ImplicitItemKnnTrainer().train(d, new Split("all", d.ratings().allRows(), new int[0]), c, List.of()).model();
    }

    @Test
    void cosineNeighboursCountTheItemItselfAsImplicitDoes() {
        float c01 = (float) (2 / Math.sqrt(6)), c02 = (float) (1 / Math.sqrt(2)), c12 = (float) (1 / Math.sqrt(3));
        ImplicitItemKnnModel all = fit(three(), TrainConfig.defaults().withExtra("similarity", "cosine").withExtra("k", "3"));
        assertThat(all.neighbourStart()).containsExactly(0, 2, 4, 6);
        assertThat(all.neighbours()).containsExactly(1, 2, 0, 2, 0, 1);
        float[] expected = {c01, c02, c01, c12, c02, c12};
        for (int q = 0; q < 6; q++) assertThat(all.neighbourSimilarities()[q]).isCloseTo(expected[q], within(1e-6f));
        float[] s = new float[3];
        all.scoreItems(2, s); // user c has y: x gets cos(y,x), z gets cos(y,z)
        assertThat(s[0]).isCloseTo(c01, within(1e-6f));
        assertThat(s[2]).isCloseTo(c12, within(1e-6f));
        // k = 2 keeps the item itself and its best neighbour, then drops itself
        ImplicitItemKnnModel two = fit(three(), TrainConfig.defaults().withExtra("similarity", "cosine").withExtra("k", "2"));
        assertThat(two.neighbours()).containsExactly(1, 0, 0);
        two.scoreHistory(new int[] {1, 2}, new float[] {1, 3}, 2, s);
        assertThat(s[0]).isCloseTo(c01 + 3 * c02, within(1e-6f));
        float[] c = new float[2];
        assertThat(two.contributions(new int[] {1, 2}, new float[] {1, 3}, 2, 0, c)).isTrue();
        assertThat(c[0]).isCloseTo(c01, within(1e-6f));
        assertThat(c[1]).isCloseTo(3 * c02, within(1e-6f));
        float[] sim = new float[3];
        two.similarities(0, sim);
        assertThat(sim[0]).isNaN();
        assertThat(sim[1]).isCloseTo(c01, within(1e-6f));
        assertThat(sim[2]).isNaN();
    }

    @Test
    void bm25WeightsAsImplicitComputesThem() {
        // items x (u0: 2, u1: 1) and y (u0: 1); N = 2 items
        Interactions x = Interactions.of(2, 2, new int[] {0, 0, 1}, new int[] {0, 1, 0}, new float[] {2, 1, 1}, Confidence.NONE);
        float[] w = ImplicitItemKnnTrainer.bm25(x, 1.2, 0.75);
        double idf0 = Math.log(2) - Math.log(3), idf1 = Math.log(2) - Math.log(2);
        double len0 = 0.25 + 0.75 * 3 / 2.0, len1 = 0.25 + 0.75 * 1 / 2.0;
        // item-major: x's users (0, 1), then y's user 0
        assertThat((double) w[0]).isCloseTo(2 * 2.2 / (1.2 * len0 + 2) * idf0, within(1e-6));
        assertThat((double) w[1]).isCloseTo(1 * 2.2 / (1.2 * len0 + 1) * idf1, within(1e-6));
        assertThat((double) w[2]).isCloseTo(1 * 2.2 / (1.2 * len1 + 1) * idf0, within(1e-6));
        float[] t = ImplicitItemKnnTrainer.tfidf(x);
        double a = Math.sqrt(2) * idf0, b = 1 * idf1;
        assertThat((double) t[0]).isCloseTo(a / Math.hypot(a, b), within(1e-6));
        assertThat((double) t[2]).isCloseTo(Math.signum(idf0), within(1e-6));
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> fit(three(), TrainConfig.defaults().withExtra("similarity", "jaccard")))
                .hasMessage("item-knn: similarity must be cosine, tfidf or bm25, got 'jaccard'");
        assertThatThrownBy(() -> fit(three(), TrainConfig.defaults().withExtra("b", "2"))).hasMessage("item-knn: b must be a number in [0, 1], got '2'");
        assertThatThrownBy(() -> fit(three(), TrainConfig.defaults().withExtra("lambda", "2")))
                .hasMessageStartingWith("model item-knn has no option 'lambda'; its options: similarity, k, k1, b, shrinkage, confidence");
    }

    @Test
    void theNameServesBothKindsOfData() {
        assertThat(ImplicitModels.get("item-knn")).isInstanceOf(ImplicitItemKnnTrainer.class);
        assertThat(ImplicitModels.get("ease").name()).isEqualTo("ease");
        assertThat(ImplicitModels.implicitOnly("ease")).isTrue();
        assertThat(ImplicitModels.implicitOnly("item-knn")).isFalse();
        assertThat(ImplicitModels.names()).contains("item-knn", "popularity", "ease", "ials", "bpr");
        assertThatThrownBy(() -> ImplicitModels.get("dot-bias")).hasMessageStartingWith("model dot-bias learns from star ratings, not from interactions;");
    }

    @Test
    void reachesTheReferenceOnTheFixedSplit(@TempDir Path dir) throws Exception {
        RatingModel bm25 = ImplicitReference.train(new ImplicitItemKnnTrainer(), Map.of("similarity", "bm25", "k", "200"));
        TopNEvaluation.Result r = ImplicitReference.evaluate(bm25);
        assertThat(r.get("ndcg@20")).isGreaterThanOrEqualTo(0.291);
        RatingModel cosine = ImplicitReference.train(new ImplicitItemKnnTrainer(), Map.of("similarity", "cosine", "k", "200"));
        assertThat(ImplicitReference.evaluate(cosine).get("ndcg@20")).isCloseTo(0.2692, within(0.003));
        var ds = ImplicitReference.split();
        Path f = dir.resolve("knn.c4j");
        ModelFile.write(TrainedModel.of(bm25, ds.data().ratings(), ds.split().train(), null, null, Map.of()), f);
        RatingModel back = ModelFile.read(f).model();
        assertThat(ImplicitReference.evaluate(back).metrics()).isEqualTo(r.metrics());
    }
}
