package org.collab4j.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The feedback database's schema, created or brought up to {@link #VERSION} in one transaction
 * (both SQLite and PostgreSQL roll DDL back), so a failed migration leaves the old schema.
 * Version 1: ratings and users with stated genres; 2: users' demographics; 3: zip; 4: each
 * rating row names the post that stored it ({@code post_id}), so the outcome of a commit whose
 * answer was lost can be looked up, and a one-row table the store writes to see whether writes work again;
 * 5: events (clicks, plays, purchases) for models of implicit feedback, each row naming its post as ratings do.
 */
final class StoreSchema {
    /** The schema version this code writes; a newer one in the database is refused. */
    static final int VERSION = 5;
    /** The PostgreSQL advisory lock a migration holds until it commits ("c4j" in ASCII). */
    static final long MIGRATION_LOCK = 0x63346aL;

    private StoreSchema() {
    }

    static void migrate(Connection c, boolean postgres, String redactedUrl) throws SQLException {
        String id = postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            // servers started together on one PostgreSQL migrate one after the other: CREATE TABLE IF NOT
            // EXISTS in two transactions at once fails in the second with a unique violation (SQLState 23505)
            if (postgres) st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            st.execute("CREATE TABLE IF NOT EXISTS collab4j_schema (version INTEGER NOT NULL)");
            int version = 0;
            try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM collab4j_schema")) {
                if (rs.next()) version = rs.getInt(1);
            }
            if (version > VERSION)
                throw new FeedbackStore.StoreException("the feedback database " + redactedUrl + " has schema version " + version
                        + ", newer than this collab4j understands (" + VERSION + "); use a newer collab4j", null);
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
            if (version < 4) {
                st.execute("ALTER TABLE collab4j_ratings ADD COLUMN post_id VARCHAR(40)");
                st.execute("CREATE INDEX IF NOT EXISTS collab4j_ratings_post ON collab4j_ratings (post_id)");
                st.execute("CREATE TABLE IF NOT EXISTS collab4j_heartbeat (id INTEGER PRIMARY KEY, at BIGINT NOT NULL)");
                st.execute("INSERT INTO collab4j_heartbeat (id, at) VALUES (1, 0)");
            }
            if (version < 5) {
                st.execute("CREATE TABLE IF NOT EXISTS collab4j_events (id " + id + ", user_id VARCHAR(128) NOT NULL,"
                        + " item_id VARCHAR(128) NOT NULL, weight REAL NOT NULL, event_at BIGINT NOT NULL, received_at BIGINT NOT NULL,"
                        + " post_id VARCHAR(40))");
                st.execute("CREATE INDEX IF NOT EXISTS collab4j_events_user ON collab4j_events (user_id)");
                st.execute("CREATE INDEX IF NOT EXISTS collab4j_events_post ON collab4j_events (post_id)");
            }
            if (version < VERSION) {
                st.execute("DELETE FROM collab4j_schema");
                st.execute("INSERT INTO collab4j_schema (version) VALUES (" + VERSION + ")");
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
            c.setAutoCommit(auto);
        }
    }
}
