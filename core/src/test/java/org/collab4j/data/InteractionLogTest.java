package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interaction logs: read with the rating loader, repeated events summed, positives, time decay. */
class InteractionLogTest {
    @TempDir
    Path dir;

    private static LoadOptions.Builder log() {
        return LoadOptions.builder().keepRepeats(true).threads(1);
    }

    @Test
    void countsAreSummedAndTheReportSaysHowMany() throws IOException {
        Path f = DataLoaderTest.write(dir.resolve("plays.tsv"), "u1\ta\t3\t100\nu1\tb\t1\t200\nu2\ta\t2\t300\nu1\ta\t4\t400\nu1\ta\t1\t50\n");
        Dataset raw = DataLoader.load(f, log().columns("user,item,count,time").build());
        assertThat(raw.ratings().size()).isEqualTo(5);
        assertThat(raw.report().valueColumn()).isEqualTo("count");
        assertThat(raw.report().implicit()).isTrue();
        assertThat(raw.report().duplicatesReplaced()).isZero();

        Dataset d = InteractionLog.aggregate(raw, Float.NaN, 0);
        Ratings r = d.ratings();
        assertThat(r.size()).isEqualTo(3);
        assertThat(d.report().duplicatesSummed()).isEqualTo(2);
        // the summed row stands where the pair first appeared, with the latest time
        assertThat(r.userIds().id(r.user(0))).isEqualTo("u1");
        assertThat(r.itemIds().id(r.item(0))).isEqualTo("a");
        assertThat(r.value(0)).isEqualTo(8f);
        assertThat(r.time(0)).isEqualTo(400);
        assertThat(r.value(1)).isEqualTo(1f);
        assertThat(r.itemIds().id(r.item(2))).isEqualTo("a");
        assertThat(r.value(2)).isEqualTo(2f);
        assertThat(r.scale()).isEqualTo(new RatingScale(0, 8));
    }

    @Test
    void withoutKeepRepeatsTheLoaderKeepsTheLastAsForRatings() throws IOException {
        Path f = DataLoaderTest.write(dir.resolve("plays.tsv"), "u1\ta\t3\nu1\ta\t4\n");
        Dataset d = DataLoader.load(f, LoadOptions.builder().columns("user,item,count").threads(1).build());
        assertThat(d.ratings().size()).isEqualTo(1);
        assertThat(d.report().duplicatesReplaced()).isEqualTo(1);
    }

    @Test
    void aLogWithoutAValueColumnWeighsOneAnEvent() throws IOException {
        Path f = DataLoaderTest.write(dir.resolve("clicks.tsv"), "7\t10\n7\t11\n8\t10\n7\t10\n");
        Dataset raw = DataLoader.load(f, log().build());
        assertThat(raw.report().valueColumn()).isEqualTo("none");
        assertThat(raw.ratings().values()).containsExactly(1f, 1f, 1f, 1f);
        Dataset d = InteractionLog.aggregate(raw, Float.NaN, 0);
        assertThat(d.ratings().values()).containsExactly(2f, 1f, 1f);
        assertThat(d.report().duplicatesSummed()).isEqualTo(1);

        Path c = DataLoaderTest.write(dir.resolve("clicks.csv"), "user,item\nu,x\nv,y\n");
        Dataset h = DataLoader.load(c, log().build());
        assertThat(h.ratings().size()).isEqualTo(2);
        assertThat(h.ratings().userIds().ids()).containsExactly("u", "v");

        Path t = DataLoaderTest.write(dir.resolve("clicks-time.csv"), "u,x,100\nv,y,200\n");
        Dataset ht = DataLoader.load(t, log().columns("user,item,time").build());
        assertThat(ht.report().valueColumn()).isEqualTo("none");
        assertThat(ht.ratings().times()).containsExactly(100L, 200L);
    }

    @Test
    void aHeaderNamesTheCountColumn() throws IOException {
        Path f = DataLoaderTest.write(dir.resolve("plays.csv"), "user_id,item_id,plays\nu,x,12\nu,x,3\n");
        Dataset raw = DataLoader.load(f, log().build());
        assertThat(raw.report().valueColumn()).isEqualTo("count");
        assertThat(InteractionLog.aggregate(raw, Float.NaN, 0).ratings().values()).containsExactly(15f);
    }

    @Test
    void ratingsBecomePositivesAtTheThreshold() {
        Ratings r = new Ratings(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, new float[] {4, 3.5f, 5, 1}, null,
                IdIndex.of(new String[] {"a", "b"}), IdIndex.of(new String[] {"x", "y"}), new RatingScale(1, 5));
        Dataset d = InteractionLog.aggregate(new Dataset("stars", r, null, null, LoadReport.none("stars")), 4, 0);
        assertThat(d.ratings().size()).isEqualTo(2);
        assertThat(d.ratings().users()).containsExactly(0, 1);
        assertThat(d.ratings().items()).containsExactly(0, 0);
        assertThat(d.ratings().values()).containsExactly(1f, 1f);
        assertThatThrownBy(() -> InteractionLog.aggregate(new Dataset("stars", r, null, null, LoadReport.none("stars")), 6, 0))
                .hasMessage("stars holds no interactions: no rating reaches --positive 6");
    }

    @Test
    void halfLifeDecaysOlderEvents() {
        long day = 86_400;
        Ratings r = new Ratings(new int[] {0, 0, 0}, new int[] {0, 0, 1}, new float[] {4, 2, 1}, new long[] {0, 10 * day, 20 * day},
                IdIndex.of(new String[] {"a"}), IdIndex.of(new String[] {"x", "y"}), new RatingScale(0, 4));
        Dataset d = InteractionLog.aggregate(new Dataset("log", r, null, null, LoadReport.none("log")), Float.NaN, 10);
        // 4 plays 20 days before the latest event weigh 4/4, 2 plays 10 days before weigh 2/2; summed
        assertThat(d.ratings().value(0)).isCloseTo(1 + 1, within(1e-6f));
        assertThat(d.ratings().time(0)).isEqualTo(10 * day);
        assertThat(d.ratings().value(1)).isEqualTo(1f);
    }

    @Test
    void badWeightsAndMissingTimesAreRefused() {
        Ratings r = new Ratings(new int[] {0}, new int[] {0}, new float[] {-1}, null,
                IdIndex.of(new String[] {"a"}), IdIndex.of(new String[] {"x"}), new RatingScale(-1, 0));
        Dataset d = new Dataset("log", r, null, null, LoadReport.none("log"));
        assertThatThrownBy(() -> InteractionLog.aggregate(d, Float.NaN, 0)).hasMessage("log: user a has weight -1.0 for item x;"
                + " event weights must be zero or more (for star ratings, give --positive T to keep ratings of at least T)");
        assertThatThrownBy(() -> InteractionLog.aggregate(d, Float.NaN, 7)).hasMessage("--half-life needs the time of each event,"
                + " and log has none; name the time column, e.g. --columns user,item,count,time");
        assertThatThrownBy(() -> InteractionLog.aggregate(d, Float.NaN, -2)).hasMessage("--half-life must be a positive number of days, got -2.0");
        Ratings zero = new Ratings(new int[] {0}, new int[] {0}, new float[] {0}, null,
                IdIndex.of(new String[] {"a"}), IdIndex.of(new String[] {"x"}), new RatingScale(0, 1));
        assertThatThrownBy(() -> InteractionLog.aggregate(new Dataset("z", zero, null, null, LoadReport.none("z")), Float.NaN, 0))
                .hasMessage("z holds no interactions: every weight is zero");
    }
}
