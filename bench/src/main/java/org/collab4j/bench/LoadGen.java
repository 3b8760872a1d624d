// collab4j load generator: open-loop (fixed arrival rate) HTTP on loopback, latency measured from
// each request's intended start time (no coordinated omission), exact percentiles from all samples.
// Run with the source launcher (the CLI jar holds the SQLite driver verify needs):
//   java -cp cli/target/collab4j.jar bench/src/main/java/org/collab4j/bench/LoadGen.java MODE ...
//   recs    PORT RATE SECONDS USERS [CONNS]    GET /v1/users/{1..USERS}/recommendations?n=10
//   ramp    PORT USERS SECONDS P99MS RATE...   highest of the rates whose p99 <= P99MS (no errors)
//   ratings PORT TOTAL CLIENTS ITEMS ACKFILE   POST one rating per request from CLIENTS threads; every 200 appended to ACKFILE
//   verify  PORT DBURL ACKFILE                 every acknowledged rating is stored and excluded from that user's recommendations
//   events  PORT TOTAL CLIENTS ITEMS ACKFILE   POST two events (weights 1 to 3) per request from CLIENTS threads; every 200 appended to ACKFILE
//   verify-events PORT DBURL ACKFILE           every acknowledged event is stored (as many times as acknowledged) and its item
//                                              excluded from that user's recommendations
//   propagate PORT_A PORT_B RATE SECONDS ITEM  POST one rating of ITEM for a new user to server A at RATE/s; after each 200,
//                                              poll server B every 2 ms until that user's recommendations answer 200; prints
//                                              the delay from A's acknowledgement to B's answer (percentiles, ms)
package org.collab4j.bench;

import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.sql.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class LoadGen {
    /** Seconds of unrecorded requests at the target rate before a `recs` measurement starts. */
    static final int WARM_UP_SECONDS = 2;

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "recs" -> {
                Result r = recs(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]),
                        a.length > 5 ? Integer.parseInt(a[5]) : 64);
                System.out.println(r);
                System.exit(r.errors == 0 ? 0 : 1);
            }
            case "ramp" -> {
                int port = Integer.parseInt(a[1]), users = Integer.parseInt(a[2]), secs = Integer.parseInt(a[3]);
                double limit = Double.parseDouble(a[4]);
                int best = 0;
                for (int k = 5; k < a.length; k++) {
                    int rate = Integer.parseInt(a[k]);
                    Result r = recs(port, rate, secs, users, 64);
                    System.out.println(r);
                    if (r.errors > 0 || r.p99 > limit || r.achieved < 0.97 * rate) break;
                    best = rate;
                }
                System.out.println("highest sustained rate with p99 <= " + limit + " ms and no errors: " + best + " req/s");
            }
            case "ratings" -> ratings(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]), Path.of(a[5]));
            case "verify" -> System.exit(verify(Integer.parseInt(a[1]), a[2], Path.of(a[3])));
            case "events" -> events(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]), Path.of(a[5]));
            case "verify-events" -> System.exit(verifyEvents(Integer.parseInt(a[1]), a[2], Path.of(a[3])));
            case "propagate" -> System.exit(propagate(Integer.parseInt(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]),
                    Integer.parseInt(a[4]), a[5]));
            default -> throw new IllegalArgumentException("unknown mode " + a[0]);
        }
    }

    /** Two servers on one database: the delay from a 2xx on A to the new user being served by B, at a fixed posting rate. */
    static int propagate(int portA, int portB, int rate, int seconds, String item) throws Exception {
        int total = rate * seconds;
        String run = Long.toString(System.nanoTime(), 36);
        long[] delay = new long[total];
        AtomicInteger failed = new AtomicInteger(), done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        long start = System.nanoTime(), period = 1_000_000_000L / rate;
        List<Future<?>> futures = new ArrayList<>();
        for (int k = 0; k < total; k++) {
            final int j = k;
            long due = start + j * period;
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            futures.add(pool.submit(() -> {
                String user = "prop-" + run + "-" + j;
                try (Conn a = new Conn(portA); Conn b = new Conn(portB)) {
                    Object[] r = a.call("POST", "/v1/users/" + user + "/ratings", ("[{\"item\":\"" + item + "\",\"rating\":4}]").getBytes(StandardCharsets.UTF_8));
                    if ((int) r[0] != 200) {
                        failed.incrementAndGet();
                        delay[j] = -1;
                        return null;
                    }
                    long acked = System.nanoTime();
                    while (true) {
                        Object[] g = b.call("GET", "/v1/users/" + user + "/recommendations?n=1", null);
                        if ((int) g[0] == 200) break;
                        if (System.nanoTime() - acked > 30_000_000_000L) throw new IOException("never served by B");
                        Thread.sleep(2);
                    }
                    delay[j] = System.nanoTime() - acked;
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        long[] ok = Arrays.stream(delay).filter(d -> d >= 0).sorted().toArray();
        double achieved = total / ((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "propagation at %d posts/s for %d s (achieved %.0f/s): %d acknowledged, %d refused; delay from A's 2xx to B serving"
                        + " the user, ms: p50 %.1f p90 %.1f p99 %.1f max %.1f%n", rate, seconds, achieved, ok.length, failed.get(),
                pct(ok, 0.5), pct(ok, 0.9), pct(ok, 0.99), ok.length == 0 ? Double.NaN : ok[ok.length - 1] / 1e6);
        return failed.get() == 0 ? 0 : 1;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    record Result(int rate, int seconds, long sent, long ok, long errors, double achieved, double p50, double p90, double p99, double p999, double max) {
        public String toString() {
            return String.format(Locale.ROOT, "rate %d/s for %d s: %d requests, %d ok, %d errors, achieved %.0f/s; latency ms p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f",
                    rate, seconds, sent, ok, errors, achieved, p50, p90, p99, p999, max);
        }
    }

    /** One keep-alive HTTP/1.1 connection. */
    static final class Conn implements Closeable {
        final Socket s;
        final OutputStream out;
        final InputStream in;

        Conn(int port) throws IOException {
            s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(30_000);
            out = new BufferedOutputStream(s.getOutputStream(), 8192);
            in = new BufferedInputStream(s.getInputStream(), 65536);
        }

        /** Sends a request; returns {status, body}. */
        Object[] call(String method, String path, byte[] body) throws IOException {
            StringBuilder h = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            if (body != null) h.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) out.write(body);
            out.flush();
            String status = line();
            if (status == null) throw new EOFException("connection closed");
            int code = Integer.parseInt(status.split(" ")[1]);
            int len = -1;
            boolean chunked = false;
            for (String l; !(l = line()).isEmpty(); ) {
                String low = l.toLowerCase(Locale.ROOT);
                if (low.startsWith("content-length:")) len = Integer.parseInt(l.substring(15).trim());
                else if (low.startsWith("transfer-encoding:") && low.contains("chunked")) chunked = true;
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream(Math.max(len, 256));
            if (chunked) {
                for (int n; (n = Integer.parseInt(line().trim(), 16)) > 0; line()) b.write(in.readNBytes(n));
                line();
            } else if (len >= 0) b.write(in.readNBytes(len));
            return new Object[] {code, b.toString(StandardCharsets.UTF_8)};
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') return sb.toString();
                if (c != '\r') sb.append((char) c);
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        public void close() throws IOException {
            s.close();
        }
    }

    static Result recs(int port, int rate, int seconds, int users, int conns) throws Exception {
        int total = rate * seconds;
        long[] lat = new long[total];
        AtomicLong errors = new AtomicLong(), ok = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        BlockingQueue<long[]> q = new LinkedBlockingQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < conns; w++) {
            Thread t = new Thread(() -> {
                Conn c = null;
                Random rnd = new Random(Thread.currentThread().getId());
                try {
                    while (true) {
                        long[] job = q.take();
                        if (job[0] < 0) break;
                        try {
                            if (c == null) c = new Conn(port);
                            Object[] r = c.call("GET", "/v1/users/" + (1 + rnd.nextInt(users)) + "/recommendations?n=10", null);
                            if (job[1] >= 0) {
                                if ((int) r[0] == 200) ok.incrementAndGet();
                                else errors.incrementAndGet();
                            }
                        } catch (IOException e) {
                            if (job[1] >= 0) errors.incrementAndGet();
                            try { if (c != null) c.close(); } catch (IOException ignored) { }
                            c = null;
                        }
                        if (job[1] >= 0) {
                            lat[(int) job[1]] = System.nanoTime() - job[0];
                            done.incrementAndGet();
                        }
                    }
                } catch (InterruptedException ignored) {
                } finally {
                    try { if (c != null) c.close(); } catch (IOException ignored) { }
                }
            });
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        // The first WARM_UP_SECONDS run at the same rate on the same connections and are not
        // recorded: they open the connections and compile this generator's own code, whose
        // cost (tens of milliseconds in the first 0.2 s) is not the server's.
        int warm = rate * WARM_UP_SECONDS;
        long first = System.nanoTime() + 50_000_000L;
        double interval = 1e9 / rate;
        long start = first + (long) (warm * interval);
        for (int i = -warm; i < total; i++) {
            long due = start + (long) (i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 200_000) Thread.sleep(0, 100_000); else Thread.onSpinWait();
            }
            q.add(new long[] {due, i});
        }
        for (int w = 0; w < conns; w++) q.add(new long[] {-1, -1});
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (Thread t : workers) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        double elapsed = (System.nanoTime() - start) / 1e9;
        int n = done.get();
        long[] s = Arrays.copyOf(lat, total);
        Arrays.sort(s);
        int off = total - n; // unfinished requests (still 0) sort first; leave them out
        return new Result(rate, seconds, total, ok.get(), errors.get() + (total - n), n / elapsed,
                pct(s, off, 0.5), pct(s, off, 0.9), pct(s, off, 0.99), pct(s, off, 0.999), s[total - 1] / 1e6);
    }

    static double pct(long[] s, int off, double p) {
        int n = s.length - off;
        if (n <= 0) return Double.NaN;
        return s[off + Math.min(n - 1, (int) Math.ceil(p * n) - 1)] / 1e6;
    }

    static void ratings(int port, int total, int clients, int items, Path ackFile) throws Exception {
        AtomicInteger next = new AtomicInteger(), acked = new AtomicInteger(), failed = new AtomicInteger();
        PrintWriter ack = new PrintWriter(Files.newBufferedWriter(ackFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                Random rnd = new Random(client);
                try (Conn conn = new Conn(port)) {
                    for (int k; (k = next.getAndIncrement()) < total; ) {
                        String user = "load-" + client + "-" + (k % 50);
                        int item = 1 + rnd.nextInt(items);
                        double rating = 1 + rnd.nextInt(9) * 0.5;
                        byte[] body = ("[{\"item\":\"" + item + "\",\"rating\":" + rating + "}]").getBytes(StandardCharsets.UTF_8);
                        Object[] r = conn.call("POST", "/v1/users/" + user + "/ratings", body);
                        if ((int) r[0] != 200) { failed.incrementAndGet(); continue; }
                        acked.incrementAndGet();
                        synchronized (ack) { ack.println(user + "\t" + item + "\t" + rating); ack.flush(); }
                    }
                } catch (IOException e) {
                    failed.incrementAndGet(); // the server went away: this client stops
                }
            });
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join();
        ack.close();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "ratings: %d acknowledged, %d failed or cut off, %.1f s, %.0f posts/s from %d clients%n",
                acked.get(), failed.get(), secs, acked.get() / secs, clients);
    }

    static int verify(int port, String dbUrl, Path ackFile) throws Exception {
        Map<String, Set<String>> acked = new HashMap<>();
        int lines = 0;
        for (String l : Files.readAllLines(ackFile)) {
            String[] f = l.split("\t");
            if (f.length < 3) continue; // a line cut by the crash of this script would be partial; the server's ack came first
            acked.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
            lines++;
        }
        Map<String, Set<String>> stored = new HashMap<>();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(dbUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT user_id, item_id FROM collab4j_ratings")) {
            while (rs.next()) { stored.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2)); rows++; }
        }
        int missing = 0, badRecs = 0;
        try (Conn conn = new Conn(port)) {
            for (var e : acked.entrySet()) {
                Set<String> s = stored.getOrDefault(e.getKey(), Set.of());
                for (String it : e.getValue()) if (!s.contains(it)) missing++;
                Object[] r = conn.call("GET", "/v1/users/" + e.getKey() + "/recommendations?n=1000", null);
                String body = (String) r[1];
                if ((int) r[0] != 200) { badRecs++; continue; }
                for (String it : s) if (body.contains("\"item\":\"" + it + "\"")) { badRecs++; break; }
            }
        }
        System.out.printf("verify: %d acknowledged ratings of %d users; %d rows in the database; %d acknowledged ratings missing;"
                + " %d users whose recommendations do not reflect their stored ratings%n", lines, acked.size(), rows, missing, badRecs);
        return missing == 0 && badRecs == 0 ? 0 : 1;
    }

    /** Posts of two events each (items and weights drawn per client); each acknowledged event is one line: user, item, weight. */
    static void events(int port, int total, int clients, int items, Path ackFile) throws Exception {
        AtomicInteger next = new AtomicInteger(), acked = new AtomicInteger(), failed = new AtomicInteger();
        PrintWriter ack = new PrintWriter(Files.newBufferedWriter(ackFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                Random rnd = new Random(1000 + client);
                try (Conn conn = new Conn(port)) {
                    for (int k; (k = next.getAndIncrement()) < total; ) {
                        String user = "ev-" + client + "-" + (k % 50);
                        int i1 = 1 + rnd.nextInt(items), i2 = 1 + rnd.nextInt(items), w1 = 1 + rnd.nextInt(3), w2 = 1 + rnd.nextInt(3);
                        byte[] body = ("[{\"item\":\"" + i1 + "\",\"weight\":" + w1 + "},{\"item\":\"" + i2 + "\",\"weight\":" + w2 + "}]")
                                .getBytes(StandardCharsets.UTF_8);
                        Object[] r = conn.call("POST", "/v1/users/" + user + "/events", body);
                        if ((int) r[0] != 200) { failed.incrementAndGet(); continue; }
                        acked.incrementAndGet();
                        synchronized (ack) { ack.println(user + "\t" + i1 + "\t" + w1 + "\n" + user + "\t" + i2 + "\t" + w2); ack.flush(); }
                    }
                } catch (IOException e) {
                    failed.incrementAndGet(); // the server went away: this client stops
                }
            });
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join();
        ack.close();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "events: %d posts (%d events) acknowledged, %d failed or cut off, %.1f s, %.0f posts/s from %d clients%n",
                acked.get(), 2 * acked.get(), failed.get(), secs, acked.get() / secs, clients);
    }

    /**
     * Every acknowledged event is in the database at least as many times as it was acknowledged
     * (a post that committed while the server died before answering may be there unacknowledged),
     * and no item a user has events of is among their recommendations.
     */
    static int verifyEvents(int port, String dbUrl, Path ackFile) throws Exception {
        Map<String, Map<String, Integer>> acked = new HashMap<>(); // user -> "item\tweight" -> times acknowledged
        int lines = 0;
        for (String l : Files.readAllLines(ackFile)) {
            String[] f = l.split("\t");
            if (f.length < 3 || f[2].isEmpty()) continue; // a line cut by the crash of this program; the server's ack came first
            acked.computeIfAbsent(f[0], k -> new HashMap<>()).merge(f[1] + "\t" + Integer.parseInt(f[2]), 1, Integer::sum);
            lines++;
        }
        Map<String, Map<String, Integer>> stored = new HashMap<>();
        Map<String, Set<String>> storedItems = new HashMap<>();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(dbUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT user_id, item_id, weight FROM collab4j_events")) {
            while (rs.next()) {
                stored.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).merge(rs.getString(2) + "\t" + Math.round(rs.getFloat(3)), 1, Integer::sum);
                storedItems.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                rows++;
            }
        }
        int missing = 0, badRecs = 0;
        try (Conn conn = new Conn(port)) {
            for (var e : acked.entrySet()) {
                Map<String, Integer> s = stored.getOrDefault(e.getKey(), Map.of());
                for (var ev : e.getValue().entrySet()) missing += Math.max(0, ev.getValue() - s.getOrDefault(ev.getKey(), 0));
                Object[] r = conn.call("GET", "/v1/users/" + e.getKey() + "/recommendations?n=1000", null);
                String body = (String) r[1];
                if ((int) r[0] != 200) { badRecs++; continue; }
                for (String it : storedItems.getOrDefault(e.getKey(), Set.of())) if (body.contains("\"item\":\"" + it + "\"")) { badRecs++; break; }
            }
        }
        System.out.printf("verify-events: %d acknowledged events of %d users; %d rows in the database; %d acknowledged events missing;"
                + " %d users whose recommendations do not reflect their stored events%n", lines, acked.size(), rows, missing, badRecs);
        return missing == 0 && badRecs == 0 ? 0 : 1;
    }
}
