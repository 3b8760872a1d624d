// collab4j hostile-request check: malformed, oversized and cross-site requests sent as raw bytes to a
// server on loopback (one connection each, every read bounded by a timeout), then a tally: statuses,
// 500s, bodies that are not the JSON error shape (HTML among them), and answers that never came.
// Run with the source launcher (no dependencies):
//   java bench/server/Hostile.java PORT [PID]     (PID: the server's, to report its resident memory)
// Exit code 0 when there is no 500, no HTML and no non-JSON error body.
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class Hostile {
    record Case(String cls, String name, byte[] head, long bodyBytes, boolean chunked) {
    }

    record Answer(int status, String type, String body, long ms, String problem) {
    }

    static int port;

    public static void main(String[] a) throws Exception {
        port = Integer.parseInt(a[0]);
        String pid = a.length > 1 ? a[1] : null;
        List<Case> cases = cases();
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, int[]> byClass = new LinkedHashMap<>();
        int e500 = 0, html = 0, nonJson = 0, noAnswer = 0;
        List<String> bad = new ArrayList<>(), accepted = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Case c : cases) {
            Answer r = send(c);
            byStatus.merge(r.status < 0 ? "none" : Integer.toString(r.status), 1, Integer::sum);
            int[] k = byClass.computeIfAbsent(c.cls, x -> new int[2]);
            k[0]++;
            String why = judge(r);
            if (r.status >= 200 && r.status < 300) accepted.add(c.cls + " / " + c.name);
            if (r.status == 500) e500++;
            if (r.status < 0) noAnswer++;
            if (r.type.contains("html") || r.body.trim().startsWith("<")) html++;
            if (why != null && r.status >= 0 && !(r.type.contains("html") || r.body.trim().startsWith("<"))) nonJson++;
            if (why != null) {
                k[1]++;
                bad.add(c.cls + " / " + c.name + ": " + why + " [" + r.status + " " + r.type + "] " + clip(r.body));
            }
        }
        // three 700 MB chunked posts at once: each refused while it is read, the server's memory stays small
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Answer>> big = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            big.add(pool.submit(() -> send(new Case("body", "700 MB chunked", post("/v1/users/big/ratings", "application/json", null, true), 700L << 20, true))));
        int bigOk = 0;
        for (Future<Answer> f : big) {
            Answer r = f.get(120, TimeUnit.SECONDS);
            byStatus.merge(r.status < 0 ? "none" : Integer.toString(r.status), 1, Integer::sum);
            byClass.computeIfAbsent("body", x -> new int[2])[0]++;
            if (r.status == 413 && judge(r) == null) bigOk++;
            else bad.add("body / 700 MB chunked: [" + r.status + "] " + clip(r.body));
            if (r.status == 500) e500++;
        }
        pool.shutdown();
        int total = cases.size() + 3;
        String health = request("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        System.out.printf(Locale.ROOT, "hostile requests: %d sent in %.1f s on loopback%n", total, (System.nanoTime() - t0) / 1e9);
        for (var e : byClass.entrySet()) System.out.printf("  %-12s %4d requests, %d not answered as expected%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        System.out.println("  statuses: " + byStatus);
        System.out.printf("  500s: %d; HTML bodies: %d; other non-JSON or wrong-shape error bodies: %d; no answer at all: %d%n", e500, html, nonJson, noAnswer);
        System.out.printf("  three 700 MB chunked posts at once: %d of 3 refused with 413 while being read%n", bigOk);
        if (pid != null) System.out.println("  server resident memory after: " + rss(pid) + " MiB");
        String metrics = request("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String held = metrics.lines().filter(l -> l.startsWith("collab4j_http_requests_in_progress ")).findFirst().orElse("? none");
        System.out.println("  requests in progress after (1 = the metrics request itself): " + held.substring(held.lastIndexOf(' ') + 1));
        System.out.println("  server still healthy: " + (health.contains("\"status\":\"ok\"") ? "yes" : "NO: " + clip(health)));
        System.out.println("  answered 2xx (harmless or valid after all): " + accepted);
        for (String b : bad) System.out.println("  ! " + b);
        System.exit(e500 == 0 && html == 0 && nonJson == 0 && bigOk == 3 && health.contains("\"status\":\"ok\"") ? 0 : 1);
    }

    /** Null when the answer has the one error shape (or is a success); else what is wrong with it. */
    static String judge(Answer r) {
        if (r.status < 0) return "no answer: " + r.problem;
        if (r.status < 400) return null;
        if (!r.type.startsWith("application/json")) return "error body is not JSON";
        String b = r.body;
        if (!b.startsWith("{\"error\":\"") || !b.contains("\"status\":" + r.status)) return "not {\"error\", \"status\"}";
        for (String leak : new String[] {"java.", "jackson", "Jackson", "Exception", "org.collab4j", "\tat ", "/tmp/", "/home/", "/root/"})
            if (b.contains(leak)) return "leaks '" + leak + "'";
        return null;
    }

    static String clip(String s) {
        s = s.replaceAll("\\s+", " ");
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    static String rss(String pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (l.startsWith("VmRSS:")) return Long.toString(Long.parseLong(l.replaceAll("\\D", "")) / 1024);
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Case c(String cls, String name, String raw) {
        return new Case(cls, name, b(raw), 0, false);
    }

    static String get(String target, String extra) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + "\r\n";
    }

    static byte[] post(String path, String type, String body, boolean chunked) {
        byte[] bb = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String h = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n")
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + bb.length + "\r\n") + "\r\n";
        byte[] hb = b(h);
        byte[] out = Arrays.copyOf(hb, hb.length + bb.length);
        System.arraycopy(bb, 0, out, hb.length, bb.length);
        return out;
    }

    static Case json(String cls, String name, String path, String body) {
        return new Case(cls, name, post(path, "application/json", body, false), 0, false);
    }

    static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        String[] routes = {"/v1/users/%s/recommendations", "/v1/users/%s/ratings", "/v1/items/%s", "/v1/items/%s/similar"};
        // 1. percent-escapes and ids in the path
        for (String esc : new String[] {"%uFFFF", "%G1", "%", "%0", "%ZZ", "%C0%AF", "%FF", "%E0%A4%A", "%00", "a%2Fb", "..%2F..%2Fetc",
                "%25%", "x".repeat(129), "%F0%9F%98%80", "a;b", "%0D%0AX:y"})
            for (String r : routes) cs.add(c("path", r + " " + esc, get(String.format(r, esc), "")));
        // 2. strict JSON: ratings posts
        long now = System.currentTimeMillis() / 1000;
        String ok = "[{\"item\":\"1\",\"rating\":4}]";
        String[] ratingBodies = {ok + " xx", ok + "\u0000", ok + "]", ok + ok, ok + " 1", "[{\"item\":\"1\",\"rating\":4}}}", "[{\"item\":\"1\",\"item\":\"2\",\"rating\":4}]",
            "[{\"item\":\"1\",\"rating\":4,\"rating\":5}]", "[{\"item\":\"1\",\"rating\":1e400}]", "[{\"item\":\"1\",\"rating\":-1e400}]",
            "[{\"item\":\"1\",\"rating\":4,\"time\":99999999999999999999999}]", "[{\"item\":\"1\",\"rating\":4,\"time\":-1}]",
            "[{\"item\":\"1\",\"rating\":4,\"time\":" + (now + 2 * 86400) + "}]", "[{\"item\":\"1\",\"rating\":4,\"time\":1.5}]",
            "[{\"item\":\"1\",\"rating\":\"4\"}]", "[{\"item\":1.5,\"rating\":4}]", "[{\"item\":true,\"rating\":4}]", "[{\"item\":null,\"rating\":4}]",
            "[{\"item\":\"1\",\"rating\":null}]", "[{\"item\":\"1\",\"rating\":4,\"extra\":0}]", "[" + "[".repeat(200) + "]".repeat(200) + "]",
            "[{\"item\":\"1\",\"rating\":4" + "0".repeat(60) + "}]", "null", "\"text\"", "{}", "[]", "", " ", "[{}]", "[null]", "[1,2,3]",
            "[{\"item\":\"1\",\"rating\":NaN}]", "[{\"item\":\"1\",\"rating\":Infinity}]", "[{'item':'1','rating':4}]", "[{\"item\":\"1\",\"rating\":4,}]",
            "[{\"item\":\"1\" \"rating\":4}]", "\uFEFF" + ok, "[{\"item\":\"1;drop table\",\"rating\":4}]", "[{\"item\":\"" + "9".repeat(200) + "\",\"rating\":4}]",
            "[{\"item\":\"1\",\"rating\":4,\"time\":\"yesterday\"}]", "[{\"item\":\"1\",\"rating\":0x10}]", "[{\"item\":\"1\",\"rating\":04}]",
            "[{\"item\":\"1\",\"rating\":4}] /* c */", "[{\"item\":\"1\",\"rating\":99}]", "[{\"item\":\"nope\",\"rating\":4}]",
            "[{\"item\":\"\\ud800\",\"rating\":4}]", "[{\"item\":\"1\",\"rating\":4}" + ",{\"item\":\"1\",\"rating\":4}".repeat(1000) + "]"};
        for (int i = 0; i < ratingBodies.length; i++) cs.add(json("json", "ratings body " + i, "/v1/users/hostile/ratings", ratingBodies[i]));
        String[] userBodies = {"{\"genres\":[\"Drama\"]}}}", "{\"genres\":[\"Drama\"],\"genres\":[\"Comedy\"]}", "{\"genres\":[\"Drama\"]} 1",
            "{\"genres\":[\"Drama\"],\"age\":1e3}", "{\"genres\":[\"Drama\"],\"age\":99999999999}", "{\"genres\":[\"Drama\"],\"age\":\"30\"}",
            "{\"genres\":\"Drama\"}", "{\"genres\":[3]}", "{\"genres\":[null]}", "{\"genres\":[]}", "{\"genre\":[\"Drama\"]}", "{\"id\":{},\"genres\":[\"Drama\"]}",
            "{\"id\":\"a b\",\"genres\":[\"Drama\"]}", "{\"genres\":[\"Drama\"],\"gender\":\"<script>\"}", "{\"genres\":[\"Drama\"],\"occupation\":7}",
            "[\"Drama\"]", "{\"genres\":[\"" + "x".repeat(100) + "\"]}", "{\"genres\":[\"Nope\"]}", "{\"genres\":[\"Drama\"]}\u0000", "{\"genres\":[\"Drama\"],\"age\":-5}"};
        for (int i = 0; i < userBodies.length; i++) cs.add(json("json", "new-user body " + i, "/v1/users", userBodies[i]));
        // 3. what Jetty refuses before the application
        String[] raws = {"GET /v1/items/%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET /v1/items/a\u0000b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /v1/items?q=" + "a".repeat(9000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET /" + "a".repeat(70000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-H: v\r\n".repeat(2000) + "\r\n",
            "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 30\r\n\r\n[]",
            "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n[]",
            "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n",
            "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n",
            "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\nxx",
            "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n",
            "POST /v1/users/x/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\nxx\r\n0\r\n\r\n",
            "GET /health HTTP/1.1\r\n\r\n", "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n", "GET /health HTTP/1.1\r\nHost:\r\n\r\n",
            "GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET /health\r\n\r\n", "GET /health HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /health HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n", "GET /health HTTP/7.0\r\nHost: 127.0.0.1\r\n\r\n", "get /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "G(T /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET /he alth HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET http://evil.example/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "TRACE /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET /health HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Folded: a\r\n b\r\n\r\n", "GET /health HTTP/1.1\nHost: 127.0.0.1\n\n", "A".repeat(10000) + " /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET //health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /v1/users/1/recommendations;jsessionid=x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\u0000: x\r\n\r\n",
            "\r\n\r\n", "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nabc"};
        for (int i = 0; i < raws.length; i++) cs.add(c("protocol", "raw " + i, raws[i]));
        // 4. Host, Origin, Content-Type (DNS rebinding, cross-site requests, form posts)
        for (String h : new String[] {"evil.example", "evil.example:" + port, "127.0.0.2", "10.0.0.1", "localhost.", "user@127.0.0.1", "[::2]", "127.0.0.1:99999", "*"})
            cs.add(c("host", "Host " + h, "GET /health HTTP/1.1\r\nHost: " + h + "\r\nConnection: close\r\n\r\n"));
        String body = "[{\"item\":\"1\",\"rating\":4}]";
        for (String o : new String[] {"http://evil.example", "null", "file://", "http://127.0.0.1:1", "https://127.0.0.1:" + port, "http://localhost.evil.example"})
            for (String path : new String[] {"/v1/users/csrf/ratings", "/v1/users", "/v1/admin/reload"})
                cs.add(new Case("origin", "Origin " + o + " " + path, b(new String(post(path, "application/json", body, false), StandardCharsets.ISO_8859_1)
                        .replace("Host: 127.0.0.1\r\n", "Host: 127.0.0.1\r\nOrigin: " + o + "\r\n")), 0, false));
        for (String t : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "json", ""})
            for (String path : new String[] {"/v1/users/csrf/ratings", "/v1/users", "/v1/admin/reload"})
                cs.add(new Case("content-type", path + " as " + t, post(path, t, body, false), 0, false));
        // 5. a known route with a method it does not take
        String[] paths = {"/health", "/metrics", "/v1/users/1/recommendations", "/v1/users/1/ratings", "/v1/users", "/v1/onboarding", "/v1/items/1/similar",
            "/v1/items/1", "/v1/items", "/v1/admin/reload"};
        for (String p : paths)
            for (String m : new String[] {"PUT", "DELETE", "PATCH"})
                cs.add(c("method", m + " " + p, m + " " + p + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        for (String p : new String[] {"/health", "/v1/items/1", "/v1/onboarding"}) cs.add(new Case("method", "POST " + p, post(p, "application/json", "{}", false), 0, false));
        for (String p : new String[] {"/v1/users", "/v1/admin/reload"}) cs.add(c("method", "GET " + p, get(p, "")));
        // 6. bodies: over the limit, declared or chunked; cut off
        cs.add(new Case("body", "1 MiB declared", post("/v1/users/big/ratings", "application/json", null, false), 1 << 20, false));
        cs.add(new Case("body", "10 MiB chunked", post("/v1/users/big/ratings", "application/json", null, true), 10 << 20, true));
        cs.add(new Case("body", "300 KiB chunked", post("/v1/users/big/ratings", "application/json", null, true), 300 << 10, true));
        cs.add(new Case("body", "10 MiB chunked new user", post("/v1/users", "application/json", null, true), 10 << 20, true));
        cs.add(c("body", "700 MB declared, none sent", "POST /v1/users/big/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + (700L << 20) + "\r\nConnection: close\r\n\r\n"));
        // 7. query parameters
        for (String q : new String[] {"n=-1", "n=0", "n=1001", "n=1e9", "n=abc", "n=99999999999999999999", "diversity=NaN", "diversity=Infinity", "diversity=-0.5",
                "explore=2", "explore=x", "seed=99999999999999999999", "seed=1.5", "n=%00", "n=%uFFFF", "diversity=%"})
            cs.add(c("query", "recommendations?" + q, get("/v1/users/1/recommendations?" + q, "")));
        for (String q : new String[] {"", "q=", "q=" + "a".repeat(201), "q=a&n=0", "q=%00", "q=%uFFFF"}) cs.add(c("query", "items?" + q, get("/v1/items?" + q, "")));
        for (String q : new String[] {"n=0", "n=301", "seed=x"}) cs.add(c("query", "onboarding?" + q, get("/v1/onboarding?" + q, "")));
        // 8. admin and tokens
        for (String h : new String[] {"", "Authorization: Bearer \r\n", "Authorization: Bearer x\r\n", "Authorization: Basic YTpi\r\n", "Authorization: " + "B".repeat(5000) + "\r\n"})
            cs.add(new Case("auth", "reload with '" + clip(h.trim()) + "'", b(new String(post("/v1/admin/reload", "application/json", "", false), StandardCharsets.ISO_8859_1)
                    .replace("Host: 127.0.0.1\r\n", "Host: 127.0.0.1\r\n" + h)), 0, false));
        return cs;
    }

    static String request(String raw) {
        Answer r = send(c("check", "check", raw));
        return r.body;
    }

    /** Sends one case on its own connection; the body (when it has a size) is streamed until the server stops reading. */
    static Answer send(Case c) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(15_000);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 65536);
            out.write(c.head);
            if (c.bodyBytes > 0) {
                byte[] chunk = new byte[65536];
                Arrays.fill(chunk, (byte) ' ');
                byte[] size = b(Integer.toHexString(chunk.length) + "\r\n");
                try {
                    for (long sent = 0; sent < c.bodyBytes; sent += chunk.length) {
                        if (c.chunked) out.write(size);
                        out.write(chunk);
                        if (c.chunked) out.write(b("\r\n"));
                        if (s.getInputStream().available() > 0) break; // answered already
                    }
                    if (c.chunked) out.write(b("0\r\n\r\n"));
                } catch (IOException e) {
                    // the server closed the connection after refusing the body: its answer is read below
                }
            }
            try {
                out.flush();
            } catch (IOException ignored) {
                // as above
            }
            return read(s.getInputStream(), t0);
        } catch (IOException e) {
            return new Answer(-1, "", "", (System.nanoTime() - t0) / 1_000_000, e.toString());
        }
    }

    static Answer read(InputStream in, long t0) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int headEnd = -1;
        long length = -1;
        String head = "";
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
                if (all.size() > 1 << 20) break;
                byte[] bb = all.toByteArray();
                if (headEnd < 0) {
                    String t = new String(bb, StandardCharsets.ISO_8859_1);
                    int e = t.indexOf("\r\n\r\n");
                    if (e < 0) continue;
                    headEnd = e + 4;
                    head = t.substring(0, e);
                    for (String l : head.split("\r\n")) if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Long.parseLong(l.substring(15).trim());
                }
                if (length >= 0 && bb.length - headEnd >= length) break;
            }
        } catch (SocketException | SocketTimeoutException e) {
            if (headEnd < 0) return new Answer(-1, "", "", (System.nanoTime() - t0) / 1_000_000, e.toString());
        }
        if (headEnd < 0) return new Answer(-1, "", all.toString(StandardCharsets.ISO_8859_1), (System.nanoTime() - t0) / 1_000_000, "connection closed without an answer");
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String type = "";
        boolean chunked = false;
        for (String l : lines) {
            String low = l.toLowerCase(Locale.ROOT);
            if (low.startsWith("content-type:")) type = low.substring(13).trim();
            if (low.startsWith("transfer-encoding:") && low.contains("chunked")) chunked = true;
        }
        byte[] bb = all.toByteArray();
        String body = new String(bb, headEnd, bb.length - headEnd, StandardCharsets.UTF_8);
        if (chunked) {
            StringBuilder sb = new StringBuilder();
            int at = 0;
            while (at < body.length()) {
                int nl = body.indexOf("\r\n", at);
                if (nl < 0) break;
                int n = Integer.parseInt(body.substring(at, nl).trim(), 16);
                if (n == 0) break;
                sb.append(body, nl + 2, Math.min(body.length(), nl + 2 + n));
                at = nl + 4 + n;
            }
            body = sb.toString();
        }
        return new Answer(status, type, body, (System.nanoTime() - t0) / 1_000_000, null);
    }
}
