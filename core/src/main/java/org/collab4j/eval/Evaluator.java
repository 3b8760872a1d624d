package org.collab4j.eval;

import java.util.LinkedHashMap;
import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.Ratings;
import org.collab4j.model.ContextualModel;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;

/**
 * Scores a saved model on ratings from any data set: external ids are mapped to the model's
 * indices; users or items the model has never seen are predicted from biases and the global
 * offset ({@link RatingModel#predictUnknown}) and counted. Ranking metrics cover the users the
 * model knows.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Result of an evaluation: accuracy, optional ranking metrics, and the unseen counts. */
    public record Report(Metrics.Accuracy accuracy, Map<String, Double> ranking) {
    }

    public static Report evaluate(TrainedModel model, Ratings data, int[] rows, int k, float relevance, boolean ranking) {
        int[] userMap = map(data.userIds(), model.userIds());
        int[] itemMap = map(data.itemIds(), model.itemIds());
        RatingModel m = model.model();
        float[] atTime = m instanceof ContextualModel cm ? contextual(cm, model, data, rows, userMap, itemMap) : null;
        double se = 0, ae = 0;
        int unseenUsers = 0, unseenItems = 0, known = 0;
        for (int j = 0; j < rows.length; j++) {
            int r = rows[j];
            int u = userMap[data.user(r)], i = itemMap[data.item(r)];
            boolean coldU = u < 0 || model.userCount(u) == 0, coldI = i < 0 || model.itemCount(i) == 0;
            if (coldU) unseenUsers++;
            if (coldI) unseenItems++;
            float p = u >= 0 && i >= 0 ? (atTime != null ? atTime[j] : m.predict(u, i)) : m.predictUnknown(u, i);
            if (Float.isNaN(p)) p = (data.scale().min() + data.scale().max()) / 2;
            double e = p - data.value(r);
            se += e * e;
            ae += Math.abs(e);
            if (u >= 0 && i >= 0) known++;
        }
        int n = rows.length;
        Metrics.Accuracy acc = new Metrics.Accuracy(n == 0 ? Double.NaN : Math.sqrt(se / n), n == 0 ? Double.NaN : ae / n, n,
                unseenUsers, unseenItems);
        Map<String, Double> rank = new LinkedHashMap<>();
        if (ranking) {
            int[] uc = new int[known], ic = new int[known];
            float[] vc = new float[known];
            int j = 0;
            for (int r : rows) {
                int u = userMap[data.user(r)], i = itemMap[data.item(r)];
                if (u < 0 || i < 0) continue;
                uc[j] = u;
                ic[j] = i;
                vc[j++] = data.value(r);
            }
            Ratings inModel = new Ratings(uc, ic, vc, null, model.userIds(), model.itemIds(), model.scale());
            rank = RankingMetrics.evaluate(model, inModel, inModel.allRows(), k, relevance);
        }
        return new Report(acc, rank);
    }

    /**
     * A contextual model's predictions of {@code rows} in their context (the rating's time, when
     * {@code data} has times), for the rows whose user and item the model knows (others: 0).
     */
    private static float[] contextual(ContextualModel cm, TrainedModel model, Ratings data, int[] rows, int[] userMap, int[] itemMap) {
        int n = rows.length;
        int[] uc = new int[n], ic = new int[n];
        float[] vc = new float[n];
        long[] tc = data.hasTime() ? new long[n] : null;
        for (int j = 0; j < n; j++) {
            int r = rows[j];
            uc[j] = Math.max(0, userMap[data.user(r)]);   // rows with an unknown side are not used
            ic[j] = Math.max(0, itemMap[data.item(r)]);
            vc[j] = data.value(r);
            if (tc != null) tc[j] = data.time(r);
        }
        Ratings inModel = new Ratings(uc, ic, vc, tc, model.userIds(), model.itemIds(), model.scale());
        float[] out = new float[n];
        cm.predictRatings(inModel, inModel.allRows(), 0, n, out);
        return out;
    }

    /** For each index of {@code from}, the index of the same id in {@code to}, or -1. */
    static int[] map(IdIndex from, IdIndex to) {
        int[] m = new int[from.size()];
        if (from == to) {
            for (int j = 0; j < m.length; j++) m[j] = j;
            return m;
        }
        for (int j = 0; j < m.length; j++) m[j] = to.index(from.id(j));
        return m;
    }
}
