package org.collab4j.server;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users whose ratings arrived after the model was trained: their posted ratings, the latest value
 * per item winning. The served model folds them in on each request, through the core's
 * {@link org.collab4j.recommend.Recommendations} (a user of the model with their training
 * ratings, a posted value replacing the training value of the same item), so a reload needs
 * nothing refolded.
 */
final class LiveUsers {
    /**
     * Posted ratings of one user, by external item id, in the order posted (a rating of an item
     * rated before replaces it and moves last, as {@link org.collab4j.recommend.NewRatings} orders a
     * new user's ratings); immutable.
     */
    record Posted(String[] items, float[] values) {
        static final Posted EMPTY = new Posted(new String[0], new float[0]);

        Posted merge(List<FeedbackStore.Rating> more) {
            java.util.LinkedHashMap<String, Float> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < items.length; i++) m.put(items[i], values[i]);
            for (FeedbackStore.Rating r : more) {
                m.remove(r.item());
                m.put(r.item(), r.value());
            }
            String[] it = new String[m.size()];
            float[] v = new float[m.size()];
            int j = 0;
            for (var e : m.entrySet()) {
                it[j] = e.getKey();
                v[j++] = e.getValue();
            }
            return new Posted(it, v);
        }
    }

    private final ConcurrentHashMap<String, Posted> users = new ConcurrentHashMap<>();

    int size() {
        return users.size();
    }

    boolean contains(String user) {
        return users.containsKey(user);
    }

    /** The user's posted ratings, or null when they posted none. */
    Posted posted(String user) {
        return users.get(user);
    }

    /** Adds ratings to a user, atomically for that user (replayed ones at start, posted ones once stored). */
    void add(String user, List<FeedbackStore.Rating> ratings) {
        users.compute(user, (k, old) -> (old == null ? Posted.EMPTY : old).merge(ratings));
    }
}
