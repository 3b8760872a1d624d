package org.collab4j.recommend.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.CorruptModelException;
import org.collab4j.io.ModelFile;
import org.collab4j.kernel.Rng;
import org.collab4j.kernel.TopK;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemIndexTest {
    @TempDir
    Path dir;

    /** Items in 20 clusters (so the graph has structure to find), users near random clusters. */
    static TrainedModel clustered(int users, int items, int k, long seed, float[] yRange) {
        Rng rng = new Rng(seed);
        float[][] centre = new float[20][k];
        for (float[] c : centre) for (int f = 0; f < k; f++) c[f] = (float) rng.nextGaussian();
        float[] q = new float[items * k], p = new float[users * k], bi = new float[items], bu = new float[users];
        for (int i = 0; i < items; i++) {
            float[] c = centre[i % 20];
            for (int f = 0; f < k; f++) q[i * k + f] = c[f] * 0.5f + 0.3f * (float) rng.nextGaussian();
            bi[i] = 0.2f * (float) rng.nextGaussian();
        }
        for (int u = 0; u < users; u++) {
            float[] c = centre[rng.nextInt(20)];
            for (int f = 0; f < k; f++) p[u * k + f] = c[f] * 0.5f + 0.3f * (float) rng.nextGaussian();
        }
        FactorModel m = new FactorModel("dot-bias", users, items, k, p, q, bu, bi, 3f, yRange);
        // each user has rated 5 items: the first 5 of their cluster's best, so exclusion matters
        int[] ru = new int[users * 5], ri = new int[users * 5];
        float[] rv = new float[users * 5];
        float[] s = new float[items];
        for (int u = 0; u < users; u++) {
            m.scoreItems(u, s);
            TopK t = new TopK(5);
            for (int i = 0; i < items; i++) t.offer(i, s[i]);
            int[] top = new int[5];
            t.drainSorted(top, new float[5]);
            for (int j = 0; j < 5; j++) {
                ru[u * 5 + j] = u;
                ri[u * 5 + j] = top[j];
                rv[u * 5 + j] = 4;
            }
        }
        IdIndex uid = new IdIndex(), iid = new IdIndex();
        for (int u = 0; u < users; u++) uid.add("u" + u);
        for (int i = 0; i < items; i++) iid.add("i" + i);
        Ratings r = new Ratings(ru, ri, rv, null, uid, iid, new RatingScale(1, 5));
        int[] rows = new int[ru.length];
        Arrays.setAll(rows, j -> j);
        return TrainedModel.of(m, r, rows, null, null, Map.of("model", "dot-bias"));
    }

    static int[] exactTop(TrainedModel t, int u, int n) {
        float[] s = new float[t.numItems()];
        t.model().scoreItems(u, s);
        for (int j = t.seenStart()[u]; j < t.seenStart()[u + 1]; j++) s[t.seenItems()[j]] = Float.NaN;
        TopK top = new TopK(n);
        for (int i = 0; i < s.length; i++) top.offer(i, s[i]);
        int[] out = new int[n];
        top.drainSorted(out, new float[n]);
        return out;
    }

    @Test
    void recallAgainstExactSearchIsAtLeast95PercentAndSeenItemsStayOut() {
        TrainedModel t = clustered(300, 3000, 16, 7, new float[] {0f, 5.5f});
        ItemIndex index = ItemIndex.build((FactorModel) t.model(), new ItemIndex.Options(16, 200, 100, 2), null);
        ApproximateTopN ann = new ApproximateTopN(t, index);
        int hits = 0, total = 0;
        int[] items = new int[10];
        float[] scores = new float[10];
        for (int u = 0; u < 300; u++) {
            int n = ann.topN(u, 10, items, scores);
            assertThat(n).isEqualTo(10);
            int[] exact = exactTop(t, u, 10);
            for (int j = 0; j < n; j++) {
                assertThat(t.hasSeen(u, items[j])).as("seen item recommended").isFalse();
                assertThat(scores[j]).isEqualTo(t.model().predict(u, items[j])); // exact rescoring
                if (j > 0) assertThat(scores[j]).isLessThanOrEqualTo(scores[j - 1]);
                for (int e : exact) if (e == items[j]) hits++;
            }
            total += 10;
        }
        assertThat((double) hits / total).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aUserWhoHasSeenAlmostEverythingStillGetsTheRest() {
        TrainedModel t = clustered(3, 8, 4, 3, null);
        ItemIndex index = ItemIndex.build((FactorModel) t.model(), new ItemIndex.Options(4, 10, 1, 1), null);
        int[] items = new int[10];
        int n = new ApproximateTopN(t, index).topN(0, 10, items, new float[10]);
        assertThat(n).isEqualTo(3); // 8 items, 5 seen
        assertThat(Arrays.copyOf(items, n)).containsExactly(exactTop(t, 0, 3));
    }

    @Test
    void theIndexFileRoundTripsAndIsRefusedForAnotherModelOrWhenDamaged() throws Exception {
        TrainedModel t = clustered(50, 400, 8, 11, null);
        Path model = dir.resolve("m.c4j");
        ModelFile.write(t, model);
        ItemIndex index = ItemIndex.build((FactorModel) t.model(), ItemIndex.Options.defaults(), null);
        Path ann = IndexFile.beside(model);
        IndexFile.write(index, model, ann);
        ItemIndex back = IndexFile.read(ann, model);
        int[] a = new int[10], b = new int[10];
        for (int u = 0; u < 50; u++) {
            new ApproximateTopN(t, index).topN(u, 10, a, new float[10]);
            new ApproximateTopN(t, back).topN(u, 10, b, new float[10]);
            assertThat(b).containsExactly(a);
        }
        Path other = dir.resolve("other.c4j");
        ModelFile.write(clustered(50, 400, 8, 12, null), other);
        assertThatThrownBy(() -> IndexFile.read(ann, other)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("built from another model");
        byte[] bytes = Files.readAllBytes(ann);
        bytes[60] ^= 1;
        Files.write(ann, bytes);
        assertThatThrownBy(() -> IndexFile.read(ann, model)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void modelsThatAreNotPlainFactorModelsAreRefusedWithTheReason() {
        TrainedModel t = clustered(3, 8, 4, 3, null);
        FactorModel noFactors = new FactorModel("baseline", 3, 8, 0, new float[0], new float[0], new float[3], new float[8], 3f, null);
        assertThat(ItemIndex.supports(t.model())).isTrue();
        assertThat(ItemIndex.supports(noFactors)).isFalse();
        assertThatThrownBy(() -> ItemIndex.build(noFactors, ItemIndex.Options.defaults(), null))
                .hasMessageContaining("scored exactly");
    }
}
