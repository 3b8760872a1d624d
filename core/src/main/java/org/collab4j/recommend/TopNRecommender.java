package org.collab4j.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.collab4j.kernel.TopK;
import org.collab4j.model.TopNModel;
import org.collab4j.model.TrainedModel;

/**
 * Top-N lists from a model of implicit feedback ({@link TopNModel}): for a known user, for a new
 * user given by their items (folded in at once, without retraining), and the reasons of a
 * recommendation where the model's score is a sum over the user's items ("because you have X and
 * Y"). Candidates are every item except those the user already has: a top-N model scores the
 * items a user has highest of all, and showing them again would be no recommendation.
 */
public final class TopNRecommender {
    private final TrainedModel trained;
    private final TopNModel model;
    private final Recommender base;

    public TopNRecommender(TrainedModel trained) {
        if (!(trained.model() instanceof TopNModel m))
            throw new IllegalArgumentException("model " + trained.kind() + " is not a model of implicit feedback");
        this.trained = trained;
        this.model = m;
        this.base = new Recommender(trained);
    }

    /** The {@code n} best items for a known user, their own items left out. */
    public List<ScoredItem> recommend(String user, int n) {
        return base.recommend(user, n);
    }

    /**
     * The {@code n} best items for a user known only by {@code itemIds} (each weighing 1), their
     * items left out; unknown ids are an {@link UnknownIdException}.
     */
    public List<ScoredItem> recommendForItems(List<String> itemIds, int n) {
        int[] items = resolve(itemIds);
        float[] weights = new float[items.length];
        Arrays.fill(weights, 1f);
        float[] scores = new float[model.numItems()];
        model.scoreHistory(items, weights, items.length, scores);
        for (int i : items) scores[i] = Float.NaN;
        return base.top(scores, n, -1);
    }

    /** A known user's items, ascending, with the confidences kept in the model file. */
    public int[] items(int user) {
        return Arrays.copyOfRange(trained.seenItems(), trained.seenStart()[user], trained.seenStart()[user + 1]);
    }

    /**
     * The (at most {@code max}) items of a known user that raise {@code item}'s score the most,
     * best first, with what each adds; empty when the model's score does not split over the
     * user's items or none of them raises it.
     */
    public List<ScoredItem> because(int user, int item, int max) {
        int s = trained.seenStart()[user], e = trained.seenStart()[user + 1];
        return because(Arrays.copyOfRange(trained.seenItems(), s, e), Arrays.copyOfRange(trained.seenValues(), s, e), item, max);
    }

    /** {@link #because(int, int, int)} for a user given by their items and weights. */
    public List<ScoredItem> because(int[] items, float[] weights, int item, int max) {
        float[] c = new float[items.length];
        if (!model.contributions(items, weights, items.length, item, c)) return List.of();
        TopK heap = new TopK(Math.max(0, max));
        for (int k = 0; k < items.length; k++) if (c[k] > 0) heap.offer(k, c[k]);
        int[] top = new int[heap.size()];
        float[] val = new float[heap.size()];
        int n = heap.drainSorted(top, val);
        List<ScoredItem> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int i = items[top[j]];
            out.add(new ScoredItem(i, trained.itemIds().id(i), trained.title(i), val[j]));
        }
        return out;
    }

    /** "because you have X and Y" for {@link #because}'s items, or null when there is no reason to give. */
    public static String reason(List<ScoredItem> items) {
        if (items.isEmpty()) return null;
        StringBuilder sb = new StringBuilder("because you have ");
        for (int j = 0; j < items.size(); j++) {
            if (j > 0) sb.append(j == items.size() - 1 ? " and " : ", ");
            sb.append(items.get(j).title());
        }
        return sb.toString();
    }

    private int[] resolve(List<String> ids) {
        int[] items = new int[ids.size()];
        for (int j = 0; j < items.length; j++) items[j] = base.itemIndex(ids.get(j));
        items = Arrays.stream(items).distinct().sorted().toArray();
        return items;
    }
}
