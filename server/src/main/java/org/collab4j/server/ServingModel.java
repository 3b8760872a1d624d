package org.collab4j.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.collab4j.features.SideProfile;
import org.collab4j.model.FactorModel;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.data.ItemInfo;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.NewUserFeatures;
import org.collab4j.recommend.Onboarding;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.kernel.TopK;
import org.collab4j.recommend.UserProfile;

/**
 * One loaded model file and everything derived from it that requests share: the recommender,
 * the fold-in solver, the onboarding selection, starting profiles from stated genres, and
 * per-thread scratch buffers. Immutable but for caches; the server swaps whole instances on
 * reload, so a request that started on one finishes on it.
 */
final class ServingModel {
    final TrainedModel model;
    final Recommender recommender;
    final FoldIn foldIn;
    /** Null when the model has no latent factors (then there is nothing to fold in or start from). */
    final Onboarding onboarding;
    /** The model as one that scores a new user from user features ({@link NewUserFeatures}), or null. */
    final SideInfoModel side;
    /** The user features of {@link #side} as questions for a new user (empty without it). */
    final List<NewUserFeatures.Question> questions;
    final long version;
    final Path path;
    final long loadedAtMillis;
    private final ThreadLocal<Scratch> scratch;
    /** Starting profiles by (genres, demographics): many new users state the same few genres. */
    private final ConcurrentHashMap<String, UserProfile> starts = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_STARTS = 10_000;

    /**
     * How a list is re-ranked (see {@link org.collab4j.recommend.Rerank}): MMR weight
     * {@code diversity} and exploration share {@code explore}, both 0..1, and the exploration seed.
     */
    record Ranking(double diversity, double explore, long seed) {
        static final Ranking PLAIN = new Ranking(0, 0, 42);

        boolean plain() {
            return diversity == 0 && explore == 0;
        }
    }

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
        this.onboarding = foldIn == null ? null : new Onboarding(foldIn);
        this.side = NewUserFeatures.model(model);
        this.questions = NewUserFeatures.questions(model);
        this.version = version;
        this.path = path;
        this.loadedAtMillis = System.currentTimeMillis();
        int items = model.numItems();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(items));
    }

    /** Top {@code n} unseen items for a user of the model, scored into a per-thread buffer. */
    List<ScoredItem> recommend(int user, int n) {
        return recommend(user, n, Ranking.PLAIN);
    }

    /** As {@link #recommend(int, int)}, re-ranked. */
    List<ScoredItem> recommend(int user, int n, Ranking ranking) {
        Scratch s = scratch.get();
        float[] scores = s.scores;
        model.model().scoreItems(user, scores);
        int[] seen = model.seenItems();
        for (int j = model.seenStart()[user], end = model.seenStart()[user + 1]; j < end; j++) scores[seen[j]] = Float.NaN;
        return ranked(s, scores, n, ranking);
    }

    /** Top {@code n} items for a folded-in profile, never any of {@code exclude} (dense indices). */
    List<ScoredItem> recommend(UserProfile profile, int n, int[] exclude) {
        return recommend(profile, n, exclude, Ranking.PLAIN);
    }

    /** As {@link #recommend(UserProfile, int, int[])}, re-ranked. */
    List<ScoredItem> recommend(UserProfile profile, int n, int[] exclude, Ranking ranking) {
        Scratch s = scratch.get();
        float[] scores = s.scores;
        foldIn.scoreItems(profile, scores);
        for (int i : exclude) scores[i] = Float.NaN;
        return ranked(s, scores, n, ranking);
    }

    /** Top {@code n} items for a new user described by their features, never any of {@code exclude}, through {@link #side}. */
    List<ScoredItem> recommend(SideProfile user, int n, int[] exclude, Ranking ranking) {
        Scratch s = scratch.get();
        float[] scores = s.scores;
        side.scoreItems(user, scores);
        for (int i : exclude) scores[i] = Float.NaN;
        return ranked(s, scores, n, ranking);
    }

    /** What a user stated, encoded for {@link #side}: the demographics it takes, the rest set aside (see {@link NewUserFeatures}). */
    NewUserFeatures.Result sideProfile(FeedbackStore.StatedUser u) {
        Map<String, String> stated = new LinkedHashMap<>();
        stated.put("age", u.age() > 0 ? Integer.toString(u.age()) : null);
        stated.put("gender", u.gender());
        stated.put("occupation", u.occupation());
        stated.put("zip", u.zip());
        return NewUserFeatures.profile(side, stated);
    }

    /**
     * The starting profile of a user who stated {@code genres} (names; those this model does not
     * know are left out) and demographics: {@link Onboarding#fromGenres}, or the average user when
     * none of the genres is known to this model (e.g. after a reload). Requires {@link #onboarding}.
     */
    UserProfile startProfile(List<String> genres, Onboarding.Demographics demo) {
        ItemInfo info = model.itemInfo();
        int[] g = info == null ? new int[0] : genres.stream().mapToInt(info::genreIndex).filter(x -> x >= 0).distinct().sorted().toArray();
        if (g.length == 0) return foldIn.averageUser();
        String key = Arrays.toString(g) + "|" + demo.gender() + "|" + demo.age() + "|" + demo.occupation();
        UserProfile p = starts.get(key);
        if (p == null) {
            p = onboarding.fromGenres(g, demo);
            if (starts.size() < MAX_CACHED_STARTS) starts.put(key, p);
        }
        return p;
    }

    private List<ScoredItem> ranked(Scratch s, float[] scores, int n, Ranking ranking) {
        if (ranking.plain()) return top(s, scores, n, -1);
        try {
            return recommender.rerank(scores, n, ranking.diversity(), ranking.explore(), model.itemCounts(), ranking.seed());
        } catch (UnsupportedOperationException e) {
            throw new ApiError(422, "diversity needs item factors, and model '" + model.kind() + "' has none; ask without diversity");
        }
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
