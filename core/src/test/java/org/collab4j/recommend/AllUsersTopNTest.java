package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllUsersTopNTest {
    @TempDir
    Path dir;

    /** A random factor model over {@code users x items} (more items than one tile) with random seen items. */
    static TrainedModel model(int users, int items, int k, float[] yRange, long seed) {
        Rng rng = new Rng(seed);
        FactorModel fm = FactorModel.initialized("dot-bias", users, items, k, 0.5f, 0.3f, yRange, seed);
        for (int i = 0; i < items; i++) fm.itemBias()[i] = (float) rng.nextGaussian() * 0.3f;
        int n = users * 40;
        int[] u = new int[n], it = new int[n];
        float[] v = new float[n];
        java.util.Set<Long> pairs = new java.util.HashSet<>();
        int m = 0;
        for (int j = 0; j < n; j++) {
            int a = rng.nextInt(users), b = rng.nextInt(items);
            if (!pairs.add(((long) a << 32) | b)) continue;
            u[m] = a;
            it[m] = b;
            v[m++] = 3;
        }
        IdIndex ui = new IdIndex(), ii = new IdIndex();
        for (int j = 0; j < users; j++) ui.add("user" + j);
        for (int j = 0; j < items; j++) ii.add("item," + j);
        Ratings r = new Ratings(java.util.Arrays.copyOf(u, m), java.util.Arrays.copyOf(it, m), java.util.Arrays.copyOf(v, m), null,
                ui, ii, new RatingScale(1, 5));
        return TrainedModel.of(fm, r, r.allRows(), null, null, Map.of());
    }

    @Test
    void batchTopNEqualsBruteForceAndExcludesSeenItems() {
        for (float[] yRange : new float[][] {{0f, 5.5f}, null}) {
            TrainedModel tm = model(150, 2500, 7, yRange, 5);
            Recommender rec = new Recommender(tm);
            for (int threads : new int[] {1, 3}) {
                AllUsersTopN.Result r = AllUsersTopN.compute(tm, 12, threads);
                for (int u = 0; u < tm.numUsers(); u++) {
                    List<ScoredItem> want = rec.recommend(u, 12);
                    assertThat(r.count(u)).isEqualTo(want.size());
                    for (int j = 0; j < want.size(); j++) {
                        assertThat(r.item(u, j)).as("user %d rank %d", u, j).isEqualTo(want.get(j).index());
                        assertThat(r.score(u, j)).isEqualTo(want.get(j).score());
                        assertThat(tm.hasSeen(u, r.item(u, j))).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aUserWhoRatedAlmostEverythingGetsOnlyTheRest() {
        IdIndex ui = IdIndex.of("a"), ii = IdIndex.of("x", "y", "z");
        Ratings r = new Ratings(new int[] {0, 0}, new int[] {0, 2}, new float[] {4, 5}, null, ui, ii, new RatingScale(1, 5));
        TrainedModel tm = TrainedModel.of(FactorModel.initialized("dot-bias", 1, 3, 4, 0.1f, 0f, null, 1), r, r.allRows(), null, null, Map.of());
        AllUsersTopN.Result res = AllUsersTopN.compute(tm, 5, 2);
        assertThat(res.count(0)).isEqualTo(1);
        assertThat(res.item(0, 0)).isEqualTo(1);
    }

    @Test
    void writesCsvOrTsvByExtensionWithExternalIds() throws Exception {
        TrainedModel tm = model(3, 20, 4, null, 2);
        AllUsersTopN.Result r = AllUsersTopN.compute(tm, 2, 1);
        Path csv = dir.resolve("top.csv"), tsv = dir.resolve("top.tsv");
        AllUsersTopN.write(tm, r, csv);
        AllUsersTopN.write(tm, r, tsv);
        List<String> c = Files.readAllLines(csv), t = Files.readAllLines(tsv);
        // user1 has rated 19 of the 20 items: one line for them
        assertThat(new int[] {r.count(0), r.count(1), r.count(2)}).containsExactly(2, 1, 2);
        assertThat(c).hasSize(1 + 5);
        assertThat(t).hasSize(1 + 5);
        assertThat(c.get(0)).isEqualTo("user,rank,item,score");
        assertThat(c.get(1)).isEqualTo("user0,1,\"item," + r.item(0, 0) + "\"," + r.score(0, 0));
        assertThat(t.get(0)).isEqualTo("user\trank\titem\tscore");
        assertThat(t.get(2)).isEqualTo("user0\t2\titem," + r.item(0, 1) + "\t" + r.score(0, 1));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("top.csv", "top.tsv");
        }
    }
}
