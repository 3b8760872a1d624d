package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;

class FoldInTest {
    /** 2 users, 4 items, 2 factors; user 0 rated items 0 and 1, user 1 rated items 1, 2, 3. */
    static TrainedModel tiny(float[] yRange) {
        float[] p = {0.5f, -0.2f, 0.1f, 0.4f};
        float[] q = {1.0f, 0.2f, -0.5f, 0.8f, 0.3f, -1.0f, 0.7f, 0.7f};
        float[] bu = {0.1f, -0.1f};
        float[] bi = {0.2f, -0.3f, 0.05f, 0.0f};
        FactorModel fm = new FactorModel("test", 2, 4, 2, p, q, bu, bi, yRange == null ? 3.5f : 0f, yRange);
        return new TrainedModel(fm, IdIndex.of("u1", "u2"), IdIndex.of("10", "20", "30", "40"), null, null,
                new RatingScale(1, 5), new int[] {0, 2, 5}, new int[] {0, 1, 1, 2, 3}, new float[] {4, 3, 5, 2, 4}, Map.of());
    }

    @Test
    void linearFoldInEqualsTheExactRidgeSolution() {
        TrainedModel m = tiny(null);
        FoldIn.Options o = new FoldIn.Options(0.1, 0.2, 0.3, 0.05, 0, 1);
        int[] items = {0, 2, 3};
        float[] y = {4.5f, 2f, 3f};
        UserProfile prof = new FoldIn(m, o).user(items, y);
        // (X'X + diag(lf, lf, lb)) z = X'(y - g - b_i), X rows (q_i, 1); lf = 0.3 + 3*0.1, lb = 0.05 + 3*0.2
        FactorModel fm = (FactorModel) m.model();
        double[][] a = new double[3][4];
        for (int j = 0; j < 3; j++) {
            int i = items[j];
            double[] x = {fm.itemFactors()[2 * i], fm.itemFactors()[2 * i + 1], 1};
            double t = y[j] - 3.5 - fm.itemBias()[i];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) a[r][c] += x[r] * x[c];
                a[r][3] += x[r] * t;
            }
        }
        a[0][0] += 0.6;
        a[1][1] += 0.6;
        a[2][2] += 0.65;
        double[] z = gauss(a);
        assertThat(prof.factors()[0]).isCloseTo((float) z[0], within(1e-5f));
        assertThat(prof.factors()[1]).isCloseTo((float) z[1], within(1e-5f));
        assertThat(prof.bias()).isCloseTo((float) z[2], within(1e-5f));
        // calling again with the same history gives the same profile: nothing accumulates
        UserProfile again = new FoldIn(m, o).user(items, y);
        assertThat(again.factors()).containsExactly(prof.factors());
    }

    @Test
    void sigmoidFoldInIsAStationaryPointOfTheTrainingObjective() {
        TrainedModel m = tiny(new float[] {0f, 5.5f});
        FoldIn.Options o = new FoldIn.Options(0.1, 0.2, 0.0, 0.0, 0, 50);
        int[] items = {0, 1, 3};
        float[] y = {5f, 1f, 3f};
        UserProfile prof = new FoldIn(m, o).user(items, y);
        FactorModel fm = (FactorModel) m.model();
        double lf = 3 * 0.1, lb = 3 * 0.2;
        double[] grad = {2 * lf * prof.factors()[0], 2 * lf * prof.factors()[1], 2 * lb * prof.bias()};
        for (int j = 0; j < 3; j++) {
            int i = items[j];
            double raw = prof.bias() + fm.itemBias()[i] + prof.factors()[0] * fm.itemFactors()[2 * i]
                    + prof.factors()[1] * fm.itemFactors()[2 * i + 1];
            double s = 1 / (1 + Math.exp(-raw));
            double r = y[j] - 5.5 * s, fp = 5.5 * s * (1 - s);
            grad[0] -= 2 * r * fp * fm.itemFactors()[2 * i];
            grad[1] -= 2 * r * fp * fm.itemFactors()[2 * i + 1];
            grad[2] -= 2 * r * fp;
        }
        for (double gr : grad) assertThat(gr).isCloseTo(0, within(1e-4));
        assertThat(new FoldIn(m, o).predict(prof, 0)).isGreaterThan(new FoldIn(m, o).predict(prof, 1));
    }

    @Test
    void emptyHistoryGivesTheAverageUser() {
        TrainedModel m = tiny(null);
        UserProfile avg = new FoldIn(m).user(new int[0], new float[0]);
        assertThat(avg.factors()[0]).isCloseTo(0.3f, within(1e-6f));
        assertThat(avg.factors()[1]).isCloseTo(0.1f, within(1e-6f));
        assertThat(avg.bias()).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void unknownItemIdsAreAllNamed() {
        FoldIn fi = new FoldIn(tiny(null));
        assertThatThrownBy(() -> fi.user(new String[] {"10", "999", "abc", "999"}, new float[] {4, 3, 2, 1}))
                .isInstanceOf(UnknownIdException.class)
                .hasMessageContaining("unknown item ids '999', 'abc'")
                .satisfies(e -> assertThat(((UnknownIdException) e).ids()).containsExactly("999", "abc"));
        assertThatThrownBy(() -> fi.user(new String[] {"7"}, new float[] {4}))
                .hasMessageStartingWith("unknown item id '7': the model has never seen it");
    }

    @Test
    void badInputIsRefusedWithAReason() {
        FoldIn fi = new FoldIn(tiny(null));
        assertThatThrownBy(() -> fi.user(new int[] {0, 1}, new float[] {4})).hasMessage("got 2 items but 1 ratings");
        assertThatThrownBy(() -> fi.user(new int[] {4}, new float[] {4})).hasMessage("item index 4 is outside the model's 0..3");
        assertThatThrownBy(() -> fi.user(new int[] {1}, new float[] {Float.NaN})).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> fi.user(new int[] {1, 2, 1}, new float[] {1, 2, 3}))
                .hasMessage("item index 1 is rated twice; pass each item once with its latest rating");
        assertThatThrownBy(() -> fi.item(new int[] {2}, new float[] {3})).hasMessage("user index 2 is outside the model's 0..1");
        assertThatThrownBy(() -> new FoldIn.Options(-1, 0, 0, 0, 0, 1)).hasMessageContaining("must be >= 0");
        assertThatThrownBy(() -> new FoldIn.Options(0, 0, 0, 0, 0, 0)).hasMessageContaining("at least one iteration");
    }

    @Test
    void recommendExcludesRatedItemsAndRanksByScore() {
        FoldIn fi = new FoldIn(tiny(null), new FoldIn.Options(0.1, 0.1, 0, 0, 0, 1));
        List<ScoredItem> recs = fi.recommend(new String[] {"10"}, new float[] {5}, 10);
        assertThat(recs).hasSize(3).extracting(ScoredItem::item).doesNotContain("10");
        for (int j = 1; j < recs.size(); j++) assertThat(recs.get(j).score()).isLessThanOrEqualTo(recs.get(j - 1).score());
        UserProfile prof = fi.user(new int[] {0}, new float[] {5});
        for (ScoredItem s : recs) assertThat(s.score()).isEqualTo(fi.predict(prof, s.index()));
    }

    @Test
    void rankingScoresArePredictedRatingsOrRelevance() {
        FoldIn fi = new FoldIn(tiny(new float[] {0f, 5.5f}), new FoldIn.Options(0.1, 0.1, 0, 0, 0, 20));
        UserProfile prof = fi.user(new int[] {0}, new float[] {5});
        float[] a = new float[4], b = new float[4];
        fi.rankingScores(prof, FoldIn.Ranking.RATING, a);
        fi.scoreItems(prof, b);
        assertThat(a).containsExactly(b);
        fi.rankingScores(prof, FoldIn.Ranking.RELEVANCE, a);
        fi.relevanceScores(prof, 4f, b);
        assertThat(a).containsExactly(b);
        assertThat(fi.relevantRating()).isEqualTo(4f);
        List<ScoredItem> rel = fi.recommend(prof, 2, new int[] {0}, FoldIn.Ranking.RELEVANCE);
        assertThat(rel).extracting(ScoredItem::index).doesNotContain(0);
        assertThat(rel.get(0).score()).isEqualTo(Math.max(Math.max(b[1], b[2]), b[3]));
        assertThat(FoldIn.Ranking.parse(" Relevance ")).isEqualTo(FoldIn.Ranking.RELEVANCE);
        assertThatThrownBy(() -> FoldIn.Ranking.parse("stars")).hasMessage("ranking must be 'rating' or 'relevance', got 'stars'");
    }

    @Test
    void itemFoldInUsesTheUserSide() {
        TrainedModel m = tiny(null);
        FoldIn.Options o = new FoldIn.Options(0.0, 0.0, 0.5, 0.5, 0, 1);
        UserProfile item = new FoldIn(m, o).item(new int[] {0, 1}, new float[] {4, 2});
        FactorModel fm = (FactorModel) m.model();
        double[][] a = new double[3][4];
        float[] y = {4, 2};
        for (int u = 0; u < 2; u++) {
            double[] x = {fm.userFactors()[2 * u], fm.userFactors()[2 * u + 1], 1};
            double t = y[u] - 3.5 - fm.userBias()[u];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) a[r][c] += x[r] * x[c];
                a[r][3] += x[r] * t;
            }
        }
        for (int r = 0; r < 3; r++) a[r][r] += 0.5;
        double[] z = gauss(a);
        assertThat(item.factors()[0]).isCloseTo((float) z[0], within(1e-5f));
        assertThat(item.factors()[1]).isCloseTo((float) z[1], within(1e-5f));
        assertThat(item.bias()).isCloseTo((float) z[2], within(1e-5f));
    }

    /** Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix. */
    static double[] gauss(double[][] a) {
        int n = a.length;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j <= n; j++) a[r][j] -= f * a[c][j];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int j = r + 1; j < n; j++) s -= a[r][j] * x[j];
            x[r] = s / a[r][r];
        }
        return x;
    }
}
