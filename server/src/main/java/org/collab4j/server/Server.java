package org.collab4j.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.UserInfo;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.NewUserFeatures;
import org.collab4j.recommend.Onboarding;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.recommend.UserProfile;

/**
 * The collab4j HTTP service: recommendations (optionally re-ranked for diversity and
 * exploration), similar items, item search, rating feedback (stored first, then folded in), the
 * two onboarding paths (items to ask about; a new user from stated genres), model reload, health
 * and metrics, and the web page at {@code /}. JSON field names are those of the CLI's {@code --json}.
 *
 * <p>Every request reads the served model once, at its start, so a reload never changes the
 * model under a request in flight. Errors are JSON {@code {"error": message, "status": code}},
 * never a stack trace.
 */
public final class Server implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@+\\-]{1,128}");
    private static final String JSON_TYPE = "application/json";
    private static final String ANSWERED = "collab4j.answered";
    private static final Pattern DEMOGRAPHIC = Pattern.compile("[\\p{L}\\p{N} ._'/+\\-]{1,64}");
    private static final Set<String> NEW_USER_FIELDS = Set.of("id", "genres", "gender", "age", "occupation", "zip");
    /** The user features a new user can state, as the MovieLens user table names them. */
    private static final Set<String> STATED_FEATURES = Set.of("gender", "age", "occupation", "zip");
    private static final int MAX_GENRES = 64;

    private final ServerConfig config;
    private final FeedbackStore store;
    private final LiveUsers live = new LiveUsers();
    private final StatedUsers stated = new StatedUsers();
    private final SecureRandom random = new SecureRandom();
    private final Metrics metrics = new Metrics();
    private final AtomicLong versions = new AtomicLong();
    private final Object reloadLock = new Object();
    private final Object[] userLocks = new Object[64];
    private final byte[] tokenBytes;
    private volatile ServingModel current;
    private Javalin app;

    private Server(ServerConfig config, TrainedModel model, FeedbackStore store) {
        this.config = config;
        this.store = store;
        this.tokenBytes = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < userLocks.length; i++) userLocks[i] = new Object();
        this.current = new ServingModel(model, versions.incrementAndGet(), config.model());
    }

    /**
     * Loads the model, opens the feedback database (creating or migrating it), replays the
     * stored ratings, and starts listening. Fails with a clear message when any of it cannot be done.
     */
    public static Server start(ServerConfig config) throws IOException {
        TrainedModel model = ModelFile.read(config.model());
        FeedbackStore store = FeedbackStore.open(config.effectiveDbUrl());
        Server s = null;
        try {
            s = new Server(config, model, store);
            s.replay();
            s.listen();
            return s;
        } catch (RuntimeException e) {
            if (s != null) s.close();
            else store.close();
            throw e;
        }
    }

    /** Replays every stored rating into the live users and every stated user (profiles are computed on first use). */
    private void replay() {
        Map<String, List<FeedbackStore.Rating>> byUser = new LinkedHashMap<>();
        store.forEach(r -> byUser.computeIfAbsent(r.user(), k -> new ArrayList<>()).add(r));
        byUser.forEach(live::replay);
        store.statedUsers().forEach(stated::put);
    }

    public int port() {
        return app.port();
    }

    public FeedbackStore store() {
        return store;
    }

    public long modelVersion() {
        return current.version;
    }

    private void listen() {
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = ServerConfig.MAX_BODY;
            cfg.http.disableCompression();
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/org/collab4j/server/web";
                sf.location = Location.CLASSPATH;
            });
            cfg.requestLogger.http((ctx, ms) -> metrics.observe(routeOf(ctx), ctx.statusCode(), ms / 1000.0));
        });
        app.get("/health", this::health);
        app.get("/metrics", this::metricsText);
        app.get("/v1/users/{id}/recommendations", this::recommendations);
        app.get("/v1/users/{id}/ratings", this::storedRatings);
        app.post("/v1/users/{id}/ratings", this::postRatings);
        app.post("/v1/users", this::newUser);
        app.get("/v1/onboarding", this::onboarding);
        app.get("/v1/items/{id}/similar", this::similar);
        app.get("/v1/items/{id}", this::item);
        app.get("/v1/items", this::search);
        app.post("/v1/admin/reload", this::reload);
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage(), e.fields));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), httpMessage(e), Map.of()));
        app.exception(FeedbackStore.StoreException.class, (e, ctx) -> {
            System.err.println("collab4j serve: " + e.getMessage());
            error(ctx, 503, "the feedback database is not available; nothing was stored, try again", Map.of());
        });
        app.exception(Exception.class, (e, ctx) -> {
            System.err.println("collab4j serve: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
            error(ctx, 500, "internal error (see the server log)", Map.of());
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null)
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see GET /health; the API is under /v1)", Map.of());
        });
        app.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " is not allowed on " + ctx.path(), Map.of()));
        app.start(config.host(), config.port());
    }

    private static String httpMessage(HttpResponseException e) {
        if (e.getStatus() == 413) return "request body too large (at most " + ServerConfig.MAX_BODY + " bytes)";
        return e.getMessage();
    }

    private static String routeOf(Context ctx) {
        try {
            String p = ctx.endpointHandlerPath();
            return p == null || p.isEmpty() ? "other" : p;
        } catch (RuntimeException e) {
            return "other";
        }
    }

    // ---- handlers ----

    private void health(Context ctx) {
        ServingModel m = current;
        ObjectNode o = JSON.createObjectNode();
        o.put("status", "ok");
        o.put("model_version", m.version);
        o.put("model", m.model.kind());
        o.put("users", m.model.numUsers());
        o.put("items", m.model.numItems());
        o.put("live_users", live.size());
        o.put("stated_users", stated.size());
        o.put("stored_ratings", store.count());
        o.put("db", store.kind());
        send(ctx, 200, o);
    }

    private void metricsText(Context ctx) {
        ServingModel m = current;
        Map<String, Number> g = new LinkedHashMap<>();
        g.put("collab4j_model_version", m.version);
        g.put("collab4j_model_loaded_timestamp_seconds", m.loadedAtMillis / 1000);
        g.put("collab4j_model_items", m.model.numItems());
        g.put("collab4j_model_users", m.model.numUsers());
        g.put("collab4j_stored_ratings", store.count());
        g.put("collab4j_live_users", live.size());
        g.put("collab4j_stated_users", stated.size());
        Map<String, String> help = Map.of(
                "collab4j_model_version", "Version of the served model (1 at start, +1 at each reload).",
                "collab4j_model_loaded_timestamp_seconds", "When the served model was loaded.",
                "collab4j_model_items", "Items in the served model.",
                "collab4j_model_users", "Users in the served model.",
                "collab4j_stored_ratings", "Ratings stored in the feedback database.",
                "collab4j_live_users", "Users with ratings posted since the model was trained.",
                "collab4j_stated_users", "Users who onboarded by stating the genres they like.");
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render(g, help));
    }

    private void recommendations(Context ctx) {
        ServingModel m = current;
        String user = id(ctx.pathParam("id"), "user");
        int n = n(ctx, 10, ServerConfig.MAX_N);
        ServingModel.Ranking ranking = ranking(ctx);
        ObjectNode o = JSON.createObjectNode();
        o.put("user", user);
        putItems(o, recommend(m, user, n, ranking));
        o.put("model_version", m.version);
        send(ctx, 200, o);
    }

    /**
     * A user's recommendations: from their ratings when they posted any (folded in with their
     * training ratings), else from the model for a trained user, else from the genres they stated.
     */
    private List<ScoredItem> recommend(ServingModel m, String user, int n, ServingModel.Ranking ranking) {
        LiveUsers.Folded f = live.folded(m, user);
        if (f != null) return m.recommend(f.profile(), n, f.exclude(), ranking);
        int u = m.model.userIds().index(user);
        if (u >= 0) return m.recommend(u, n, ranking);
        StatedUsers.Start start = stated.start(m, user);
        if (start != null) return recommend(m, start, n, ranking, postedItems(m, user));
        throw new ApiError(404, "unknown user '" + user + "': no ratings from this user yet. Onboard them: POST their ratings"
                + " to /v1/users/" + user + "/ratings (GET /v1/onboarding suggests items to ask about), or POST /v1/users with"
                + " {\"id\": \"" + user + "\", \"genres\": [...]}, the genres they like"
                + (m.side != null ? " (this model takes user features: {\"gender\", \"age\", \"occupation\", \"zip\"} instead;"
                        + " GET /v1/onboarding lists their values)" : ""),
                Map.of("hint", "onboard"));
    }

    /** A stated user's list: from the profile their genres started, or through the model's user features. */
    private static List<ScoredItem> recommend(ServingModel m, StatedUsers.Start start, int n, ServingModel.Ranking ranking, int[] exclude) {
        return start.profile() != null ? m.recommend(start.profile(), n, exclude, ranking) : m.recommend(start.features(), n, exclude, ranking);
    }

    /**
     * The items a user posted ratings of (dense indices of the model): a stated user of a model
     * that cannot fold ratings in (one with user features) keeps their list, less what they rated.
     */
    private int[] postedItems(ServingModel m, String user) {
        LiveUsers.Posted p = live.posted(user);
        if (p == null) return new int[0];
        int[] out = new int[p.items().length];
        int k = 0;
        for (String id : p.items()) {
            int i = m.model.itemIds().index(id);
            if (i >= 0) out[k++] = i;
        }
        return java.util.Arrays.copyOf(out, k);
    }

    private static void putItems(ObjectNode o, List<ScoredItem> items) {
        ArrayNode arr = o.putArray("items");
        for (ScoredItem s : items) arr.addObject().put("item", s.item()).put("title", s.title()).put("score", s.score());
    }

    /** The {@code diversity}, {@code explore} and {@code seed} query parameters. */
    private static ServingModel.Ranking ranking(Context ctx) {
        double diversity = unit(ctx, "diversity", "0 (plain ranking) to 1 (most diverse)");
        double explore = unit(ctx, "explore", "0 (none) to 1 (every position may go to a less-known item)");
        return new ServingModel.Ranking(diversity, explore, seed(ctx));
    }

    private static double unit(Context ctx, String name, String range) {
        String s = ctx.queryParam(name);
        if (s == null || s.isBlank()) return 0;
        try {
            double v = Double.parseDouble(s.trim());
            if (v >= 0 && v <= 1) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiError(400, name + " must be a number from " + range + ", got '" + clip(s) + "'");
    }

    private static long seed(Context ctx) {
        String s = ctx.queryParam("seed");
        if (s == null || s.isBlank()) return 42;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "seed must be a whole number (64-bit), got '" + clip(s) + "'");
        }
    }

    private void storedRatings(Context ctx) {
        ServingModel m = current;
        String user = id(ctx.pathParam("id"), "user");
        List<FeedbackStore.Rating> rs = store.ratingsOf(user);
        if (rs.isEmpty() && m.model.userIds().index(user) < 0 && !stated.contains(user))
            throw new ApiError(404, "unknown user '" + user + "': nothing stored for this user", Map.of("hint", "onboard"));
        ObjectNode o = JSON.createObjectNode();
        o.put("user", user);
        ArrayNode arr = o.putArray("ratings");
        for (FeedbackStore.Rating r : rs) {
            int i = m.model.itemIds().index(r.item());
            arr.addObject().put("item", r.item()).put("title", i >= 0 ? m.model.title(i) : r.item()).put("rating", r.value()).put("time", r.time());
        }
        send(ctx, 200, o);
    }

    private void postRatings(Context ctx) {
        authorize(ctx);
        ServingModel m = current;
        String user = id(ctx.pathParam("id"), "user");
        List<FeedbackStore.Rating> ratings = parseRatings(ctx, user, m);
        LiveUsers.Folded f;
        synchronized (lockOf(user)) { // the database order and the in-memory order of one user's posts agree
            store.append(ratings);
            f = live.add(user, ratings, current);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("user", user);
        o.put("stored", ratings.size());
        o.put("folded", f != null);
        send(ctx, 200, o);
    }

    /** Validates a ratings post; unknown items and off-scale ratings are 422 and nothing is stored. */
    private List<FeedbackStore.Rating> parseRatings(Context ctx, String user, ServingModel m) {
        JsonNode root = body(ctx);
        if (!root.isArray()) throw new ApiError(400, "the body must be a JSON array of {\"item\": ID, \"rating\": NUMBER, \"time\": SECONDS}");
        if (root.isEmpty()) throw new ApiError(400, "the array of ratings is empty");
        if (root.size() > ServerConfig.MAX_RATINGS_PER_POST)
            throw new ApiError(413, "too many ratings in one post: " + root.size() + " (at most " + ServerConfig.MAX_RATINGS_PER_POST + ")");
        long now = System.currentTimeMillis() / 1000;
        List<FeedbackStore.Rating> out = new ArrayList<>(root.size());
        Set<String> unknown = new LinkedHashSet<>();
        List<String> offScale = new ArrayList<>();
        var scale = m.model.scale();
        for (int k = 0; k < root.size(); k++) {
            JsonNode e = root.get(k);
            if (!e.isObject()) throw new ApiError(400, "rating " + k + " is not an object {\"item\": ..., \"rating\": ...}");
            JsonNode item = e.get("item"), rating = e.get("rating"), time = e.get("time");
            if (item == null || !(item.isTextual() || item.isIntegralNumber()))
                throw new ApiError(400, "rating " + k + ": \"item\" is missing or not a string id");
            if (rating == null || !rating.isNumber()) throw new ApiError(400, "rating " + k + ": \"rating\" is missing or not a number");
            if (time != null && !time.isNull() && !time.isIntegralNumber())
                throw new ApiError(400, "rating " + k + ": \"time\" must be whole seconds since 1970");
            String itemId = item.asText();
            if (!ID.matcher(itemId).matches()) throw new ApiError(400, "rating " + k + ": item id '" + clip(itemId) + "' is not a valid id");
            float v = (float) rating.asDouble();
            if (m.model.itemIds().index(itemId) < 0) unknown.add(itemId);
            if (!Float.isFinite(v) || !scale.contains(v)) offScale.add(itemId + "=" + rating.asText());
            long t = time == null || time.isNull() ? now : time.asLong();
            out.add(new FeedbackStore.Rating(user, itemId, v, t));
        }
        if (!unknown.isEmpty())
            throw new ApiError(422, "unknown items: " + String.join(", ", unknown) + "; nothing was stored",
                    Map.of("unknown_items", List.copyOf(unknown)));
        if (!offScale.isEmpty())
            throw new ApiError(422, "ratings outside the scale " + scale + ": " + String.join(", ", offScale) + "; nothing was stored",
                    Map.of("scale", List.of(scale.min(), scale.max())));
        return out;
    }

    private Object lockOf(String user) {
        return userLocks[(user.hashCode() & 0x7fffffff) % userLocks.length];
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
    private void newUser(Context ctx) {
        authorize(ctx);
        ServingModel m = current;
        if (m.onboarding == null && m.side == null)
            throw new ApiError(501, "model '" + m.model.kind() + "' has neither latent factors to start a user from genres nor user"
                    + " features to score them from demographics; onboard by posting ratings to /v1/users/{id}/ratings");
        int n = n(ctx, 10, ServerConfig.MAX_N);
        ServingModel.Ranking ranking = ranking(ctx);
        JsonNode root = body(ctx);
        if (!root.isObject())
            throw new ApiError(400, "the body must be a JSON object {\"id\": ID (optional), \"genres\": [NAME, ...],"
                    + " \"gender\": ..., \"age\": ..., \"occupation\": ..., \"zip\": ...}");
        List<String> extra = new ArrayList<>();
        root.fieldNames().forEachRemaining(f -> {
            if (!NEW_USER_FIELDS.contains(f)) extra.add(f);
        });
        if (!extra.isEmpty())
            throw new ApiError(400, "unknown field" + (extra.size() > 1 ? "s " : " ") + clip(String.join(", ", extra))
                    + "; a new user has: id, genres, gender, age, occupation, zip");
        String user = null;
        JsonNode idNode = root.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!(idNode.isTextual() || idNode.isIntegralNumber())) throw new ApiError(400, "\"id\" must be a string");
            user = id(idNode.asText(), "user");
        }
        boolean byFeatures = m.onboarding == null && m.side != null;
        JsonNode genresNode = root.get("genres");
        List<String> genreNames = byFeatures && (genresNode == null || genresNode.isNull()) ? List.of() : genreNames(genresNode);
        String gender = demographic(root, "gender");
        String occupation = demographic(root, "occupation");
        String zip = demographic(root, "zip");
        int age = age(root.get("age"));
        if (byFeatures && gender == null && age == 0 && occupation == null && zip == null)
            throw new ApiError(400, "model '" + m.model.kind() + "' scores a new user from what they tell about themselves: give at least"
                    + " one of \"gender\", \"age\", \"occupation\", \"zip\" (it takes: " + userFeatures(m) + ")");
        List<String> genres = genreNames.isEmpty() ? List.of() : knownGenres(m, genreNames);
        checkDemographics(m, gender, occupation);
        boolean created;
        if (user == null) user = freshId(m);
        FeedbackStore.StatedUser su = new FeedbackStore.StatedUser(user, genres, gender, age, occupation, zip,
                System.currentTimeMillis() / 1000);
        NewUserFeatures.Result encoded = byFeatures ? m.sideProfile(su) : null; // before storing: an error stores nothing
        synchronized (lockOf(user)) {
            // posted ratings say more than a statement only to a model that folds them in
            if (m.model.userIds().index(user) >= 0 || (live.contains(user) && m.foldIn != null))
                throw new ApiError(409, "user '" + user + "' already has ratings, which say more than genres or demographics; get"
                        + " their recommendations with GET /v1/users/" + user + "/recommendations, or POST /v1/users without an id"
                        + " for a new user", Map.of("user", user));
            created = !stated.contains(user);
            store.saveUser(su);
            stated.put(su);
        }
        StatedUsers.Start start = stated.start(m, user);
        ObjectNode o = JSON.createObjectNode();
        o.put("user", user);
        ArrayNode g = o.putArray("genres");
        genres.forEach(g::add);
        if (gender != null) o.put("gender", gender);
        if (age > 0) o.put("age", age);
        if (occupation != null) o.put("occupation", occupation);
        if (zip != null) o.put("zip", zip);
        if (encoded != null) {
            ObjectNode used = o.putObject("features");
            encoded.profile().used().forEach(used::put);
            ArrayNode notes = o.putArray("notes");
            encoded.profile().notes().forEach(notes::add);
            ArrayNode ignored = o.putArray("ignored");
            encoded.ignored().forEach(ignored::add);
            if (!genres.isEmpty()) ignored.add("genres");
        }
        putItems(o, recommend(m, start, n, ranking, postedItems(m, user)));
        o.put("model_version", m.version);
        if (created) ctx.header("Location", "/v1/users/" + user + "/recommendations");
        send(ctx, created ? 201 : 200, o);
    }

    private static String userFeatures(ServingModel m) {
        List<String> names = new ArrayList<>();
        for (org.collab4j.features.Field f : m.side.features().fields())
            if (f.source() == org.collab4j.features.Field.Source.USER) names.add(f.name());
        return String.join(", ", names);
    }

    /** A server-assigned id no user of the model, live or stated, has. */
    private String freshId(ServingModel m) {
        while (true) {
            String id = "u-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            if (m.model.userIds().index(id) < 0 && !live.contains(id) && !stated.contains(id)) return id;
        }
    }

    private static List<String> genreNames(JsonNode genres) {
        if (genres == null || genres.isNull())
            throw new ApiError(400, "\"genres\" is missing: name at least one genre the user likes (GET /v1/onboarding lists them)");
        if (!genres.isArray()) throw new ApiError(400, "\"genres\" must be an array of genre names, e.g. [\"Comedy\", \"Drama\"]");
        if (genres.isEmpty()) throw new ApiError(400, "\"genres\" is empty: name at least one genre (GET /v1/onboarding lists them)");
        if (genres.size() > MAX_GENRES) throw new ApiError(400, "too many genres: " + genres.size() + " (at most " + MAX_GENRES + ")");
        List<String> out = new ArrayList<>();
        for (int k = 0; k < genres.size(); k++) {
            JsonNode g = genres.get(k);
            if (!g.isTextual() || g.asText().isBlank() || g.asText().length() > 64)
                throw new ApiError(400, "genre " + k + " must be a non-empty name of at most 64 characters");
            out.add(g.asText().trim());
        }
        return out;
    }

    /** The genres as the model spells them, each once; 422 listing every unknown one with the known ones. */
    private static List<String> knownGenres(ServingModel m, List<String> names) {
        ItemInfo info = m.model.itemInfo();
        if (info == null || info.numGenres() == 0)
            throw new ApiError(422, "the model has no item genres to start from; onboard by rating items instead"
                    + " (GET /v1/onboarding suggests some)");
        Set<String> out = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (String name : names) {
            int g = info.genreIndex(name);
            if (g < 0) unknown.add(name);
            else out.add(info.genreNames()[g]);
        }
        if (!unknown.isEmpty())
            throw new ApiError(422, "unknown genre" + (unknown.size() > 1 ? "s " : " ") + clip(String.join(", ", unknown))
                    + "; the model knows: " + String.join(", ", info.genreNames()) + "; nothing was stored",
                    Map.of("unknown_genres", List.copyOf(unknown), "genres", List.of(info.genreNames())));
        return List.copyOf(out);
    }

    private static String demographic(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual() || !DEMOGRAPHIC.matcher(v.asText().trim()).matches())
            throw new ApiError(400, "\"" + field + "\" must be a short text (1 to 64 letters, digits, spaces or . _ ' / + -)");
        return v.asText().trim();
    }

    private static int age(JsonNode v) {
        if (v == null || v.isNull()) return 0;
        if (!v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 120)
            throw new ApiError(400, "\"age\" must be a whole number of years from 1 to 120, got " + clip(v.toString()));
        return v.asInt();
    }

    /** When the model knows its users' demographics, a stated gender or occupation must be one of them (422 listing them). */
    private static void checkDemographics(ServingModel m, String gender, String occupation) {
        UserInfo ui = m.model.userInfo();
        if (ui == null) return; // kept as stated; used by a later model that has demographics
        checkKnown("gender", gender, ui.genders());
        checkKnown("occupation", occupation, ui.occupations());
    }

    private static void checkKnown(String field, String value, String[] known) {
        if (value == null || known == null) return;
        Set<String> values = new java.util.TreeSet<>();
        for (String k : known) {
            if (k == null || k.isEmpty()) continue;
            if (k.equalsIgnoreCase(value)) return;
            values.add(k);
        }
        if (values.isEmpty()) return;
        throw new ApiError(422, "unknown " + field + " '" + value + "'; the data set has: " + String.join(", ", values)
                + " (or leave it out); nothing was stored", Map.of(field + "s", List.copyOf(values)));
    }

    /**
     * {@code GET /v1/onboarding}: what to ask a new user. For a factor model, items to ask about
     * and the genres they may pick from instead; for a model with user features, those of them a
     * new user can state ({@code POST /v1/users}), each with its kind and training range or
     * vocabulary, so a client can build a form ({@code items} and {@code genres} are then empty:
     * this model neither folds ratings in nor starts from genres).
     */
    private void onboarding(Context ctx) {
        ServingModel m = current;
        int n = n(ctx, 10, Onboarding.CANDIDATES);
        long seed = seed(ctx);
        if (m.onboarding == null && m.side == null)
            throw new ApiError(501, "model '" + m.model.kind() + "' has neither latent factors to choose questions with nor user"
                    + " features to ask about; search items with GET /v1/items?q=... and rate them instead");
        ObjectNode o = JSON.createObjectNode();
        ArrayNode arr = o.putArray("items");
        ArrayNode g = o.putArray("genres");
        if (m.onboarding != null) {
            for (int i : m.onboarding.propose(n, seed)) arr.addObject().put("item", m.model.itemIds().id(i)).put("title", m.model.title(i));
            ItemInfo info = m.model.itemInfo();
            if (info != null) for (String name : info.genreNames()) g.add(name);
        }
        if (m.side != null) putUserFeatures(o.putArray("user_features"), m);
        o.put("seed", seed);
        o.put("model_version", m.version);
        send(ctx, 200, o);
    }

    /** The model's user features that {@code POST /v1/users} takes: name, kind, and range and mean or values. */
    private static void putUserFeatures(ArrayNode arr, ServingModel m) {
        for (NewUserFeatures.Question q : m.questions) {
            String name = q.name().toLowerCase(java.util.Locale.ROOT); // the field of POST /v1/users that states it
            if (!STATED_FEATURES.contains(name)) continue; // another column of a --user-features file: no field states it
            ObjectNode f = arr.addObject();
            f.put("name", name);
            f.put("kind", q.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (q.kind() == org.collab4j.features.Field.Kind.NUMBER) {
                f.put("min", q.min());
                f.put("max", q.max());
                f.put("mean", q.mean());
            } else {
                ArrayNode values = f.putArray("values");
                q.categories().forEach(values::add);
            }
            if (name.equals("zip"))
                f.put("note", "the model knows a zip code's region, its first two characters; a full zip code may be stated");
        }
    }

    private void similar(Context ctx) {
        ServingModel m = current;
        int i = item(m, ctx.pathParam("id"));
        int n = n(ctx, 10, ServerConfig.MAX_N);
        List<ScoredItem> sims;
        try {
            sims = m.similar(i, n);
        } catch (UnsupportedOperationException e) {
            throw new ApiError(501, e.getMessage());
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("item", m.model.itemIds().id(i));
        o.put("title", m.model.title(i));
        ArrayNode arr = o.putArray("similar");
        for (ScoredItem s : sims) arr.addObject().put("item", s.item()).put("title", s.title()).put("similarity", s.score());
        send(ctx, 200, o);
    }

    private void item(Context ctx) {
        ServingModel m = current;
        int i = item(m, ctx.pathParam("id"));
        send(ctx, 200, itemJson(m, i));
    }

    private static ObjectNode itemJson(ServingModel m, int i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("item", m.model.itemIds().id(i));
        o.put("title", m.model.title(i));
        ItemInfo info = m.model.itemInfo();
        if (info != null) {
            int y = info.year(i);
            if (y > 0) o.put("year", y);
            ArrayNode g = o.putArray("genres");
            int[] gs = info.genres(i);
            if (gs != null) for (int x : gs) g.add(info.genreNames()[x]);
        }
        o.put("ratings", m.model.itemCount(i));
        return o;
    }

    private void search(Context ctx) {
        ServingModel m = current;
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) throw new ApiError(400, "give the text to search for: GET /v1/items?q=TEXT");
        if (q.length() > 200) throw new ApiError(400, "search text too long (" + q.length() + " characters, at most 200)");
        int n = n(ctx, 20, ServerConfig.MAX_N);
        ObjectNode o = JSON.createObjectNode();
        o.put("query", q);
        ArrayNode arr = o.putArray("items");
        ItemInfo info = m.model.itemInfo();
        if (info != null) {
            List<Integer> hits = info.searchTitle(q);
            for (int k = 0; k < Math.min(n, hits.size()); k++) {
                int i = hits.get(k);
                arr.addObject().put("item", m.model.itemIds().id(i)).put("title", m.model.title(i)).put("ratings", m.model.itemCount(i));
            }
        } else {
            int i = m.model.itemIds().index(q.trim());
            if (i >= 0) arr.addObject().put("item", m.model.itemIds().id(i)).put("title", m.model.title(i)).put("ratings", m.model.itemCount(i));
        }
        send(ctx, 200, o);
    }

    private void reload(Context ctx) {
        authorize(ctx);
        ServingModel m = reloadModel();
        ObjectNode o = JSON.createObjectNode();
        o.put("model_version", m.version);
        o.put("users", m.model.numUsers());
        o.put("items", m.model.numItems());
        send(ctx, 200, o);
    }

    /**
     * Reads the configured model file again and swaps it in atomically; requests in flight
     * finish on the old model. A file that cannot be read leaves the old model serving.
     */
    public ServingModelInfo reload() {
        ServingModel m = reloadModel();
        return new ServingModelInfo(m.version, m.model.numUsers(), m.model.numItems());
    }

    /** Version and size of a served model. */
    public record ServingModelInfo(long version, int users, int items) {
    }

    private ServingModel reloadModel() {
        synchronized (reloadLock) {
            TrainedModel next;
            try {
                next = ModelFile.read(config.model());
            } catch (IOException | RuntimeException e) {
                throw new ApiError(500, "reload failed, still serving model version " + current.version + ": " + e.getMessage());
            }
            ServingModel sm = new ServingModel(next, versions.incrementAndGet(), config.model());
            current = sm;
            return sm;
        }
    }

    // ---- helpers ----

    private void authorize(Context ctx) {
        if (!config.tokenRequired()) return;
        String h = ctx.header("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), tokenBytes)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, given == null ? "this endpoint needs 'Authorization: Bearer TOKEN'" : "the bearer token is not valid");
        }
    }

    private static JsonNode body(Context ctx) {
        byte[] b = ctx.bodyAsBytes();
        if (b.length == 0) throw new ApiError(400, "the request body is empty; send JSON");
        try {
            return JSON.readTree(b);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            var loc = e.getLocation();
            throw new ApiError(400, "malformed JSON" + (loc != null ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "")
                    + ": " + clip(msg == null ? "unreadable" : msg.replaceAll("\\s+", " ")));
        } catch (IOException e) {
            throw new ApiError(400, "the request body could not be read");
        }
    }

    private static String id(String raw, String what) {
        if (raw == null || !ID.matcher(raw).matches())
            throw new ApiError(400, what + " id '" + clip(raw) + "' is not valid: use 1 to 128 letters, digits or . _ : @ + -");
        return raw;
    }

    private static int item(ServingModel m, String raw) {
        String id = id(raw, "item");
        int i = m.model.itemIds().index(id);
        if (i < 0) throw new ApiError(404, "unknown item '" + id + "': the model has no item with this id (search titles with GET /v1/items?q=TEXT)");
        return i;
    }

    private static int n(Context ctx, int dflt, int max) {
        String s = ctx.queryParam("n");
        if (s == null) return dflt;
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1 && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiError(400, "n must be a whole number from 1 to " + max + ", got '" + clip(s) + "'");
    }

    private static String clip(String s) {
        if (s == null) return "";
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static void send(Context ctx, int status, ObjectNode o) {
        try {
            ctx.status(status).contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(Context ctx, int status, String message, Map<String, Object> fields) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ObjectNode o = JSON.createObjectNode();
        o.put("error", message);
        o.put("status", status);
        fields.forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
        send(ctx, status, o);
    }

    /** Stops listening and closes the database (every acknowledged rating is already committed). */
    @Override
    public void close() {
        if (app != null) app.stop();
        store.close();
    }
}
