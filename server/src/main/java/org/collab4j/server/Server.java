package org.collab4j.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.ScoredItem;

/**
 * The collab4j HTTP service: recommendations, similar items, item search, rating feedback
 * (stored first, then folded in), model reload, health and metrics, and the web page at
 * {@code /}. JSON field names are those of the CLI's {@code --json}.
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

    private final ServerConfig config;
    private final FeedbackStore store;
    private final LiveUsers live = new LiveUsers();
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

    /** Replays every stored rating into the live users (folded on first use). */
    private void replay() {
        Map<String, List<FeedbackStore.Rating>> byUser = new LinkedHashMap<>();
        store.forEach(r -> byUser.computeIfAbsent(r.user(), k -> new ArrayList<>()).add(r));
        byUser.forEach(live::replay);
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
        Map<String, String> help = Map.of(
                "collab4j_model_version", "Version of the served model (1 at start, +1 at each reload).",
                "collab4j_model_loaded_timestamp_seconds", "When the served model was loaded.",
                "collab4j_model_items", "Items in the served model.",
                "collab4j_model_users", "Users in the served model.",
                "collab4j_stored_ratings", "Ratings stored in the feedback database.",
                "collab4j_live_users", "Users with ratings posted since the model was trained.");
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render(g, help));
    }

    private void recommendations(Context ctx) {
        ServingModel m = current;
        String user = id(ctx.pathParam("id"), "user");
        int n = n(ctx, 10);
        rerankingNotAvailable(ctx);
        List<ScoredItem> items;
        LiveUsers.Folded f = live.folded(m, user);
        if (f != null) {
            items = m.recommend(f.profile(), n, f.exclude());
        } else {
            int u = m.model.userIds().index(user);
            if (u < 0)
                throw new ApiError(404, "unknown user '" + user + "': no ratings from this user yet. Onboard them: POST their ratings"
                        + " to /v1/users/" + user + "/ratings (GET /v1/onboarding suggests items to ask about), or POST /v1/users with"
                        + " the genres they like", Map.of("hint", "onboard"));
            items = m.recommend(u, n);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("user", user);
        ArrayNode arr = o.putArray("items");
        for (ScoredItem s : items) arr.addObject().put("item", s.item()).put("title", s.title()).put("score", s.score());
        o.put("model_version", m.version);
        send(ctx, 200, o);
    }

    private static void rerankingNotAvailable(Context ctx) {
        for (String p : new String[] {"diversity", "explore"}) {
            String v = ctx.queryParam(p);
            if (v != null && !v.isBlank())
                throw new ApiError(501, "'" + p + "' re-ranking is not available in this build of collab4j"
                        + " (it arrives with the bootstrapping work); ask without it");
        }
    }

    private void storedRatings(Context ctx) {
        ServingModel m = current;
        String user = id(ctx.pathParam("id"), "user");
        List<FeedbackStore.Rating> rs = store.ratingsOf(user);
        if (rs.isEmpty() && m.model.userIds().index(user) < 0)
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
        Object lock = userLocks[(user.hashCode() & 0x7fffffff) % userLocks.length];
        LiveUsers.Folded f;
        synchronized (lock) { // the database order and the in-memory order of one user's posts agree
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

    private void newUser(Context ctx) {
        authorize(ctx);
        throw new ApiError(501, "onboarding by stated genres is not available in this build of collab4j (it arrives with the"
                + " bootstrapping work); POST ratings to /v1/users/{id}/ratings instead");
    }

    private void onboarding(Context ctx) {
        n(ctx, 10);
        throw new ApiError(501, "the onboarding selection is not available in this build of collab4j (it arrives with the"
                + " bootstrapping work); search items with GET /v1/items?q=... and rate them instead");
    }

    private void similar(Context ctx) {
        ServingModel m = current;
        int i = item(m, ctx.pathParam("id"));
        int n = n(ctx, 10);
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
        int n = n(ctx, 20);
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

    private static int n(Context ctx, int dflt) {
        String s = ctx.queryParam("n");
        if (s == null) return dflt;
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1 && n <= ServerConfig.MAX_N) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiError(400, "n must be a whole number from 1 to " + ServerConfig.MAX_N + ", got '" + clip(s) + "'");
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
