// collab4j full-disk check, the driver of bench/server/disk-full.sh (loopback only, bounded in time):
//   java -cp cli/target/collab4j.jar bench/server/DiskFull.java load PORT FSDIR FULL_SECONDS WORKDIR
//       4 clients post 3 ratings each for a user of their own (one user per post) for a few seconds, then
//       the file system holding the database is filled (a filler file until ENOSPC) and kept full for
//       FULL_SECONDS, then the filler is removed; every 2xx post goes to WORKDIR/acked, every 5xx to
//       WORKDIR/refused; prints the seconds from the removal to the first 2xx, and what /health said.
//   java -cp cli/target/collab4j.jar bench/server/DiskFull.java verify DBURL WORKDIR
//       after a restart: acknowledged-but-lost and stored-but-refused posts, from the database itself.
import java.io.*;
import java.net.URI;
import java.net.http.*;
import java.nio.file.*;
import java.sql.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class DiskFull {
    public static void main(String[] a) throws Exception {
        if (a[0].equals("load")) load(Integer.parseInt(a[1]), Path.of(a[2]), Integer.parseInt(a[3]), Path.of(a[4]));
        else System.exit(verify(a[1], Path.of(a[2])));
    }

    static void load(int port, Path fs, int fullSeconds, Path work) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        Queue<String> acked = new ConcurrentLinkedQueue<>(), refused = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong spaceBack = new AtomicLong(Long.MAX_VALUE), firstAckAfter = new AtomicLong();
        Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int who = c;
            Thread t = new Thread(() -> {
                for (int k = 0; !stop.get() && k < 1_000_000; k++) {
                    String user = "df" + who + "-" + k;
                    String body = "[{\"item\":\"1\",\"rating\":4},{\"item\":\"2\",\"rating\":3},{\"item\":\"" + (3 + k % 100) + "\",\"rating\":5}]";
                    int status;
                    try {
                        status = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/users/" + user + "/ratings")).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    statuses.merge(status, 1, Integer::sum);
                    long now = System.nanoTime();
                    if (status >= 200 && status < 300) {
                        acked.add(user);
                        if (now > spaceBack.get()) firstAckAfter.compareAndSet(0, now);
                    } else if (status >= 500) refused.add(user);
                }
            });
            t.start();
            ts.add(t);
        }
        Thread.sleep(3000);
        Path filler = fs.resolve("filler");
        long filled = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
                filled += block.length;
            }
        } catch (IOException e) {
            // No space left on device
        }
        System.out.printf("disk filled (%d KiB of filler); kept full for %d s%n", filled / 1024, fullSeconds);
        Set<String> health = new TreeSet<>();
        for (int s = 0; s < fullSeconds * 4; s++) {
            health.add(get(client, base + "/health"));
            Thread.sleep(250);
        }
        Files.delete(filler);
        spaceBack.set(System.nanoTime());
        for (int s = 0; s < 40 && firstAckAfter.get() == 0; s++) Thread.sleep(250);
        Thread.sleep(3000);
        String after = get(client, base + "/health");
        stop.set(true);
        for (Thread t : ts) t.join();
        Files.write(work.resolve("acked"), acked);
        Files.write(work.resolve("refused"), refused);
        System.out.println("statuses: " + statuses + " (" + acked.size() + " posts acknowledged, " + refused.size() + " refused)");
        System.out.println("/health while full: " + health);
        System.out.println("/health after: " + after);
        System.out.printf(Locale.ROOT, "seconds to accept writes after space returned: %s%n",
                firstAckAfter.get() == 0 ? "never (within 10 s)" : String.format(Locale.ROOT, "%.2f", (firstAckAfter.get() - spaceBack.get()) / 1e9));
    }

    static String get(HttpClient client, String url) {
        try {
            String b = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return b.replaceAll("\"(model_version|users|items|live_users|event_users|stated_users|stored_ratings|stored_events)\":\\d+,?", "");
        } catch (Exception e) {
            return "no answer: " + e;
        }
    }

    static int verify(String dbUrl, Path work) throws Exception {
        List<String> acked = Files.readAllLines(work.resolve("acked")), refused = Files.readAllLines(work.resolve("refused"));
        int lost = 0, partial = 0, storedRefused = 0;
        try (Connection c = DriverManager.getConnection(dbUrl);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM collab4j_ratings WHERE user_id = ?")) {
            for (String u : acked) {
                long n = count(ps, u);
                if (n == 0) lost++;
                else if (n != 3) partial++;
            }
            for (String u : refused) if (count(ps, u) > 0) storedRefused++;
        }
        System.out.printf("after a restart: %d acknowledged posts, %d acknowledged-but-lost, %d stored in part; %d refused posts, %d stored-but-refused%n",
                acked.size(), lost, partial, refused.size(), storedRefused);
        return lost == 0 && partial == 0 && storedRefused == 0 ? 0 : 1;
    }

    static long count(PreparedStatement ps, String user) throws SQLException {
        ps.setString(1, user);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
