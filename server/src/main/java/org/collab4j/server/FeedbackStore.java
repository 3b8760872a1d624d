package org.collab4j.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The feedback database: every rating and event posted to the server, kept durably in SQLite (WAL
 * journal, {@code synchronous=FULL}) or PostgreSQL (through a validating connection pool), with
 * the same schema ({@link StoreSchema}), created or migrated when the store opens.
 *
 * <p>{@link #append} and {@link #saveUser} return only after the transaction holding the write
 * has committed, so an acknowledged write survives a crash of the server; when they throw,
 * nothing of the write is stored. Writes from many threads are grouped by one writer thread into
 * a single transaction (group commit; see {@link StoreWriter}), which retries with backoff while
 * the database is full, read-only, locked or unreachable, and reports that as {@link #problem}
 * until a write (or its own probe) succeeds again. SQL goes through prepared statements only.
 */
public final class FeedbackStore implements AutoCloseable {
    /** The schema version this code writes; a newer one in the database is refused. */
    public static final int SCHEMA_VERSION = StoreSchema.VERSION;

    /** One stored rating: external ids, the value, and when it was given (epoch seconds). */
    public record Rating(String user, String item, float value, long time) {
    }

    /**
     * One stored event of a user with an item (a click, a play, a purchase): its weight (1 for a
     * plain event; a play count, a quantity) and when it happened (epoch seconds). A user's events
     * of the same item add up.
     */
    public record Event(String user, String item, float weight, long time) {
    }

    /**
     * A user who onboarded by stating what they like: genre names (as the model spells them; may be
     * empty for a model that scores users from their demographics) and the demographics they gave
     * ({@code null} / 0 when not given).
     */
    public record StatedUser(String user, List<String> genres, String gender, int age, String occupation, String zip, long createdAt) {
        public StatedUser {
            genres = List.copyOf(genres);
        }
    }

    /** Separates genre names in the {@code genres} column (MovieLens' own separator, never inside a name). */
    static final String GENRE_SEPARATOR = "|";

    private final String url;
    private final Properties props;
    /** This process's mark on the posts it stores: other servers sharing the database fold in rows without it. */
    private final String instance = Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffL | 0x1000000L); // 7 hex digits: post ids fit VARCHAR(40)
    private final StoreConnections db;
    final StoreWriter writer;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong eventCount = new AtomicLong();
    private volatile boolean closed;

    private FeedbackStore(String url, Properties props, boolean mustWrite) throws SQLException {
        this.url = url;
        this.props = props;
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:sqlite:"))
            throw new IllegalArgumentException("--db must be a jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB URL, got '" + redact(url) + "'");
        this.db = StoreConnections.open(url, props);
        try {
            Connection c = db.writer();
            try {
                StoreSchema.migrate(c, db.postgres, redact(url));
            } finally {
                db.release(c);
            }
            count.set(db.read(r -> {
                try (Statement st = r.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM collab4j_ratings")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }));
            eventCount.set(db.read(r -> {
                try (Statement st = r.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM collab4j_events")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }));
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        this.writer = new StoreWriter(db, count, eventCount);
        StoreFault f = mustWrite ? writer.probe() : null;
        if (f != null) {
            db.close();
            throw new StoreException("the feedback database " + redact(url) + " cannot be written: " + f.description()
                    + "; collab4j serve stores every posted rating there: make it writable (the file and its folder), or give --db"
                    + " another database", null);
        }
        writer.start();
    }

    /**
     * Opens (creating or migrating) the store at a JDBC URL. A password for PostgreSQL may come
     * from the environment variable {@code COLLAB4J_DB_PASSWORD}, so it need not be on a command line.
     */
    public static FeedbackStore open(String url) {
        return open(url, false);
    }

    /**
     * As {@link #open}, then one write to see that the database takes writes: a store that
     * cannot be written (a read-only file or database) is refused here, with a message saying so.
     */
    public static FeedbackStore openForWriting(String url) {
        return open(url, true);
    }

    private static FeedbackStore open(String url, boolean mustWrite) {
        Properties props = new Properties();
        String pw = System.getenv("COLLAB4J_DB_PASSWORD");
        if (pw != null && url.startsWith("jdbc:postgresql:")) props.setProperty("password", pw);
        try {
            return new FeedbackStore(url, props, mustWrite);
        } catch (SQLException e) {
            StoreFault f = StoreFault.of(e);
            throw new StoreException("cannot open the feedback database " + redact(url) + ": " + f.description()
                    + (f.kind() == StoreFault.Kind.READ_ONLY ? "; collab4j serve stores every posted rating there: make the file and its"
                    + " folder writable, or give --db another database" : ""), e);
        }
    }

    /** The default database: a SQLite file beside the model file ({@code MODEL.feedback.db}). */
    public static String defaultUrl(Path modelFile) {
        Path abs = modelFile.toAbsolutePath();
        return "jdbc:sqlite:" + abs.resolveSibling(abs.getFileName() + ".feedback.db");
    }

    /** The URL without any password in it, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }

    public String url() {
        return redact(url);
    }

    public String kind() {
        return db.postgres ? "postgresql" : "sqlite";
    }

    /** Why writes fail now (the database is full, read-only, unreachable...), or null while they work. */
    public String problem() {
        return writer.problem();
    }

    /**
     * Stores the ratings of one post in one committed transaction (all or nothing); returns
     * after the commit. Concurrent callers share commits. Throws {@link StoreException} when
     * nothing of the post was stored.
     */
    public void append(List<Rating> ratings) {
        if (ratings.isEmpty()) return;
        submit(StoreWriter.Job.ratings(List.copyOf(ratings), postId()));
    }

    /**
     * Stores the events of one post in one committed transaction (all or nothing); returns after
     * the commit, with the same guarantees as {@link #append}.
     */
    public void appendEvents(List<Event> events) {
        if (events.isEmpty()) return;
        submit(StoreWriter.Job.events(List.copyOf(events), postId()));
    }

    /**
     * Records what a user stated (replacing what they stated before) in one committed transaction;
     * returns after the commit; throws {@link StoreException} when it was not stored.
     */
    public void saveUser(StatedUser u) {
        submit(StoreWriter.Job.user(u));
    }

    private void submit(StoreWriter.Job job) {
        if (closed) throw new StoreException("the feedback database is closed", null);
        try {
            if (!writer.offer(job)) throw StoreException.refused("the feedback database's write queue is full");
            job.done.get(StoreWriter.IN_DOUBT_DEADLINE_MS + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while storing", e);
        } catch (TimeoutException e) {
            throw new StoreException("the feedback database's writer did not answer", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof StoreException se ? se : new StoreException("storing failed: " + c, c);
        }
    }

    /** This process's mark: the first 7 characters of the post id of every rating and event it stores. */
    public String instance() {
        return instance;
    }

    /** A new post's id: this process's mark, a dot, and a random UUID's 32 hex digits (40 characters). */
    private String postId() {
        return instance + "." + UUID.randomUUID().toString().replace("-", "");
    }

    /** A stored rating or event as another server reads it: its row id and the post that stored it. */
    public record Stored<T>(long id, String postId, T value) {
    }

    /** Stored ratings with {@code after < id < before}, by id, at most {@code limit}. */
    public List<Stored<Rating>> ratingsBetween(long after, long before, int limit) {
        return between("SELECT user_id, item_id, rating, rated_at, id, post_id FROM collab4j_ratings", after, before, limit,
                FeedbackStore::rating);
    }

    /** Stored events with {@code after < id < before}, by id, at most {@code limit}. */
    public List<Stored<Event>> eventsBetween(long after, long before, int limit) {
        return between("SELECT user_id, item_id, weight, event_at, id, post_id FROM collab4j_events", after, before, limit,
                FeedbackStore::event);
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<Stored<T>> between(String select, long after, long before, int limit, RowReader<T> reader) {
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(select + " WHERE id > ? AND id < ? ORDER BY id LIMIT ?")) {
                    ps.setLong(1, after);
                    ps.setLong(2, before);
                    ps.setInt(3, limit);
                    List<Stored<T>> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(new Stored<>(rs.getLong(5), rs.getString(6), reader.read(rs)));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw StoreException.read(e);
        }
    }

    /** Users who stated what they like at or after {@code createdAt} (seconds since 1970), by id. */
    public List<StatedUser> statedUsersSince(long createdAt) {
        return statedUsers(" WHERE created_at >= ?", createdAt);
    }

    /** Counts rows other servers stored, so that the counts are the database's. */
    void countStoredElsewhere(long ratings, long events) {
        count.addAndGet(ratings);
        eventCount.addAndGet(events);
    }

    /**
     * A connection of its own that LISTENs to {@code collab4j_feedback}, which every commit of new
     * ratings or events NOTIFYs on PostgreSQL; null for SQLite, where servers poll.
     */
    java.sql.Connection listener() throws SQLException {
        if (!db.postgres) return null;
        java.sql.Connection c = java.sql.DriverManager.getConnection(url, props);
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + StoreWriter.CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Every stored rating in the order it was stored. */
    public void forEach(Consumer<Rating> sink) {
        stream("SELECT user_id, item_id, rating, rated_at FROM collab4j_ratings ORDER BY id", FeedbackStore::rating, sink);
    }

    /** The stored ratings of one user, oldest first. */
    public List<Rating> ratingsOf(String user) {
        return ofUser("SELECT user_id, item_id, rating, rated_at FROM collab4j_ratings WHERE user_id = ? ORDER BY id", user, FeedbackStore::rating);
    }

    /** Every stored event in the order it was stored. */
    public void forEachEvent(Consumer<Event> sink) {
        stream("SELECT user_id, item_id, weight, event_at FROM collab4j_events ORDER BY id", FeedbackStore::event, sink);
    }

    /** The stored events of one user, oldest first (in the order stored). */
    public List<Event> eventsOf(String user) {
        return ofUser("SELECT user_id, item_id, weight, event_at FROM collab4j_events WHERE user_id = ? ORDER BY id", user, FeedbackStore::event);
    }

    private static Rating rating(ResultSet rs) throws SQLException {
        return new Rating(rs.getString(1), rs.getString(2), rs.getFloat(3), rs.getLong(4));
    }

    private static Event event(ResultSet rs) throws SQLException {
        return new Event(rs.getString(1), rs.getString(2), rs.getFloat(3), rs.getLong(4));
    }

    /** Every row of {@code select}, streamed (PostgreSQL streams only inside a transaction). */
    private <T> void stream(String select, RowReader<T> reader, Consumer<T> sink) {
        try {
            db.read(c -> {
                boolean auto = c.getAutoCommit();
                if (db.postgres) c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    ps.setFetchSize(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) sink.accept(reader.read(rs));
                    }
                } finally {
                    if (db.postgres) {
                        c.commit();
                        c.setAutoCommit(auto);
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw StoreException.read(e);
        }
    }

    /** The rows of {@code select} for one user (its one parameter). */
    private <T> List<T> ofUser(String select, String user, RowReader<T> reader) {
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    ps.setString(1, user);
                    List<T> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(reader.read(rs));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw StoreException.read(e);
        }
    }

    /** Number of stored events. */
    public long eventCount() {
        return eventCount.get();
    }

    /** Every user who stated what they like, by id. */
    public List<StatedUser> statedUsers() {
        return statedUsers("", null);
    }

    private List<StatedUser> statedUsers(String where, Long since) {
        try {
            return db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT user_id, genres, gender, age, occupation, zip, created_at FROM collab4j_users" + where + " ORDER BY user_id")) {
                    if (since != null) ps.setLong(1, since);
                    List<StatedUser> out = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(StoreWriter.statedUser(rs));
                    }
                    return out;
                }
            });
        } catch (SQLException e) {
            throw StoreException.read(e);
        }
    }

    /** Number of stored ratings. */
    public long count() {
        return count.get();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        writer.stop();
        db.close();
    }

    /**
     * A failure of the feedback database, with a message that names it (for the log: no row
     * data) and one for the client. A failed write stored nothing.
     */
    public static final class StoreException extends RuntimeException {
        private final String clientMessage;
        private final boolean retry;

        public StoreException(String message, Throwable cause) {
            this(message, cause, "the feedback database is not available; nothing was stored, try again", false);
        }

        StoreException(String message, Throwable cause, String clientMessage, boolean retry) {
            super(message, cause);
            this.clientMessage = clientMessage;
            this.retry = retry;
        }

        static StoreException refused(String why) {
            return new StoreException("write refused: " + why, null,
                    "the feedback database refuses writes now (" + why + "); nothing was stored, try again later", true);
        }

        static StoreException read(SQLException e) {
            return new StoreException("reading the feedback database failed: " + StoreFault.of(e).description(), e,
                    "the feedback database cannot be read now; try again", true);
        }

        /** What the client is told (a 503). */
        public String clientMessage() {
            return clientMessage;
        }

        /** Whether a retry after a short wait may succeed (the reply then carries Retry-After). */
        public boolean retryable() {
            return retry;
        }
    }
}
