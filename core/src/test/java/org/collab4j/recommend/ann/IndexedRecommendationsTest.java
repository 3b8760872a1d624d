package org.collab4j.recommend.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.AllUsersTopN;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The index behind the recommendation facade and the all-users batch: the exact lists, found through the graph. */
class IndexedRecommendationsTest {
    static TrainedModel big;
    static ApproximateTopN ann;

    @BeforeAll
    static void build() {
        big = ItemIndexTest.clustered(120, ApproximateTopN.MIN_ITEMS, 8, 11, new float[] {0f, 5.5f});
        ann = new ApproximateTopN(big, ItemIndex.build((FactorModel) big.model(), new ItemIndex.Options(16, 100, 100, 2), null));
    }

    @Test
    void aKnownUsersListGoesThroughTheIndexAndMatchesExactSearch() {
        Recommendations exact = new Recommendations(big), approximate = new Recommendations(big).useIndex(ann);
        assertThat(approximate.index()).isSameAs(ann);
        int same = 0, total = 0;
        for (int u = 0; u < 120; u++) {
            Recommendations.Answer a = approximate.recommend(Requester.known("u" + u), 10);
            Recommendations.Answer e = exact.recommend(Requester.known("u" + u), 10);
            assertThat(a.notes()).anyMatch(n -> n.startsWith("approximate search"));
            assertThat(e.notes()).noneMatch(n -> n.startsWith("approximate search"));
            assertThat(a.items()).hasSize(10);
            List<String> exactIds = e.items().stream().map(Recommendations.Item::item).toList();
            for (Recommendations.Item it : a.items()) {
                assertThat(big.hasSeen(u, it.index())).isFalse();
                assertThat(it.score()).isEqualTo(big.model().predict(u, it.index()));
                if (exactIds.contains(it.item())) same++;
            }
            total += 10;
        }
        assertThat((double) same / total).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void excludedItemsStayOutAndTheListIsStillFull() {
        Recommendations approximate = new Recommendations(big).useIndex(ann);
        List<Recommendations.Item> first = approximate.recommend(Requester.known("u3"), 5).items();
        List<String> drop = List.of(first.get(0).item(), first.get(2).item(), "no-such-item");
        List<Recommendations.Item> again = approximate.recommend(Requester.known("u3"), 5, null,
                new Recommendations.Options(0, 0, 42, drop)).items();
        assertThat(again).hasSize(5).extracting(Recommendations.Item::item).doesNotContainAnyElementsOf(drop)
                .contains(first.get(1).item(), first.get(3).item(), first.get(4).item());
    }

    @Test
    void aSmallCatalogueIsScoredExactlyEvenWithAnIndex() {
        TrainedModel small = ItemIndexTest.clustered(50, 500, 8, 3, null);
        ApproximateTopN smallIndex = new ApproximateTopN(small, ItemIndex.build((FactorModel) small.model(), new ItemIndex.Options(8, 50, 50, 1), null));
        Recommendations r = new Recommendations(small).useIndex(smallIndex);
        assertThat(r.index()).isNull();
        assertThat(r.recommend(Requester.known("u1"), 10).notes()).isEmpty();
        assertThatThrownBy(() -> new Recommendations(big).useIndex(smallIndex)).hasMessageContaining("another model");
    }

    @Test
    void everyUsersTopNThroughTheIndexFindsTheExactLists() {
        AllUsersTopN.Result exact = AllUsersTopN.compute(big, 10, 2), approx = AllUsersTopN.compute(big, 10, 2, ann);
        int same = 0;
        for (int u = 0; u < big.numUsers(); u++) {
            assertThat(approx.count(u)).isEqualTo(10);
            for (int r = 0; r < 10; r++) {
                if (r > 0) assertThat(approx.score(u, r)).isLessThanOrEqualTo(approx.score(u, r - 1));
                for (int e = 0; e < 10; e++) if (exact.item(u, e) == approx.item(u, r)) same++;
            }
        }
        assertThat((double) same / (10 * big.numUsers())).isGreaterThanOrEqualTo(0.95);
        assertThatThrownBy(() -> AllUsersTopN.compute(ItemIndexTest.clustered(5, 50, 4, 1, null), 10, 1, ann)).hasMessageContaining("another model");
    }
}
