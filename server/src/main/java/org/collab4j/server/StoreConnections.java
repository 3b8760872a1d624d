package org.collab4j.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

/**
 * Where the feedback store's connections come from, and how a transaction is begun, committed
 * and rolled back on them.
 *
 * <p>SQLite: one writer connection (the writer thread's alone) and one reader connection, each
 * opened directly and reopened if it breaks. Transactions are explicit {@code BEGIN IMMEDIATE} /
 * {@code COMMIT} / {@code ROLLBACK} statements on a connection left in auto-commit mode: when a
 * {@code COMMIT} fails (a full disk) SQLite may already have rolled back, and the driver's own
 * transaction bookkeeping would then run the next statements outside any transaction; here the
 * next transaction always starts from a known state.
 *
 * <p>PostgreSQL: a HikariCP pool that validates a connection before lending it when it has been
 * idle, evicts broken ones, and gives up on a connection after {@link #BORROW_TIMEOUT_MS}, so
 * that a database that went away is noticed quickly and one that came back is used at once.
 */
abstract class StoreConnections implements AutoCloseable {
    /** Longest wait for a pooled PostgreSQL connection (HikariCP's minimum is 250 ms). */
    static final long BORROW_TIMEOUT_MS = 1000;

    final boolean postgres;

    private StoreConnections(boolean postgres) {
        this.postgres = postgres;
    }

    static StoreConnections open(String url, Properties props) throws SQLException {
        return url.startsWith("jdbc:postgresql:") ? new Pooled(url, props) : new Sqlite(url);
    }

    /** A connection for one write transaction; give it back with {@link #release}. */
    abstract Connection writer() throws SQLException;

    /** Work on a connection. */
    interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    /** Runs a read on a reader connection (for SQLite one at a time, on the one reader). */
    abstract <T> T read(Work<T> work) throws SQLException;

    abstract void release(Connection c);

    abstract void begin(Connection c) throws SQLException;

    abstract void commit(Connection c) throws SQLException;

    /** Rolls back whatever is open (nothing may be: SQLite rolls back by itself on some errors); never throws. */
    abstract void rollback(Connection c);

    @Override
    public abstract void close();

    private static final class Sqlite extends StoreConnections {
        private final String url;
        private Connection writer;
        private Connection reader;
        private final Object readerLock = new Object();

        Sqlite(String url) throws SQLException {
            super(false);
            this.url = url;
            this.writer = connect();
        }

        private Connection connect() throws SQLException {
            Connection c = DriverManager.getConnection(url);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=10000");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        }

        @Override
        Connection writer() throws SQLException {
            if (writer == null || writer.isClosed()) writer = connect();
            return writer;
        }

        @Override
        <T> T read(Work<T> work) throws SQLException {
            synchronized (readerLock) {
                if (reader == null || reader.isClosed()) reader = connect();
                return work.on(reader);
            }
        }

        @Override
        void release(Connection c) {
            // the connections are kept open
        }

        @Override
        void begin(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                try {
                    st.execute("BEGIN IMMEDIATE");
                } catch (SQLException e) { // a transaction left open by a failure: end it, then begin
                    if (e.getMessage() == null || !e.getMessage().contains("within a transaction")) throw e;
                    st.execute("ROLLBACK");
                    st.execute("BEGIN IMMEDIATE");
                }
            }
        }

        @Override
        void commit(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute("COMMIT");
            }
        }

        @Override
        void rollback(Connection c) {
            try (Statement st = c.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // "no transaction is active": SQLite rolled back by itself
            }
        }

        @Override
        public void close() {
            Connection r;
            synchronized (readerLock) {
                r = reader;
            }
            for (Connection c : new Connection[] {writer, r}) {
                try {
                    if (c != null) c.close();
                } catch (SQLException ignored) {
                    // closing; nothing left to save
                }
            }
        }
    }

    private static final class Pooled extends StoreConnections {
        private final HikariDataSource pool;

        Pooled(String url, Properties props) throws SQLException {
            super(true);
            HikariConfig cfg = new HikariConfig();
            cfg.setPoolName("collab4j-feedback");
            cfg.setJdbcUrl(url);
            if (props.getProperty("password") != null) cfg.setPassword(props.getProperty("password"));
            cfg.setMaximumPoolSize(4);
            cfg.setMinimumIdle(1);
            cfg.setConnectionTimeout(BORROW_TIMEOUT_MS);
            cfg.setValidationTimeout(500);
            cfg.setKeepaliveTime(30_000);
            cfg.setInitializationFailTimeout(BORROW_TIMEOUT_MS); // the database must be there at start
            try {
                pool = new HikariDataSource(cfg);
            } catch (HikariPool.PoolInitializationException e) {
                throw e.getCause() instanceof SQLException s ? s : new SQLException("cannot connect", "08001", e);
            }
        }

        @Override
        Connection writer() throws SQLException {
            return pool.getConnection();
        }

        @Override
        <T> T read(Work<T> work) throws SQLException {
            try (Connection c = pool.getConnection()) {
                return work.on(c);
            }
        }

        @Override
        void release(Connection c) {
            try {
                c.close(); // back to the pool (which resets auto-commit)
            } catch (SQLException ignored) {
                // the pool evicts it
            }
        }

        @Override
        void begin(Connection c) throws SQLException {
            c.setAutoCommit(false);
        }

        @Override
        void commit(Connection c) throws SQLException {
            c.commit();
        }

        @Override
        void rollback(Connection c) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // a broken connection: the server rolls back by itself
            }
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
