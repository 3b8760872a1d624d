package org.collab4j.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server's users in step with the feedback database when several servers share it: every
 * rating and event another server stored is folded in here, within a poll of {@link #POLL_MS} (on
 * PostgreSQL at once, woken by the NOTIFY each commit sends), and so is every user another server
 * onboarded. Rows this process stored itself (their post id carries {@link FeedbackStore#instance})
 * were folded in by the route that stored them and are skipped. At start-up it reads everything
 * stored so far, which is the replay.
 *
 * <p>Rows are read by id. PostgreSQL hands out ids when a row is inserted, not when it commits, so
 * a smaller id can become visible after a larger one: each table keeps the ids it applied above
 * the highest id below which all are applied, and reads that range again until the gap fills or
 * has stayed open longer than any transaction can (then the id belonged to a rolled-back one).
 */
final class Follower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);
    /** How often the database is read when no notification arrives. */
    static final long POLL_MS = 250;
    /** A gap older than this is an id nobody will commit any more. */
    static final long GAP_GRACE_MS = StoreWriter.IN_DOUBT_DEADLINE_MS + 5_000;
    static final int PAGE = 5_000;

    /** The read position in one table. */
    static final class Tail {
        /** Every id up to here is applied. */
        long done;
        /** The largest id seen. */
        long high;
        /** Applied ids above {@link #done}. */
        final TreeSet<Long> above = new TreeSet<>();
        long gapSince = -1;

        /** Marks {@code id} applied; returns false when it already was. */
        boolean apply(long id) {
            if (id <= done || !above.add(id)) return false;
            high = Math.max(high, id);
            return true;
        }

        /** Moves {@link #done} over the ids applied in a row, and over a gap older than the grace. */
        void advance(long now) {
            while (!above.isEmpty() && above.first() == done + 1) done = above.pollFirst();
            if (above.isEmpty()) {
                gapSince = -1;
                return;
            }
            if (gapSince < 0) gapSince = now;
            else if (now - gapSince > GAP_GRACE_MS) {
                done = above.first() - 1; // the missing ids were rolled back
                gapSince = -1;
                advance(now);
            }
        }
    }

    private final ServerState state;
    private final FeedbackStore store;
    final Tail ratings = new Tail(), events = new Tail();
    /** Seconds, as the users table's created_at. */
    private long statedSince = 0;
    /** Whether rows read count towards the store's totals: not on the first read, which the store counted when it opened. */
    private boolean counting;
    private volatile boolean closed;
    private Thread thread;
    private Connection listener;

    Follower(ServerState state) {
        this.state = state;
        this.store = state.store;
    }

    /** Reads and folds in everything new once; returns how many ratings and events it applied. */
    synchronized long poll() {
        long now = System.currentTimeMillis();
        long newRatings = follow(ratings, store::ratingsBetween, FeedbackStore.Rating::user, state.live::add, now);
        long newEvents = follow(events, store::eventsBetween, FeedbackStore.Event::user, state.events::add, now);
        if (counting) store.countStoredElsewhere(newRatings, newEvents);
        counting = true;
        long since = statedSince;
        // created_at is in seconds; a statement committed late is read again, and putting it twice changes nothing
        statedSince = (now - GAP_GRACE_MS) / 1000;
        for (FeedbackStore.StatedUser u : store.statedUsersSince(since)) state.stated.put(u);
        return newRatings + newEvents;
    }

    private interface Reader<T> {
        List<FeedbackStore.Stored<T>> between(long after, long before, int limit);
    }

    private interface Sink<T> {
        void add(String user, List<T> rows);
    }

    /** Applies the rows of one table not applied yet, other servers' ones folded in; returns how many those were. */
    private <T> long follow(Tail tail, Reader<T> reader, Function<T, String> userOf, Sink<T> sink, long now) {
        List<FeedbackStore.Stored<T>> fresh = new ArrayList<>();
        if (!tail.above.isEmpty()) // the gaps below the highest id seen
            for (FeedbackStore.Stored<T> r : reader.between(tail.done, tail.high, Integer.MAX_VALUE)) if (!tail.above.contains(r.id())) fresh.add(r);
        while (true) {
            List<FeedbackStore.Stored<T>> page = reader.between(Math.max(tail.done, tail.high), Long.MAX_VALUE, PAGE);
            fresh.addAll(page);
            for (FeedbackStore.Stored<T> r : page) tail.high = Math.max(tail.high, r.id());
            if (page.size() < PAGE) break;
        }
        Map<String, List<T>> byUser = new LinkedHashMap<>();
        long elsewhere = 0;
        for (FeedbackStore.Stored<T> r : fresh) {
            if (!tail.apply(r.id())) continue;
            if (r.postId() != null && r.postId().startsWith(store.instance() + ".")) continue; // folded in when this process stored it
            byUser.computeIfAbsent(userOf.apply(r.value()), k -> new ArrayList<>()).add(r.value());
            elsewhere++;
        }
        for (Map.Entry<String, List<T>> e : byUser.entrySet())
            synchronized (state.lockOf(e.getKey())) {
                sink.add(e.getKey(), e.getValue());
            }
        tail.advance(now);
        return elsewhere;
    }

    /**
     * Reads everything stored so far (the replay at start-up), then follows the database in the
     * background; the counts of rows already in the database are the store's own.
     */
    void start() {
        poll();
        thread = new Thread(this::run, "collab4j-follower");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                waitForNews();
                if (!closed) poll();
            } catch (RuntimeException e) {
                LOG.warn("reading what other servers stored failed, trying again: {}", e.getMessage());
                sleep(POLL_MS * 4);
            }
        }
    }

    /** Returns after a notification (PostgreSQL) or {@link #POLL_MS}, whichever comes first. */
    private void waitForNews() {
        try {
            if (listener == null || listener.isClosed()) listener = store.listener();
            if (listener == null) {
                sleep(POLL_MS);
                return;
            }
            listener.unwrap(PGConnection.class).getNotifications((int) POLL_MS);
        } catch (SQLException e) {
            closeListener();
            sleep(POLL_MS);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeListener() {
        try {
            if (listener != null) listener.close();
        } catch (SQLException ignored) {
            // closing a broken connection
        }
        listener = null;
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeListener();
    }
}
