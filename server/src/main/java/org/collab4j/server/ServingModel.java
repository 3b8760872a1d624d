package org.collab4j.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.recommend.TopK;
import org.collab4j.recommend.UserProfile;

/**
 * One loaded model file and everything derived from it that requests share: the recommender,
 * the fold-in solver, and per-thread scratch buffers. Immutable; the server swaps whole
 * instances on reload, so a request that started on one finishes on it.
 */
final class ServingModel {
    final TrainedModel model;
    final Recommender recommender;
    final FoldIn foldIn;
    final long version;
    final Path path;
    final long loadedAtMillis;
    private final ThreadLocal<Scratch> scratch;

    private static final class Scratch {
        final float[] scores;

        Scratch(int items) {
            scores = new float[items];
        }
    }

    ServingModel(TrainedModel model, long version, Path path) {
        this.model = model;
        this.recommender = new Recommender(model);
        this.foldIn = model.model() instanceof FactorModel ? new FoldIn(model) : null;
        this.version = version;
        this.path = path;
        this.loadedAtMillis = System.currentTimeMillis();
        int items = model.numItems();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(items));
    }

    /** Top {@code n} unseen items for a user of the model, scored into a per-thread buffer. */
    List<ScoredItem> recommend(int user, int n) {
        Scratch s = scratch.get();
        float[] scores = s.scores;
        model.model().scoreItems(user, scores);
        int[] seen = model.seenItems();
        for (int j = model.seenStart()[user], end = model.seenStart()[user + 1]; j < end; j++) scores[seen[j]] = Float.NaN;
        return top(s, scores, n, -1);
    }

    /** Top {@code n} items for a folded-in profile, never any of {@code exclude} (dense indices). */
    List<ScoredItem> recommend(UserProfile profile, int n, int[] exclude) {
        Scratch s = scratch.get();
        float[] scores = s.scores;
        foldIn.scoreItems(profile, scores);
        for (int i : exclude) scores[i] = Float.NaN;
        return top(s, scores, n, -1);
    }

    /** Items most similar to {@code item} by cosine of item factors. */
    List<ScoredItem> similar(int item, int n) {
        return recommender.similar(item, n);
    }

    private List<ScoredItem> top(Scratch s, float[] scores, int n, int skip) {
        TopK heap = new TopK(n); // small (n <= MAX_N); the big buffer is the per-thread score vector
        for (int i = 0; i < scores.length; i++) if (i != skip) heap.offer(i, scores[i]);
        int[] ids = new int[heap.size()];
        float[] vals = new float[heap.size()];
        int k = heap.drainSorted(ids, vals);
        List<ScoredItem> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) out.add(new ScoredItem(ids[j], model.itemIds().id(ids[j]), model.title(ids[j]), vals[j]));
        return out;
    }
}
