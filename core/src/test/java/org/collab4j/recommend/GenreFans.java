package org.collab4j.recommend;

import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.RatingScale;
import org.collab4j.data.UserInfo;
import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/**
 * A hand-made factor model with genres, for exact tests of new users. Linear (no y_range),
 * global 3, no item biases, two factors:
 * <pre>
 *   item  genres          q            count   users 0-9 (p = (1, 0), bias 0.4)   users 10-19 (p = (0, 1), bias 0)
 *   i0    Horror          (1, 0)       10      rated 5
 *   i1    Horror          (0.8, 0.2)    0
 *   i2    Comedy          (0, 1)       20      rated 2                              rated 5
 *   i3    Comedy          (0.1, 0.9)   10                                           rated 5
 *   i4    Horror, Comedy  (0.5, 0.5)    0
 *   i5    unknown         (0.2, 0.3)    0
 * </pre>
 * The genre names are {unknown, Horror, Comedy, Western}; no item is a Western. Users 0-4 are
 * F, 5-19 M; all are 30-year-old writers.
 */
final class GenreFans {
    private GenreFans() {
    }

    static TrainedModel model() {
        int nu = 20, ni = 6;
        float[] p = new float[2 * nu], bu = new float[nu];
        for (int u = 0; u < nu; u++) {
            if (u < 10) {
                p[2 * u] = 1;
                bu[u] = 0.4f;
            } else {
                p[2 * u + 1] = 1;
            }
        }
        float[] q = {1, 0, 0.8f, 0.2f, 0, 1, 0.1f, 0.9f, 0.5f, 0.5f, 0.2f, 0.3f};
        FactorModel fm = new FactorModel("dot-bias", nu, ni, 2, p, q, bu, new float[ni], 3f, null);
        int[] start = new int[nu + 1];
        int[] items = new int[2 * nu];
        float[] values = new float[2 * nu];
        for (int u = 0; u < nu; u++) {
            start[u + 1] = 2 * (u + 1);
            if (u < 10) {
                items[2 * u] = 0;
                values[2 * u] = 5;
                items[2 * u + 1] = 2;
                values[2 * u + 1] = 2;
            } else {
                items[2 * u] = 2;
                values[2 * u] = 5;
                items[2 * u + 1] = 3;
                values[2 * u + 1] = 5;
            }
        }
        String[] userIds = new String[nu], genders = new String[nu], occupations = new String[nu], zips = new String[nu];
        int[] ages = new int[nu];
        for (int u = 0; u < nu; u++) {
            userIds[u] = "u" + u;
            genders[u] = u < 5 ? "F" : "M";
            occupations[u] = "writer";
            ages[u] = 30;
            zips[u] = "12345";
        }
        long[] days = new long[ni];
        java.util.Arrays.fill(days, Long.MIN_VALUE);
        ItemInfo info = new ItemInfo(new String[] {"Fright (1990)", "Night (1991)", "Laughs (1992)", "Jokes (1993)", "Scary Movie (2000)",
                "Untitled (1995)"}, new int[] {1990, 1991, 1992, 1993, 2000, 1995}, days,
                new String[] {"unknown", "Horror", "Comedy", "Western"}, new int[][] {{1}, {1}, {2}, {2}, {1, 2}, {0}});
        return new TrainedModel(fm, IdIndex.of(userIds), IdIndex.of("i0", "i1", "i2", "i3", "i4", "i5"), info,
                new UserInfo(ages, genders, occupations, zips), new RatingScale(1, 5), start, items, values, Map.of("model", "dot-bias"));
    }
}
