package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The feedback store when its database fails: a commit refused for a full disk stores nothing
 * and the writer recovers by itself; a commit whose outcome is in doubt is looked up, or refused
 * and undone; a database that cannot be written is refused at start. Every 2xx is stored, every
 * 5xx is not, also after a restart. The faults are injected into the JDBC layer here, and made
 * real on a small tmpfs when this test runs as root.
 */
class StoreFaultTest {
    static final String BODY = "[{\"item\":\"1\",\"rating\":4},{\"item\":\"2\",\"rating\":3},{\"item\":\"3\",\"rating\":5}]";

    /** SQLite's own behaviour on a full disk at COMMIT: the transaction is rolled back, and the commit fails. */
    static final StoreWriter.Faults DISK_FULL = new StoreWriter.Faults() {
        @Override
        public void beforeCommit(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute("ROLLBACK");
            }
            throw new SQLiteException("[SQLITE_FULL] database or disk is full", SQLiteErrorCode.SQLITE_FULL);
        }
    };

    static long rows(String dbUrl, String user) throws SQLException {
        return count(dbUrl, "collab4j_ratings", user);
    }

    static long eventRows(String dbUrl, String user) throws SQLException {
        return count(dbUrl, "collab4j_events", user);
    }

    private static long count(String dbUrl, String table, String user) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The transaction commits, and then its answer is lost on the way back (a broken connection). */
    static void commitAndLoseTheAnswer(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("COMMIT");
        }
        throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
    }

    /** The first commit's answer is lost, but its outcome can be looked up; the commits after it succeed. */
    static StoreWriter.Faults firstAnswerLost(AtomicInteger fired) {
        return new StoreWriter.Faults() {
            @Override
            public void beforeCommit(Connection c) throws SQLException {
                if (fired.getAndIncrement() == 0) commitAndLoseTheAnswer(c);
            }
        };
    }

    /** Every commit's answer is lost and the database refuses the lookup: the outcome stays in doubt. */
    static final StoreWriter.Faults IN_DOUBT = new StoreWriter.Faults() {
        @Override
        public void beforeCommit(Connection c) throws SQLException {
            commitAndLoseTheAnswer(c);
        }

        @Override
        public void beforeLookup(Connection c) throws SQLException {
            throw new SQLException("Connection refused", "08001");
        }
    };

    static void awaitHealth(Http http, String status, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end && !http.get("/health").json().get("status").asText().equals(status)) Thread.sleep(50);
        assertThat(http.get("/health").json().get("status").asText()).isEqualTo(status);
    }

    @Test
    void aCommitRefusedForAFullDiskStoresNothingAndTheWriterRecoversByItself(@TempDir Path dir) throws Exception {
        Path model = TestModels.write(TestModels.small(20, 3), dir.resolve("m.c4j"));
        String db = "jdbc:sqlite:" + dir.resolve("f.db");
        ServerConfig cfg = new ServerConfig(model, "127.0.0.1", 0, db, null);
        try (Server s = Server.start(cfg)) {
            Http http = new Http(s.port());
            assertThat(http.post("/v1/users/before/ratings", BODY).status()).isEqualTo(200);
            s.store().writer.faults = DISK_FULL;
            long t0 = System.nanoTime();
            Http.Reply r = http.post("/v1/users/full/ratings", BODY);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat((System.nanoTime() - t0) / 1e6).as("refused within the write deadline").isLessThan(StoreWriter.WRITE_DEADLINE_MS + 2000);
            assertThat(r.json().get("error").asText()).contains("nothing was stored").contains("full");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(http.post("/v1/users", "{\"id\":\"full-stated\",\"genres\":[\"Drama\"]}").status()).isEqualTo(503);
            Http.Reply health = http.get("/health");
            assertThat(health.json().get("status").asText()).isEqualTo("degraded");
            assertThat(health.json().get("reason").asText()).contains("writes to the feedback database fail").contains("full")
                    .contains("SQLITE_FULL");
            assertThat(http.get("/metrics").body()).contains("collab4j_feedback_db_degraded 1");
            assertThat(rows(db, "full")).isZero();
            assertThat(s.store().count()).isEqualTo(3);
            assertThat(s.store().statedUsers()).isEmpty();
            assertThat(http.get("/v1/users/full/recommendations").status()).as("not served from a refused post").isEqualTo(404);
            // space returns: the writer notices by itself (its probe), no post needed
            s.store().writer.faults = StoreWriter.Faults.NONE;
            awaitHealth(http, "ok", 3 * StoreWriter.PROBE_INTERVAL_MS + 2000);
            assertThat(http.get("/health").json().has("reason")).isFalse();
            assertThat(http.post("/v1/users/after/ratings", BODY).status()).isEqualTo(200);
            assertThat(rows(db, "after")).isEqualTo(3); // the connection is transactional again: the whole post, once
            assertThat(http.post("/v1/users", "{\"id\":\"after-stated\",\"genres\":[\"Drama\"]}").status()).isEqualTo(201);
        }
        try (Server s = Server.start(cfg)) { // nothing refused is replayed
            Http http = new Http(s.port());
            assertThat(http.get("/v1/users/full/recommendations").status()).isEqualTo(404);
            assertThat(http.get("/v1/users/full-stated/recommendations").status()).isEqualTo(404);
            assertThat(http.get("/v1/users/after/ratings").json().get("ratings")).hasSize(3);
            assertThat(s.store().count()).isEqualTo(6);
        }
    }

    @Test
    void aCommitWhoseAnswerWasLostIsLookedUpAndStoredOnce(@TempDir Path dir) throws Exception {
        Path model = TestModels.write(TestModels.small(20, 3), dir.resolve("m.c4j"));
        String db = "jdbc:sqlite:" + dir.resolve("f.db");
        try (Server s = Server.start(new ServerConfig(model, "127.0.0.1", 0, db, null))) {
            AtomicInteger fired = new AtomicInteger();
            s.store().writer.faults = firstAnswerLost(fired);
            Http.Reply r = new Http(s.port()).post("/v1/users/doubt/ratings", BODY);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(fired.get()).isEqualTo(1);
            assertThat(rows(db, "doubt")).as("stored once, not written again").isEqualTo(3);
            assertThat(s.store().count()).isEqualTo(3);
        }
    }

    @Test
    void aCommitInDoubtPastItsDeadlineIsRefusedThenUndone(@TempDir Path dir) throws Exception {
        Path model = TestModels.write(TestModels.small(20, 3), dir.resolve("m.c4j"));
        String db = "jdbc:sqlite:" + dir.resolve("f.db");
        ServerConfig cfg = new ServerConfig(model, "127.0.0.1", 0, db, null);
        try (Server s = Server.start(cfg)) {
            Http http = new Http(s.port());
            s.store().writer.faults = IN_DOUBT;
            Http.Reply r = http.post("/v1/users/lost/ratings", BODY);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.json().get("error").asText()).contains("nothing was stored");
            assertThat(rows(db, "lost")).as("committed, to be undone").isEqualTo(3);
            assertThat(http.get("/health").json().get("status").asText()).isEqualTo("degraded");
            s.store().writer.faults = StoreWriter.Faults.NONE; // the database is back: the refused post is undone first
            awaitHealth(http, "ok", 3 * StoreWriter.PROBE_INTERVAL_MS + 2000);
            assertThat(rows(db, "lost")).isZero();
            assertThat(http.post("/v1/users/next/ratings", BODY).status()).isEqualTo(200);
        }
        try (Server s = Server.start(cfg)) {
            assertThat(new Http(s.port()).get("/v1/users/lost/recommendations").status()).isEqualTo(404);
            assertThat(s.store().count()).isEqualTo(3);
        }
    }

    static final String EVENTS = "[{\"item\":\"1\"},{\"item\":\"2\",\"weight\":2},{\"item\":\"3\"}]";

    @Test
    void eventsHaveTheRatingsGuaranteesAFullDiskStoresNothingAndACommitInDoubtIsUndone(@TempDir Path dir) throws Exception {
        Path model = TestModels.write(TestModels.implicitSmall(20, 3), dir.resolve("m.c4j"));
        String db = "jdbc:sqlite:" + dir.resolve("f.db");
        ServerConfig cfg = new ServerConfig(model, "127.0.0.1", 0, db, null);
        try (Server s = Server.start(cfg)) {
            Http http = new Http(s.port());
            assertThat(http.post("/v1/users/before/events", EVENTS).status()).isEqualTo(200);
            s.store().writer.faults = DISK_FULL;
            Http.Reply r = http.post("/v1/users/full/events", EVENTS);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.json().get("error").asText()).contains("nothing was stored").contains("full");
            assertThat(eventRows(db, "full")).isZero();
            assertThat(http.get("/v1/users/full/recommendations").status()).as("not served from a refused post").isEqualTo(404);
            // a commit that happened but whose answer was lost, and that cannot be looked up before its deadline: refused, then undone
            s.store().writer.faults = IN_DOUBT;
            Http.Reply lost = http.post("/v1/users/lost/events", EVENTS);
            assertThat(lost.status()).as(lost.body()).isEqualTo(503);
            assertThat(eventRows(db, "lost")).as("committed, to be undone").isEqualTo(3);
            s.store().writer.faults = StoreWriter.Faults.NONE;
            awaitHealth(http, "ok", 3 * StoreWriter.PROBE_INTERVAL_MS + 2000);
            assertThat(eventRows(db, "lost")).isZero();
            assertThat(http.get("/v1/users/lost/recommendations").status()).isEqualTo(404);
            // a commit whose answer was lost but that can be looked up: acknowledged, stored once
            AtomicInteger fired = new AtomicInteger();
            s.store().writer.faults = firstAnswerLost(fired);
            assertThat(http.post("/v1/users/doubt/events", EVENTS).status()).isEqualTo(200);
            assertThat(eventRows(db, "doubt")).as("stored once, not written again").isEqualTo(3);
            assertThat(s.store().eventCount()).isEqualTo(6);
        }
        try (Server s = Server.start(cfg)) { // nothing refused is replayed
            Http http = new Http(s.port());
            assertThat(http.get("/v1/users/full/recommendations").status()).isEqualTo(404);
            assertThat(http.get("/v1/users/lost/recommendations").status()).isEqualTo(404);
            assertThat(http.get("/v1/users/doubt/events").json().get("events")).hasSize(3);
            assertThat(s.store().eventCount()).isEqualTo(6);
        }
    }

    @Test
    void aDatabaseThatCannotBeWrittenIsRefusedAtStart(@TempDir Path dir) throws Exception {
        Path model = TestModels.write(TestModels.small(20, 3), dir.resolve("m.c4j"));
        Path file = dir.resolve("ro.db");
        FeedbackStore.open("jdbc:sqlite:" + file).close();
        String readOnly = "jdbc:sqlite:file:" + file + "?mode=ro";
        assertThatThrownBy(() -> Server.start(new ServerConfig(model, "127.0.0.1", 0, readOnly, null)))
                .isInstanceOf(FeedbackStore.StoreException.class)
                .hasMessageContaining("cannot be written").hasMessageContaining("read-only").hasMessageContaining("--db");
        try (FeedbackStore store = FeedbackStore.open(readOnly)) { // reading it (train --feedback) still works
            assertThat(store.count()).isZero();
        }
    }

    /**
     * A real full disk: a 4 MiB tmpfs holding the database, filled by another file until SQLite's
     * commits fail; then the filler is removed. Skipped (with a message) where mounting is not
     * allowed; bench/server/disk-full.sh runs the same check as a script with figures.
     */
    @Test
    void aRealFullTmpfsLosesNothingAcknowledgedAndStoresNothingRefused(@TempDir Path dir) throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("fs"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt.toString()).redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes()).trim();
        if (mount.waitFor() != 0) {
            System.err.println("StoreFaultTest: SKIPPED the real full-disk check: cannot mount a tmpfs here (" + why + ")");
            Assumptions.abort("cannot mount a tmpfs: " + why);
        }
        try {
            Path model = TestModels.write(TestModels.small(20, 3), dir.resolve("m.c4j"));
            String db = "jdbc:sqlite:" + mnt.resolve("f.db");
            ServerConfig cfg = new ServerConfig(model, "127.0.0.1", 0, db, null);
            List<String> acked = new ArrayList<>(), refused = new ArrayList<>();
            Path filler = mnt.resolve("filler");
            try (Server s = Server.start(cfg)) {
                Http http = new Http(s.port());
                for (int k = 0; k < 20; k++) post(http, "warm-" + k, acked, refused);
                fill(filler);
                for (int k = 0; k < 2000 && refused.size() < 3; k++) post(http, "full-" + k, acked, refused);
                assertThat(refused).as("commits fail once the disk is full").isNotEmpty();
                assertThat(http.get("/health").json().get("status").asText()).isEqualTo("degraded");
                Files.delete(filler);
                long t0 = System.nanoTime();
                int ok = 0;
                for (int k = 0; k < 200 && ok == 0; k++) {
                    ok = post(http, "back-" + k, acked, refused) ? 1 : 0;
                    if (ok == 0) Thread.sleep(100);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertThat(ok).isEqualTo(1);
                assertThat(seconds).as("accepting writes again after space returned").isLessThan(5);
                awaitHealth(http, "ok", 2000);
            }
            try (Server s = Server.start(cfg)) {
                for (String u : acked) assertThat(rows(db, u)).as("acknowledged %s", u).isEqualTo(3);
                for (String u : refused) assertThat(rows(db, u)).as("refused %s", u).isZero();
                assertThat(s.store().count()).isEqualTo(3L * acked.size());
            }
        } finally {
            new ProcessBuilder("umount", "-l", mnt.toString()).start().waitFor();
        }
    }

    private static boolean post(Http http, String user, List<String> acked, List<String> refused) {
        Http.Reply r = http.post("/v1/users/" + user + "/ratings", BODY);
        if (r.status() == 200) acked.add(user);
        else if (r.status() == 503) refused.add(user);
        else throw new AssertionError("unexpected " + r.status() + " " + r.body());
        return r.status() == 200;
    }

    /** Writes to {@code file} until the file system is full. */
    static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) out.write(block);
        } catch (IOException e) {
            // No space left on device: full
        }
    }
}
