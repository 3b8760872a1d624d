package org.collab4j.server;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;

/** {@code GET /health} and {@code GET /metrics}. */
final class HealthRoutes {
    /**
     * {@code status} is {@code ok}, or {@code degraded} with the {@code reason} while the feedback
     * database refuses writes (reads and recommendations still work; posts are answered 503).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Health(String status, String reason, long modelVersion, String model, boolean implicit, int users, int items, int liveUsers,
                  int eventUsers, int statedUsers, long storedRatings, long storedEvents, String db, String search,
                  String similarSearch, String modelSha256, String instance) {
    }

    private final ServerState state;
    private final Guard guard;

    HealthRoutes(ServerState state, Guard guard) {
        this.state = state;
        this.guard = guard;
    }

    void health(Context ctx) {
        ServingModel m = state.model();
        String problem = state.store.problem();
        Requests.send(ctx, 200, new Health(problem == null ? "ok" : "degraded", problem, m.version, m.model.kind(), m.implicit(),
                m.model.numUsers(), m.model.numItems(), state.live.size(), state.events.size(), state.stated.size(), state.store.count(),
                state.store.eventCount(), state.store.kind(), m.search(), m.similarSearch(), m.checksum,
                state.store.instance()));
    }

    void metrics(Context ctx) {
        ServingModel m = state.model();
        Map<String, Number> g = new LinkedHashMap<>();
        g.put("collab4j_model_version", m.version);
        g.put("collab4j_model_loaded_timestamp_seconds", m.loadedAtMillis / 1000);
        g.put("collab4j_model_items", m.model.numItems());
        g.put("collab4j_model_users", m.model.numUsers());
        g.put("collab4j_stored_ratings", state.store.count());
        g.put("collab4j_live_users", state.live.size());
        g.put("collab4j_stored_events", state.store.eventCount());
        g.put("collab4j_event_users", state.events.size());
        g.put("collab4j_stated_users", state.stated.size());
        g.put("collab4j_feedback_db_degraded", state.store.problem() == null ? 0 : 1);
        g.put("collab4j_http_requests_in_progress", guard.inProgress());
        Map<String, String> help = new LinkedHashMap<>();
        help.put("collab4j_model_version", "Version of the served model (1 at start, +1 at each reload).");
        help.put("collab4j_model_loaded_timestamp_seconds", "When the served model was loaded.");
        help.put("collab4j_model_items", "Items in the served model.");
        help.put("collab4j_model_users", "Users in the served model.");
        help.put("collab4j_stored_ratings", "Ratings stored in the feedback database.");
        help.put("collab4j_live_users", "Users with ratings posted since the model was trained.");
        help.put("collab4j_stored_events", "Events stored in the feedback database.");
        help.put("collab4j_event_users", "Users with events posted since the model was trained.");
        help.put("collab4j_stated_users", "Users who onboarded by stating the genres they like.");
        help.put("collab4j_feedback_db_degraded", "1 while the feedback database refuses writes, else 0.");
        help.put("collab4j_http_requests_in_progress", "Requests being worked on (at most " + ServerConfig.MAX_CONCURRENT + "; this one included).");
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(state.metrics.render(g, help));
    }
}
