package org.collab4j.algo.ease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.algo.ImplicitReference;
import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.eval.TopNEvaluation;
import org.collab4j.io.ModelFile;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class EaseTest {
    /**
     * X = [[1,1,0],[0,1,1],[1,1,1],[1,0,0]]: G + I = [[4,2,1],[2,4,2],[1,2,3]], det 24,
     * P = [[8,-4,0],[-4,11,-6],[0,-6,12]] / 24, so B = [[0, 4/11, 0], [1/2, 0, 1/2], [0, 6/11, 0]].
     */
    public static Dataset fourByThree() {
        int[] u = {0, 0, 1, 1, 2, 2, 2, 3};
        int[] i = {0, 1, 1, 2, 0, 1, 2, 0};
        float[] v = {1, 1, 1, 1, 1, 1, 1, 1};
        Ratings r = new Ratings(u, i, v, null, IdIndex.of(new String[] {"a", "b", "c", "d"}), IdIndex.of(new String[] {"x", "y", "z"}),
                new RatingScale(0, 1));
        return new Dataset("4x3", r, null, null, LoadReport.none("4x3"));
    }

    static EaseModel fit(String precision) {
        Dataset d = fourByThree();
        TrainConfig c = TrainConfig.defaults().withExtra("lambda", "1").withExtra("precision", precision);
        return (EaseModel) new EaseTrainer().train(d, new Split("all", d.ratings().allRows(), new int[0]), c, List.of()).model();
    }

    @Test
    void handComputedFourByThree() {
        for (String precision : new String[] {"double", "float"}) {
            EaseModel m = fit(precision);
            float[] expected = {0, 4 / 11f, 0, 1 / 2f, 0, 1 / 2f, 0, 6 / 11f, 0};
            for (int k = 0; k < 9; k++) assertThat(m.weights()[k]).as(precision + " B[%d]", k).isCloseTo(expected[k], within(1e-6f));
            float[] s = new float[3];
            m.scoreItems(0, s); // items x, y
            assertThat(s[0]).isCloseTo(0.5f, within(1e-6f));
            assertThat(s[1]).isCloseTo(4 / 11f, within(1e-6f));
            assertThat(s[2]).isCloseTo(0.5f, within(1e-6f));
            assertThat(m.predict(3, 1)).isCloseTo(4 / 11f, within(1e-6f));
            // a new user with items x and y is scored at once, as user a; weights do not matter
            float[] n = new float[3];
            m.scoreHistory(new int[] {0, 1}, new float[] {5, 7}, 2, n);
            assertThat(n).containsExactly(s);
            // z is recommended to a because of x (0) and y (1/2)
            float[] c = new float[2];
            assertThat(m.contributions(new int[] {0, 1}, new float[] {1, 1}, 2, 2, c)).isTrue();
            assertThat(c[0]).isCloseTo(0f, within(1e-6f));
            assertThat(c[1]).isCloseTo(0.5f, within(1e-6f));
        }
    }

    @Test
    void refusesLargeCataloguesAndSuggestsIals() {
        Dataset d = fourByThree();
        TrainConfig c = TrainConfig.defaults().withExtra("max-items", "2");
        assertThatThrownBy(() -> new EaseTrainer().train(d, new Split("all", d.ratings().allRows(), new int[0]), c, List.of()))
                .hasMessage("ease inverts a dense 3 x 3 matrix (about 0.0 GiB and 3^3 flops), above max-items 2; use --model ials for a"
                        + " catalogue this large, or raise --set max-items=");
        TrainConfig bad = TrainConfig.defaults().withExtra("precision", "half");
        assertThatThrownBy(() -> new EaseTrainer().train(d, new Split("all", d.ratings().allRows(), new int[0]), bad, List.of()))
                .hasMessage("ease: precision must be float or double, got 'half'");
        TrainConfig unknown = TrainConfig.defaults().withExtra("alpha", "2");
        assertThatThrownBy(() -> new EaseTrainer().train(d, new Split("all", d.ratings().allRows(), new int[0]), unknown, List.of()))
                .hasMessage("model ease has no option 'alpha'; its options: lambda, max-items, precision");
    }

    @Test
    void reproducesNumpyEaseOnTheFixedSplit(@TempDir Path dir) throws Exception {
        RatingModel m = ImplicitReference.train(new EaseTrainer(), Map.of("lambda", "200"));
        TopNEvaluation.Result r = ImplicitReference.evaluate(m);
        assertThat(r.get("ndcg@20")).isCloseTo(0.3362, within(0.001));
        assertThat(r.get("recall@20")).isCloseTo(0.3951, within(0.001));
        assertThat(r.get("hr@10")).isCloseTo(0.8166, within(0.002));
        var ds = ImplicitReference.split();
        Path f = dir.resolve("ease.c4j");
        ModelFile.write(TrainedModel.of(m, ds.data().ratings(), ds.split().train(), null, null, Map.of()), f);
        RatingModel back = ModelFile.read(f).model();
        assertThat(((EaseModel) back).weights()).isEqualTo(((EaseModel) m).weights());
        assertThat(ImplicitReference.evaluate(back).metrics()).isEqualTo(r.metrics());
    }
}
