package org.collab4j.eval;

import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.model.RatingModel;
import org.junit.jupiter.api.Test;

class UserGroupsTest {
    /** 3 users with 12, 7 and 3 ratings. */
    static Ratings ratings() {
        int n = 22;
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        for (int r = 0; r < n; r++) {
            u[r] = r < 12 ? 0 : r < 19 ? 1 : 2;
            i[r] = r;
            v[r] = 1 + r % 5;
        }
        String[] items = new String[n];
        for (int r = 0; r < n; r++) items[r] = "i" + r;
        return new Ratings(u, i, v, null, IdIndex.of("a", "b", "c"), IdIndex.of(items), new RatingScale(1, 5));
    }

    static final RatingModel THREE = new RatingModel() {
        public String kind() {
            return "const";
        }

        public int numUsers() {
            return 3;
        }

        public int numItems() {
            return 22;
        }

        public float predict(int user, int item) {
            return 3f;
        }
    };

    @Test
    void coldUsersKeepFiveTrainingRatingsChosenBySeed() {
        Ratings r = ratings();
        Split base = Splits.none(r);
        UserGroups.ColdSplit c = UserGroups.coldUsers(r, base, 2, 5, 42);
        assertThat(c.users()).containsExactly(0, 1); // the only users with more than five
        int[] counts = r.userCounts(c.split().train());
        assertThat(counts).containsExactly(5, 5, 3);
        assertThat(c.coldRows()).hasSize(7 + 2);
        assertThat(UserGroups.coldUsers(r, base, 2, 5, 42).split().train()).containsExactly(c.split().train());
        assertThat(UserGroups.coldUsers(r, base, 2, 5, 43).split().train()).isNotEqualTo(c.split().train());
        assertThatThrownBy(() -> UserGroups.coldUsers(r, base, 3, 5, 42)).hasMessageContaining("only 2 users have more than 5");
    }

    @Test
    void rmseByTheUsersTrainingCount() {
        Ratings r = ratings();
        int[] counts = {12, 7, 3};
        Map<String, Metrics.Accuracy> g = UserGroups.byUserCount(THREE, r, r.allRows(), counts);
        assertThat(g.keySet()).containsExactly("1-5", "6-20");
        assertThat(g.get("1-5").n()).isEqualTo(3);
        assertThat(g.get("6-20").n()).isEqualTo(19);
        // user 2's ratings are 5, 1, 2 (rows 19..21): errors 2, -2, -1
        assertThat(g.get("1-5").rmse()).isCloseTo(Math.sqrt(9 / 3.0), org.assertj.core.data.Offset.offset(1e-9));
    }

    /**
     * Predicting each validation rating once, on several threads, gives the same floats as one
     * thread, and the overall and per-group figures made from them are exactly those made by
     * predicting row by row, group by group.
     */
    @Test
    void figuresFromPredictionsMadeOnceAreTheRowByRowFigures() {
        int n = 60_000, users = 300, items = 200;
        org.collab4j.kernel.Rng rng = new org.collab4j.kernel.Rng(7);
        int[] u = new int[n], i = new int[n];
        float[] v = new float[n];
        for (int r = 0; r < n; r++) {
            u[r] = rng.nextInt(users);
            i[r] = rng.nextInt(items);
            v[r] = 1 + rng.nextInt(5);
        }
        String[] un = new String[users], in = new String[items];
        for (int k = 0; k < users; k++) un[k] = "u" + k;
        for (int k = 0; k < items; k++) in[k] = "i" + k;
        Ratings r = new Ratings(u, i, v, null, IdIndex.of(un), IdIndex.of(in), new RatingScale(1, 5));
        RatingModel model = new RatingModel() {
            public String kind() {
                return "varied";
            }

            public int numUsers() {
                return users;
            }

            public int numItems() {
                return items;
            }

            public float predict(int user, int item) {
                return 1 + ((user * 31 + item * 17) % 97) / 24.25f;
            }
        };
        int[] rows = new int[n / 2];
        for (int k = 0; k < rows.length; k++) rows[k] = 2 * k + 1;
        int[] counts = new int[users];
        for (int k = 0; k < users; k++) counts[k] = k % 4 == 0 ? 0 : k % 150;   // every group, the empty one too

        float[] one = Metrics.predictions(model, r, rows, org.collab4j.kernel.Workers.SERIAL);
        float[] two;
        try (org.collab4j.kernel.Workers pool = new org.collab4j.kernel.Workers(2)) {
            two = Metrics.predictions(model, r, rows, pool);
        }
        assertThat(two).containsExactly(one);
        for (int k = 0; k < rows.length; k++) assertThat(one[k]).isEqualTo(model.predict(u[rows[k]], i[rows[k]]));

        assertThat(Metrics.accuracy(two, r, rows, counts, null)).isEqualTo(Metrics.accuracy(model, r, rows, counts, null));
        Map<String, Metrics.Accuracy> byGroup = UserGroups.byUserCount(two, r, rows, counts);
        assertThat(byGroup.keySet()).containsExactly("0", "1-5", "6-20", "21-100", ">100");
        int[] bounds = {0, 5, 20, 100, Integer.MAX_VALUE};
        String[] names = {"0", "1-5", "6-20", "21-100", ">100"};
        for (int g = 0; g < bounds.length; g++) {
            int lo = g == 0 ? 0 : bounds[g - 1] + 1, hi = bounds[g];
            int[] members = java.util.Arrays.stream(rows).filter(x -> counts[u[x]] >= lo && counts[u[x]] <= hi).toArray();
            assertThat(byGroup.get(names[g])).as(names[g]).isEqualTo(Metrics.accuracy(model, r, members));
        }
    }
}
