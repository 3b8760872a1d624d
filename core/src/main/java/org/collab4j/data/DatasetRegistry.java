package org.collab4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The MovieLens data sets collab4j knows by name, where they live on disk, and how to fetch them.
 *
 * <p>A known data set {@code ml-100k} lives in {@code <dataDir>/<folder>} where {@code folder} is
 * the name its zip unpacks to ({@code ml-10M100K} for {@code ml-10m}). {@link #fetch} downloads
 * the zip from the publisher, verifies its MD5 against the value GroupLens publishes (when we
 * know it), unpacks it beside the final place and renames it into place: a failed fetch leaves
 * nothing behind.
 */
public final class DatasetRegistry {
    /** GroupLens, the publisher of MovieLens. */
    public static final URI GROUPLENS = URI.create("https://files.grouplens.org/datasets/movielens/");

    /**
     * A data set known by name.
     *
     * @param name            the name users type, e.g. {@code ml-100k}
     * @param zipName         the archive's file name at the publisher
     * @param folder          the folder the archive unpacks to
     * @param md5             the archive's MD5 as GroupLens publishes it in {@code <zip>.md5}, or null
     *                        when not known for certain (the download is then not verified)
     * @param expectedRatings the number of ratings, or null when it changes over time
     * @param ratingsFile     the rating file inside the folder
     */
    public record Known(String name, String zipName, String folder, String md5, Long expectedRatings, String ratingsFile) {
    }

    /** A known data set and whether it is present under a data folder. */
    public record Entry(String name, URI url, String md5, Long expectedRatings, Path path, boolean present) {
        /** "verified" when a checksum is known, else "not verified". */
        public String verification() {
            return md5 == null ? "not verified" : "md5 " + md5;
        }
    }

    /**
     * MovieLens as published by GroupLens. The MD5 values are those of GroupLens's {@code .zip.md5}
     * files; ml-latest and ml-latest-small are republished from time to time, so theirs are not pinned.
     */
    public static final List<Known> MOVIELENS = List.of(
            new Known("ml-100k", "ml-100k.zip", "ml-100k", "0e33842e24a9c977be4e0107933c0723", 100_000L, "u.data"),
            new Known("ml-1m", "ml-1m.zip", "ml-1m", "c4d9eecfca2ab87c1945afe126590906", 1_000_209L, "ratings.dat"),
            new Known("ml-10m", "ml-10m.zip", "ml-10M100K", "ce571fd55effeba0271552578f2648bd", 10_000_054L, "ratings.dat"),
            new Known("ml-20m", "ml-20m.zip", "ml-20m", "cd245b17a1ae2cc31bb14903e1204af3", 20_000_263L, "ratings.csv"),
            new Known("ml-25m", "ml-25m.zip", "ml-25m", "6b51fb2759a8657d3bfcbfc42b592ada", 25_000_095L, "ratings.csv"),
            new Known("ml-latest-small", "ml-latest-small.zip", "ml-latest-small", null, 100_836L, "ratings.csv"),
            new Known("ml-latest", "ml-latest.zip", "ml-latest", null, null, "ratings.csv"));

    private final URI baseUrl;
    private final List<Known> known;
    private HttpClient http; // built on the first download: building it sets up TLS, a few hundred ms on a cold JVM

    /** MovieLens from GroupLens. */
    public DatasetRegistry() {
        this(GROUPLENS, MOVIELENS);
    }

    /** MovieLens from another base URL (a mirror, or a local server in tests). */
    public DatasetRegistry(URI baseUrl) {
        this(baseUrl, MOVIELENS);
    }

    public DatasetRegistry(URI baseUrl, List<Known> known) {
        String s = baseUrl.toString();
        this.baseUrl = s.endsWith("/") ? baseUrl : URI.create(s + "/");
        this.known = List.copyOf(known);
    }

    private synchronized HttpClient http() {
        if (http == null)
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();
        return http;
    }

    /**
     * The data folder: {@code explicit} when given, else the environment variable
     * {@code COLLAB4J_DATA}, else {@code ~/.collab4j/data}.
     */
    public static Path defaultDataDir(Path explicitDataDirOrNull) {
        return defaultDataDir(explicitDataDirOrNull, System.getenv("COLLAB4J_DATA"), System.getProperty("user.home"));
    }

    static Path defaultDataDir(Path explicit, String env, String home) {
        if (explicit != null) return explicit;
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(home, ".collab4j", "data");
    }

    public List<Known> known() {
        return known;
    }

    /** The known data set of that name (case-insensitive), or null. */
    public Known find(String name) {
        for (Known k : known) if (k.name().equalsIgnoreCase(name.trim())) return k;
        return null;
    }

    public URI url(Known k) {
        return baseUrl.resolve(k.zipName());
    }

    /** Every known data set, in catalogue order, with its path under {@code dataDir} and whether it is there. */
    public List<Entry> list(Path dataDir) {
        List<Entry> out = new ArrayList<>();
        for (Known k : known) {
            Path p = dataDir.resolve(k.folder());
            out.add(new Entry(k.name(), url(k), k.md5(), k.expectedRatings(), p, isPresent(k, p)));
        }
        return out;
    }

    private static boolean isPresent(Known k, Path folder) {
        return Files.isRegularFile(folder.resolve(k.ratingsFile()));
    }

    /**
     * The path to load for {@code nameOrPath}: a known name resolves to its folder under
     * {@code dataDir} (fetched first when missing and {@code fetchIfMissing}); anything else must
     * be an existing file or folder.
     *
     * @throws DatasetUnavailableException when it is not there (and not fetched), or the fetch fails
     */
    public Path resolve(String nameOrPath, Path dataDir, boolean fetchIfMissing, Progress progress) {
        Known k = find(nameOrPath);
        if (k != null) {
            Path p = dataDir.resolve(k.folder());
            if (isPresent(k, p)) return p;
            if (!fetchIfMissing)
                throw new DatasetUnavailableException(k.name() + " is not in " + dataDir + " (expected " + p.resolve(k.ratingsFile())
                        + "); fetch it with 'datasets fetch " + k.name() + "' or download " + url(k) + " and unzip it into " + dataDir);
            return fetch(k.name(), dataDir, progress);
        }
        Path p = Path.of(nameOrPath);
        if (Files.exists(p)) return p;
        throw new DatasetUnavailableException("no such file or folder: " + nameOrPath + "; give a rating file, a data set folder, or"
                + " one of the known names " + String.join(", ", names()));
    }

    private List<String> names() {
        List<String> n = new ArrayList<>();
        for (Known k : known) n.add(k.name());
        return n;
    }

    /**
     * Downloads, verifies and unpacks a known data set into {@code dataDir}; returns its folder.
     * An existing, complete folder is returned as it is. On any failure every temporary file is
     * deleted and nothing is left in {@code dataDir} but what was there before.
     *
     * @param progress told the bytes downloaded of the archive's size (-1 when the server does not say)
     */
    public Path fetch(String name, Path dataDir, Progress progress) {
        Known k = find(name);
        if (k == null) throw new DatasetUnavailableException("unknown data set '" + name + "'; known: " + String.join(", ", names()));
        Path target = dataDir.resolve(k.folder());
        if (isPresent(k, target)) return target;
        if (Files.exists(target))
            throw new DatasetUnavailableException(target + " exists but holds no " + k.ratingsFile() + "; move it away and fetch again");
        URI url = url(k);
        Path zip = null, unpack = null;
        try {
            Files.createDirectories(dataDir);
            zip = Files.createTempFile(dataDir, "." + k.name() + "-", ".zip.part");
            String md5 = download(url, zip, progress == null ? Progress.NONE : progress, k, dataDir);
            if (k.md5() != null && !k.md5().equalsIgnoreCase(md5))
                throw new DatasetUnavailableException("checksum mismatch for " + url + ": expected md5 " + k.md5() + " but the download has md5 "
                        + md5 + "; the download was deleted");
            unpack = Files.createTempDirectory(dataDir, "." + k.name() + "-unzip-");
            unzip(zip, unpack, url);
            Path inside = unpack.resolve(k.folder());
            if (!isPresent(k, inside))
                throw new DatasetUnavailableException(url + " does not unpack to " + k.folder() + "/" + k.ratingsFile());
            try {
                Files.move(inside, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(inside, target);
            }
            return target;
        } catch (FileAlreadyExistsException e) {
            if (isPresent(k, target)) return target; // fetched by someone else meanwhile
            throw new DatasetUnavailableException("cannot install " + k.name() + ": " + target + " appeared while fetching", e);
        } catch (IOException e) {
            throw new DatasetUnavailableException("cannot fetch " + k.name() + " into " + dataDir + ": " + e, e);
        } finally {
            deleteQuietly(zip);
            deleteQuietly(unpack);
        }
    }

    /** Streams {@code url} into {@code file}; returns the MD5 of what was written. */
    private String download(URI url, Path file, Progress progress, Known k, Path dataDir) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http().send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw noNetwork(url, k, dataDir, e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) throw noNetwork(url, k, dataDir, e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetUnavailableException("download of " + url + " interrupted", e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200)
                throw new DatasetUnavailableException("cannot fetch " + url + ": HTTP " + response.statusCode());
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            MessageDigest md5 = md5();
            byte[] buf = new byte[1 << 16];
            long done = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    md5.update(buf, 0, n);
                    done += n;
                    progress.update(done, total);
                }
            }
            if (total >= 0 && done != total)
                throw new DatasetUnavailableException("download of " + url + " ended after " + done + " of " + total + " bytes");
            return HexFormat.of().formatHex(md5.digest());
        }
    }

    private DatasetUnavailableException noNetwork(URI url, Known k, Path dataDir, Exception cause) {
        return new DatasetUnavailableException("cannot connect to " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + " to download " + k.name() + ". Without network access: download " + k.zipName() + " from " + url
                + " on another machine" + (k.md5() != null ? " (md5 " + k.md5() + ")" : "") + ", unzip it into " + dataDir
                + " so that " + dataDir.resolve(k.folder()).resolve(k.ratingsFile()) + " exists, and run again", cause);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** Unpacks {@code zip} into {@code dir}, refusing entries that would land outside it (zip-slip). */
    static void unzip(Path zip, Path dir, URI source) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            int entries = 0;
            while ((e = in.getNextEntry()) != null) {
                entries++;
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root) || out.equals(root))
                    throw new DatasetUnavailableException("refusing " + source + ": entry '" + e.getName() + "' would unpack outside " + dir);
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
            if (entries == 0) throw new DatasetUnavailableException("refusing " + source + ": not a zip archive, or an empty one");
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException e) {
            // best effort: a leftover temp file is named with a leading dot and ignored by list()
        }
    }

    @Override
    public String toString() {
        return "DatasetRegistry[" + baseUrl + ", " + known.size() + " data sets]";
    }
}
