package org.collab4j.model;

import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.UserInfo;

/** A hand-made data set with users, items, times and side tables, for exact tests. */
public final class TinyData {
    private TinyData() {
    }

    /** 5 users (user "5" has no ratings), 4 items, 10 timed ratings; demographics and genres. */
    public static Dataset dataset() {
        int[] u = {0, 0, 0, 1, 1, 2, 2, 3, 3, 3};
        int[] i = {0, 1, 2, 0, 3, 1, 2, 0, 2, 3};
        float[] v = {5, 3, 4, 4, 1, 2, 5, 3, 4, 2};
        long day = 86_400L;
        long[] t = new long[u.length];
        for (int r = 0; r < t.length; r++) t[r] = 10_000 * day + r * 37 * 3600L + r * day;
        Ratings ratings = new Ratings(u, i, v, t, IdIndex.of("1", "2", "3", "4", "5"), IdIndex.of("a", "b", "c", "d"), new RatingScale(1, 5));
        UserInfo users = new UserInfo(new int[] {25, 40, 18, 33, 25}, new String[] {"M", "F", "F", "M", "F"},
                new String[] {"student", "artist", "student", "doctor", "artist"}, new String[] {"12345", "90210", "12001", "55555", "90001"});
        ItemInfo items = new ItemInfo(new String[] {"A (1990)", "B (1995)", "C (1997)", "D"}, new int[] {1990, 1995, 1997, 0},
                new long[] {7300, 9100, 9800, Long.MIN_VALUE}, new String[] {"Action", "Comedy", "Drama"},
                new int[][] {{0}, {1, 2}, {0, 2}, {}});
        return new Dataset("tiny", ratings, items, users, LoadReport.none("tiny"));
    }
}
