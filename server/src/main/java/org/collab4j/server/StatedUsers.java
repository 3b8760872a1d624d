package org.collab4j.server;

import java.util.concurrent.ConcurrentHashMap;

import org.collab4j.features.SideProfile;
import org.collab4j.recommend.Onboarding;
import org.collab4j.recommend.UserProfile;

/**
 * Users who onboarded by stating what they like (genres) and, where they gave them,
 * demographics, with their starting point in the model being served: a profile started from the
 * genres for a latent-factor model, or, for a model with user features, the user as those
 * features describe them. The statement is the durable fact (stored in the feedback database);
 * the start is derived from it, tied to a model version and recomputed lazily after a reload.
 * Once a user has posted ratings, {@link LiveUsers} serves them from those instead.
 */
final class StatedUsers {
    /** Where a stated user starts in one model version: exactly one of the two is set. */
    record Start(long version, UserProfile profile, SideProfile features) {
    }

    private static final class Entry {
        final FeedbackStore.StatedUser stated;
        volatile Start start;

        Entry(FeedbackStore.StatedUser stated) {
            this.stated = stated;
        }
    }

    private final ConcurrentHashMap<String, Entry> users = new ConcurrentHashMap<>();

    int size() {
        return users.size();
    }

    boolean contains(String user) {
        return users.containsKey(user);
    }

    /** Adds or replaces what a user stated. */
    void put(FeedbackStore.StatedUser u) {
        users.put(u.user(), new Entry(u));
    }

    /**
     * The user's start in {@code model}; null when the user stated nothing or the model can start
     * a user neither from genres nor from user features. A model with latent factors starts from
     * the genres (as before); one with user features, from the demographics.
     */
    Start start(ServingModel model, String user) {
        Entry e = users.get(user);
        if (e == null || (model.onboarding == null && model.side == null)) return null;
        Start s = e.start;
        if (s == null || s.version() != model.version) {
            FeedbackStore.StatedUser u = e.stated;
            s = model.onboarding != null
                    ? new Start(model.version, model.startProfile(u.genres(), new Onboarding.Demographics(u.gender(), u.age(), u.occupation())), null)
                    : new Start(model.version, null, model.sideProfile(u).profile());
            e.start = s;
        }
        return s;
    }
}
