package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swapping models while clients keep asking: no request fails, and the new model is served after. */
class ReloadUnderLoadTest {
    @Test
    void noRequestFailsWhileTheModelIsSwapped(@TempDir Path dir) throws Exception {
        Path file = TestModels.write(TestModels.small(50, 1), dir.resolve("m.c4j"));
        try (Server s = Server.start(new ServerConfig(file, "127.0.0.1", 0, null, TokenTest.TOKEN))) {
            Http admin = new Http(s.port());
            admin.token = TokenTest.TOKEN;
            assertThat(admin.post("/v1/users/live1/ratings", "[{\"item\":\"2\",\"rating\":5}]").status()).isEqualTo(200);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int id = c;
                Thread t = new Thread(() -> {
                    Http http = new Http(s.port());
                    for (int k = 0; !stop.get(); k++) {
                        String path = switch (k % 3) {
                            case 0 -> "/v1/users/" + (1 + (k + id) % 50) + "/recommendations?n=5";
                            case 1 -> "/v1/users/live1/recommendations?n=5";
                            default -> "/v1/items/" + (1 + k % 40) + "/similar?n=5";
                        };
                        Http.Reply r = http.get(path);
                        if (r.status() != 200) failures.add(path + " -> " + r.status() + " " + r.body());
                        else ok.incrementAndGet();
                    }
                });
                t.start();
                clients.add(t);
            }
            for (int v = 0; v < 6; v++) {
                // alternate between two different models under the same path
                TestModels.write(TestModels.small(50, v % 2 == 0 ? 2 : 1), file);
                Http.Reply r = admin.post("/v1/admin/reload", "");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                Thread.sleep(150);
            }
            stop.set(true);
            for (Thread t : clients) t.join();
            assertThat(failures).isEmpty();
            assertThat(ok.get()).isGreaterThan(50);
            assertThat(admin.get("/health").json().get("model_version").asLong()).isEqualTo(7);
        }
    }

    @Test
    void aBrokenModelFileLeavesTheOldModelServing(@TempDir Path dir) throws Exception {
        Path file = TestModels.write(TestModels.small(20, 1), dir.resolve("m.c4j"));
        try (Server s = Server.start(new ServerConfig(file, "127.0.0.1", 0, null, TokenTest.TOKEN))) {
            java.nio.file.Files.write(file, new byte[] {1, 2, 3});
            Http http = new Http(s.port());
            http.token = TokenTest.TOKEN;
            Http.Reply r = http.post("/v1/admin/reload", "");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.json().get("error").asText()).contains("reload failed, still serving model version 1");
            assertThat(http.get("/v1/users/1/recommendations").status()).isEqualTo(200);
        }
    }
}
