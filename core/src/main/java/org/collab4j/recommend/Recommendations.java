package org.collab4j.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Confidence;
import org.collab4j.model.FactorModel;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.TopNModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.ann.ApproximateSimilar;
import org.collab4j.recommend.ann.ApproximateTopN;

/**
 * The answers of one model to whoever asks ({@link Requester}): top-N lists and similar items,
 * decided here once for the command line, the server and programs alike.
 *
 * <ul>
 * <li>A {@link Requester.Known known} user is scored by the model; the items they rated in
 * training are left out.</li>
 * <li>A {@link Requester.Rated user with ratings} is folded in ({@link FoldIn}) after the ratings
 * are checked ({@link NewRatings#check}: known items, on the scale); the rated items are left
 * out.</li>
 * <li>A user who states {@link Requester.Genres genres} starts from {@link GenreStart}: the items
 * of those genres first, ranked by what the genres' fans rate well.</li>
 * <li>A user {@link Requester.Described described} by demographics is scored through the model's
 * user features ({@link NewUserFeatures}).</li>
 * <li>A user who {@link Requester.Interacted interacted} with items (events) is scored by a model of
 * implicit feedback from their history ({@link TopNModel#scoreHistory}): their training
 * interactions, if any, plus the events, repeated items summed, weighed by the confidence rule
 * the model was trained with; every item of the history is left out.</li>
 * </ul>
 *
 * <p>The ranking: a new user's list (ratings or genres) is ordered by relevance by default, a
 * user of the model's by predicted rating, new ratings or not ({@link #defaultRanking}); see
 * {@link FoldIn.Ranking} for why.
 * A user described by demographics can only be ranked by predicted rating (relevance needs a
 * factor model's fold-in).
 *
 * <p>Similar items: every item with at least {@link #SIMILAR_MIN_RATINGS} training ratings is a
 * candidate, unless the caller asks for another minimum.
 *
 * <p>An approximate index ({@link #useIndex}) serves a known user's list by predicted rating,
 * plainly ranked, when the catalogue is large enough for it to pay ({@link ApproximateTopN#pays});
 * every other list is scored exactly. An item-item index ({@link #useSimilarIndex}) serves
 * similar items of a factor model on the same condition.
 *
 * <p>Safe for many threads; the fold-in solver is built on first use.
 */
public final class Recommendations {
    /**
     * Candidates for similar items need this many training ratings by default: rarely rated items
     * keep factors close to their random start, and their similarities to anything are noise.
     */
    public static final int SIMILAR_MIN_RATINGS = 10;

    /**
     * How a list is re-ranked ({@link Rerank}): MMR weight {@code diversity} and exploration share
     * {@code explore}, both 0 to 1, with the exploration seed; and item ids never to recommend
     * (ids the model does not know are ignored).
     */
    public record Options(double diversity, double explore, long seed, List<String> exclude) {
        /** Plain ranking, nothing excluded. */
        public static final Options PLAIN = new Options(0, 0, 42, List.of());

        public Options {
            if (!(diversity >= 0 && diversity <= 1)) throw new IllegalArgumentException("diversity must be between 0 and 1, got " + diversity);
            if (!(explore >= 0 && explore <= 1)) throw new IllegalArgumentException("explore must be between 0 and 1, got " + explore);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
        }

        public static Options reranked(double diversity, double explore, long seed) {
            return new Options(diversity, explore, seed, List.of());
        }
    }

    /**
     * One recommended item. {@code score} is what the list is ordered by (the predicted rating, or
     * the relevance score, a log-probability); {@code predictedRating} is the predicted rating either way.
     */
    public record Item(int index, String item, String title, float score, float predictedRating) {
    }

    /**
     * A list and how it came about.
     *
     * @param user      the user's id, or a description of a new user (e.g. {@code new user (4 ratings)})
     * @param newUser   whether the user is not a user of the model
     * @param rankedBy  what orders the list
     * @param features  for a user described by demographics: each user feature and the value scored (else empty)
     * @param notes     what was not used as stated, or was filled in
     * @param ignored   stated fields this model does not use (e.g. {@code zip})
     */
    public record Answer(String user, boolean newUser, FoldIn.Ranking rankedBy, List<Item> items, Map<String, String> features,
                         List<String> notes, List<String> ignored) {
    }

    private final TrainedModel model;
    private final Recommender recommender;
    /** A score per item, per thread: a request's one large buffer (lists are copied out of it). */
    private final ThreadLocal<float[]> scratch;
    private volatile FoldIn foldIn;
    private volatile GenreStart genreStart;
    private volatile ApproximateTopN index;
    private volatile ApproximateSimilar similarIndex;

    public Recommendations(TrainedModel model) {
        this.model = model;
        this.recommender = new Recommender(model);
        int items = model.numItems();
        this.scratch = ThreadLocal.withInitial(() -> new float[items]);
    }

    public TrainedModel model() {
        return model;
    }

    public Recommender recommender() {
        return recommender;
    }

    /**
     * Serves known users' plain lists through {@code index} (null: exact search only). The index
     * must have been built from this model ({@link ApproximateTopN} checks its shape; the index
     * file checks the model file's digest).
     */
    public Recommendations useIndex(ApproximateTopN index) {
        if (index != null && index.model() != model) throw new IllegalArgumentException("the index was built for another model");
        this.index = index;
        return this;
    }

    /**
     * Serves similar items through {@code index} (null: every item is scored). The index must have
     * been built from this model.
     */
    public Recommendations useSimilarIndex(ApproximateSimilar index) {
        if (index != null && index.model() != model) throw new IllegalArgumentException("the index was built for another model");
        this.similarIndex = index;
        return this;
    }

    /** The index similar items go through, or null when they are scored exactly. */
    public ApproximateSimilar similarIndex() {
        ApproximateSimilar a = similarIndex;
        return a != null && ApproximateTopN.pays(a.index().method(), model.numItems()) ? a : null;
    }

    /** The index known users' lists go through, or null when every list is scored exactly. */
    public ApproximateTopN index() {
        ApproximateTopN a = index;
        return a != null && ApproximateTopN.pays(a.index().method(), model.numItems()) ? a : null;
    }

    /**
     * The order a requester's list takes unless asked otherwise: relevance for a new user with
     * ratings or genres; the predicted rating for a user of the model (with or without new
     * ratings) and for a user described by demographics.
     */
    public FoldIn.Ranking defaultRanking(Requester who) {
        if (who instanceof Requester.Genres) return FoldIn.Ranking.RELEVANCE;
        if (who instanceof Requester.Rated r) return r.user() != null && model.userIds().index(r.user()) >= 0 ? FoldIn.Ranking.RATING
                : FoldIn.Ranking.RELEVANCE;
        return FoldIn.Ranking.RATING;
    }

    /** The top {@code n} for {@code who}, in the {@link #defaultRanking default order}, plainly ranked. */
    public Answer recommend(Requester who, int n) {
        return recommend(who, n, null, Options.PLAIN);
    }

    /** The top {@code n} for {@code who} in the given order (null: the default), plainly ranked. */
    public Answer recommend(Requester who, int n, FoldIn.Ranking ranking) {
        return recommend(who, n, ranking, Options.PLAIN);
    }

    /**
     * The top {@code n} for {@code who} in the given order (null: the default), re-ranked and
     * filtered by {@code options}.
     *
     * @throws UnknownIdException         an unknown user, or rated items the model does not know
     * @throws OffScaleRatingsException   ratings outside the model's scale
     * @throws UnknownGenreException      genres the model does not know
     * @throws UnsupportedOperationException when the model cannot answer this kind of requester
     */
    public Answer recommend(Requester who, int n, FoldIn.Ranking ranking, Options options) {
        if (n < 0) throw new IllegalArgumentException("n must be 0 or more, got " + n);
        if (who == null) throw new IllegalArgumentException("say who is asking");
        FoldIn.Ranking order = ranking != null ? ranking : defaultRanking(who);
        Options o = options == null ? Options.PLAIN : options;
        if (who instanceof Requester.Known k) return known(k, n, order, o);
        if (who instanceof Requester.Rated r) return rated(r, n, order, o);
        if (who instanceof Requester.Genres g) return genres(g, n, order, o);
        if (who instanceof Requester.Interacted e) return interacted(e, n, order, o);
        return described((Requester.Described) who, n, order, o);
    }

    private Answer interacted(Requester.Interacted who, int n, FoldIn.Ranking order, Options o) {
        if (!(model.model() instanceof TopNModel tm))
            throw new UnsupportedOperationException("model '" + model.kind() + "' learns from ratings, not events; give the user's ratings"
                    + " instead, or train a model of implicit feedback (popularity, ease, item-knn, ials, bpr)");
        if (order == FoldIn.Ranking.RELEVANCE)
            throw new UnsupportedOperationException("relevance is the chance of a high rating, and model '" + model.kind()
                    + "' learns from events; its list is ranked by its own score");
        String[] ids = who.items();
        float[] w = who.weights();
        List<String> unknown = new ArrayList<>();
        java.util.TreeMap<Integer, Float> history = new java.util.TreeMap<>();
        int u = who.user() == null ? -1 : model.userIds().index(who.user());
        if (u >= 0)
            for (int j = model.seenStart()[u]; j < model.seenStart()[u + 1]; j++) history.put(model.seenItems()[j], model.seenValues()[j]);
        for (int j = 0; j < ids.length; j++) {
            int i = model.itemIds().index(ids[j]);
            if (i < 0) {
                if (!unknown.contains(ids[j])) unknown.add(ids[j]);
                continue;
            }
            if (!(w[j] > 0) || Float.isInfinite(w[j]))
                throw new IllegalArgumentException("the weight of an event must be a positive number, got " + w[j] + " for item " + ids[j]);
            history.merge(i, w[j], Float::sum);
        }
        if (!unknown.isEmpty()) throw UnknownIdException.items(unknown);
        Confidence confidence = confidence();
        int[] items = new int[history.size()];
        float[] weights = new float[items.length];
        int k = 0;
        for (Map.Entry<Integer, Float> e : history.entrySet()) {
            items[k] = e.getKey();
            weights[k++] = confidence.apply(e.getValue());
        }
        float[] scores = scratch.get();
        tm.scoreHistory(items, weights, items.length, scores);
        String label = u >= 0 ? who.user() : "new user (" + items.length + (items.length == 1 ? " item)" : " items)");
        return answer(label, u < 0, FoldIn.Ranking.RATING, list(scores, null, items, n, o), null, Map.of(), List.of(), List.of());
    }

    /**
     * The confidence rule the model was trained with, from its provenance ({@code confidence},
     * {@code alpha}, {@code epsilon}, as {@code --set} gave them); none when it records none.
     */
    public Confidence confidence() {
        Map<String, String> p = model.provenance();
        return Confidence.parse(p.getOrDefault("confidence", "none"), number(p, "alpha"), number(p, "epsilon"));
    }

    private static double number(Map<String, String> p, String key) {
        try {
            return Double.parseDouble(p.getOrDefault(key, "1").trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private Answer known(Requester.Known who, int n, FoldIn.Ranking order, Options o) {
        int u = recommender.userIndex(who.user());
        int[] seen = Arrays.copyOfRange(model.seenItems(), model.seenStart()[u], model.seenStart()[u + 1]);
        ApproximateTopN ann = index();
        if (ann != null && order == FoldIn.Ranking.RATING && o.diversity() == 0 && o.explore() == 0)
            return answer(who.user(), false, order, approximate(ann, u, n, o), null, Map.of(),
                    List.of("approximate search through the item index (exact search when asked for)"), List.of());
        float[] scores = scratch.get();
        if (order == FoldIn.Ranking.RELEVANCE && model.model() instanceof TopNModel)
            throw new UnsupportedOperationException("relevance is the chance of a high rating, and model '" + model.kind()
                    + "' learns from events; its list is ranked by its own score");
        if (order == FoldIn.Ranking.RATING) {
            model.model().scoreItems(u, scores);
            return answer(who.user(), false, order, list(scores, null, seen, n, o), null, Map.of(), List.of(), List.of());
        }
        FoldIn f = foldIn("ranking by relevance");
        FactorModel fm = f.factorModel();
        int k = fm.factors();
        UserProfile profile = new UserProfile(Arrays.copyOfRange(fm.userFactors(), u * k, u * k + k), fm.userBias()[u]);
        f.rankingScores(profile, order, scores);
        return answer(who.user(), false, order, list(scores, null, seen, n, o), profile, Map.of(), List.of(), List.of());
    }

    private Answer rated(Requester.Rated who, int n, FoldIn.Ranking order, Options o) {
        FoldIn f = foldIn("folding in ratings");
        NewRatings given = NewRatings.check(model, who.items(), who.ratings());
        int u = who.user() == null ? -1 : model.userIds().index(who.user());
        int[] items = given.items();
        float[] values = given.values();
        if (u >= 0) {
            int from = model.seenStart()[u], to = model.seenStart()[u + 1];
            Map<Integer, Float> all = new LinkedHashMap<>();
            for (int j = from; j < to; j++) all.put(model.seenItems()[j], model.seenValues()[j]);
            for (int j = 0; j < items.length; j++) all.put(items[j], values[j]);
            items = all.keySet().stream().mapToInt(Integer::intValue).toArray();
            values = new float[items.length];
            for (int j = 0; j < items.length; j++) values[j] = all.get(items[j]);
        }
        UserProfile profile = f.user(items, values);
        float[] scores = scratch.get();
        f.rankingScores(profile, order, scores);
        String label = u >= 0 ? who.user() : "new user (" + given.items().length + (given.items().length == 1 ? " rating)" : " ratings)");
        return answer(label, u < 0, order, list(scores, null, items, n, o), profile, Map.of(), List.of(), List.of());
    }

    private Answer genres(Requester.Genres who, int n, FoldIn.Ranking order, Options o) {
        if (!(model.model() instanceof FactorModel) || model.model() instanceof TopNModel)
            throw new UnsupportedOperationException("a start from genres needs latent factors, and model '" + model.kind() + "' has none"
                    + (NewUserFeatures.model(model) != null ? "; it takes the user features " + NewUserFeatures.userFeatureNames(NewUserFeatures.model(model))
                    + ": describe the user by those instead" : "; give the user's ratings instead"));
        GenreStart gs = genreStart();
        int[] g = gs.indices(who.genres());
        GenreStart.Start start = gs.start(g, who.demographics());
        float[] scores = scratch.get();
        foldIn(null).rankingScores(start.profile(), order, scores);
        String[] names = model.itemInfo().genreNames();
        List<String> stated = new ArrayList<>();
        for (int x : g) stated.add(names[x]);
        List<String> ignored = who.demographics().zip() != null ? List.of("zip") : List.of();
        return answer("new user (genres " + String.join(", ", stated) + ")", true, order, list(scores, start.inGenres(), new int[0], n, o),
                start.profile(), Map.of(), start.notes(), ignored);
    }

    private Answer described(Requester.Described who, int n, FoldIn.Ranking order, Options o) {
        SideInfoModel sim = NewUserFeatures.model(model);
        if (sim == null)
            throw new UnsupportedOperationException("model '" + model.kind() + "' takes no user features, so a new user cannot be scored "
                    + "from demographics alone; train one with them (e.g. --model nn --features user:age,gender,occupation), "
                    + (model.model() instanceof FactorModel ? "or start the user from the genres they like (--genres)"
                    : "or give their ratings (--ratings)"));
        if (order == FoldIn.Ranking.RELEVANCE)
            throw new UnsupportedOperationException("relevance needs a latent-factor model's fold-in; a user described by their "
                    + "features is ranked by predicted rating");
        NewUserFeatures.Result r = NewUserFeatures.profile(sim, who.demographics().asFeatures());
        float[] scores = scratch.get();
        sim.scoreItems(r.profile(), scores);
        StringBuilder label = new StringBuilder();
        r.profile().used().forEach((k, v) -> label.append(label.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return answer("new user (" + label + ")", true, order, list(scores, null, new int[0], n, o), null, r.profile().used(),
                r.profile().notes(), r.ignored());
    }

    /** A known user's plain list through the index: {@code n} plus the excluded ids are asked for, the excluded dropped. */
    private List<Item> approximate(ApproximateTopN ann, int u, int n, Options o) {
        boolean[] drop = new boolean[0];
        int extra = 0;
        if (!o.exclude().isEmpty()) {
            drop = new boolean[model.numItems()];
            for (String id : o.exclude()) {
                int i = model.itemIds().index(id);
                if (i >= 0 && !drop[i]) {
                    drop[i] = true;
                    extra++;
                }
            }
        }
        int[] items = new int[n + extra];
        float[] scores = new float[n + extra];
        int c = ann.topN(u, n + extra, items, scores);
        List<Item> out = new ArrayList<>(n);
        for (int j = 0; j < c && out.size() < n; j++) {
            int i = items[j];
            if (drop.length > 0 && drop[i]) continue;
            out.add(new Item(i, model.itemIds().id(i), model.title(i), scores[j], Float.NaN));
        }
        return out;
    }

    /**
     * The list from ranking scores: never {@code seen} nor the options' exclusions; items with
     * {@code first[i]} before all others (others only to fill the list); re-ranked as asked.
     */
    private List<Item> list(float[] scores, boolean[] first, int[] seen, int n, Options o) {
        for (int i : seen) scores[i] = Float.NaN;
        for (String id : o.exclude()) {
            int i = model.itemIds().index(id);
            if (i >= 0) scores[i] = Float.NaN;
        }
        List<ScoredItem> out;
        int candidates = 0;
        if (first != null) for (int i = 0; i < scores.length; i++) if (first[i] && !Float.isNaN(scores[i])) candidates++;
        if (first == null) {
            out = rerank(scores, n, o);
        } else if (candidates >= n) {
            for (int i = 0; i < scores.length; i++) if (!first[i]) scores[i] = Float.NaN;
            out = rerank(scores, n, o);
        } else {
            float[] outside = scores.clone();
            for (int i = 0; i < scores.length; i++) {
                if (first[i]) outside[i] = Float.NaN;
                else scores[i] = Float.NaN;
            }
            out = new ArrayList<>(rerank(scores, candidates, o));
            out.addAll(recommender.top(outside, n - out.size(), -1));
        }
        List<Item> items = new ArrayList<>(out.size());
        for (ScoredItem s : out) items.add(new Item(s.index(), s.item(), s.title(), s.score(), Float.NaN));
        return items;
    }

    private List<ScoredItem> rerank(float[] scores, int n, Options o) {
        try {
            return recommender.rerank(scores, n, o.diversity(), o.explore(), model.itemCounts(), o.seed());
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException("diversity needs item factors, and model '" + model.kind() + "' has none; ask without it");
        }
    }

    /** The answer, with each item's predicted rating: the score itself when ranked by rating, else the profile's prediction. */
    private Answer answer(String user, boolean newUser, FoldIn.Ranking order, List<Item> items, UserProfile profile,
                          Map<String, String> features, List<String> notes, List<String> ignored) {
        List<Item> out = items;
        if (order == FoldIn.Ranking.RELEVANCE) {
            FoldIn f = foldIn(null);
            out = new ArrayList<>(items.size());
            for (Item it : items) out.add(new Item(it.index(), it.item(), it.title(), it.score(), f.predict(profile, it.index())));
        } else {
            out = new ArrayList<>(items.size());
            for (Item it : items) out.add(new Item(it.index(), it.item(), it.title(), it.score(), it.score()));
        }
        return new Answer(user, newUser, order, List.copyOf(out), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features)), List.copyOf(notes),
                List.copyOf(ignored));
    }

    /** Items nearest to {@code item} among those with at least {@link #SIMILAR_MIN_RATINGS} training ratings. */
    public List<ScoredItem> similar(int item, int n) {
        return similar(item, n, SIMILAR_MIN_RATINGS);
    }

    /** Items nearest to {@code item} by the model's similarity, among those with at least {@code minRatings} training ratings. */
    public List<ScoredItem> similar(int item, int n, int minRatings) {
        if (minRatings < 0) throw new IllegalArgumentException("the minimum number of ratings must be 0 or more, got " + minRatings);
        ApproximateSimilar ann = similarIndex();
        if (ann == null) return recommender.similar(item, n, minRatings);
        int[] ids = new int[Math.max(0, n)];
        float[] s = new float[ids.length];
        int c = ann.similar(item, n, minRatings, ids, s);
        List<ScoredItem> out = new ArrayList<>(c);
        for (int j = 0; j < c; j++) out.add(new ScoredItem(ids[j], model.itemIds().id(ids[j]), model.title(ids[j]), s[j]));
        return out;
    }

    /** An item by id or title ({@link Recommender#resolveItem}). */
    public int resolveItem(String idOrTitle) {
        return recommender.resolveItem(idOrTitle);
    }

    /** The fold-in solver, built on first use. */
    public FoldIn foldIn() {
        return foldIn("folding in");
    }

    /** The genre start, built on first use. */
    public GenreStart genreStart() {
        GenreStart g = genreStart;
        if (g == null) {
            synchronized (this) {
                if (genreStart == null) genreStart = new GenreStart(foldIn("a start from genres"));
                g = genreStart;
            }
        }
        return g;
    }

    private FoldIn foldIn(String what) {
        FoldIn f = foldIn;
        if (f == null) {
            if (model.model() instanceof TopNModel)
                throw new UnsupportedOperationException((what == null ? "this" : what) + " needs a model of ratings, and model '"
                        + model.kind() + "' learns from events; give the user's events instead");
            if (!(model.model() instanceof FactorModel))
                throw new UnsupportedOperationException((what == null ? "this" : what) + " needs latent factors, and model '"
                        + model.kind() + "' has none; use a factor model (dot-bias, als, ...)");
            synchronized (this) {
                if (foldIn == null) foldIn = new FoldIn(model);
                f = foldIn;
            }
        }
        return f;
    }
}
