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
}
