package org.collab4j.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.javalin.http.Context;
import org.collab4j.data.RatingScale;
import org.collab4j.recommend.FoldIn;

/**
 * A user's recommendations ({@code GET /v1/users/{id}/recommendations}), their stored ratings
 * (GET and POST {@code /v1/users/{id}/ratings}), and a new user from what they state
 * ({@code POST /v1/users}). A write is validated whole, stored (committed) and only then applied
 * in memory; a refused one stores nothing.
 */
final class UserRoutes {
    /**
     * {@code ranked_by}: {@code rating}, {@code relevance}, or, for a model of implicit feedback,
     * {@code score}; {@code left_out}: how many items are the user's own (rated, or had as events,
     * in training or posted since), never in the list.
     */
    record Recommendations(String user, String rankedBy, List<Replies.Scored> items, int leftOut, long modelVersion) {
    }

    record StoredRatings(String user, List<StoredRating> ratings) {
    }

    record StoredRating(String item, String title, float rating, long time) {
    }

    record Stored(String user, int stored, boolean folded) {
    }

    /** One rating of a ratings post, as sent. */
    record RatingIn(@JsonDeserialize(using = Json.Id.class) String item, Double rating, Long time) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewUser(String user, List<String> genres, String gender, Integer age, String occupation, String zip,
                   Map<String, String> features, List<String> notes, List<String> ignored, String rankedBy, List<Replies.Scored> items,
                   long modelVersion) {
    }

    static final Json.Shape RATINGS = new Json.Shape("the body must be a JSON array of {\"item\": ID, \"rating\": NUMBER, \"time\": SECONDS}",
            ratingFields(), "entry");
    /** Latest accepted {@code time}: a day ahead of the server's clock (clients' clocks drift; a year ahead is a bug). */
    static final long MAX_TIME_AHEAD = 86_400;

    private static Map<String, String> ratingFields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("item", "a string id");
        f.put("rating", "a number");
        f.put("time", "whole seconds since 1970 (a JSON integer)");
        return f;
    }

    private final ServerState state;
    private final Guard guard;

    UserRoutes(ServerState state, Guard guard) {
        this.state = state;
        this.guard = guard;
    }

    void recommendations(Context ctx) {
        ServingModel m = state.model();
        String user = Requests.pathId(ctx, "user");
        int n = Requests.n(ctx, 10, ServerConfig.MAX_N);
        org.collab4j.recommend.Recommendations.Answer a = state.recommend(m, user, n, Requests.rankBy(ctx), Requests.ranking(ctx));
        Requests.send(ctx, 200, new Recommendations(user, m.implicit() ? "score" : Replies.rankedBy(a), Replies.Scored.of(a),
                state.ownItems(m, user), m.version));
    }

    void storedRatings(Context ctx) {
        ServingModel m = state.model();
        String user = Requests.pathId(ctx, "user");
        List<FeedbackStore.Rating> rs = state.store.ratingsOf(user);
        if (rs.isEmpty() && m.model.userIds().index(user) < 0 && !state.stated.contains(user))
            throw new ApiError(404, "unknown user '" + user + "': nothing stored for this user", Map.of("hint", "onboard"));
        List<StoredRating> out = new ArrayList<>(rs.size());
        for (FeedbackStore.Rating r : rs) {
            int i = m.model.itemIds().index(r.item());
            out.add(new StoredRating(r.item(), i >= 0 ? m.model.title(i) : r.item(), r.value(), r.time()));
        }
        Requests.send(ctx, 200, new StoredRatings(user, out));
    }

    void postRatings(Context ctx) {
        guard.authorizeWrite(ctx);
        ServingModel m = state.model();
        String user = Requests.pathId(ctx, "user");
        if (m.implicit())
            throw new ApiError(422, "model '" + m.model.kind() + "' learns from events, not ratings; post what the user clicked, played"
                    + " or bought to /v1/users/" + user + "/events; nothing was stored");
        List<FeedbackStore.Rating> ratings = parseRatings(Guard.body(ctx), user, m);
        synchronized (state.lockOf(user)) { // the database order and the in-memory order of one user's posts agree
            state.store.append(ratings);
            state.live.add(user, ratings);
        }
        Requests.send(ctx, 200, new Stored(user, ratings.size(), state.model().foldsIn()));
    }

    /** Validates a ratings post; unknown items and off-scale ratings are 422 and nothing is stored. */
    static List<FeedbackStore.Rating> parseRatings(byte[] body, String user, ServingModel m) {
        RatingIn[] in = Json.read(body, RatingIn[].class, RATINGS);
        if (in == null) throw new ApiError(400, RATINGS.whole());
        if (in.length == 0) throw new ApiError(400, "the array of ratings is empty");
        if (in.length > ServerConfig.MAX_RATINGS_PER_POST)
            throw new ApiError(413, "too many ratings in one post: " + in.length + " (at most " + ServerConfig.MAX_RATINGS_PER_POST + ")");
        long now = System.currentTimeMillis() / 1000;
        List<FeedbackStore.Rating> out = new ArrayList<>(in.length);
        Set<String> unknown = new LinkedHashSet<>();
        List<String> offScale = new ArrayList<>();
        RatingScale scale = m.model.scale();
        for (int k = 0; k < in.length; k++) {
            RatingIn r = in[k];
            if (r == null) throw new ApiError(400, "entry " + k + " must be an object with item, rating, time");
            if (r.item() == null) throw new ApiError(400, "entry " + k + ": \"item\" is missing or not a string id");
            if (r.rating() == null) throw new ApiError(400, "entry " + k + ": \"rating\" is missing or not a number");
            if (!Requests.ID.matcher(r.item()).matches())
                throw new ApiError(400, "entry " + k + ": item id '" + Requests.clip(r.item()) + "' is not a valid id");
            float v = r.rating().floatValue();
            if (!Float.isFinite(v)) throw new ApiError(400, "entry " + k + ": \"rating\" " + r.rating() + " is not a finite number");
            long t = r.time() == null ? now : r.time();
            if (t < 0 || t > now + MAX_TIME_AHEAD)
                throw new ApiError(400, "entry " + k + ": \"time\" " + t + " is out of range: seconds since 1970, not before 1970"
                        + " and at most a day ahead of the server's clock (" + now + ")");
            if (m.model.itemIds().index(r.item()) < 0) unknown.add(r.item());
            if (!scale.contains(v)) offScale.add(r.item() + "=" + shortNumber(r.rating()));
            out.add(new FeedbackStore.Rating(user, r.item(), v, t));
        }
        if (!unknown.isEmpty())
            throw new ApiError(422, "unknown items: " + Requests.clip(String.join(", ", unknown)) + "; nothing was stored",
                    Map.of("unknown_items", List.copyOf(unknown)));
        if (!offScale.isEmpty())
            throw new ApiError(422, "ratings outside the scale " + scale + ": " + Requests.clip(String.join(", ", offScale))
                    + "; nothing was stored", Map.of("scale", List.of(scale.min(), scale.max())));
        return out;
    }

    private static String shortNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * {@code POST /v1/users}: a new user from what they state. For a model with latent factors,
     * the genres they like (required) start their profile, with demographics narrowing whom it
     * starts from. For a model with user features ({@code nn} or {@code dot-bias} trained with
     * {@code --features user:...}), the demographics (gender, age, occupation, zip; at least one)
     * are the model's inputs and score the user directly; genres are optional there, checked and
     * stored (a later factor model starts from them) but not used by this model, which says so in
     * {@code ignored}. Validated whole before anything is stored; stored (committed) before the
     * answer; answered with the user's id and first recommendations, the same list a later GET
     * gives. A user who stated before may state again (replacing it); a user with ratings may not,
     * their ratings say more.
     */
    void newUser(Context ctx) {
        guard.authorizeWrite(ctx);
        ServingModel m = state.model();
        if (m.onboarding == null && m.side == null)
            throw new ApiError(501, "model '" + m.model.kind() + "' has neither latent factors to start a user from genres nor user"
                    + " features to score them from demographics; onboard by posting ratings to /v1/users/{id}/ratings");
        int n = Requests.n(ctx, 10, ServerConfig.MAX_N);
        FoldIn.Ranking rankBy = Requests.rankBy(ctx);
        org.collab4j.recommend.Recommendations.Options options = Requests.ranking(ctx);
        NewUserRequest req = Json.read(Guard.body(ctx), NewUserRequest.class, NewUserRequest.SHAPE);
        if (req == null) throw new ApiError(400, NewUserRequest.SHAPE.whole());
        NewUserRequest.Valid v = req.validate(m);
        boolean byFeatures = m.onboarding == null && m.side != null;
        String user = v.user() != null ? v.user() : state.freshId(m);
        FeedbackStore.StatedUser su = new FeedbackStore.StatedUser(user, v.genres(), v.gender(), v.age(), v.occupation(), v.zip(),
                System.currentTimeMillis() / 1000);
        boolean created;
        org.collab4j.recommend.Recommendations.Answer a;
        synchronized (state.lockOf(user)) {
            // posted ratings say more than a statement only to a model that folds them in
            if (m.model.userIds().index(user) >= 0 || (state.live.contains(user) && m.foldsIn()))
                throw new ApiError(409, "user '" + user + "' already has ratings, which say more than genres or demographics; get"
                        + " their recommendations with GET /v1/users/" + user + "/recommendations, or POST /v1/users without an id"
                        + " for a new user", Map.of("user", user));
            // answered before storing: what the model refuses stores nothing; the same list a later GET gives
            a = m.answer(StatedUsers.requester(m, su), n, rankBy, state.withPosted(options, user));
            created = !state.stated.contains(user);
            state.store.saveUser(su);
            state.stated.put(su);
        }
        Map<String, String> features = null;
        List<String> notes = a.notes().isEmpty() ? null : a.notes(), ignored = a.ignored().isEmpty() ? null : a.ignored();
        if (byFeatures) {
            features = a.features();
            notes = a.notes();
            List<String> unused = new ArrayList<>(a.ignored());
            if (!v.genres().isEmpty()) unused.add("genres");
            ignored = unused;
        }
        if (created) ctx.header("Location", "/v1/users/" + user + "/recommendations");
        Requests.send(ctx, created ? 201 : 200, new NewUser(user, v.genres(), v.gender(), v.age() > 0 ? v.age() : null, v.occupation(),
                v.zip(), features, notes, ignored, Replies.rankedBy(a), Replies.Scored.of(a), m.version));
    }
}
