package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRegistryTest {
    @TempDir
    Path dataDir;

    private HttpServer server;
    private final Map<String, byte[]> served = new java.util.concurrent.ConcurrentHashMap<>();
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            byte[] body = served.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static byte[] zip(String... namesAndTexts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                z.putNextEntry(new ZipEntry(namesAndTexts[i]));
                if (namesAndTexts[i + 1] != null) z.write(namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    private static final String U_DATA = "1\t10\t5\t100\n2\t10\t3\t200\n1\t20\t4\t300\n";
    private static final String U_ITEM = "10|Toy Story (1995)|01-Jan-1995||u|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n";

    private byte[] goodZip() throws IOException {
        return zip("tiny/", null, "tiny/u.data", U_DATA, "tiny/u.item", U_ITEM);
    }

    private DatasetRegistry registry(String md5) {
        return new DatasetRegistry(base, List.of(new DatasetRegistry.Known("tiny", "tiny.zip", "tiny", md5, 3L, "u.data")));
    }

    private List<String> leftovers() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dataDir)) {
            for (Path p : s.toList()) names.add(p.getFileName().toString());
        }
        return names;
    }

    @Test
    void fetchesVerifiesUnpacksAndLoads() throws Exception {
        byte[] zip = goodZip();
        served.put("tiny.zip", zip);
        DatasetRegistry reg = registry(md5(zip));
        assertThat(reg.list(dataDir)).singleElement().satisfies(e -> {
            assertThat(e.present()).isFalse();
            assertThat(e.url()).isEqualTo(base.resolve("tiny.zip"));
            assertThat(e.path()).isEqualTo(dataDir.resolve("tiny"));
        });
        List<long[]> progress = new ArrayList<>();
        Path p = reg.resolve("tiny", dataDir, true, (done, total) -> progress.add(new long[] {done, total}));
        assertThat(p).isEqualTo(dataDir.resolve("tiny"));
        assertThat(leftovers()).containsExactly("tiny");
        assertThat(progress.get(progress.size() - 1)).containsExactly(zip.length, zip.length);
        assertThat(reg.list(dataDir).get(0).present()).isTrue();
        Dataset d = DataLoader.load(p, LoadOptions.defaults());
        assertThat(d.ratings().size()).isEqualTo(3);
        assertThat(d.title(0)).isEqualTo("Toy Story (1995)");
        // present now: resolving again does not download
        served.clear();
        assertThat(reg.resolve("TINY", dataDir, true, Progress.NONE)).isEqualTo(p);
        assertThat(reg.fetch("tiny", dataDir, Progress.NONE)).isEqualTo(p);
    }

    @Test
    void aChecksumMismatchIsRefusedAndLeavesNothing() throws Exception {
        byte[] zip = goodZip();
        served.put("tiny.zip", zip);
        String wrong = "0123456789abcdef0123456789abcdef";
        assertThatThrownBy(() -> registry(wrong).fetch("tiny", dataDir, Progress.NONE))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessage("checksum mismatch for " + base + "tiny.zip: expected md5 " + wrong + " but the download has md5 " + md5(zip)
                        + "; the download was deleted");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anUnknownChecksumIsNotVerified() throws Exception {
        served.put("tiny.zip", goodZip());
        DatasetRegistry reg = registry(null);
        assertThat(reg.list(dataDir).get(0).verification()).isEqualTo("not verified");
        assertThat(reg.fetch("tiny", dataDir, Progress.NONE)).isEqualTo(dataDir.resolve("tiny"));
    }

    @Test
    void connectionRefusedSaysWhatToDownloadAndWhere() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port + "/movielens/");
        DatasetRegistry reg = new DatasetRegistry(dead);
        assertThatThrownBy(() -> reg.resolve("ml-100k", dataDir, true, Progress.NONE))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + port + " to download ml-100k. Without network access: download ml-100k.zip from "
                        + dead + "ml-100k.zip on another machine (md5 0e33842e24a9c977be4e0107933c0723), unzip it into " + dataDir
                        + " so that " + dataDir.resolve("ml-100k").resolve("u.data") + " exists, and run again");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void httpErrorsAndBadArchivesAreRefusedAndLeaveNothing() throws Exception {
        DatasetRegistry reg = registry(null);
        assertThatThrownBy(() -> reg.fetch("tiny", dataDir, Progress.NONE)).hasMessage("cannot fetch " + base + "tiny.zip: HTTP 404");
        assertThat(leftovers()).isEmpty();

        served.put("tiny.zip", "not a zip".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> reg.fetch("tiny", dataDir, Progress.NONE))
                .hasMessage("refusing " + base + "tiny.zip: not a zip archive, or an empty one");
        assertThat(leftovers()).isEmpty();

        served.put("tiny.zip", zip("tiny/u.data", U_DATA, "../evil.txt", "gotcha"));
        assertThatThrownBy(() -> reg.fetch("tiny", dataDir, Progress.NONE))
                .hasMessageStartingWith("refusing " + base + "tiny.zip: entry '../evil.txt' would unpack outside");
        assertThat(leftovers()).isEmpty();
        assertThat(dataDir.getParent().resolve("evil.txt")).doesNotExist();

        served.put("tiny.zip", zip("other/u.data", U_DATA));
        assertThatThrownBy(() -> reg.fetch("tiny", dataDir, Progress.NONE))
                .hasMessage(base + "tiny.zip does not unpack to tiny/u.data");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void resolveWithoutFetchingAndPlainPaths() throws IOException {
        DatasetRegistry reg = new DatasetRegistry();
        assertThatThrownBy(() -> reg.resolve("ml-1m", dataDir, false, Progress.NONE))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessage("ml-1m is not in " + dataDir + " (expected " + dataDir.resolve("ml-1m/ratings.dat") + "); fetch it with"
                        + " 'datasets fetch ml-1m' or download https://files.grouplens.org/datasets/movielens/ml-1m.zip and unzip it into " + dataDir);
        Path file = Files.writeString(dataDir.resolve("mine.tsv"), "1\t1\t1\n");
        assertThat(reg.resolve(file.toString(), dataDir, false, Progress.NONE)).isEqualTo(file);
        assertThatThrownBy(() -> reg.resolve("nowhere.tsv", dataDir, false, Progress.NONE))
                .hasMessage("no such file or folder: nowhere.tsv; give a rating file, a data set folder, or one of the known names"
                        + " ml-100k, ml-1m, ml-10m, ml-20m, ml-25m, ml-latest-small, ml-latest");
        assertThatThrownBy(() -> reg.fetch("ml-2m", dataDir, Progress.NONE)).hasMessageStartingWith("unknown data set 'ml-2m'");
    }

    @Test
    void catalogueOfMovieLens() {
        DatasetRegistry reg = new DatasetRegistry();
        List<DatasetRegistry.Entry> list = reg.list(dataDir);
        assertThat(list).extracting(DatasetRegistry.Entry::name)
                .containsExactly("ml-100k", "ml-1m", "ml-10m", "ml-20m", "ml-25m", "ml-latest-small", "ml-latest");
        assertThat(list).extracting(DatasetRegistry.Entry::expectedRatings)
                .containsExactly(100_000L, 1_000_209L, 10_000_054L, 20_000_263L, 25_000_095L, 100_836L, null);
        assertThat(list.get(2).url()).hasToString("https://files.grouplens.org/datasets/movielens/ml-10m.zip");
        assertThat(list.get(2).path()).isEqualTo(dataDir.resolve("ml-10M100K"));
        assertThat(list).allSatisfy(e -> assertThat(e.present()).isFalse());
        assertThat(list.get(6).verification()).isEqualTo("not verified");
    }

    @Test
    void realDataDirListsMovieLens100kAsPresent() {
        Path data = DataLoaderTest.realDataDir();
        DatasetRegistry reg = new DatasetRegistry();
        assertThat(reg.list(data).get(0).present()).isTrue();
        assertThat(reg.resolve("ml-100k", data, false, Progress.NONE)).isEqualTo(data.resolve("ml-100k"));
    }

    @Test
    void defaultDataDirPrefersExplicitThenEnvironmentThenHome() {
        assertThat(DatasetRegistry.defaultDataDir(Path.of("/x"), "/env", "/home/u")).isEqualTo(Path.of("/x"));
        assertThat(DatasetRegistry.defaultDataDir(null, "/env", "/home/u")).isEqualTo(Path.of("/env"));
        assertThat(DatasetRegistry.defaultDataDir(null, null, "/home/u")).isEqualTo(Path.of("/home/u/.collab4j/data"));
        assertThat(DatasetRegistry.defaultDataDir(null, " ", "/home/u")).isEqualTo(Path.of("/home/u/.collab4j/data"));
    }
}
