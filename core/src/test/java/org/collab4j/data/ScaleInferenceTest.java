package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.collab4j.data.DataLoaderTest.write;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rating scale of a file that declares none: one typo must not stretch it, and it is always reported. */
class ScaleInferenceTest {
    @TempDir
    Path dir;

    /** 200 ratings 1..5 of distinct pairs in a CSV with a header (lines 2..201; items item20..item32), then {@code extra} lines. */
    private static String stars(String... extra) {
        StringBuilder sb = new StringBuilder("user,item,rating\n");
        for (int i = 1; i <= 200; i++) sb.append('u').append(i % 20).append(",item").append(20 + i % 13).append(',').append(1 + i % 5).append('\n');
        for (String e : extra) sb.append(e).append('\n');
        return sb.toString();
    }

    @Test
    void oneMistypedRatingStopsTheLoadWithItsLineAndWhatToDo() throws IOException {
        Path f = write(dir.resolve("r.csv"), stars("u5,item3,44"));
        assertThatThrownBy(() -> DataLoader.load(f)).isInstanceOf(DataFormatException.class)
                .hasMessage(f + ":202: expected a rating like the rest of the file (200 of its 201 ratings lie within 1..5) but found 44,"
                        + " far from all of them; if the scale does reach it, declare the scale (--rating-scale MIN,MAX),"
                        + " or leave such lines out (--skip-bad-lines)\n  line 202: u5,item3,44")
                .satisfies(e -> assertThat(((DataFormatException) e).line()).isEqualTo(202));
    }

    @Test
    void aLargeCountInALogOfEventWeightsIsNotTakenForATypo() throws IOException {
        // the same values as counts (plays, quantities): one of 44 is an ordinary heavy user, not a mistyped star rating
        Path f = write(dir.resolve("plays.csv"), stars("u5,item3,44").replaceFirst("user,item,rating", "user,item,count"));
        Dataset d = DataLoader.load(f, LoadOptions.builder().columns("user,item,count").header(true).build());
        assertThat(d.ratings().size()).isEqualTo(201);
        assertThat(d.report().implicit()).isTrue();
        assertThat(d.ratings().scale().max()).isEqualTo(44f);
    }

    @Test
    void isolatedValuesJustOutsideTheScaleAreCaughtToo() throws IOException {
        for (String bad : new String[] {"7", "-1", "1000", "9"}) {
            Path f = write(dir.resolve("r" + bad + ".csv"), stars("v1,item1,2", "v5,item3," + bad, "v2,item2,3"));
            assertThatThrownBy(() -> DataLoader.load(f)).as(bad).isInstanceOf(DataFormatException.class)
                    .hasMessageStartingWith(f + ":203: expected a rating like the rest of the file (202 of its 203 ratings lie within 1..5) but found " + bad);
        }
    }

    @Test
    void twoStrayValuesAreBothFound() throws IOException {
        Path f = write(dir.resolve("r.csv"), stars("u5,item3,7", "u6,item3,44"));
        assertThatThrownBy(() -> DataLoader.load(f)).hasMessageStartingWith(f + ":202: expected a rating like the rest of the file (200 of its 202 ratings lie within 1..5) but found 7");
        Dataset d = DataLoader.load(f, LoadOptions.builder().skipBadLines(true).build());
        assertThat(d.report().badLinesSkipped()).isEqualTo(2);
        assertThat(d.ratings().size()).isEqualTo(200);
        assertThat(d.ratings().scale()).isEqualTo(new RatingScale(1, 5));
    }

    @Test
    void skippingLeavesTheTypoOutAndTheScaleRight() throws IOException {
        Path f = write(dir.resolve("r.csv"), stars("u5,item3,44"));
        Dataset d = DataLoader.load(f, LoadOptions.builder().skipBadLines(true).build());
        assertThat(d.report().badLinesSkipped()).isEqualTo(1);
        assertThat(d.ratings().scale()).isEqualTo(new RatingScale(1, 5));
        assertThat(d.report().scale()).isEqualTo(new RatingScale(1, 5));
        assertThat(d.report().scaleSource()).isEqualTo(LoadReport.ScaleSource.DATA);
        assertThat(d.report().scaleLine()).isEqualTo("rating scale 1..5 (from the lowest and highest rating; --rating-scale MIN,MAX declares it)");
        assertThat(d.report().notes()).isEmpty();
        // 44 is not among the values kept
        for (float v : d.ratings().values()) assertThat(v).isBetween(1f, 5f);
    }

    @Test
    void aDeclaredScaleTakesTheValueInOrRefusesIt() throws IOException {
        Path f = write(dir.resolve("r.csv"), stars("u5,item3,44"));
        Dataset wide = DataLoader.load(f, LoadOptions.builder().scale(new RatingScale(1, 50)).build());
        assertThat(wide.ratings().scale()).isEqualTo(new RatingScale(1, 50));
        assertThat(wide.report().scaleLine()).isEqualTo("rating scale 1..50 (declared)");
        assertThatThrownBy(() -> DataLoader.load(f, LoadOptions.builder().scale(new RatingScale(1, 5)).build()))
                .hasMessageStartingWith(f + ":202: expected a rating within the scale 1..5 but found 44");
    }

    @Test
    void manyRatingsFarBeyondTheQuantilesAreRefused() throws IOException {
        // 5,000 half-star ratings and five 100s (0.1%), beyond the 99.9% quantile by far
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) sb.append(i % 300).append('\t').append(i % 97).append('\t').append(0.5f * (1 + i % 10)).append('\n');
        for (int i = 0; i < 5; i++) sb.append(900 + i).append("\t1\t100\n");
        Path f = write(dir.resolve("r.tsv"), sb.toString());
        assertThatThrownBy(() -> DataLoader.load(f)).hasMessageStartingWith(f + ":5001: expected a rating like the rest of the file"
                + " (5000 of its 5005 ratings lie within 0.5..5) but found 100");
    }

    @Test
    void ordinaryScalesPassWithoutANote() throws IOException {
        String[][] cases = {{"1", "2", "3", "4", "5"}, {"0.5", "1", "2.5", "4.5", "5"}, {"0", "10", "3", "7", "5"},
            {"-10", "10", "0", "-3.5", "9"}, {"1", "100", "50", "73", "12"}, {"0", "1", "1", "0", "1"}};
        for (int c = 0; c < cases.length; c++) {
            String[] values = cases[c];
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 100; i++) sb.append(i).append(',').append(i % 7).append(',').append(values[i % values.length]).append('\n');
            Path f = write(dir.resolve("ok" + c + ".csv"), sb.toString());
            Dataset d = DataLoader.load(f);
            assertThat(d.report().notes()).as(String.join(",", values)).isEmpty();
            assertThat(d.report().scaleSource()).isEqualTo(LoadReport.ScaleSource.DATA);
        }
    }

    @Test
    void anInferredScaleUnlikeARatingScaleIsReported() throws IOException {
        Path f = write(dir.resolve("r.tsv"), "1\t1\t2\n1\t2\t3\n2\t1\t4\n2\t2\t3\n");
        Dataset d = DataLoader.load(f);
        assertThat(d.ratings().scale()).isEqualTo(new RatingScale(2, 4));
        assertThat(d.report().notes()).containsExactly("the rating scale 2..4 was inferred from the lowest and highest rating, and it is not a usual"
                + " rating scale (those run from 0, 0.5 or 1 to a whole number up to 10, or to 100); if the data's scale is another,"
                + " declare it (--rating-scale MIN,MAX): the scale bounds the predictions");
        Path same = write(dir.resolve("same.tsv"), "1\t1\t1\n1\t2\t1\n");
        Dataset s = DataLoader.load(same);
        assertThat(s.ratings().scale()).isEqualTo(new RatingScale(0, 1));
        assertThat(s.report().notes()).containsExactly("all 2 ratings are 1, so the rating scale 0..1 was assumed; if the data's scale is another,"
                + " declare it (--rating-scale MIN,MAX): the scale bounds the predictions");
    }

    @Test
    void movieLensScalesSayWhereTheyComeFrom() throws IOException {
        Path f = write(dir.resolve("ml-100k/u.data"), "1\t2\t3\t4\n2\t2\t5\t4\n");
        Dataset d = DataLoader.load(f);
        assertThat(d.report().scaleLine()).isEqualTo("rating scale 1..5 (MovieLens' scale)");
        assertThat(d.report().scaleSource()).isEqualTo(LoadReport.ScaleSource.FORMAT);
    }

    @Test
    void quantilesAndIsolationByHand() {
        // a histogram of 1..5 with one 44: the 99.9% quantile of 201 values is the top one itself
        float[] v = new float[201];
        for (int i = 0; i < 200; i++) v[i] = 1 + i % 5;
        v[200] = 44;
        ScaleInference.Histogram h = ScaleInference.Histogram.of(Values.of(v));
        assertThat(h.size()).isEqualTo(6);
        assertThat(h.value(5)).isEqualTo(44f);
        assertThat(h.count(0)).isEqualTo(40);
        assertThat(h.atRank(0)).isEqualTo(1f);
        assertThat(h.atRank(40)).isEqualTo(2f);
        assertThat(h.atRank(200)).isEqualTo(44f);
        RatingBounds b = ScaleInference.farOut(Values.of(v));
        assertThat(b.min()).isEqualTo(1f);
        assertThat(b.max()).isEqualTo(5f);
        // the same values as one-byte codes (what the merge of a large load gives) say the same
        float[] levels = {3f, 1f, 44f, 2f, 4f, 5f};
        byte[] code = new byte[201];
        for (int i = 0; i < 201; i++) for (byte k = 0; k < levels.length; k++) if (levels[k] == v[i]) code[i] = k;
        RatingBounds coded = ScaleInference.farOut(Values.coded(code, levels));
        assertThat(coded.min()).isEqualTo(1f);
        assertThat(coded.max()).isEqualTo(5f);
        assertThat(coded.expected()).isEqualTo(b.expected());
        // 1..6 with a single 6 is a six-point scale, not a typo: the gap is one step
        v[200] = 6;
        assertThat(ScaleInference.farOut(Values.of(v))).isNull();
        // continuous values (more than 4096 distinct): only the quantile rule, which a uniform spread passes
        float[] c = new float[20_000];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < c.length; i++) c[i] = (float) rnd.nextDouble();
        assertThat(ScaleInference.Histogram.of(Values.of(c))).isNull();
        assertThat(ScaleInference.farOut(Values.of(c))).isNull();
        c[123] = 50;
        assertThat(ScaleInference.farOut(Values.of(c)).max()).isLessThan(3f);
    }
}
