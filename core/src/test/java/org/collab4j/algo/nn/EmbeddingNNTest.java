package org.collab4j.algo.nn;

import org.collab4j.model.TinyData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.data.SideTable;
import org.collab4j.features.FeatureSpec;
import org.collab4j.features.Features;
import org.collab4j.features.Field;
import org.collab4j.nn.BatchNorm;
import org.collab4j.nn.GradCheck;
import org.collab4j.train.Param;
import org.junit.jupiter.api.Test;

class EmbeddingNNTest {
    static final float[] Y = {0f, 5.5f};

    static Features all(Dataset d, int[] train) {
        return Features.build(d, FeatureSpec.parse("all"), SideTable.of(d.users()), SideTable.of(d.items()), train);
    }

    @Test
    void exactForwardOnAHandBuiltNetwork() {
        Dataset d = TinyData.dataset();
        EmbeddingNN nn = new EmbeddingNN(5, 4, Features.none(5, 4), new EmbeddingNN.Config(1, 1, new int[] {1}, 0f, null, Y, 1), false);
        Param[] p = nn.params();
        // user_emb (6x1), item_emb (5x1), linear W (2x1), b (1), bn gamma, beta, head W (1x1), b
        p[0].value[2] = 0.5f;        // user 1 (dense index 1, row 2)
        p[1].value[4] = -1f;         // item 3 (row 4)
        p[2].value[0] = 2f;
        p[2].value[1] = -1f;
        p[3].value[0] = 0.25f;
        p[4].value[0] = 1.5f;
        p[5].value[0] = -0.5f;
        p[6].value[0] = 0.8f;
        p[7].value[0] = 0.1f;
        BatchNorm bn = nn.batchNorms()[0];
        bn.runningMean[0] = 1f;
        bn.runningVar[0] = 4f;
        // x = [0.5, -1]; h = relu(2*0.5 + -1*-1 + 0.25) = 2.25; z = 1.5*(2.25-1)/sqrt(4+eps) - 0.5; y = 0.8 z + 0.1
        double z = 1.5 * (2.25 - 1) / Math.sqrt(4 + BatchNorm.EPS) - 0.5;
        double raw = 0.8 * z + 0.1;
        double expected = 5.5 / (1 + Math.exp(-raw));
        assertThat((double) nn.predict(1, 3)).isCloseTo(expected, offset(1e-6));
        float[] out = new float[1];
        nn.setTraining(false);
        Ratings r = d.ratings();
        nn.forward(r, new int[] {4}, 0, 1, out); // rating 4 is user 1, item 3
        assertThat((double) out[0]).isCloseTo(expected, offset(1e-6));
        float[] scores = new float[4];
        nn.scoreItems(1, scores);
        assertThat((double) scores[3]).isCloseTo(expected, offset(1e-6));
    }

    @Test
    void wholeNetworkGradientsWithoutSideInputs() {
        Dataset d = TinyData.dataset();
        EmbeddingNN nn = new EmbeddingNN(5, 4, Features.none(5, 4), new EmbeddingNN.Config(3, 2, new int[] {5, 4}, 0f, null, Y, 3));
        check(nn, d.ratings());
    }

    @Test
    void wholeNetworkGradientsWithUserItemAndTimeInputs() {
        Dataset d = TinyData.dataset();
        int[] train = d.ratings().allRows();
        Features f = all(d, train);
        assertThat(f.describe()).isEqualTo("user:age,gender,occupation,zip;item:genres,year;time:year,month,weekday,hour,days_since_release");
        EmbeddingNN nn = new EmbeddingNN(5, 4, f, new EmbeddingNN.Config(3, 2, new int[] {6, 3}, 0f, null, Y, 4));
        check(nn, d.ratings());
    }

    @Test
    void wholeNetworkGradientsWithScaledEmbeddingTables() {
        // the default training holds the tables as E/3 and uses 3 * table: the gradients are those of the stored tables
        Dataset d = TinyData.dataset();
        Features f = all(d, d.ratings().allRows());
        EmbeddingNN nn = new EmbeddingNN(5, 4, f, new EmbeddingNN.Config(3, 2, new int[] {6, 3}, 0f, null, Y, 7));
        nn.setEmbeddingScale(3f);
        check(nn, d.ratings());
    }

    @Test
    void theEmbeddingScaleLeavesTheNetworkUnchangedAndFoldsBack() {
        Dataset d = TinyData.dataset();
        Ratings r = d.ratings();
        int[] rows = r.allRows();
        int m = rows.length;
        Features f = all(d, rows);
        EmbeddingNN plain = new EmbeddingNN(5, 4, f, new EmbeddingNN.Config(3, 2, new int[] {6, 3}, 0f, null, Y, 8));
        EmbeddingNN scaled = new EmbeddingNN(5, 4, f, new EmbeddingNN.Config(3, 2, new int[] {6, 3}, 0f, null, Y, 8));
        float[] start = scaled.params()[0].value.clone();
        scaled.setEmbeddingScale(4f);
        assertThat(scaled.params()[0].value[3]).isEqualTo(start[3] / 4f);
        float[] a = new float[m], b = new float[m];
        plain.predictRatings(r, rows, 0, m, a);
        scaled.predictRatings(r, rows, 0, m, b);
        for (int j = 0; j < m; j++) assertThat((double) b[j]).isCloseTo(a[j], offset(1e-5));
        plain.setTraining(true);
        scaled.setTraining(true);
        plain.forward(r, rows, 0, m, a);
        scaled.forward(r, rows, 0, m, b);
        for (int j = 0; j < m; j++) assertThat((double) b[j]).isCloseTo(a[j], offset(1e-5));
        scaled.setTraining(false);
        scaled.setEmbeddingScale(1f);
        assertThat(scaled.embeddingScale()).isEqualTo(1f);
        for (int j = 0; j < start.length; j++) assertThat((double) scaled.params()[0].value[j]).isCloseTo(start[j], offset(1e-9));
        assertThatThrownBy(() -> scaled.setEmbeddingScale(0f)).hasMessageContaining("positive");
    }

    @Test
    void theCentredOutputStartsAtTheMean() {
        // all weights zero: the head sees zeros, so the prediction is sigmoid_range(head bias)
        EmbeddingNN nn = new EmbeddingNN(5, 4, Features.none(5, 4), new EmbeddingNN.Config(2, 2, new int[] {3}, 0f, null, Y, 1), false);
        assertThat((double) nn.predict(0, 0)).isCloseTo(2.75, offset(1e-6));
        nn.centreOutput(3.53);
        assertThat((double) nn.predict(0, 0)).isCloseTo(3.53, offset(1e-5));
        EmbeddingNN raw = new EmbeddingNN(5, 4, Features.none(5, 4), new EmbeddingNN.Config(2, 2, new int[] {3}, 0f, null, null, 1), false);
        raw.centreOutput(3.53);
        assertThat((double) raw.predict(1, 2)).isCloseTo(3.53, offset(1e-6));
    }

    private static void check(EmbeddingNN nn, Ratings data) {
        int[] rows = data.allRows();
        int m = rows.length;
        float[] c = GradCheck.random(m, 11), out = new float[m];
        nn.setTraining(true);
        // embeddings start at std 0.01, where batch norm over a batch of ten is very curved;
        // widen them so that finite differences see the same function the gradient describes
        for (var e : nn.embeddings()) for (int j = 0; j < e.weight.value.length; j++) e.weight.value[j] *= 40f;
        for (Param p : nn.params()) p.zeroGrad();
        nn.forward(data, rows, 0, m, out);
        nn.backward(c);
        GradCheck.params(nn.params(), () -> {
            nn.forward(data, rows, 0, m, out);
            return GradCheck.dot(c, out, m);
        }, 12);
    }

    @Test
    void aUserWithoutRatingsIsScoredFromSideInformation() {
        Dataset d = TinyData.dataset();
        int[] train = d.ratings().allRows();
        Features f = Features.build(d, FeatureSpec.parse("user:gender,occupation"), SideTable.of(d.users()), null, train);
        // user 4 ("5") has no ratings: gender F and occupation artist were seen in training; categories it alone has would be unknown
        Field occ = f.fields().get(1);
        assertThat(occ.vocab()).containsExactly(Field.UNKNOWN, "student", "artist", "doctor");
        assertThat(occ.codes()[4]).isEqualTo(2);
        EmbeddingNN nn = new EmbeddingNN(5, 4, f, new EmbeddingNN.Config(2, 2, new int[] {4}, 0f, null, Y, 5));
        nn.prepare(d.ratings(), train);
        nn.finish(d.ratings(), train);
        // the untrained user's id row is the unknown slot: the rating-weighted mean of the trained rows
        float[] ue = nn.params()[0].value;
        double mean0 = (3 * ue[2] + 2 * ue[4] + 2 * ue[6] + 3 * ue[8]) / 10.0;
        assertThat((double) ue[10]).isCloseTo(mean0, offset(1e-6));
        assertThat(ue[0]).isEqualTo(ue[10]);
        // its prediction follows its features: change the artist embedding and the score moves
        float before = nn.predict(4, 0);
        Param occEmb = nn.params()[3];
        for (int c = 0; c < occEmb.rowLength; c++) occEmb.value[2 * occEmb.rowLength + c] += 1f;
        assertThat(nn.predict(4, 0)).isNotEqualTo(before);
    }

    @Test
    void contextualPredictionsUseTheTimestamp() {
        Dataset d = TinyData.dataset();
        int[] train = d.ratings().allRows();
        Features f = Features.build(d, FeatureSpec.parse("time:weekday,hour"), null, null, train);
        EmbeddingNN nn = new EmbeddingNN(5, 4, f, new EmbeddingNN.Config(2, 2, new int[] {4}, 0f, null, Y, 6));
        float[] out = new float[10];
        nn.predictRatings(d.ratings(), train, 0, 10, out);
        for (int r = 0; r < 10; r++)
            assertThat(out[r]).isEqualTo(nn.predict(d.ratings().user(r), d.ratings().item(r), d.ratings().time(r)));
        assertThat(out[0]).isNotEqualTo(nn.predict(0, 0));
    }

    @Test
    void configErrorsNameTheProblem() {
        assertThatThrownBy(() -> new EmbeddingNN.Config(0, 0, new int[0], 0f, null, Y, 1)).hasMessageContaining("--layers");
        assertThatThrownBy(() -> new EmbeddingNN.Config(0, 0, new int[] {10, 0}, 0f, null, Y, 1)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new EmbeddingNN.Config(0, 0, new int[] {10}, 1.5f, null, Y, 1)).hasMessageContaining("embedding dropout");
        assertThatThrownBy(() -> new EmbeddingNN.Config(0, 0, new int[] {10}, 0f, new float[] {0.1f, 0.2f}, Y, 1)).hasMessageContaining("one probability per hidden layer");
    }
}
