package org.collab4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.collab4j.model.CorruptModelException;
import org.collab4j.io.ModelFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests no honest client sends, and what each one gets: a JSON error of one shape with the
 * right status (whether the application or Jetty refused it), nothing stored, nothing leaked,
 * no body held whole past its limit.
 */
class HostileRequestTest {
    @TempDir
    static Path dir;
    static Path file;
    static Server server;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        file = TestModels.write(TestModels.small(20, 5), dir.resolve("hostile.c4j"));
        server = Server.start(ServerConfig.local(file, 0));
        port = server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** The one error shape, whatever answered: JSON with the status, no HTML, no Java or Jackson names, no stack. */
    static RawHttp.Reply jsonError(RawHttp.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("content-type")).as("content type of a %d", status).startsWith("application/json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("<").doesNotContain("java.").doesNotContain("jackson").doesNotContain("Jackson")
                .doesNotContain("Exception").doesNotContain("org.collab4j").doesNotContain("`").doesNotContain("\tat ");
        return r;
    }

    static String post(String path, String contentType, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "Content-Length: " + b.length + "\r\n\r\n" + body;
    }

    static RawHttp.Reply postJson(String path, String body) throws IOException {
        return RawHttp.send(port, post(path, "application/json", body));
    }

    static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    }

    /** A body of {@code size} bytes, made as it is read (the test never holds it). */
    static InputStream endless(long size) {
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? ' ' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) ' ');
                left -= n;
                return n;
            }
        };
    }

    /** {@code size} bytes of a chunked body: chunks of 8 KiB of spaces, then the last chunk. */
    static InputStream chunked(long size) {
        int chunk = 8192;
        byte[] head = (Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return new InputStream() {
            long sent;
            byte[] cur = new byte[0];
            int at;

            @Override
            public int read() {
                if (at == cur.length && !next()) return -1;
                return cur[at++];
            }

            private boolean next() {
                if (sent > size) return false;
                if (sent == size) {
                    cur = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                    sent++;
                } else {
                    cur = new byte[head.length + chunk + 2];
                    System.arraycopy(head, 0, cur, 0, head.length);
                    java.util.Arrays.fill(cur, head.length, head.length + chunk, (byte) ' ');
                    cur[cur.length - 2] = '\r';
                    cur[cur.length - 1] = '\n';
                    sent += chunk;
                }
                at = 0;
                return true;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == cur.length && !next()) return -1;
                int n = Math.min(len, cur.length - at);
                System.arraycopy(cur, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWhileReading() throws IOException {
        long before = server.store().count();
        String head = "POST /v1/users/big/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        long t0 = System.nanoTime();
        RawHttp.Reply r = RawHttp.send(port, head.getBytes(StandardCharsets.US_ASCII), chunked(64L << 20)); // 64 MiB offered
        assertThat(jsonError(r, 413).json().get("error").asText()).contains("at most " + ServerConfig.MAX_BODY + " bytes");
        assertThat(r.header("connection")).isEqualToIgnoringCase("close");
        assertThat((System.nanoTime() - t0) / 1e9).as("refused early, not after reading 64 MiB").isLessThan(10);
        assertThat(server.store().count()).isEqualTo(before);
        // a chunked body within the limit is read and stored as any other
        String ok = "[{\"item\":\"1\",\"rating\":4}]";
        String chunkedOk = head.replace("/big/", "/chunky/") + Integer.toHexString(10) + "\r\n" + ok.substring(0, 10) + "\r\n"
                + Integer.toHexString(ok.length() - 10) + "\r\n" + ok.substring(10) + "\r\n0\r\n\r\n";
        RawHttp.Reply stored = RawHttp.send(port, chunkedOk.replace("Host: 127.0.0.1\r\n", "Host: 127.0.0.1\r\nConnection: close\r\n"));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(server.store().ratingsOf("chunky")).hasSize(1);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() throws IOException {
        String head = "POST /v1/users/big/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + (700L << 20) + "\r\n\r\n";
        RawHttp.Reply r = RawHttp.send(port, head.getBytes(StandardCharsets.US_ASCII), endless(1 << 20)); // 1 MiB sent of 700 declared
        jsonError(r, 413);
        long t0 = System.nanoTime();
        jsonError(RawHttp.send(port, head), 413); // nothing of the body sent: refused at once, not when the body would have come
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        assertThat(server.store().ratingsOf("big")).isEmpty();
    }

    @Test
    void malformedPercentEscapesInThePathAre400() throws IOException {
        for (String bad : List.of("/v1/users/%uFFFF/recommendations", "/v1/users/%G1/recommendations", "/v1/items/%E0%A4%A/similar",
                "/v1/users/abc%/ratings"))
            jsonError(RawHttp.send(port, get(bad)), 400);
        for (String bad : List.of("/v1/users/1/recommendations?n=%uFFFF", "/v1/users/1/recommendations?diversity=%", "/v1/items?q=a%G0"))
            assertThat(jsonError(RawHttp.send(port, get(bad)), 400).json().get("error").asText()).contains("query string");
    }

    @Test
    void strictJsonRefusesTrailingTokensDuplicatesAndOverflow() throws IOException {
        long now = System.currentTimeMillis() / 1000;
        String path = "/v1/users/strict/ratings";
        String ok = "[{\"item\":\"1\",\"rating\":4}]";
        for (String body : List.of(ok + " xx", ok + "\u0000", ok + "]", ok + ok, "[{\"item\":\"1\",\"rating\":4}}}",
                "[{\"item\":\"1\",\"item\":\"2\",\"rating\":4}]", "[{\"item\":\"1\",\"rating\":4,\"rating\":5}]",
                "[{\"item\":\"1\",\"rating\":1e400}]", "[{\"item\":\"1\",\"rating\":4,\"time\":99999999999999999999999}]",
                "[{\"item\":\"1\",\"rating\":4,\"time\":-1}]", "[{\"item\":\"1\",\"rating\":4,\"time\":" + (now + 2 * 86_400) + "}]",
                "[{\"item\":\"1\",\"rating\":4,\"time\":1.5}]", "[{\"item\":\"1\",\"rating\":\"4\"}]", "[{\"item\":1.5,\"rating\":4}]",
                "[{\"item\":true,\"rating\":4}]", "[{\"item\":\"1\",\"rating\":4,\"extra\":0}]", "[" + "[".repeat(100) + "]".repeat(100) + "]",
                "[{\"item\":\"1\",\"rating\":4" + "0".repeat(60) + "}]", "null", "\"text\"", "{}"))
            jsonError(postJson(path, body), 400);
        assertThat(server.store().ratingsOf("strict")).isEmpty();
        assertThat(postJson(path, ok.replace("}", ",\"time\":" + (now + 3600) + "}")).status()).isEqualTo(200); // an hour ahead is fine
        String trailing = postJson(path, ok + " 1").json().get("error").asText();
        assertThat(trailing).contains("something follows the JSON value");
        assertThat(postJson(path, "[{\"item\":\"1\",\"item\":\"2\",\"rating\":4}]").json().get("error").asText()).contains("Duplicate field 'item'");
        assertThat(postJson(path, "[{\"item\":\"1\",\"rating\":4,\"time\":-1}]").json().get("error").asText()).contains("not before 1970");
        assertThat(postJson(path, "[{\"item\":\"1\",\"rating\":4,\"time\":1.5}]").json().get("error").asText())
                .isEqualTo("entry 0: \"time\" must be whole seconds since 1970 (a JSON integer)");
        assertThat(postJson(path, "[{\"item\":\"1\"}]").json().get("error").asText()).isEqualTo("entry 0: \"rating\" is missing or not a number");
        assertThat(postJson(path, "[{\"item\":\"1\",\"rating\":4},{\"rating\":4}]").json().get("error").asText())
                .isEqualTo("entry 1: \"item\" is missing or not a string id");
        assertThat(postJson(path, "[{\"item\":\"1\",\"rating\":4}, 7]").json().get("error").asText())
                .isEqualTo("entry 1 must be an object with item, rating, time");
        // the new-user body is as strict
        for (String body : List.of("{\"genres\":[\"Drama\"]}}}", "{\"genres\":[\"Drama\"],\"genres\":[\"Comedy\"]}", "{\"genres\":[\"Drama\"]} 1",
                "{\"genres\":[\"Drama\"],\"age\":1e3}", "{\"genres\":[\"Drama\"],\"age\":99999999999}"))
            jsonError(postJson("/v1/users", body), 400);
    }

    @Test
    void whatJettyRefusesIsJsonToo() throws IOException {
        jsonError(RawHttp.send(port, "GET /v1/items/%00 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 400);
        jsonError(RawHttp.send(port, "GET /v1/items/a\u0000b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
        jsonError(RawHttp.send(port, get("/v1/items?q=" + "a".repeat(20_000))), 414);
        jsonError(RawHttp.send(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"), 431);
        jsonError(RawHttp.send(port, "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nContent-Length: 30\r\n\r\n[]"), 400);
        jsonError(RawHttp.send(port, "GET /health HTTP/1.1\r\n\r\n"), 400); // no Host
        jsonError(RawHttp.send(port, "GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
        jsonError(RawHttp.send(port, "GET /health HTTP/7.0\r\nHost: 127.0.0.1\r\n\r\n"), 505);
        RawHttp.Reply r09 = RawHttp.send(port, "GET /health\r\n\r\n"); // HTTP/0.9
        assertThat(r09.status()).isIn(400, 505);
        jsonError(r09, r09.status());
        jsonError(RawHttp.send(port, "BREW /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 405);
        jsonError(RawHttp.send(port, "GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 400);
    }

    @Test
    void refusedAndCutOffRequestsGiveTheirTurnBack() throws Exception {
        for (int k = 0; k < ServerConfig.MAX_CONCURRENT + 4; k++) { // more than there are turns
            RawHttp.send(port, get("/v1/users/%uFFFF/recommendations"));
            RawHttp.send(port, post("/v1/users/x/ratings", "text/plain", "[]"));
            RawHttp.send(port, "GET /health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) { // a post cut off half way
                s.getOutputStream().write(("POST /v1/users/cut/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n[{\"item\"").getBytes(StandardCharsets.US_ASCII));
            }
        }
        String in = "collab4j_http_requests_in_progress ";
        for (int k = 0; k < 100; k++) { // the cut-off posts end when Jetty sees their connections closed
            String metrics = RawHttp.send(port, get("/metrics")).body();
            String line = metrics.lines().filter(l -> l.startsWith(in)).findFirst().orElseThrow();
            if (line.equals(in + "1")) return; // this request alone
            Thread.sleep(100);
        }
        throw new AssertionError("turns were not given back");
    }

    @Test
    void aWrongMethodOnAKnownRouteIs405() throws IOException {
        jsonError(RawHttp.send(port, "DELETE /v1/users/3/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 405);
        jsonError(RawHttp.send(port, "PUT /v1/items/3 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 405);
        jsonError(postJson("/v1/onboarding", "{}"), 405);
        jsonError(RawHttp.send(port, get("/v1/admin/reload")), 405);
        jsonError(RawHttp.send(port, get("/v1/nothing/here")), 404);
    }

    @Test
    void hostsOtherThanTheServersAreRefused() throws IOException {
        RawHttp.Reply r = RawHttp.send(port, "GET /health HTTP/1.1\r\nHost: rebind.attacker.example:" + port + "\r\nConnection: close\r\n\r\n");
        assertThat(jsonError(r, 421).json().get("error").asText()).contains("rebind.attacker.example").contains("--allowed-host");
        for (String h : List.of("localhost", "localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port))
            assertThat(RawHttp.send(port, "GET /health HTTP/1.1\r\nHost: " + h + "\r\nConnection: close\r\n\r\n").status()).as(h).isEqualTo(200);
        jsonError(RawHttp.send(port, "GET /health HTTP/1.1\r\nHost: user@127.0.0.1\r\nConnection: close\r\n\r\n"), 400); // Jetty's own refusal
    }

    @Test
    void crossOriginRequestsAndFormPostsAreRefused() throws IOException {
        String body = "[{\"item\":\"1\",\"rating\":4}]";
        String evil = "POST /v1/users/csrf/ratings HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://evil.example\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        assertThat(jsonError(RawHttp.send(port, evil), 403).json().get("error").asText()).contains("cross-origin");
        jsonError(RawHttp.send(port, evil.replace("http://evil.example", "null")), 403);
        jsonError(RawHttp.send(port, post("/v1/users/csrf/ratings", "text/plain", body)), 415);
        jsonError(RawHttp.send(port, post("/v1/users/csrf/ratings", "application/x-www-form-urlencoded", "a=b")), 415);
        jsonError(RawHttp.send(port, post("/v1/users/csrf/ratings", null, body)), 415);
        assertThat(server.store().ratingsOf("csrf")).isEmpty();
        // the page's own origin is this server's: accepted
        RawHttp.Reply same = RawHttp.send(port, evil.replace("http://evil.example", "http://127.0.0.1:" + port));
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.header("access-control-allow-origin")).isNull();
        assertThat(postJson("/v1/users/csrf/ratings", body).status()).isEqualTo(200); // no Origin (curl, scripts): accepted
    }

    @Test
    void aConfiguredOriginAndHostAreAccepted(@TempDir Path tmp) throws IOException {
        Path m = TestModels.write(TestModels.small(20, 5), tmp.resolve("m.c4j"));
        ServerConfig cfg = new ServerConfig(m, "127.0.0.1", 0, null, null, List.of("recs.example.org"), List.of("https://app.example.org"));
        try (Server s = Server.start(cfg)) {
            RawHttp.Reply r = RawHttp.send(s.port(), "GET /v1/items/1 HTTP/1.1\r\nHost: recs.example.org\r\nOrigin: https://app.example.org\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("access-control-allow-origin")).isEqualTo("https://app.example.org");
            RawHttp.Reply pre = RawHttp.send(s.port(), "OPTIONS /v1/users/x/ratings HTTP/1.1\r\nHost: recs.example.org\r\n"
                    + "Origin: https://app.example.org\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
            assertThat(pre.status()).isEqualTo(204);
            assertThat(pre.header("access-control-allow-methods")).contains("POST");
            jsonError(RawHttp.send(s.port(), "GET /health HTTP/1.1\r\nHost: other.example.org\r\nConnection: close\r\n\r\n"), 421);
            jsonError(RawHttp.send(s.port(), "GET /health HTTP/1.1\r\nHost: recs.example.org\r\nOrigin: https://evil.example.org\r\n"
                    + "Connection: close\r\n\r\n"), 403);
        }
        assertThatThrownBy(() -> new ServerConfig(m, "127.0.0.1", 0, null, null, List.of("recs.example.org:80"), List.of()))
                .hasMessageContaining("--allowed-host");
        assertThatThrownBy(() -> new ServerConfig(m, "127.0.0.1", 0, null, null, List.of(), List.of("https://app.example.org/path")))
                .hasMessageContaining("--allowed-origin");
    }

    @Test
    void adminEndpointsAreOffWithoutAToken() throws IOException {
        RawHttp.Reply r = jsonError(postJson("/v1/admin/reload", ""), 403);
        assertThat(r.json().get("error").asText()).contains("admin endpoints are disabled").contains("--token-file");
        assertThat(server.modelVersion()).isEqualTo(1);
    }

    @Test
    void aFailedReloadDoesNotTellTheServersPaths(@TempDir Path tmp) throws IOException {
        Path m = TestModels.write(TestModels.small(20, 5), tmp.resolve("secret-dir-name").resolve("m.c4j"));
        try (Server s = Server.start(new ServerConfig(m, "127.0.0.1", 0, null, TokenTest.TOKEN))) {
            Http http = new Http(s.port());
            http.token = TokenTest.TOKEN;
            byte[] bytes = Files.readAllBytes(m);
            bytes[20] ^= 0x40; // inside the first length field: damaged before the checksum is reached
            Files.write(m, bytes);
            Http.Reply r = http.post("/v1/admin/reload", "");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.json().get("error").asText()).contains("reload failed, still serving model version 1")
                    .contains("model file 'm.c4j' is corrupt").contains("checksum mismatch")
                    .doesNotContain(tmp.toString()).doesNotContain("secret-dir-name");
            Files.delete(m);
            assertThat(http.post("/v1/admin/reload", "").json().get("error").asText()).contains("'m.c4j' does not exist")
                    .doesNotContain("secret-dir-name");
        }
    }

    @Test
    void aModelDamagedBeforeItsChecksumIsACleanCorruptFileError(@TempDir Path tmp) throws IOException {
        Path m = TestModels.write(TestModels.small(20, 5), tmp.resolve("m.c4j"));
        byte[] good = Files.readAllBytes(m);
        for (int at : new int[] {12, 13, 15, 20, 40, good.length / 2, good.length - 33}) {
            byte[] b = good.clone();
            b[at] ^= (byte) 0x7f; // a length or count becomes huge: never allocated, never parsed
            Files.write(m, b);
            assertThatThrownBy(() -> ModelFile.read(m)).as("byte %d", at).isInstanceOf(CorruptModelException.class)
                    .hasMessage(m + ": corrupt model file (checksum mismatch: damaged or cut short after it was written)");
            assertThatThrownBy(() -> Server.start(ServerConfig.local(m, 0))).isInstanceOf(CorruptModelException.class)
                    .hasMessageContaining("corrupt model file");
        }
    }
}
