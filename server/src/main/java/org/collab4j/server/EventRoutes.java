package org.collab4j.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.javalin.http.Context;

/**
 * A user's events for a model of implicit feedback (clicks, plays, purchases): {@code POST} and
 * {@code GET /v1/users/{id}/events}. A post is validated whole, stored (committed) and only then
 * added to the user's history, which the next recommendations fold in; a refused one stores
 * nothing. Events of the same item add up, as training sums repeated events.
 */
final class EventRoutes {
    /** One event of a post, as sent: {@code weight} defaults to 1, {@code time} to the server's clock. */
    record EventIn(@JsonDeserialize(using = Json.Id.class) String item, Double weight, Long time) {
    }

    record Stored(String user, int stored, boolean folded) {
    }

    record StoredEvents(String user, List<StoredEvent> events, List<Summed> items) {
    }

    record StoredEvent(String item, String title, float weight, long time) {
    }

    /** An item's posted events added up: what the model folds in (on top of the user's training interactions). */
    record Summed(String item, String title, float weight, int events) {
    }

    static final Json.Shape EVENTS = new Json.Shape("the body must be a JSON array of {\"item\": ID, \"weight\": NUMBER (optional, 1),"
            + " \"time\": SECONDS (optional)}", fields(), "entry");
    /** The largest weight one event may carry: a play count or a quantity, not a counter's overflow. */
    static final double MAX_WEIGHT = 1_000_000;

    private static Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("item", "a string id");
        f.put("weight", "a number (a play count, a quantity; 1 when left out)");
        f.put("time", "whole seconds since 1970 (a JSON integer)");
        return f;
    }

    private final ServerState state;
    private final Guard guard;

    EventRoutes(ServerState state, Guard guard) {
        this.state = state;
        this.guard = guard;
    }

    void postEvents(Context ctx) {
        guard.authorizeWrite(ctx);
        ServingModel m = state.model();
        String user = Requests.pathId(ctx, "user");
        if (!m.implicit())
            throw new ApiError(422, "model '" + m.model.kind() + "' learns from ratings, not events; post the user's ratings to"
                    + " /v1/users/" + user + "/ratings, or serve a model of implicit feedback (e.g. train --positive 4 --model ease);"
                    + " nothing was stored");
        List<FeedbackStore.Event> events = parseEvents(Guard.body(ctx), user, m);
        synchronized (state.lockOf(user)) { // the database order and the in-memory order of one user's posts agree
            state.store.appendEvents(events);
            state.events.add(user, events);
        }
        Requests.send(ctx, 200, new Stored(user, events.size(), true));
    }

    void storedEvents(Context ctx) {
        ServingModel m = state.model();
        String user = Requests.pathId(ctx, "user");
        List<FeedbackStore.Event> es = state.store.eventsOf(user);
        if (es.isEmpty() && m.model.userIds().index(user) < 0)
            throw new ApiError(404, "unknown user '" + user + "': no events stored for this user", Map.of("hint", "events"));
        List<StoredEvent> out = new ArrayList<>(es.size());
        Map<String, float[]> summed = new LinkedHashMap<>();
        for (FeedbackStore.Event e : es) {
            out.add(new StoredEvent(e.item(), title(m, e.item()), e.weight(), e.time()));
            float[] s = summed.computeIfAbsent(e.item(), k -> new float[2]);
            s[0] += e.weight();
            s[1]++;
        }
        List<Summed> items = new ArrayList<>(summed.size());
        summed.forEach((item, s) -> items.add(new Summed(item, title(m, item), s[0], (int) s[1])));
        Requests.send(ctx, 200, new StoredEvents(user, out, items));
    }

    private static String title(ServingModel m, String item) {
        int i = m.model.itemIds().index(item);
        return i >= 0 ? m.model.title(i) : item;
    }

    /** Validates an events post; unknown items are 422 and nothing is stored. */
    static List<FeedbackStore.Event> parseEvents(byte[] body, String user, ServingModel m) {
        EventIn[] in = Json.read(body, EventIn[].class, EVENTS);
        if (in == null) throw new ApiError(400, EVENTS.whole());
        if (in.length == 0) throw new ApiError(400, "the array of events is empty");
        if (in.length > ServerConfig.MAX_RATINGS_PER_POST)
            throw new ApiError(413, "too many events in one post: " + in.length + " (at most " + ServerConfig.MAX_RATINGS_PER_POST + ")");
        long now = System.currentTimeMillis() / 1000;
        List<FeedbackStore.Event> out = new ArrayList<>(in.length);
        Set<String> unknown = new LinkedHashSet<>();
        for (int k = 0; k < in.length; k++) {
            EventIn e = in[k];
            if (e == null) throw new ApiError(400, "entry " + k + " must be an object with item, weight, time");
            if (e.item() == null) throw new ApiError(400, "entry " + k + ": \"item\" is missing or not a string id");
            if (!Requests.ID.matcher(e.item()).matches())
                throw new ApiError(400, "entry " + k + ": item id '" + Requests.clip(e.item()) + "' is not a valid id");
            double w = e.weight() == null ? 1 : e.weight();
            if (!(w > 0 && w <= MAX_WEIGHT))
                throw new ApiError(400, "entry " + k + ": \"weight\" " + e.weight() + " is out of range: a positive number of at most "
                        + (long) MAX_WEIGHT + " (a play count, a quantity; leave it out for 1)");
            long t = e.time() == null ? now : e.time();
            if (t < 0 || t > now + UserRoutes.MAX_TIME_AHEAD)
                throw new ApiError(400, "entry " + k + ": \"time\" " + t + " is out of range: seconds since 1970, not before 1970"
                        + " and at most a day ahead of the server's clock (" + now + ")");
            if (m.model.itemIds().index(e.item()) < 0) unknown.add(e.item());
            out.add(new FeedbackStore.Event(user, e.item(), (float) w, t));
        }
        if (!unknown.isEmpty())
            throw new ApiError(422, "unknown items: " + Requests.clip(String.join(", ", unknown)) + "; nothing was stored",
                    Map.of("unknown_items", List.copyOf(unknown)));
        return out;
    }
}
