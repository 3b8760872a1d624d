package org.collab4j.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users whose events (clicks, plays, purchases) arrived after the model was trained: per user,
 * each item's summed weight, as training sums repeated events. A model of implicit feedback folds
 * them in on each request through the core's {@link org.collab4j.recommend.Recommendations}
 * (adding them to a user's training interactions), so a reload needs nothing refolded.
 */
final class LiveEvents {
    /** One user's posted events, summed per item, in the order each item first came; immutable. */
    record Had(String[] items, float[] weights) {
        static final Had EMPTY = new Had(new String[0], new float[0]);

        Had add(List<FeedbackStore.Event> more) {
            Map<String, Float> m = new LinkedHashMap<>();
            for (int i = 0; i < items.length; i++) m.put(items[i], weights[i]);
            for (FeedbackStore.Event e : more) m.merge(e.item(), e.weight(), Float::sum);
            String[] it = new String[m.size()];
            float[] w = new float[m.size()];
            int j = 0;
            for (Map.Entry<String, Float> e : m.entrySet()) {
                it[j] = e.getKey();
                w[j++] = e.getValue();
            }
            return new Had(it, w);
        }
    }

    private final ConcurrentHashMap<String, Had> users = new ConcurrentHashMap<>();

    int size() {
        return users.size();
    }

    boolean contains(String user) {
        return users.containsKey(user);
    }

    /** The user's summed events, or null when they posted none. */
    Had had(String user) {
        return users.get(user);
    }

    /** Adds events to a user, atomically for that user (replayed ones at start, posted ones once stored). */
    void add(String user, List<FeedbackStore.Event> events) {
        users.compute(user, (k, old) -> (old == null ? Had.EMPTY : old).add(events));
    }
}
