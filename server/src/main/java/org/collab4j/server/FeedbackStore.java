package org.collab4j.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The feedback database: every rating posted to the server, kept durably in SQLite (WAL
 * journal, {@code synchronous=FULL}) or PostgreSQL, with the same schema, created or migrated
 * when the store opens.
 *
 * <p>{@link #append} returns only after the transaction holding the ratings has committed, so an
 * acknowledged rating survives a crash of the server. Appends from many threads are grouped by
 * one writer thread into a single transaction (group commit): one fsync serves every post that
 * arrived while the previous commit was in flight. SQL goes through prepared statements only.
 */
public final class FeedbackStore implements AutoCloseable {
    /** The schema version this code writes; a newer one in the database is refused. */
    public static final int SCHEMA_VERSION = 3;
    private static final int MAX_GROUP = 256;

    /** One stored rating: external ids, the value, and when it was given (epoch seconds). */
    public record Rating(String user, String item, float value, long time) {
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
    private final boolean postgres;
    private final Connection writer;
    private final Connection reader;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(4096);
    private final Thread writerThread;
    private final AtomicLong count = new AtomicLong();
    private volatile boolean closed;

    private record Pending(List<Rating> ratings, CompletableFuture<Void> done) {
    }

    private FeedbackStore(String url, Properties props) throws SQLException {
        this.url = url;
        this.postgres = url.startsWith("jdbc:postgresql:");
        if (!postgres && !url.startsWith("jdbc:sqlite:"))
            throw new IllegalArgumentException("--db must be a jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB URL, got '" + redact(url) + "'");
        this.writer = connect(url, props);
        try {
            migrate(writer);
            this.reader = connect(url, props);
        } catch (SQLException | RuntimeException e) {
            writer.close();
            throw e;
        }
        try (Statement st = reader.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM collab4j_ratings")) {
            rs.next();
            count.set(rs.getLong(1));
        }
        writer.setAutoCommit(false);
        writerThread = new Thread(this::writeLoop, "collab4j-feedback-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /**
     * Opens (creating or migrating) the store at a JDBC URL. A password for PostgreSQL may come
     * from the environment variable {@code COLLAB4J_DB_PASSWORD}, so it need not be on a command line.
     */
    public static FeedbackStore open(String url) {
        Properties props = new Properties();
        String pw = System.getenv("COLLAB4J_DB_PASSWORD");
        if (pw != null && url.startsWith("jdbc:postgresql:")) props.setProperty("password", pw);
        try {
            return new FeedbackStore(url, props);
        } catch (SQLException e) {
            throw new StoreException("cannot open the feedback database " + redact(url) + ": " + e.getMessage(), e);
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
        return postgres ? "postgresql" : "sqlite";
    }

    private Connection connect(String url, Properties props) throws SQLException {
        Connection c = DriverManager.getConnection(url, props);
        if (!postgres) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=10000");
            }
        }
        return c;
    }

    /**
     * Creates the schema or brings an older one up to {@link #SCHEMA_VERSION}, in one transaction
     * (both SQLite and PostgreSQL roll DDL back), so a failed migration leaves the old schema.
     * Version 1: ratings and users with stated genres; version 2: users' demographics.
     */
    private void migrate(Connection c) throws SQLException {
        String id = postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS collab4j_schema (version INTEGER NOT NULL)");
            int version = 0;
            try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM collab4j_schema")) {
                if (rs.next()) version = rs.getInt(1);
            }
            if (version > SCHEMA_VERSION)
                throw new StoreException("the feedback database " + redact(url) + " has schema version " + version
                        + ", newer than this collab4j understands (" + SCHEMA_VERSION + "); use a newer collab4j", null);
            if (version < 1) {
                st.execute("CREATE TABLE IF NOT EXISTS collab4j_ratings (id " + id + ", user_id VARCHAR(128) NOT NULL,"
                        + " item_id VARCHAR(128) NOT NULL, rating REAL NOT NULL, rated_at BIGINT NOT NULL, received_at BIGINT NOT NULL)");
                st.execute("CREATE INDEX IF NOT EXISTS collab4j_ratings_user ON collab4j_ratings (user_id)");
                st.execute("CREATE TABLE IF NOT EXISTS collab4j_users (user_id VARCHAR(128) PRIMARY KEY,"
                        + " genres VARCHAR(4000) NOT NULL, created_at BIGINT NOT NULL)");
            }
            if (version < 2) {
                st.execute("ALTER TABLE collab4j_users ADD COLUMN gender VARCHAR(32)");
                st.execute("ALTER TABLE collab4j_users ADD COLUMN age INTEGER");
                st.execute("ALTER TABLE collab4j_users ADD COLUMN occupation VARCHAR(64)");
            }
            if (version < 3) st.execute("ALTER TABLE collab4j_users ADD COLUMN zip VARCHAR(64)");
            if (version < SCHEMA_VERSION) {
                st.execute("DELETE FROM collab4j_schema");
                st.execute("INSERT INTO collab4j_schema (version) VALUES (" + SCHEMA_VERSION + ")");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the original error says why
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Stores the ratings of one post in one committed transaction (all or nothing); returns
     * after the commit. Concurrent callers share commits.
     */
    public void append(List<Rating> ratings) {
        if (ratings.isEmpty()) return;
        if (closed) throw new StoreException("the feedback database is closed", null);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            queue.put(new Pending(List.copyOf(ratings), done));
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while storing ratings", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof StoreException se ? se : new StoreException("storing ratings failed: " + c.getMessage(), c);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(MAX_GROUP);
        while (true) {
            try {
                Pending first = queue.take();
                if (first.ratings == null) return; // close() marker
                batch.add(first);
                queue.drainTo(batch, MAX_GROUP - 1);
                boolean stop = batch.removeIf(p -> p.ratings == null);
                commit(batch);
                batch.clear();
                if (stop) return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Commits a group in one transaction; if that fails, each post alone, so one bad post fails only itself. */
    private void commit(List<Pending> batch) {
        try {
            insert(batch);
            for (Pending p : batch) p.done.complete(null);
        } catch (SQLException e) {
            if (batch.size() == 1) {
                batch.get(0).done.completeExceptionally(new StoreException("storing ratings failed: " + e.getMessage(), e));
                return;
            }
            for (Pending p : batch) {
                try {
                    insert(List.of(p));
                    p.done.complete(null);
                } catch (SQLException e2) {
                    p.done.completeExceptionally(new StoreException("storing ratings failed: " + e2.getMessage(), e2));
                }
            }
        }
    }

    private void insert(List<Pending> batch) throws SQLException {
        long now = System.currentTimeMillis() / 1000;
        int n = 0;
        try (PreparedStatement ps = writer.prepareStatement(
                "INSERT INTO collab4j_ratings (user_id, item_id, rating, rated_at, received_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Pending p : batch) {
                for (Rating r : p.ratings) {
                    ps.setString(1, r.user());
                    ps.setString(2, r.item());
                    ps.setFloat(3, r.value());
                    ps.setLong(4, r.time());
                    ps.setLong(5, now);
                    ps.addBatch();
                    n++;
                }
            }
            ps.executeBatch();
            writer.commit();
            count.addAndGet(n);
        } catch (SQLException e) {
            try {
                writer.rollback();
            } catch (SQLException ignored) {
                // the connection is broken; the original error says why
            }
            throw e;
        }
    }

    /** Every stored rating in the order it was stored. */
    public void forEach(Consumer<Rating> sink) {
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement(
                    "SELECT user_id, item_id, rating, rated_at FROM collab4j_ratings ORDER BY id")) {
                ps.setFetchSize(10_000);
                boolean auto = reader.getAutoCommit();
                if (postgres) reader.setAutoCommit(false); // PostgreSQL streams only inside a transaction
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(new Rating(rs.getString(1), rs.getString(2), rs.getFloat(3), rs.getLong(4)));
                } finally {
                    if (postgres) {
                        reader.commit();
                        reader.setAutoCommit(auto);
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("reading the feedback database failed: " + e.getMessage(), e);
            }
        }
    }

    /** The stored ratings of one user, oldest first. */
    public List<Rating> ratingsOf(String user) {
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement(
                    "SELECT user_id, item_id, rating, rated_at FROM collab4j_ratings WHERE user_id = ? ORDER BY id")) {
                ps.setString(1, user);
                List<Rating> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Rating(rs.getString(1), rs.getString(2), rs.getFloat(3), rs.getLong(4)));
                }
                return out;
            } catch (SQLException e) {
                throw new StoreException("reading the feedback database failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Records what a user stated (replacing what they stated before) in one committed transaction;
     * returns after the commit.
     */
    public void saveUser(StatedUser u) {
        synchronized (reader) {
            try {
                reader.setAutoCommit(false);
                try (PreparedStatement del = reader.prepareStatement("DELETE FROM collab4j_users WHERE user_id = ?");
                     PreparedStatement ins = reader.prepareStatement("INSERT INTO collab4j_users"
                             + " (user_id, genres, created_at, gender, age, occupation, zip) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    del.setString(1, u.user());
                    del.executeUpdate();
                    ins.setString(1, u.user());
                    ins.setString(2, String.join(GENRE_SEPARATOR, u.genres()));
                    ins.setLong(3, u.createdAt());
                    ins.setString(4, u.gender());
                    if (u.age() > 0) ins.setInt(5, u.age());
                    else ins.setNull(5, java.sql.Types.INTEGER);
                    ins.setString(6, u.occupation());
                    ins.setString(7, u.zip());
                    ins.executeUpdate();
                    reader.commit();
                } catch (SQLException e) {
                    reader.rollback();
                    throw e;
                } finally {
                    reader.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new StoreException("storing the user failed: " + e.getMessage(), e);
            }
        }
    }

    /** Every user who stated what they like, by id. */
    public List<StatedUser> statedUsers() {
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement(
                    "SELECT user_id, genres, gender, age, occupation, zip, created_at FROM collab4j_users ORDER BY user_id");
                 ResultSet rs = ps.executeQuery()) {
                List<StatedUser> out = new ArrayList<>();
                while (rs.next()) {
                    String g = rs.getString(2);
                    List<String> genres = g == null || g.isEmpty() ? List.of() : List.of(g.split(java.util.regex.Pattern.quote(GENRE_SEPARATOR)));
                    out.add(new StatedUser(rs.getString(1), genres, rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6), rs.getLong(7)));
                }
                return out;
            } catch (SQLException e) {
                throw new StoreException("reading the feedback database failed: " + e.getMessage(), e);
            }
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
        try {
            queue.put(new Pending(null, null));
            writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.close();
        } catch (SQLException ignored) {
            // closing; nothing left to save
        }
        synchronized (reader) {
            try {
                reader.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }

    /** A failure of the feedback database, with a message that names it. */
    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
