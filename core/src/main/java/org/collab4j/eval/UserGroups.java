package org.collab4j.eval;

import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Ratings;
import org.collab4j.model.RatingModel;
import org.collab4j.kernel.Rng;

/**
 * Accuracy by how much the model knows of each user: RMSE grouped by the user's number of
 * training ratings, and the cold-user protocol, which turns {@code n} users into near-cold
 * ones by holding out all but a few of their ratings. Together they show what side information
 * is worth where ratings are scarce.
 */
public final class UserGroups {
    /** Upper bounds of the groups by training ratings: 0, 1-5, 6-20, 21-100, over 100. */
    private static final int[] BOUNDS = {0, 5, 20, 100, Integer.MAX_VALUE};
    private static final String[] NAMES = {"0", "1-5", "6-20", "21-100", ">100"};

    private UserGroups() {
    }

    /**
     * Accuracy on {@code rows} grouped by the user's count in {@code trainUserCounts}; groups with
     * no rows are left out. Keys: {@code 0}, {@code 1-5}, {@code 6-20}, {@code 21-100}, {@code >100}.
     */
    public static Map<String, Metrics.Accuracy> byUserCount(RatingModel model, Ratings data, int[] rows, int[] trainUserCounts) {
        return byUserCount(Metrics.predictions(model, data, rows, org.collab4j.kernel.Workers.SERIAL), data, rows, trainUserCounts);
    }

    /**
     * As {@link #byUserCount(RatingModel, Ratings, int[], int[])}, from the model's predictions for
     * {@code rows} ({@link Metrics#predictions}). Each group's errors are summed in row order, as
     * {@link Metrics#accuracy} sums them.
     */
    public static Map<String, Metrics.Accuracy> byUserCount(float[] predictions, Ratings data, int[] rows, int[] trainUserCounts) {
        int groups = BOUNDS.length;
        double[] se = new double[groups], ae = new double[groups];
        int[] size = new int[groups];
        for (int j = 0; j < rows.length; j++) {
            int r = rows[j];
            int c = trainUserCounts[data.user(r)];
            int g = 0;
            while (c > BOUNDS[g]) g++;
            double e = predictions[j] - data.value(r);
            se[g] += e * e;
            ae[g] += Math.abs(e);
            size[g]++;
        }
        Map<String, Metrics.Accuracy> out = new LinkedHashMap<>();
        for (int g = 0; g < groups; g++) {
            if (size[g] == 0) continue;
            out.put(NAMES[g], new Metrics.Accuracy(Math.sqrt(se[g] / size[g]), ae[g] / size[g], size[g], 0, 0));
        }
        return out;
    }

    /**
     * A split with {@code n} cold users, the users whose rows to score, and those users.
     *
     * @param split     the base split with the cold users' training rows, all but {@code keep}, moved to validation
     * @param users     the cold users, ascending
     * @param coldRows  every validation row of a cold user
     */
    public record ColdSplit(Split split, int[] users, int[] coldRows) {
    }

    /**
     * The cold-user protocol: from the users with more than {@code keep} training ratings in
     * {@code base}, {@code n} are drawn (seeded); each keeps {@code keep} of its training ratings,
     * drawn at random (seeded), and the rest move to validation. The same seed always gives
     * the same users and ratings, whatever the model.
     */
    public static ColdSplit coldUsers(Ratings data, Split base, int n, int keep, long seed) {
        if (n < 1) throw new IllegalArgumentException("--cold-users must be at least 1, got " + n);
        int[] counts = data.userCounts(base.train());
        List<Integer> candidates = new ArrayList<>();
        for (int u = 0; u < counts.length; u++) if (counts[u] > keep) candidates.add(u);
        if (candidates.size() < n)
            throw new IllegalArgumentException("--cold-users " + n + ": only " + candidates.size() + " users have more than " + keep
                    + " training ratings");
        int[] cand = candidates.stream().mapToInt(Integer::intValue).toArray();
        Rng rng = new Rng(seed * 31 + 0xC01D);
        rng.shuffle(cand);
        int[] users = Arrays.copyOf(cand, n);
        Arrays.sort(users);
        boolean[] cold = new boolean[counts.length];
        for (int u : users) cold[u] = true;
        // the cold users' training rows, user by user in row order, then a seeded choice of which to keep
        boolean[] valid = new boolean[data.size()];
        for (int r : base.valid()) valid[r] = true;
        int[][] own = new int[counts.length][];
        int[] fill = new int[counts.length];
        for (int u : users) own[u] = new int[counts[u]];
        for (int r : base.train()) {
            int u = data.user(r);
            if (cold[u]) own[u][fill[u]++] = r;
        }
        int moved = 0;
        for (int u : users) {
            int[] rows = own[u];
            rng.shuffle(rows);
            for (int j = keep; j < rows.length; j++) {
                valid[rows[j]] = true;
                moved++;
            }
        }
        Split split = Splits.fromMask(base.name() + "+cold-users(" + n + ", keep " + keep + ", seed " + seed + ")", valid,
                base.numValid() + moved);
        int nc = 0;
        for (int r : split.valid()) if (cold[data.user(r)]) nc++;
        int[] coldRows = new int[nc];
        int j = 0;
        for (int r : split.valid()) if (cold[data.user(r)]) coldRows[j++] = r;
        return new ColdSplit(split, users, coldRows);
    }
}
