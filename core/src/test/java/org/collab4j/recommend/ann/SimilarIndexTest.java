package org.collab4j.recommend.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.collab4j.io.ModelFile;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Similar items through the item-item index: the exact lists, the same filters, the right file. */
class SimilarIndexTest {
    @TempDir
    Path dir;

    private static ItemIndex similarIndex(TrainedModel t) {
        return ItemIndex.build((FactorModel) t.model(), ItemIndex.Kind.ITEM_ITEM, new ItemIndex.Options(16, 100, 100, 2), null);
    }

    private static void assertSameList(int count, int[] items, float[] scores, List<ScoredItem> exact) {
        assertThat(count).isEqualTo(exact.size());
        for (int j = 0; j < count; j++) {
            assertThat(items[j]).as("rank %d", j).isEqualTo(exact.get(j).index());
            assertThat(scores[j]).as("rank %d", j).isEqualTo(exact.get(j).score());
        }
    }

    @Test
    void onAClusteredModelTheIndexGivesTheExactListsWithTheirCosines() {
        TrainedModel t = ItemIndexTest.clustered(100, 2000, 8, 5, null);
        ApproximateSimilar ann = new ApproximateSimilar(t, similarIndex(t));
        Recommender exact = new Recommender(t);
        int[] items = new int[10];
        float[] scores = new float[10];
        for (int i = 0; i < 2000; i += 7) {
            int c = ann.similar(i, 10, 0, items, scores);
            assertSameList(c, items, scores, exact.similar(i, 10, 0));
            for (int j = 0; j < c; j++) assertThat(items[j]).isNotEqualTo(i);
        }
    }

    @Test
    void theMinimumRatingsAndItemsWithoutFactorsHoldAsInExactSearch() {
        TrainedModel t = ItemIndexTest.clustered(100, 2000, 8, 5, null);
        FactorModel m = (FactorModel) t.model();
        java.util.Arrays.fill(m.itemFactors(), 3 * 8, 4 * 8, 0f); // item 3 has no factors
        ApproximateSimilar ann = new ApproximateSimilar(t, similarIndex(t));
        Recommender exact = new Recommender(t);
        int[] items = new int[10];
        float[] scores = new float[10];
        int rated = 0;
        for (int i = 0; i < 2000; i++) if (t.itemCount(i) >= 2) rated++;
        assertThat(rated).isBetween(20, 1000); // the minimum leaves most of the graph's neighbours out
        for (int i = 0; i < 2000; i += 11) {
            int c = ann.similar(i, 10, 2, items, scores);
            assertSameList(c, items, scores, exact.similar(i, 10, 2));
            for (int j = 0; j < c; j++) {
                assertThat(t.itemCount(items[j])).isGreaterThanOrEqualTo(2);
                assertThat(items[j]).isNotEqualTo(3);
            }
        }
        assertThat(ann.similar(3, 10, 0, items, scores)).isZero();
        assertThat(exact.similar(3, 10, 0)).isEmpty();
    }

    @Test
    void theFacadeUsesTheIndexFromTheCatalogueSizeWhereItPays() {
        TrainedModel big = ItemIndexTest.clustered(60, ApproximateTopN.MIN_ITEMS, 8, 9, null);
        ApproximateSimilar ann = new ApproximateSimilar(big, similarIndex(big));
        Recommendations approximate = new Recommendations(big).useSimilarIndex(ann), exact = new Recommendations(big);
        assertThat(approximate.similarIndex()).isSameAs(ann);
        for (int i = 0; i < big.numItems(); i += 97) {
            assertThat(approximate.similar(i, 10, 0)).isEqualTo(exact.similar(i, 10, 0));
            assertThat(approximate.similar(i, 5, 1)).isEqualTo(exact.similar(i, 5, 1));
        }
        TrainedModel small = ItemIndexTest.clustered(20, 500, 8, 9, null);
        assertThat(new Recommendations(small).useSimilarIndex(new ApproximateSimilar(small, similarIndex(small))).similarIndex()).isNull();
        assertThatThrownBy(() -> new Recommendations(small).useSimilarIndex(ann)).hasMessageContaining("another model");
    }

    @Test
    void theSimilarIndexFileRoundTripsAndAMismatchedIndexIsRefused() throws Exception {
        TrainedModel t = ItemIndexTest.clustered(50, 400, 8, 11, null);
        Path model = dir.resolve("m.c4j");
        ModelFile.write(t, model);
        ItemIndex index = similarIndex(t);
        Path path = IndexFile.beside(model, ItemIndex.Kind.ITEM_ITEM);
        assertThat(path.getFileName().toString()).isEqualTo("m.c4j.similar.ann");
        IndexFile.write(index, model, path);
        ItemIndex back = IndexFile.read(path, model, ItemIndex.Kind.ITEM_ITEM);
        assertThat(back.kind()).isEqualTo(ItemIndex.Kind.ITEM_ITEM);
        int[] a = new int[10], b = new int[10];
        for (int i = 0; i < 400; i += 13) {
            new ApproximateSimilar(t, index).similar(i, 10, 0, a, new float[10]);
            new ApproximateSimilar(t, back).similar(i, 10, 0, b, new float[10]);
            assertThat(b).containsExactly(a);
        }
        // built from another model file
        Path other = dir.resolve("other.c4j");
        ModelFile.write(ItemIndexTest.clustered(50, 400, 8, 12, null), other);
        assertThatThrownBy(() -> IndexFile.read(path, other, ItemIndex.Kind.ITEM_ITEM)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("built from another model");
        // the users' top-N index is not a similar-items index, nor the other way round
        Path topN = IndexFile.beside(model);
        IndexFile.write(ItemIndex.build((FactorModel) t.model(), new ItemIndex.Options(8, 50, 50, 1), null), model, topN);
        assertThatThrownBy(() -> IndexFile.read(topN, model, ItemIndex.Kind.ITEM_ITEM)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("not an index of similar items");
        assertThatThrownBy(() -> IndexFile.read(path, model)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("not an index of users' top-N");
        assertThatThrownBy(() -> new ApproximateSimilar(t, IndexFile.read(topN, model))).hasMessageContaining("not of users' top-N");
        assertThatThrownBy(() -> new ApproximateTopN(t, back)).hasMessageContaining("not of similar items");
        // an index of another model's shape
        TrainedModel wider = ItemIndexTest.clustered(50, 401, 8, 11, null);
        assertThatThrownBy(() -> new ApproximateSimilar(wider, back)).hasMessageContaining("does not match the model");
    }
}
