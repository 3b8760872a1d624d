package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several servers on one database: what one stores, the others fold in within a second; a server
 * killed with -9 loses nothing it acknowledged, and the survivors and a restarted one converge.
 */
class MultiServerTest {
    @TempDir
    Path dir;

    static String items(JsonNode reply) {
        List<String> out = new ArrayList<>();
        for (JsonNode it : reply.get("items")) out.add(it.get("item").asText());
        return String.join(",", out);
    }

    /** Polls {@code path} on {@code http} until it answers 200 with the expected list, and returns the milliseconds it took. */
    static long waitFor(Http http, String path, String expected, long startNanos) throws InterruptedException {
        while (true) {
            Http.Reply r = http.get(path);
            if (r.status() == 200 && (expected == null || items(r.json()).equals(expected))) return (System.nanoTime() - startNanos) / 1_000_000;
            if (System.nanoTime() - startNanos > 10_000_000_000L) throw new AssertionError(path + " did not converge: " + r.status() + " " + r.body());
            Thread.sleep(10);
        }
    }

    void twoServersConverge(String db) throws Exception {
        TrainedModel model = TestModels.small(60, 7);
        Path file = TestModels.write(model, dir.resolve("model.c4j"));
        String user = "multi-" + System.nanoTime();
        try (Server a = Server.start(new ServerConfig(file, "127.0.0.1", 0, db, null));
             Server b = Server.start(new ServerConfig(file, "127.0.0.1", 0, db, null))) {
            Http ha = new Http(a.port()), hb = new Http(b.port());
            assertThat(hb.get("/v1/users/" + user + "/recommendations").status()).isEqualTo(404);
            Http.Reply posted = ha.post("/v1/users/" + user + "/ratings", "[{\"item\":\"17\",\"rating\":5},{\"item\":\"19\",\"rating\":4.5}]");
            assertThat(posted.status()).as(posted.body()).isEqualTo(200);
            long t0 = System.nanoTime(); // from the acknowledgement
            String onA = items(ha.get("/v1/users/" + user + "/recommendations?n=5").json());
            long ms = waitFor(hb, "/v1/users/" + user + "/recommendations?n=5", onA, t0);
            assertThat(ms).as("folded in by the other server").isLessThan(1_000);
            // a later rating moves B's list as it moved A's
            assertThat(hb.post("/v1/users/" + user + "/ratings", "[{\"item\":\"1\",\"rating\":1}]").status()).isEqualTo(200);
            t0 = System.nanoTime();
            String onB = items(hb.get("/v1/users/" + user + "/recommendations?n=5").json());
            assertThat(waitFor(ha, "/v1/users/" + user + "/recommendations?n=5", onB, t0)).isLessThan(1_000);
            // a user onboarded on one server is known to the other
            String stated = user + "-stated";
            assertThat(ha.post("/v1/users", "{\"id\":\"" + stated + "\",\"genres\":[\"Sci-Fi\"]}").status()).isEqualTo(201);
            t0 = System.nanoTime();
            assertThat(waitFor(hb, "/v1/users/" + stated + "/recommendations?n=5", null, t0)).isLessThan(1_000);
            // each says which model it serves, the same file
            JsonNode healthA = ha.get("/health").json(), healthB = hb.get("/health").json();
            assertThat(healthA.get("model_sha256").asText()).hasSize(64).isEqualTo(healthB.get("model_sha256").asText());
            assertThat(healthA.get("instance").asText()).isNotEqualTo(healthB.get("instance").asText());
            assertThat(healthB.get("stored_ratings").asLong()).isEqualTo(healthA.get("stored_ratings").asLong());
        }
    }

    @Test
    void twoServersOnOneSqliteFileConverge() throws Exception {
        twoServersConverge("jdbc:sqlite:" + dir.resolve("shared.db"));
    }

    @Test
    void twoServersOnOnePostgresqlConverge() throws Exception {
        String url = System.getenv("COLLAB4J_TEST_PG_URL");
        Assumptions.assumeTrue(url != null, "PostgreSQL not started (COLLAB4J_TEST_PG_URL unset)");
        twoServersConverge(url);
    }

    @Test
    void serversStartedTogetherOnAnEmptyPostgresqlEachMigrateIt() throws Exception {
        String url = System.getenv("COLLAB4J_TEST_PG_URL");
        Assumptions.assumeTrue(url != null, "PostgreSQL not started (COLLAB4J_TEST_PG_URL unset)");
        String schema = "c4j_race_" + Long.toString(System.nanoTime(), 36);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String fresh = url + "&currentSchema=" + schema;
        int n = 4;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(n);
        List<java.util.concurrent.Future<FeedbackStore>> opened = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) opened.add(pool.submit(() -> {
                together.await();
                return FeedbackStore.openForWriting(fresh);
            }));
            for (java.util.concurrent.Future<FeedbackStore> f : opened) f.get().close(); // none failed with a duplicate-key error
        } finally {
            pool.shutdownNow();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Test
    void aServerKilledMidWayLosesNothingItAcknowledgedAndTheOthersConverge() throws Exception {
        String url = System.getenv("COLLAB4J_TEST_PG_URL");
        String db = url != null ? url : "jdbc:sqlite:" + dir.resolve("kill.db");
        TrainedModel model = TestModels.small(60, 7);
        Path file = TestModels.write(model, dir.resolve("model.c4j"));
        String prefix = "k" + System.nanoTime() + "-";
        Process child = ChildServer.start(file, db);
        int childPort = ChildServer.port(child);
        List<String> acked = new ArrayList<>();
        try (Server b = Server.start(new ServerConfig(file, "127.0.0.1", 0, db, null))) {
            Http ha = new Http(childPort), hb = new Http(b.port());
            for (int i = 0; i < 40; i++) {
                String user = prefix + i;
                if (ha.post("/v1/users/" + user + "/ratings", "[{\"item\":\"" + (1 + i % 30) + "\",\"rating\":4}]").status() == 200) acked.add(user);
            }
            child.destroyForcibly(); // kill -9
            child.waitFor(10, TimeUnit.SECONDS);
            assertThat(acked).hasSize(40);
            long t0 = System.nanoTime();
            for (String user : acked) waitFor(hb, "/v1/users/" + user + "/recommendations?n=3", null, t0);
            // the killed server comes back and has them all, from the database
            Process again = ChildServer.start(file, db);
            try {
                Http restarted = new Http(ChildServer.port(again));
                for (String user : acked) assertThat(restarted.get("/v1/users/" + user + "/ratings").json().get("ratings")).hasSize(1);
                for (String user : acked)
                    assertThat(items(restarted.get("/v1/users/" + user + "/recommendations?n=3").json()))
                            .isEqualTo(items(hb.get("/v1/users/" + user + "/recommendations?n=3").json()));
            } finally {
                again.destroyForcibly();
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
