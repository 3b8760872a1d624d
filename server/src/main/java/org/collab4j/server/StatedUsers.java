package org.collab4j.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.collab4j.recommend.Demographics;
import org.collab4j.recommend.Requester;

/**
 * Users who onboarded by stating what they like (genres) and, where they gave them,
 * demographics. The statement is the durable fact (stored in the feedback database); the served
 * model answers it through the core ({@link #requester}) on each request, so a reload needs
 * nothing recomputed. Once a user has posted ratings, a model that folds ratings in serves them
 * from those instead.
 */
final class StatedUsers {
    private final ConcurrentHashMap<String, FeedbackStore.StatedUser> users = new ConcurrentHashMap<>();

    int size() {
        return users.size();
    }

    boolean contains(String user) {
        return users.containsKey(user);
    }

    /** Adds or replaces what a user stated. */
    void put(FeedbackStore.StatedUser u) {
        users.put(u.user(), u);
    }

    /** Who the user is to {@code model}, from what they stated; null when they stated nothing or the model can use none of it. */
    Requester requester(ServingModel model, String user) {
        FeedbackStore.StatedUser u = users.get(user);
        return u == null ? null : requester(model, u);
    }

    /**
     * A statement as the core's requester: a latent-factor model starts from the genres (those it
     * knows; with none of them known, e.g. after a reload, the user starts as the average user); a
     * model with user features scores the demographics; null when the model can do neither.
     */
    static Requester requester(ServingModel model, FeedbackStore.StatedUser u) {
        Demographics d = new Demographics(u.gender(), u.age(), u.occupation(), u.zip());
        if (model.foldsIn()) {
            List<String> known = new ArrayList<>();
            for (String g : u.genres()) if (model.genres.contains(g)) known.add(g);
            return known.isEmpty() ? new Requester.Rated(null, new String[0], new float[0]) : Requester.genres(known, d);
        }
        if (model.side != null && d.any()) return Requester.described(d);
        return null;
    }
}
