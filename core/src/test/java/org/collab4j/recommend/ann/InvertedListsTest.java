package org.collab4j.recommend.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.collab4j.io.ModelFile;
import org.collab4j.kernel.Rng;
import org.collab4j.kernel.TopK;
import org.collab4j.kernel.Workers;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The k-means lists: exact when the bound ends the search, the budget when it does not, and their file. */
class InvertedListsTest {
    @TempDir
    Path dir;

    /** Two lists in one dimension, {0, 0.1} and {10, 10.1}, whatever the two starting centroids. */
    private static InvertedLists twoGroups(int scan) {
        return InvertedLists.build(new float[] {0f, 0.1f, 10f, 10.1f}, null, 4, 1, 2, scan, 1, Workers.SERIAL, null);
    }

    private static int[] search(InvertedLists lists, float x, int want, int[] scanned) {
        TopK top = new TopK(want);
        scanned[0] = lists.search(new float[] {x}, 0, 0f, top);
        int[] out = new int[top.size()];
        top.drainSorted(out, new float[out.length]);
        return out;
    }

    @Test
    void theBoundEndsTheSearchAfterTheListThatHoldsTheAnswer() {
        InvertedLists lists = twoGroups(100);
        assertThat(lists.lists()).isEqualTo(2);
        int[] scanned = new int[1];
        // x = 1: list {10, 10.1} is bounded by 10.05 + 0.05, list {0, 0.1} by 0.05 + 0.05 < 10.1, the best found
        assertThat(search(lists, 1f, 1, scanned)).containsExactly(3);
        assertThat(scanned[0]).isEqualTo(2);
        // x = -1: the lower list first (bound 0), the other (bound -10) cannot beat item 0's 0
        assertThat(search(lists, -1f, 1, scanned)).containsExactly(0);
        assertThat(scanned[0]).isEqualTo(2);
        // three wanted: the first list holds only two, so the second is scanned too
        assertThat(search(lists, 1f, 3, scanned)).containsExactly(3, 2, 1);
        assertThat(scanned[0]).isEqualTo(4);
    }

    @Test
    void theScanBudgetStopsASearchAtTheListThatReachesIt() {
        InvertedLists lists = twoGroups(1);
        int[] scanned = new int[1];
        assertThat(search(lists, 1f, 3, scanned)).containsExactly(3, 2); // one list taken: its two items
        assertThat(scanned[0]).isEqualTo(2);
        lists.setScan(3);
        assertThat(search(lists, 1f, 3, scanned)).containsExactly(3, 2, 1);
        assertThatThrownBy(() -> lists.setScan(0)).hasMessageContaining("ann-scan must be at least 1");
    }

    /** Without a budget every answer is the exact top, for random data, list counts and queries. */
    @Test
    void withoutABudgetTheAnswerIsExactlyTheTopByScore() {
        for (long seed = 1; seed <= 6; seed++) {
            Rng rng = new Rng(seed);
            int n = 300 + rng.nextInt(500), k = 1 + rng.nextInt(12), lists = 1 + rng.nextInt(60), want = 1 + rng.nextInt(20);
            float[] u = new float[n * k], e = new float[n];
            for (int j = 0; j < u.length; j++) u[j] = (float) rng.nextGaussian();
            for (int i = 0; i < n; i++) e[i] = (float) rng.nextGaussian();
            InvertedLists index = InvertedLists.build(u, e, n, k, lists, Integer.MAX_VALUE, seed, new Workers(2), null);
            for (int q = 0; q < 30; q++) {
                float[] x = new float[k];
                for (int f = 0; f < k; f++) x[f] = (float) rng.nextGaussian() * (1 + q % 3);
                float xe = q % 2;
                TopK exact = new TopK(want), found = new TopK(want);
                for (int i = 0; i < n; i++) exact.offer(i, org.collab4j.kernel.Simd.dot(x, 0, u, i * k, k) + xe * e[i]);
                index.search(x, 0, xe, found);
                int[] a = new int[want], b = new int[want];
                float[] as = new float[want], bs = new float[want];
                exact.drainSorted(a, as);
                found.drainSorted(b, bs);
                assertThat(b).as("seed %d, query %d", seed, q).containsExactly(a);
                assertThat(bs).containsExactly(as);
            }
        }
    }

    @Test
    void usersTopNThroughTheListsIsExactWithExclusionsAndTheModelsOwnScores() {
        TrainedModel t = ItemIndexTest.clustered(200, 3000, 16, 7, null);
        ItemIndex index = ItemIndex.build((FactorModel) t.model(), new ItemIndex.ListOptions(0, 0, 2), null);
        assertThat(index.method()).isEqualTo(ItemIndex.Method.LISTS);
        assertThat(index.lists()).isEqualTo(110); // about 2 sqrt(3000)
        assertThat(index.scan()).isEqualTo(ItemIndex.ListOptions.DEFAULT_SCAN);
        ApproximateTopN ann = new ApproximateTopN(t, index);
        int[] items = new int[10];
        float[] scores = new float[10];
        for (int u = 0; u < 200; u++) {
            assertThat(ann.topN(u, 10, items, scores)).isEqualTo(10);
            assertThat(items).containsExactly(ItemIndexTest.exactTop(t, u, 10));
            for (int j = 0; j < 10; j++) assertThat(scores[j]).isEqualTo(t.model().predict(u, items[j]));
        }
    }

    /**
     * Squashed into y_range, many of a user's best items round to the same float near the top of
     * the range: exact search breaks such ties by the lower item index, the lists by the score
     * before squashing, so the same scores come back, with the items of one score in another order.
     */
    @Test
    void squashedScoresAreTheExactScores() {
        TrainedModel t = ItemIndexTest.clustered(100, 3000, 16, 7, new float[] {0f, 5.5f});
        ApproximateTopN ann = new ApproximateTopN(t, ItemIndex.build((FactorModel) t.model(), new ItemIndex.ListOptions(0, 0, 2), null));
        int[] items = new int[10];
        float[] scores = new float[10];
        for (int u = 0; u < 100; u++) {
            ann.topN(u, 10, items, scores);
            int[] exact = ItemIndexTest.exactTop(t, u, 10);
            float[] exactScores = new float[10];
            for (int j = 0; j < 10; j++) exactScores[j] = t.model().predict(u, exact[j]);
            assertThat(scores).containsExactly(exactScores);
            for (int item : items) assertThat(t.hasSeen(u, item)).isFalse();
        }
    }

    @Test
    void similarItemsThroughTheListsAreTheExactList() {
        TrainedModel t = ItemIndexTest.clustered(50, 2000, 8, 3, null);
        ItemIndex index = ItemIndex.build((FactorModel) t.model(), ItemIndex.Kind.ITEM_ITEM, new ItemIndex.ListOptions(30, 0, 1), null);
        assertThat(index.scan()).isEqualTo(ItemIndex.ListOptions.DEFAULT_SIMILAR_SCAN);
        ApproximateSimilar ann = new ApproximateSimilar(t, index);
        Recommender exact = new Recommender(t);
        int[] items = new int[10];
        float[] scores = new float[10];
        for (int i = 0; i < 2000; i += 97) {
            int n = ann.similar(i, 10, 0, items, scores);
            List<ScoredItem> e = exact.similar(i, 10, 0);
            assertThat(n).isEqualTo(e.size());
            for (int j = 0; j < n; j++) {
                assertThat(items[j]).isEqualTo(e.get(j).index());
                assertThat(scores[j]).isEqualTo((float) e.get(j).score());
            }
        }
    }

    @Test
    void theListsRoundTripThroughTheIndexFileAndAGraphIsStillRead() throws Exception {
        TrainedModel t = ItemIndexTest.clustered(40, 900, 8, 5, null);
        Path model = dir.resolve("m.c4j");
        ModelFile.write(t, model);
        ItemIndex lists = ItemIndex.build((FactorModel) t.model(), new ItemIndex.ListOptions(12, 500, 1), null);
        IndexFile.write(lists, model, IndexFile.beside(model));
        ItemIndex back = IndexFile.read(IndexFile.beside(model), model);
        assertThat(back.method()).isEqualTo(ItemIndex.Method.LISTS);
        assertThat(back.lists()).isEqualTo(12);
        assertThat(back.scan()).isEqualTo(500);
        int[] a = new int[10], b = new int[10];
        for (int u = 0; u < 40; u++) {
            new ApproximateTopN(t, lists).topN(u, 10, a, new float[10]);
            new ApproximateTopN(t, back).topN(u, 10, b, new float[10]);
            assertThat(b).containsExactly(a);
        }
        ItemIndex graph = ItemIndex.build((FactorModel) t.model(), new ItemIndex.Options(8, 50, 50, 1), null);
        IndexFile.write(graph, model, IndexFile.beside(model));
        assertThat(IndexFile.read(IndexFile.beside(model), model).method()).isEqualTo(ItemIndex.Method.HNSW);
        assertThatThrownBy(() -> back.setEf(10)).hasMessageContaining("not a graph");
    }

    @Test
    void damagedListsAreRefused() throws Exception {
        InvertedLists lists = twoGroups(100);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        lists.save(new DataOutputStream(bytes));
        byte[] whole = bytes.toByteArray();
        assertThat(read(whole, 1).lists()).isEqualTo(2);
        assertThatThrownBy(() -> read(Arrays.copyOf(whole, whole.length - 3), 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("end early");
        assertThatThrownBy(() -> read(whole, 2)).hasMessageContaining("1 factors, 2 expected");
        byte[] badId = whole.clone();
        // the item indices follow the header (16 bytes), centroids (2), their extra coordinates (2), radii (2) and offsets (3)
        int ids = 16 + 4 * (2 + 2 + 2 + 3);
        badId[ids + 3] = 9;
        assertThatThrownBy(() -> read(badId, 1)).hasMessageContaining("bad item index 9");
    }

    private static InvertedLists read(byte[] b, int factors) throws IOException {
        return InvertedLists.load(new DataInputStream(new ByteArrayInputStream(b)), factors);
    }

    @Test
    void theListsAreDealtTheSameForTheSameSeedWhateverTheThreads() throws Exception {
        TrainedModel t = ItemIndexTest.clustered(10, 1500, 8, 9, null);
        Path model = dir.resolve("s.c4j");
        ModelFile.write(t, model);
        IndexFile.write(ItemIndex.build((FactorModel) t.model(), new ItemIndex.ListOptions(20, 0, 1), null), model, dir.resolve("one"));
        IndexFile.write(ItemIndex.build((FactorModel) t.model(), new ItemIndex.ListOptions(20, 0, 2), null), model, dir.resolve("two"));
        assertThat(Files.readAllBytes(dir.resolve("two"))).isEqualTo(Files.readAllBytes(dir.resolve("one")));
    }

    @Test
    void aDamagedListsPayloadInAnIndexFileIsReportedAsDamaged() throws Exception {
        TrainedModel t = ItemIndexTest.clustered(10, 300, 4, 2, null);
        Path model = dir.resolve("d.c4j");
        ModelFile.write(t, model);
        Path ann = IndexFile.beside(model);
        IndexFile.write(ItemIndex.build((FactorModel) t.model(), new ItemIndex.ListOptions(5, 0, 1), null), model, ann);
        assertThat(IndexFile.read(ann, model).lists()).isEqualTo(5);
        assertThatThrownBy(() -> IndexFile.read(ann, dir.resolve("missing.c4j"))).isInstanceOf(IOException.class);
        byte[] b = Files.readAllBytes(ann);
        b[b.length - 40] ^= 1;
        Files.write(ann, b);
        assertThatThrownBy(() -> IndexFile.read(ann, model)).isInstanceOf(CorruptModelException.class).hasMessageContaining("checksum");
    }
}
