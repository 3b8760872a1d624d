package org.collab4j.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feedback store's one writer thread: it groups the writes (ratings, events, statements) that arrive while a commit is in
 * flight into one transaction (group commit; if the group is refused for its data, each write
 * alone), and keeps the promise of the store's API: a write completes normally only once its
 * transaction committed, and exceptionally only when nothing of it is stored.
 *
 * <p>When the database fails (full, read-only, locked, unreachable) the writer retries with
 * backoff ({@value #FIRST_BACKOFF_MS} ms doubling to {@value #MAX_BACKOFF_MS} ms), taking in
 * writes that arrive meanwhile, and refuses each write still not stored
 * {@value #WRITE_DEADLINE_MS} ms after it arrived. It reports the failure as {@link #problem()}
 * and, while there is one, probes the database every {@value #PROBE_INTERVAL_MS} ms with a one-row
 * write, so it notices by itself when the database works again.
 *
 * <p>A PostgreSQL commit whose answer was lost (the connection dropped during it) may or may not
 * have committed. Such writes are looked up by their post id on the next try before anything is
 * written again; one whose outcome cannot be learnt within {@value #IN_DOUBT_DEADLINE_MS} ms is
 * refused and undone as soon as the database is reachable, before any other write. (If the
 * server stops before it could undo it, the write may be replayed at the next start.)
 */
final class StoreWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    static final long WRITE_DEADLINE_MS = 3_000;
    static final long IN_DOUBT_DEADLINE_MS = 10_000;
    /** The PostgreSQL channel a commit of new ratings or events notifies, to wake the other servers' followers. */
    static final String CHANNEL = "collab4j_feedback";
    static final long PROBE_INTERVAL_MS = 500;
    static final long FIRST_BACKOFF_MS = 20;
    static final long MAX_BACKOFF_MS = 250;
    static final int MAX_GROUP = 256;
    private static final Pattern SEPARATOR = Pattern.compile(Pattern.quote(FeedbackStore.GENRE_SEPARATOR));

    /** A test's way to make a commit fail the way a full disk or a dropped connection does. */
    interface Faults {
        Faults NONE = new Faults() { };

        /** Called after a transaction's statements, just before its commit; may throw (and commit or roll back first). */
        default void beforeCommit(Connection c) throws SQLException {
        }

        /** Called before the writer looks up whether a commit in doubt happened, or undoes one; may throw. */
        default void beforeLookup(Connection c) throws SQLException {
        }
    }

    /** One write: a post's ratings or events (with the post's id), or a user's statement. */
    static final class Job {
        final List<FeedbackStore.Rating> ratings;
        final List<FeedbackStore.Event> events;
        final String postId;
        final FeedbackStore.StatedUser user;
        final long arrived = System.nanoTime();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        boolean inDoubt;
        FeedbackStore.StatedUser previous;

        private Job(List<FeedbackStore.Rating> ratings, List<FeedbackStore.Event> events, String postId, FeedbackStore.StatedUser user) {
            this.ratings = ratings;
            this.events = events;
            this.postId = postId;
            this.user = user;
        }

        static Job ratings(List<FeedbackStore.Rating> ratings, String postId) {
            return new Job(ratings, null, postId, null);
        }

        static Job events(List<FeedbackStore.Event> events, String postId) {
            return new Job(null, events, postId, null);
        }

        static Job user(FeedbackStore.StatedUser u) {
            return new Job(null, null, null, u);
        }

        /** The table a post's rows go to (null for a statement). */
        String table() {
            return ratings != null ? "collab4j_ratings" : events != null ? "collab4j_events" : null;
        }

        long ageMs() {
            return (System.nanoTime() - arrived) / 1_000_000;
        }
    }

    private static final Job STOP = new Job(null, null, null, null);

    private final StoreConnections db;
    private final AtomicLong count;
    private final AtomicLong eventCount;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(4096);
    /** Writes refused while in doubt: undone (if they did commit) before anything else is written. */
    private final List<Job> undo = new ArrayList<>();
    private final Thread thread;
    private volatile String problem;
    volatile Faults faults = Faults.NONE;

    StoreWriter(StoreConnections db, AtomicLong count, AtomicLong eventCount) {
        this.db = db;
        this.count = count;
        this.eventCount = eventCount;
        this.thread = new Thread(this::loop, "collab4j-feedback-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    String problem() {
        return problem;
    }

    boolean offer(Job job) throws InterruptedException {
        return queue.offer(job, 1, TimeUnit.SECONDS);
    }

    void stop() {
        if (!thread.isAlive()) return;
        try {
            queue.put(STOP);
            thread.join(IN_DOUBT_DEADLINE_MS + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One write of the heartbeat row in its own transaction; the fault when it fails, else null. Not while the thread runs. */
    StoreFault probe() {
        Connection c = null;
        try {
            c = db.writer();
            heartbeat(c);
            return null;
        } catch (SQLException e) {
            return StoreFault.of(e);
        } finally {
            if (c != null) db.release(c);
        }
    }

    private void loop() {
        try {
            while (true) {
                Job first = problem != null || !undo.isEmpty() ? queue.poll(PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS) : queue.take();
                if (first == null) {
                    heal();
                    continue;
                }
                if (first == STOP) return;
                List<Job> pending = new ArrayList<>();
                pending.add(first);
                if (!process(pending)) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the feedback writer stopped: {}", e.toString());
            throw e;
        }
    }

    /** Stores {@code pending} (and whatever arrives while it retries); false when asked to stop meanwhile. */
    private boolean process(List<Job> pending) throws InterruptedException {
        boolean running = drain(pending);
        boolean oneByOne = false;
        long backoff = FIRST_BACKOFF_MS;
        while (!pending.isEmpty()) {
            StoreFault fault = null;
            Connection c = null;
            try {
                c = db.writer();
                undoRefused(c);
                resolveInDoubt(c, pending);
                if (oneByOne) {
                    for (Iterator<Job> it = pending.iterator(); it.hasNext(); ) {
                        Job j = it.next();
                        try {
                            write(c, List.of(j));
                            it.remove();
                        } catch (SQLException e) {
                            if (StoreFault.of(e).kind() != StoreFault.Kind.DATA) throw e;
                            it.remove();
                            j.done.completeExceptionally(FeedbackStore.StoreException.refused(StoreFault.of(e).description()));
                        }
                    }
                } else if (!pending.isEmpty()) {
                    write(c, pending);
                    pending.clear();
                }
                healthy();
            } catch (SQLException e) {
                fault = StoreFault.of(e);
                if (fault.kind() == StoreFault.Kind.DATA) oneByOne = true;
                else failing(fault);
            } finally {
                if (c != null) db.release(c);
            }
            if (fault == null || pending.isEmpty()) continue;
            expire(pending, fault);
            running &= drain(pending);
            if (!pending.isEmpty() && fault.kind() != StoreFault.Kind.DATA) {
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
        return running;
    }

    /** Takes in what is queued, up to a group; false when a stop was among it. */
    private boolean drain(List<Job> pending) {
        List<Job> more = new ArrayList<>();
        queue.drainTo(more, Math.max(0, MAX_GROUP - pending.size()));
        boolean stop = more.remove(STOP);
        pending.addAll(more);
        return !stop;
    }

    /** Refuses the writes that have waited too long; one in doubt is refused later, and undone if it did commit. */
    private void expire(List<Job> pending, StoreFault fault) {
        for (Iterator<Job> it = pending.iterator(); it.hasNext(); ) {
            Job j = it.next();
            if (j.inDoubt ? j.ageMs() < IN_DOUBT_DEADLINE_MS : j.ageMs() < WRITE_DEADLINE_MS) continue;
            it.remove();
            if (j.inDoubt) undo.add(j);
            j.done.completeExceptionally(FeedbackStore.StoreException.refused(fault.description()));
        }
    }

    /** One transaction holding every write of {@code jobs}. */
    private void write(Connection c, List<Job> jobs) throws SQLException {
        boolean committing = false;
        db.begin(c);
        try {
            long now = System.currentTimeMillis() / 1000;
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO collab4j_ratings"
                    + " (user_id, item_id, rating, rated_at, received_at, post_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Job j : jobs) {
                    if (j.ratings == null) continue;
                    for (FeedbackStore.Rating r : j.ratings) {
                        ps.setString(1, r.user());
                        ps.setString(2, r.item());
                        ps.setFloat(3, r.value());
                        ps.setLong(4, r.time());
                        ps.setLong(5, now);
                        ps.setString(6, j.postId);
                        ps.addBatch();
                        n++;
                    }
                }
                if (n > 0) ps.executeBatch();
            }
            int e = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO collab4j_events"
                    + " (user_id, item_id, weight, event_at, received_at, post_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Job j : jobs) {
                    if (j.events == null) continue;
                    for (FeedbackStore.Event ev : j.events) {
                        ps.setString(1, ev.user());
                        ps.setString(2, ev.item());
                        ps.setFloat(3, ev.weight());
                        ps.setLong(4, ev.time());
                        ps.setLong(5, now);
                        ps.setString(6, j.postId);
                        ps.addBatch();
                        e++;
                    }
                }
                if (e > 0) ps.executeBatch();
            }
            for (Job j : jobs) if (j.user != null) j.previous = replaceUser(c, j.user);
            if (db.postgres && (n > 0 || e > 0 || jobs.stream().anyMatch(j -> j.user != null)))
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("NOTIFY " + CHANNEL); // delivered at commit, not at all on a rollback
                }
            committing = true;
            faults.beforeCommit(c);
            db.commit(c);
            count.addAndGet(n);
            eventCount.addAndGet(e);
            for (Job j : jobs) j.done.complete(null);
        } catch (SQLException | RuntimeException e) {
            db.rollback(c);
            // a dropped PostgreSQL connection during the commit leaves its outcome unknown; SQLite's failed commit rolled back
            if (committing && e instanceof SQLException s) {
                StoreFault.Kind k = StoreFault.of(s).kind();
                if (k == StoreFault.Kind.UNREACHABLE || k == StoreFault.Kind.OTHER && db.postgres) for (Job j : jobs) j.inDoubt = true;
            }
            throw e;
        }
    }

    /** Replaces a user's statement; returns the one it replaced (null when none). */
    private static FeedbackStore.StatedUser replaceUser(Connection c, FeedbackStore.StatedUser u) throws SQLException {
        FeedbackStore.StatedUser before = readUser(c, u.user());
        try (PreparedStatement del = c.prepareStatement("DELETE FROM collab4j_users WHERE user_id = ?")) {
            del.setString(1, u.user());
            del.executeUpdate();
        }
        insertUser(c, u);
        return before;
    }

    private static void insertUser(Connection c, FeedbackStore.StatedUser u) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO collab4j_users"
                + " (user_id, genres, created_at, gender, age, occupation, zip) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, u.user());
            ins.setString(2, String.join(FeedbackStore.GENRE_SEPARATOR, u.genres()));
            ins.setLong(3, u.createdAt());
            ins.setString(4, u.gender());
            if (u.age() > 0) ins.setInt(5, u.age());
            else ins.setNull(5, Types.INTEGER);
            ins.setString(6, u.occupation());
            ins.setString(7, u.zip());
            ins.executeUpdate();
        }
    }

    private static FeedbackStore.StatedUser readUser(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_id, genres, gender, age, occupation, zip, created_at FROM collab4j_users WHERE user_id = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? statedUser(rs) : null;
            }
        }
    }

    static FeedbackStore.StatedUser statedUser(ResultSet rs) throws SQLException {
        String g = rs.getString(2);
        List<String> genres = g == null || g.isEmpty() ? List.of() : List.of(SEPARATOR.split(g));
        return new FeedbackStore.StatedUser(rs.getString(1), genres, rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                rs.getLong(7));
    }

    /** Looks up the writes whose commit was in doubt: those stored are done; the others are written again. */
    private void resolveInDoubt(Connection c, List<Job> pending) throws SQLException {
        for (Iterator<Job> it = pending.iterator(); it.hasNext(); ) {
            Job j = it.next();
            if (!j.inDoubt) continue;
            if (stored(c, j)) {
                it.remove();
                if (j.ratings != null) count.addAndGet(j.ratings.size());
                if (j.events != null) eventCount.addAndGet(j.events.size());
                j.done.complete(null);
            } else {
                j.inDoubt = false;
            }
        }
    }

    private boolean stored(Connection c, Job j) throws SQLException {
        faults.beforeLookup(c);
        if (j.user != null) return j.user.equals(readUser(c, j.user.user()));
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + j.table() + " WHERE post_id = ?")) {
            ps.setString(1, j.postId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** Undoes, in one transaction, every refused write that may have committed after all. */
    private void undoRefused(Connection c) throws SQLException {
        if (undo.isEmpty()) return;
        faults.beforeLookup(c);
        db.begin(c);
        try {
            for (Job j : undo) {
                if (j.table() != null) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + j.table() + " WHERE post_id = ?")) {
                        ps.setString(1, j.postId);
                        ps.executeUpdate();
                    }
                } else if (j.user.equals(readUser(c, j.user.user()))) {
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM collab4j_users WHERE user_id = ?")) {
                        del.setString(1, j.user.user());
                        del.executeUpdate();
                    }
                    if (j.previous != null) insertUser(c, j.previous);
                }
            }
            db.commit(c);
        } catch (SQLException | RuntimeException e) {
            db.rollback(c);
            throw e;
        }
        LOG.info("undid {} write(s) whose commit was in doubt and that were refused", undo.size());
        undo.clear();
    }

    private void heartbeat(Connection c) throws SQLException {
        db.begin(c);
        try (PreparedStatement ps = c.prepareStatement("UPDATE collab4j_heartbeat SET at = ? WHERE id = 1")) {
            ps.setLong(1, System.currentTimeMillis() / 1000);
            ps.executeUpdate();
            faults.beforeCommit(c);
            db.commit(c);
        } catch (SQLException | RuntimeException e) {
            db.rollback(c);
            throw e;
        }
    }

    /** While writes fail and none is waiting: undo what must be undone, then see whether a write works. */
    private void heal() {
        Connection c = null;
        try {
            c = db.writer();
            undoRefused(c);
            heartbeat(c);
            healthy();
        } catch (SQLException e) {
            failing(StoreFault.of(e));
        } finally {
            if (c != null) db.release(c);
        }
    }

    private void failing(StoreFault fault) {
        String p = "writes to the feedback database fail: " + fault.description();
        if (!p.equals(problem)) LOG.warn("{}; posts are answered 503 and nothing of them is stored until writes work again", p);
        problem = p;
    }

    private void healthy() {
        if (problem != null && undo.isEmpty()) {
            problem = null;
            LOG.warn("writes to the feedback database work again");
        }
    }
}
