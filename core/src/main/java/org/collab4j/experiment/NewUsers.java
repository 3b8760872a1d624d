package org.collab4j.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Ratings;
import org.collab4j.data.SideTable;
import org.collab4j.features.Field;
import org.collab4j.features.SideProfile;
import org.collab4j.model.RatingModel;
import org.collab4j.model.SideInfoModel;

/**
 * Brand-new users: users held out entirely (none of their ratings in training, see
 * {@link UserGroups#coldUsers} with {@code keep = 0}), scored on all their ratings as if they
 * had just arrived, with what they would tell us about themselves and nothing else.
 *
 * <ul>
 * <li><i>features</i>: through {@link SideInfoModel#scoreItems(SideProfile, float[])} from the
 * raw values of their row in the user side table (null when the model takes no user features).
 * This is the path a newcomer takes, not the data set's own index;</li>
 * <li><i>model</i>: the model's own prediction for the held-out user's index (their id at the
 * unknown slot; for a model without user features, all it knows of a newcomer);</li>
 * <li><i>global mean</i> of the training ratings, and <i>item bias</i>: the global mean plus
 * the item's damped bias {@code sum(r - mu) / (n_i + 25)} (the bias-only baseline of
 * {@link ColdStart}).</li>
 * </ul>
 */
public final class NewUsers {
    /** Damping of the item bias, as {@link ColdStart}'s bias baseline. */
    static final int ITEM_DAMPING = 25;

    /** RMSE of each method on the new users' ratings; {@code features} is NaN when the model takes no user features. */
    public record Result(int users, int ratings, double features, double model, double globalMean, double itemBias) {
    }

    private NewUsers() {
    }

    /**
     * @param users the user side table (raw values by dense user index), or null
     * @param newUsers the held-out users, sorted
     * @param rows their ratings
     */
    public static Result evaluate(RatingModel model, Ratings data, SideTable users, int[] trainRows, int[] newUsers, int[] rows) {
        int ni = data.numItems();
        double mu = 0;
        for (int r : trainRows) mu += data.value(r);
        mu /= Math.max(1, trainRows.length);
        double[] sum = new double[ni];
        int[] count = new int[ni];
        for (int r : trainRows) {
            sum[data.item(r)] += data.value(r) - mu;
            count[data.item(r)]++;
        }
        SideInfoModel sim = model instanceof SideInfoModel s && s.features().has(Field.Source.USER) && users != null ? s : null;
        int[] position = new int[data.numUsers()];
        java.util.Arrays.fill(position, -1);
        for (int j = 0; j < newUsers.length; j++) position[newUsers[j]] = j;
        // the rows of each new user, grouped
        int[] start = new int[newUsers.length + 1];
        for (int r : rows) start[position[data.user(r)] + 1]++;
        for (int j = 0; j < newUsers.length; j++) start[j + 1] += start[j];
        int[] grouped = new int[rows.length], fill = start.clone();
        for (int r : rows) grouped[fill[position[data.user(r)]]++] = r;
        float[] predicted = new float[rows.length];
        double seF = 0, seM = 0, seG = 0, seB = 0;
        float[] scores = new float[ni];
        for (int j = 0; j < newUsers.length; j++) {
            int from = start[j], to = start[j + 1];
            if (from == to) continue;
            if (sim != null) sim.scoreItems(sim.newUser(raw(users, newUsers[j], sim)), scores);
            modelPredictions(model, data, grouped, from, to, predicted);
            for (int a = from; a < to; a++) {
                int r = grouped[a], i = data.item(r);
                double y = data.value(r);
                if (sim != null) seF += sq(scores[i] - y);
                seM += sq(predicted[a - from] - y);
                seG += sq(mu - y);
                seB += sq(mu + sum[i] / (count[i] + ITEM_DAMPING) - y);
            }
        }
        int n = rows.length;
        return new Result(newUsers.length, n, sim == null ? Double.NaN : Math.sqrt(seF / n), Math.sqrt(seM / n), Math.sqrt(seG / n),
                Math.sqrt(seB / n));
    }

    private static void modelPredictions(RatingModel model, Ratings data, int[] rows, int from, int to, float[] out) {
        if (model instanceof org.collab4j.model.ContextualModel c) c.predictRatings(data, rows, from, to, out);
        else for (int a = from; a < to; a++) out[a - from] = model.predict(data.user(rows[a]), data.item(rows[a]));
    }

    private static double sq(double x) {
        return x * x;
    }

    /** The raw values of user {@code u} in the table, for the columns the model takes (missing ones left out). */
    static Map<String, List<String>> raw(SideTable table, int u, SideInfoModel model) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (SideTable.Column c : table.columns()) {
            if (!model.features().has(Field.Source.USER, c.name())) continue;
            if (c.type() == SideTable.Type.NUMBER) {
                float v = c.numbers()[u];
                if (!Float.isNaN(v)) out.put(c.name(), List.of(Float.toString(v)));
            } else if (c.categories()[u].length > 0) {
                out.put(c.name(), new ArrayList<>(List.of(c.categories()[u])));
            }
        }
        return out;
    }
}
