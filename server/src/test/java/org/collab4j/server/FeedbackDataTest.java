package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --feedback: stored ratings replace, add users, and leave unknown items out. */
class FeedbackDataTest {
    @Test
    void storedRatingsReplaceAddAndCount(@TempDir Path dir) {
        Ratings r = new Ratings(new int[] {0, 0, 1}, new int[] {0, 1, 1}, new float[] {1, 2, 3}, new long[] {10, 20, 30},
                IdIndex.of("u1", "u2"), IdIndex.of("i1", "i2"), new RatingScale(1, 5));
        Dataset data = new Dataset("toy", r, null, null, LoadReport.none("toy"));
        try (FeedbackStore store = FeedbackStore.open("jdbc:sqlite:" + dir.resolve("f.db"))) {
            store.append(List.of(new FeedbackStore.Rating("u1", "i2", 4, 40), new FeedbackStore.Rating("u3", "i1", 5, 50)));
            store.append(List.of(new FeedbackStore.Rating("u1", "i2", 5, 60), new FeedbackStore.Rating("u3", "nope", 5, 70)));
            FeedbackData.Merged m = FeedbackData.merge(data, store);
            assertThat(m.added()).isEqualTo(2);
            assertThat(m.replaced()).isEqualTo(1);
            assertThat(m.newUsers()).isEqualTo(1);
            assertThat(m.unknownItems()).isEqualTo(1);
            Ratings out = m.data().ratings();
            assertThat(out.size()).isEqualTo(4);
            assertThat(out.userIds().index("u3")).isEqualTo(2);
            assertThat(r.userIds().size()).as("the input is not changed").isEqualTo(2);
            boolean found = false;
            for (int k = 0; k < out.size(); k++) {
                if (out.userIds().id(out.user(k)).equals("u1") && out.itemIds().id(out.item(k)).equals("i2")) {
                    assertThat(out.value(k)).isEqualTo(5f); // the latest stored rating wins
                    assertThat(out.time(k)).isEqualTo(60L);
                    found = true;
                }
            }
            assertThat(found).isTrue();
        }
    }

    @Test
    void storedEventsAddToInteractionsAndUsers(@TempDir Path dir) {
        // interactions as InteractionLog.aggregate leaves them: u1 has i1 (weight 2), u2 has i2 (weight 1)
        Ratings r = new Ratings(new int[] {0, 1}, new int[] {0, 1}, new float[] {2, 1}, new long[] {10, 20},
                IdIndex.of("u1", "u2"), IdIndex.of("i1", "i2"), new RatingScale(0, 2));
        Dataset data = new Dataset("log", r, null, null, LoadReport.none("log"));
        try (FeedbackStore store = FeedbackStore.open("jdbc:sqlite:" + dir.resolve("f.db"))) {
            store.appendEvents(List.of(new FeedbackStore.Event("u1", "i1", 1, 40), new FeedbackStore.Event("u1", "i1", 2.5f, 30),
                    new FeedbackStore.Event("u3", "i2", 1, 50), new FeedbackStore.Event("u3", "nope", 1, 60)));
            store.appendEvents(List.of(new FeedbackStore.Event("u2", "i1", 3, 70)));
            FeedbackData.MergedEvents m = FeedbackData.mergeEvents(data, store);
            assertThat(m.events()).isEqualTo(5);
            assertThat(m.summed()).isEqualTo(1);
            assertThat(m.added()).isEqualTo(2);
            assertThat(m.newUsers()).isEqualTo(1);
            assertThat(m.unknownItems()).isEqualTo(1);
            Ratings out = m.data().ratings();
            assertThat(out.size()).isEqualTo(4);
            java.util.Map<String, String> pairs = new java.util.TreeMap<>();
            for (int k = 0; k < out.size(); k++)
                pairs.put(out.userIds().id(out.user(k)) + " " + out.itemIds().id(out.item(k)), out.value(k) + "@" + out.time(k));
            assertThat(pairs).containsExactly(java.util.Map.entry("u1 i1", "5.5@40"), java.util.Map.entry("u2 i1", "3.0@70"),
                    java.util.Map.entry("u2 i2", "1.0@20"), java.util.Map.entry("u3 i2", "1.0@50"));
            assertThat(out.scale().max()).isEqualTo(5.5f);
            assertThat(r.userIds().size()).as("the input is not changed").isEqualTo(2);
        }
    }

    @Test
    void aBadUrlIsNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeedbackStore.open("jdbc:mysql://x/y?password=hunter2"))
                .hasMessageContaining("jdbc:sqlite:FILE or jdbc:postgresql").hasMessageNotContaining("hunter2");
    }
}
