package org.collab4j.server;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.UserProfile;

/**
 * Users whose ratings arrived after the model was trained: their posted ratings (latest value
 * per item wins), and their profile folded into the model that is being served.
 *
 * <p>A user of the model is folded from their training ratings plus the posted ones (posted
 * values replace training values of the same item), so the full history replaces the old
 * state. Profiles are tied to a model version and refolded lazily after a reload.
 */
final class LiveUsers {
    /** Posted ratings of one user, by external item id, sorted; immutable. */
    record Posted(String[] items, float[] values) {
        static final Posted EMPTY = new Posted(new String[0], new float[0]);

        Posted merge(List<FeedbackStore.Rating> more) {
            java.util.TreeMap<String, Float> m = new java.util.TreeMap<>();
            for (int i = 0; i < items.length; i++) m.put(items[i], values[i]);
            for (FeedbackStore.Rating r : more) m.put(r.item(), r.value());
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

    /** A user's profile in one model version, with the dense items to exclude from recommendations. */
    record Folded(long version, UserProfile profile, int[] exclude) {
    }

    private static final class Entry {
        final Posted posted;
        volatile Folded folded;

        Entry(Posted posted) {
            this.posted = posted;
        }
    }

    private final ConcurrentHashMap<String, Entry> users = new ConcurrentHashMap<>();

    int size() {
        return users.size();
    }

    boolean contains(String user) {
        return users.containsKey(user);
    }

    Posted posted(String user) {
        Entry e = users.get(user);
        return e == null ? null : e.posted;
    }

    /** Adds ratings to a user (atomically for that user) and folds the user into {@code model} at once. */
    Folded add(String user, List<FeedbackStore.Rating> ratings, ServingModel model) {
        Entry e = users.compute(user, (k, old) -> new Entry((old == null ? Posted.EMPTY : old.posted).merge(ratings)));
        if (model == null || model.foldIn == null) return null;
        Folded f = fold(model, user, e.posted);
        e.folded = f;
        return f;
    }

    /** Adds replayed ratings without folding (profiles are folded on first use). */
    void replay(String user, List<FeedbackStore.Rating> ratings) {
        users.compute(user, (k, old) -> new Entry((old == null ? Posted.EMPTY : old.posted).merge(ratings)));
    }

    /** The user's profile in {@code model}, folding it now if it was folded for another version; null when not live. */
    Folded folded(ServingModel model, String user) {
        Entry e = users.get(user);
        if (e == null || model.foldIn == null) return null;
        Folded f = e.folded;
        if (f == null || f.version() != model.version) {
            f = fold(model, user, e.posted);
            e.folded = f;
        }
        return f;
    }

    /** Folds a user from their training row (if any) and posted ratings; posted items unknown to the model are left out. */
    static Folded fold(ServingModel sm, String user, Posted posted) {
        TrainedModel m = sm.model;
        int u = m.userIds().index(user);
        int from = u < 0 ? 0 : m.seenStart()[u], to = u < 0 ? 0 : m.seenStart()[u + 1];
        int cap = (to - from) + posted.items().length;
        int[] items = new int[cap];
        float[] values = new float[cap];
        int n = 0;
        for (int j = from; j < to; j++) {
            items[n] = m.seenItems()[j];
            values[n++] = m.seenValues()[j];
        }
        for (int p = 0; p < posted.items().length; p++) {
            int i = m.itemIds().index(posted.items()[p]);
            if (i < 0) continue;
            int at = u < 0 ? -1 : Arrays.binarySearch(m.seenItems(), from, to, i);
            if (at >= 0) values[at - from] = posted.values()[p];
            else {
                items[n] = i;
                values[n++] = posted.values()[p];
            }
        }
        items = Arrays.copyOf(items, n);
        values = Arrays.copyOf(values, n);
        UserProfile profile = n > 0 ? sm.foldIn.user(items, values) : sm.foldIn.averageUser();
        int[] exclude = items.clone();
        Arrays.sort(exclude);
        return new Folded(sm.version, profile, exclude);
    }
}
