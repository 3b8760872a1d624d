package org.collab4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.collab4j.data.Ratings;
import org.collab4j.model.ContextualModel;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.FoldIn;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Model files written by an earlier collab4j (in {@code src/test/resources/model-files/v1}, one of
 * every kind, made by {@link LegacyModelFixtures}; see the README there) must keep loading, and
 * give exactly the same numbers: every prediction, top-5 list, similar-items list, fold-in, score
 * of a new user or item from side values and prediction at a time recorded in
 * {@code expected.tsv} when they were written. Only public API, so that the test survives the
 * classes moving to other packages.
 *
 * <p>The files were written, and their outputs recorded, with the JDK's Vector API on (as the
 * build's test JVM and the {@code collab4j} launcher run). The neural network's layers compute
 * with fused multiply-adds there and with plain ones on the scalar path
 * ({@code -Dcollab4j.scalar=true}, or no {@code jdk.incubator.vector} module), which differ in the
 * last bits; on that path numbers are compared to 1e-5 instead of bit for bit.
 */
class LegacyModelFilesTest {
    static final String FOLDER = "/model-files/v1";
    static final boolean VECTOR_PATH = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("collab4j.scalar");

    /** One line of expected.tsv. */
    record Check(String file, String check, String arg, String expected) {
        String where() {
            return file + " " + check + " " + arg;
        }
    }

    static Path folder() throws URISyntaxException {
        URL url = LegacyModelFilesTest.class.getResource(FOLDER + "/expected.tsv");
        assertThat(url).as("test resource %s/expected.tsv", FOLDER).isNotNull();
        return Path.of(url.toURI()).getParent();
    }

    static Map<String, List<Check>> checks() throws IOException, URISyntaxException {
        Map<String, List<Check>> byFile = new LinkedHashMap<>();
        for (String line : Files.readAllLines(folder().resolve("expected.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            assertThat(f).as("expected.tsv line '%s'", line).hasSize(4);
            byFile.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Check(f[0], f[1], f[2], f[3]));
        }
        return byFile;
    }

    @Test
    void everyModelFileHasExpectations() throws IOException, URISyntaxException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder())) {
            s.filter(p -> p.getFileName().toString().endsWith(".c4j")).forEach(p -> files.add(p.getFileName().toString()));
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
        assertThat(checks().keySet()).containsExactlyInAnyOrderElementsOf(files);
    }

    @TestFactory
    Stream<DynamicTest> eachFileLoadsAndPredictsAsWhenItWasWritten() throws IOException, URISyntaxException {
        Path dir = folder();
        return checks().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> verify(dir.resolve(e.getKey()), e.getValue())));
    }

    static void verify(Path file, List<Check> checks) throws IOException {
        TrainedModel m = ModelFile.read(file);
        Recommender rec = new Recommender(m);
        int kinds = 0;
        for (Check c : checks) {
            String[] a = c.arg().split(" ");
            switch (c.check()) {
                case "kind" -> assertThat(m.kind()).as(c.where()).isEqualTo(c.expected());
                case "shape" -> assertThat(m.numUsers() + " " + m.numItems()).as(c.where()).isEqualTo(c.expected());
                case "title" -> assertThat(m.title(rec.itemIndex(c.arg()))).as(c.where()).isEqualTo(c.expected());
                case "predict" -> assertSame(c, rec.predict(a[0], a[1]));
                case "top5" -> assertSame(c, rec.recommend(c.arg(), 5));
                case "similar5" -> assertSame(c, rec.similar(rec.itemIndex(c.arg()), 5));
                case "foldin5" -> {
                    String[] pairs = c.arg().split(",");
                    String[] items = new String[pairs.length];
                    float[] values = new float[pairs.length];
                    for (int j = 0; j < pairs.length; j++) {
                        String[] kv = pairs[j].split("=");
                        items[j] = kv[0];
                        values[j] = Float.parseFloat(kv[1]);
                    }
                    assertSame(c, new FoldIn(m).recommend(items, values, 5));
                }
                case "newuser" -> {
                    SideInfoModel s = (SideInfoModel) m.model();
                    assertSame(c, s.predict(s.newUser(LegacyModelFixtures.raw(a[0])), rec.itemIndex(a[1])));
                }
                case "newitem" -> {
                    SideInfoModel s = (SideInfoModel) m.model();
                    assertSame(c, s.predict(rec.userIndex(a[1]), s.newItem(LegacyModelFixtures.raw(a[0]))));
                }
                case "predict-at" -> {
                    ContextualModel cm = (ContextualModel) m.model();
                    assertThat(cm.usesTime()).as(c.where()).isTrue();
                    Ratings one = new Ratings(new int[] {rec.userIndex(a[0])}, new int[] {rec.itemIndex(a[1])}, new float[] {3f},
                            new long[] {Long.parseLong(a[2])}, m.userIds(), m.itemIds(), m.scale());
                    float[] out = new float[1];
                    cm.predictRatings(one, new int[] {0}, 0, 1, out);
                    assertSame(c, out[0]);
                }
                default -> throw new AssertionError("unknown check '" + c.check() + "' in expected.tsv");
            }
            if (c.check().equals("kind")) kinds++;
        }
        assertThat(kinds).as(file + ": a kind line").isEqualTo(1);
    }

    /** The same float, bit for bit (Float.toString of the expected value reads back to it exactly). */
    static void assertSame(Check c, float actual) {
        float expected = Float.parseFloat(c.expected());
        if (!VECTOR_PATH) {
            assertThat(actual).as("%s (scalar path)", c.where()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5f));
            return;
        }
        assertThat(Float.floatToIntBits(actual)).as("%s: expected %s, got %s", c.where(), c.expected(), Float.toString(actual))
                .isEqualTo(Float.floatToIntBits(expected));
    }

    /** The same items in the same order with the same scores, bit for bit. */
    static void assertSame(Check c, List<ScoredItem> actual) {
        List<String> ids = new ArrayList<>();
        List<Integer> bits = new ArrayList<>();
        StringBuilder shown = new StringBuilder();
        for (ScoredItem s : actual) {
            ids.add(s.item());
            bits.add(Float.floatToIntBits(s.score()));
            shown.append(shown.length() > 0 ? " " : "").append(s.item()).append('=').append(s.score());
        }
        List<String> expectedIds = new ArrayList<>();
        List<Integer> expectedBits = new ArrayList<>();
        for (String part : c.expected().split(" ")) {
            int eq = part.lastIndexOf('=');
            expectedIds.add(part.substring(0, eq));
            expectedBits.add(Float.floatToIntBits(Float.parseFloat(part.substring(eq + 1))));
        }
        assertThat(ids).as("%s: items; expected %s, got %s", c.where(), c.expected(), shown).containsExactlyElementsOf(expectedIds);
        if (!VECTOR_PATH) {
            for (int j = 0; j < actual.size(); j++)
                assertThat(actual.get(j).score()).as("%s: score %d (scalar path)", c.where(), j)
                        .isCloseTo(Float.intBitsToFloat(expectedBits.get(j)), org.assertj.core.data.Offset.offset(1e-5f));
            return;
        }
        assertThat(bits).as("%s: scores; expected %s, got %s", c.where(), c.expected(), shown).containsExactlyElementsOf(expectedBits);
    }
}
