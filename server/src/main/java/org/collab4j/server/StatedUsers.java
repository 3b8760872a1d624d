package org.collab4j.server;

import java.util.concurrent.ConcurrentHashMap;

import org.collab4j.recommend.Onboarding;
import org.collab4j.recommend.UserProfile;

/**
 * Users who onboarded by stating the genres they like (and, where known, demographics), with
 * their starting profile in the model being served. The statement is the durable fact (stored
 * in the feedback database); the profile is derived from it, tied to a model version and
 * recomputed lazily after a reload. Once a user has posted ratings, {@link LiveUsers} serves them
 * from those instead.
 */
final class StatedUsers {
    private record Start(long version, UserProfile profile) {
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

    /** The user's starting profile in {@code model}; null when the user stated nothing or the model cannot start from genres. */
    UserProfile profile(ServingModel model, String user) {
        Entry e = users.get(user);
        if (e == null || model.onboarding == null) return null;
        Start s = e.start;
        if (s == null || s.version() != model.version) {
            FeedbackStore.StatedUser u = e.stated;
            s = new Start(model.version, model.startProfile(u.genres(), new Onboarding.Demographics(u.gender(), u.age(), u.occupation())));
            e.start = s;
        }
        return s.profile();
    }
}
