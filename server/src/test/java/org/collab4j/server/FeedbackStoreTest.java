package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feedback database's schema: stated users round-trip, a version 1 database is migrated in place (to 4), a newer one refused. */
class FeedbackStoreTest {
    @Test
    void statedUsersRoundTripAndAreReplaced(@TempDir Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("f.db");
        try (FeedbackStore store = FeedbackStore.open(url)) {
            store.saveUser(new FeedbackStore.StatedUser("a", List.of("Comedy", "Film-Noir"), "F", 25, "writer", "94305", 100));
            store.saveUser(new FeedbackStore.StatedUser("b", List.of("Drama"), null, 0, null, null, 200));
            store.saveUser(new FeedbackStore.StatedUser("a", List.of("Children's"), null, 0, null, null, 300));
        }
        try (FeedbackStore store = FeedbackStore.open(url)) {
            store.saveUser(new FeedbackStore.StatedUser("c", List.of(), "M", 0, null, "10001", 400)); // demographics alone
        }
        try (FeedbackStore store = FeedbackStore.open(url)) {
            assertThat(store.statedUsers()).containsExactly(
                    new FeedbackStore.StatedUser("a", List.of("Children's"), null, 0, null, null, 300),
                    new FeedbackStore.StatedUser("b", List.of("Drama"), null, 0, null, null, 200),
                    new FeedbackStore.StatedUser("c", List.of(), "M", 0, null, "10001", 400));
        }
    }

    @Test
    void aVersion1DatabaseIsMigratedKeepingItsRows(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) { // the schema as version 1 wrote it
            st.execute("CREATE TABLE collab4j_schema (version INTEGER NOT NULL)");
            st.execute("INSERT INTO collab4j_schema (version) VALUES (1)");
            st.execute("CREATE TABLE collab4j_ratings (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id VARCHAR(128) NOT NULL,"
                    + " item_id VARCHAR(128) NOT NULL, rating REAL NOT NULL, rated_at BIGINT NOT NULL, received_at BIGINT NOT NULL)");
            st.execute("CREATE TABLE collab4j_users (user_id VARCHAR(128) PRIMARY KEY, genres VARCHAR(4000) NOT NULL, created_at BIGINT NOT NULL)");
            st.execute("INSERT INTO collab4j_ratings (user_id, item_id, rating, rated_at, received_at) VALUES ('u', '7', 4, 1, 2)");
            st.execute("INSERT INTO collab4j_users (user_id, genres, created_at) VALUES ('old', 'Drama', 5)");
        }
        try (FeedbackStore store = FeedbackStore.open(url)) {
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.statedUsers()).containsExactly(new FeedbackStore.StatedUser("old", List.of("Drama"), null, 0, null, null, 5));
            store.saveUser(new FeedbackStore.StatedUser("new", List.of("Comedy"), "M", 30, "artist", null, 6));
            assertThat(store.statedUsers()).hasSize(2);
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT MAX(version) FROM collab4j_schema")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(FeedbackStore.SCHEMA_VERSION).isEqualTo(4);
        }
        try (FeedbackStore store = FeedbackStore.open(url)) { // opening again changes nothing
            assertThat(store.statedUsers()).hasSize(2);
        }
    }

    @Test
    void aNewerSchemaIsRefusedUntouched(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("v9.db");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE collab4j_schema (version INTEGER NOT NULL)");
            st.execute("INSERT INTO collab4j_schema (version) VALUES (9)");
        }
        assertThatThrownBy(() -> FeedbackStore.open(url)).hasMessageContaining("schema version 9").hasMessageContaining("newer");
    }
}
