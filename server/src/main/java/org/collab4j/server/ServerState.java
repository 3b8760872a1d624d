package org.collab4j.server;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.collab4j.model.CorruptModelException;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Recommendations;
import org.collab4j.recommend.Requester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the routes share: the served model (swapped whole on reload), the feedback store, the
 * users who posted ratings or stated what they like, and the per-user locks that keep the
 * database order and the in-memory order of one user's writes the same.
 */
final class ServerState {
    private static final Logger LOG = LoggerFactory.getLogger(ServerState.class);

    final ServerConfig config;
    final FeedbackStore store;
    final LiveUsers live = new LiveUsers();
    final LiveEvents events = new LiveEvents();
    final StatedUsers stated = new StatedUsers();
    final Metrics metrics = new Metrics();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong versions = new AtomicLong();
    private final Object reloadLock = new Object();
    private final Object[] userLocks = new Object[64];
    private volatile ServingModel current;

    ServerState(ServerConfig config, TrainedModel model, FeedbackStore store) {
        this.config = config;
        this.store = store;
        for (int i = 0; i < userLocks.length; i++) userLocks[i] = new Object();
        this.current = new ServingModel(model, versions.incrementAndGet(), config.model());
    }

    /** The model a request uses from its start to its end. */
    ServingModel model() {
        return current;
    }

    Object lockOf(String user) {
        return userLocks[(user.hashCode() & 0x7fffffff) % userLocks.length];
    }

    /**
     * Reads the configured model file again and swaps it in; a file that cannot be read leaves
     * the old model serving and is a 500 whose message names the problem but not the server's paths.
     */
    ServingModel reload() {
        synchronized (reloadLock) {
            TrainedModel next;
            try {
                next = ModelFile.read(config.model());
            } catch (IOException | RuntimeException e) {
                LOG.warn("model reload failed, still serving version {}: {}", current.version, e.toString());
                throw new ApiError(500, "reload failed, still serving model version " + current.version + ": " + reloadProblem(e));
            }
            ServingModel sm = new ServingModel(next, versions.incrementAndGet(), config.model());
            current = sm;
            return sm;
        }
    }

    /** Why a reload failed, in words that name the model file by its name only. */
    private String reloadProblem(Exception e) {
        String file = "model file '" + config.model().getFileName() + "'";
        if (e instanceof NoSuchFileException) return "the " + file + " does not exist";
        if (e instanceof CorruptModelException c) {
            String m = c.getMessage();
            for (String p : new String[] {config.model().toAbsolutePath().toString(), config.model().toString()})
                if (m.startsWith(p + ": ")) m = m.substring(p.length() + 2);
            return "the " + file + " is corrupt (" + m.replace(config.model().toAbsolutePath().toString(), "...") + ")";
        }
        if (e instanceof IOException) return "the " + file + " could not be read";
        return "the " + file + " could not be loaded (see the server log)";
    }

    /**
     * A user's recommendations, decided by the core as for the command line: for a model of
     * implicit feedback, from their events when they posted any (added to their training
     * interactions, for a user of the model); from their ratings when they posted any and the
     * model folds ratings in (with their training ratings, for a user of the model); else from the
     * model for a trained user, else from what they stated. Items they posted ratings or events of
     * are never recommended to them.
     */
    Recommendations.Answer recommend(ServingModel m, String user, int n, FoldIn.Ranking rankBy, Recommendations.Options options) {
        return m.answer(requester(m, user), n, rankBy, withPosted(options, user));
    }

    /** Who {@code user} is to the served model; 404 when nobody. */
    Requester requester(ServingModel m, String user) {
        LiveEvents.Had h = events.had(user);
        if (h != null && m.implicit()) return interacted(m, user, h);
        LiveUsers.Posted p = live.posted(user);
        if (p != null && m.foldsIn()) return rated(m, user, p);
        if (m.model.userIds().index(user) >= 0) return Requester.known(user);
        Requester s = stated.requester(m, user);
        if (s != null) return s;
        if (m.implicit())
            throw new ApiError(404, "unknown user '" + user + "': no events from this user yet; POST what they clicked, played or"
                    + " bought to /v1/users/" + user + "/events, and their recommendations follow at once", Map.of("hint", "events"));
        throw new ApiError(404, "unknown user '" + user + "': no ratings from this user yet. Onboard them: POST their ratings"
                + " to /v1/users/" + user + "/ratings (GET /v1/onboarding suggests items to ask about), or POST /v1/users with"
                + " {\"id\": \"" + user + "\", \"genres\": [...]}, the genres they like"
                + (m.side != null ? " (this model takes user features: {\"gender\", \"age\", \"occupation\", \"zip\"} instead;"
                        + " GET /v1/onboarding lists their values)" : ""),
                Map.of("hint", "onboard"));
    }

    /** A user's posted ratings as the core's requester; ratings this model cannot take (items it does not know, off its scale) are left out. */
    private static Requester rated(ServingModel m, String user, LiveUsers.Posted p) {
        String[] items = new String[p.items().length];
        float[] values = new float[items.length];
        int k = 0;
        for (int j = 0; j < items.length; j++) {
            if (m.model.itemIds().index(p.items()[j]) < 0 || !m.model.scale().contains(p.values()[j])) continue;
            items[k] = p.items()[j];
            values[k++] = p.values()[j];
        }
        return new Requester.Rated(user, Arrays.copyOf(items, k), Arrays.copyOf(values, k));
    }

    /** A user's posted events as the core's requester; items this model does not know (e.g. after a reload) are left out. */
    private static Requester interacted(ServingModel m, String user, LiveEvents.Had h) {
        String[] items = new String[h.items().length];
        float[] weights = new float[items.length];
        int k = 0;
        for (int j = 0; j < items.length; j++) {
            if (m.model.itemIds().index(h.items()[j]) < 0) continue;
            items[k] = h.items()[j];
            weights[k++] = h.weights()[j];
        }
        return new Requester.Interacted(user, Arrays.copyOf(items, k), Arrays.copyOf(weights, k));
    }

    /**
     * How many of the model's items are the user's own, and so left out of their list: those of
     * their training row, and those they posted ratings or events of.
     */
    int ownItems(ServingModel m, String user) {
        java.util.BitSet own = new java.util.BitSet(m.model.numItems());
        int u = m.model.userIds().index(user);
        if (u >= 0) for (int j = m.model.seenStart()[u]; j < m.model.seenStart()[u + 1]; j++) own.set(m.model.seenItems()[j]);
        LiveUsers.Posted p = live.posted(user);
        if (p != null) for (String id : p.items()) mark(m, own, id);
        LiveEvents.Had h = events.had(user);
        if (h != null) for (String id : h.items()) mark(m, own, id);
        return own.cardinality();
    }

    private static void mark(ServingModel m, java.util.BitSet own, String id) {
        int i = m.model.itemIds().index(id);
        if (i >= 0) own.set(i);
    }

    /** {@code options} excluding, besides, the items {@code user} posted ratings of. */
    Recommendations.Options withPosted(Recommendations.Options options, String user) {
        LiveUsers.Posted p = live.posted(user);
        if (p == null) return options;
        List<String> exclude = new ArrayList<>(options.exclude());
        exclude.addAll(Arrays.asList(p.items()));
        return new Recommendations.Options(options.diversity(), options.explore(), options.seed(), exclude);
    }

    /** A server-assigned id no user of the model, live or stated, has. */
    String freshId(ServingModel m) {
        while (true) {
            String id = "u-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            if (m.model.userIds().index(id) < 0 && !live.contains(id) && !stated.contains(id) && !events.contains(id)) return id;
        }
    }
}
