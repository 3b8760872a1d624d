package org.collab4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.UserInfo;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.ModelCodec;
import org.collab4j.model.FactorModel;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    static TrainedModel sample(float[] yRange) {
        Ratings ratings = new Ratings(
                new int[] {0, 0, 1, 2, 2, 2, 1},
                new int[] {2, 0, 1, 3, 0, 1, 3},
                new float[] {4f, 5f, 1f, 3.5f, 2f, 4.5f, 3f},
                new long[] {10, 20, 30, 40, 50, 60, 70},
                IdIndex.of("u1", "u2", "ü3"), IdIndex.of("10", "20", "30", "40"), new RatingScale(0.5f, 5f));
        ItemInfo items = new ItemInfo(
                new String[] {"Toy Story (1995)", "Café (2010)", null, "東京物語 (1953)"},
                new int[] {1995, 2010, 0, 1953},
                new long[] {9131, 14610, Long.MIN_VALUE, -6000},
                new String[] {"Action", "Comedy", "Drama"},
                new int[][] {{0, 1}, {1}, {}, {2}});
        UserInfo users = new UserInfo(new int[] {24, 0, 53}, new String[] {"M", null, "F"},
                new String[] {"technician", null, "écrivain"}, new String[] {"85711", null, "K1A 0B1"});
        float[] p = new float[3 * 2], q = new float[4 * 2];
        for (int j = 0; j < p.length; j++) p[j] = 0.1f * j - 0.25f;
        for (int j = 0; j < q.length; j++) q[j] = 0.3f - 0.07f * j;
        FactorModel fm = new FactorModel("dot-bias", 3, 4, 2, p, q, new float[] {0.1f, -0.2f, 0.3f},
                new float[] {-0.4f, 0.5f, 0f, 1e-7f}, 0.75f, yRange);
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("dataset", "ml-100k");
        prov.put("split", "random(0.2, seed 42)");
        prov.put("lr", "0.005");
        prov.put("note", "Café ✓");
        return TrainedModel.of(fm, ratings, new int[] {0, 1, 2, 3, 4, 5}, items, users, prov);
    }

    static void assertSameModel(TrainedModel a, TrainedModel b) {
        assertThat(b.kind()).isEqualTo(a.kind());
        assertThat(b.userIds().ids()).containsExactly(a.userIds().ids());
        assertThat(b.itemIds().ids()).containsExactly(a.itemIds().ids());
        assertThat(b.scale()).isEqualTo(a.scale());
        assertThat(b.provenance()).containsExactlyEntriesOf(a.provenance());
        assertThat(b.seenStart()).containsExactly(a.seenStart());
        assertThat(b.seenItems()).containsExactly(a.seenItems());
        assertThat(b.seenValues()).containsExactly(a.seenValues());
        assertThat(b.itemCounts()).containsExactly(a.itemCounts());
        if (a.itemInfo() == null) assertThat(b.itemInfo()).isNull();
        else {
            assertThat(b.itemInfo().titles()).containsExactly(a.itemInfo().titles());
            assertThat(b.itemInfo().years()).containsExactly(a.itemInfo().years());
            assertThat(b.itemInfo().releaseEpochDays()).containsExactly(a.itemInfo().releaseEpochDays());
            assertThat(b.itemInfo().genreNames()).containsExactly(a.itemInfo().genreNames());
            assertThat(b.itemInfo().genreLists()).isDeepEqualTo(a.itemInfo().genreLists());
        }
        if (a.userInfo() == null) assertThat(b.userInfo()).isNull();
        else {
            assertThat(b.userInfo().ages()).containsExactly(a.userInfo().ages());
            assertThat(b.userInfo().genders()).containsExactly(a.userInfo().genders());
            assertThat(b.userInfo().occupations()).containsExactly(a.userInfo().occupations());
            assertThat(b.userInfo().zips()).containsExactly(a.userInfo().zips());
        }
        FactorModel fa = (FactorModel) a.model(), fb = (FactorModel) b.model();
        assertThat(fb.getClass()).isEqualTo(FactorModel.class);
        assertThat(fb.factors()).isEqualTo(fa.factors());
        assertThat(fb.global()).isEqualTo(fa.global());
        assertThat(fb.yRange()).isEqualTo(fa.yRange());
        assertThat(fb.userFactors()).containsExactly(fa.userFactors());
        assertThat(fb.itemFactors()).containsExactly(fa.itemFactors());
        assertThat(fb.userBias()).containsExactly(fa.userBias());
        assertThat(fb.itemBias()).containsExactly(fa.itemBias());
        for (int u = 0; u < a.numUsers(); u++)
            for (int i = 0; i < a.numItems(); i++) assertThat(fb.predict(u, i)).isEqualTo(fa.predict(u, i));
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void roundTripKeepsEveryArrayAndMap() throws IOException {
        TrainedModel m = sample(new float[] {0f, 5.5f});
        Path f = dir.resolve("model.c4j");
        ModelFile.write(m, f);
        TrainedModel back = ModelFile.read(f);
        assertSameModel(m, back);
        assertThat(back.title(1)).isEqualTo("Café (2010)");
        assertThat(back.title(2)).isEqualTo("30"); // no title: the id
        assertThat(back.provenance().keySet()).containsExactly("dataset", "split", "lr", "note");
        assertThat(back.hasSeen(0, 2)).isTrue();
        assertThat(back.hasSeen(1, 3)).isFalse(); // row 6 was not a training row
        assertThat(filesInDir()).containsExactly("model.c4j");
    }

    /** A model file is an ordinary file: readable by whoever the umask lets read new files, not owner-only like a temp file. */
    @Test
    void writtenFileHasOrdinaryPermissions() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path f = dir.resolve("model.c4j");
        ModelFile.write(sample(null), f);
        Path plain = Files.write(dir.resolve("plain.txt"), new byte[] {1});
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void roundTripWithoutSideInfoOrYRange() throws IOException {
        TrainedModel full = sample(null);
        TrainedModel bare = new TrainedModel(full.model(), full.userIds(), full.itemIds(), null, null, full.scale(),
                full.seenStart(), full.seenItems(), full.seenValues(), Map.of());
        Path f = dir.resolve("sub/dir/bare.c4j");
        ModelFile.write(bare, f);
        assertSameModel(bare, ModelFile.read(f));
    }

    private Path written() throws IOException {
        Path f = dir.resolve("model.c4j");
        ModelFile.write(sample(new float[] {0f, 5.5f}), f);
        return f;
    }

    @Test
    void everyTruncationIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        Path cut = dir.resolve("cut.c4j");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(cut, java.util.Arrays.copyOf(bytes, len));
            final int n = len;
            assertThatThrownBy(() -> ModelFile.read(cut)).as("truncated to %d of %d bytes", n, bytes.length)
                    .isInstanceOf(CorruptModelException.class).hasMessageStartingWith(cut.toString() + ": ");
        }
    }

    @Test
    void everyFlippedByteIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        Path bad = dir.resolve("bad.c4j");
        for (int at = 0; at < bytes.length; at++) {
            byte[] b = bytes.clone();
            b[at] ^= (byte) 0x5A;
            Files.write(bad, b);
            final int pos = at;
            assertThatThrownBy(() -> ModelFile.read(bad)).as("byte %d of %d flipped", pos, bytes.length)
                    .isInstanceOf(CorruptModelException.class);
        }
    }

    @Test
    void flippedFactorValueFailsTheChecksum() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        // the last payload bytes are the item biases' float values: parsing succeeds, the checksum does not
        bytes[bytes.length - 32 - 3] ^= 1;
        Path f = dir.resolve("model.c4j");
        Files.write(f, bytes);
        assertThatThrownBy(() -> ModelFile.read(f)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void badMagicWrongVersionEmptyAndMissingFiles() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        Path f = dir.resolve("x.c4j");

        byte[] magic = bytes.clone();
        magic[0] = 'X';
        Files.write(f, magic);
        assertThatThrownBy(() -> ModelFile.read(f)).isInstanceOf(CorruptModelException.class)
                .hasMessage(f + ": not a collab4j model file (bad magic number)");

        byte[] version = bytes.clone();
        ByteBuffer.wrap(version, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(ModelFile.FORMAT_VERSION + 1);
        Files.write(f, version);
        assertThatThrownBy(() -> ModelFile.read(f)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("format version " + (ModelFile.FORMAT_VERSION + 1) + " is not supported")
                .hasMessageContaining("reads version " + ModelFile.FORMAT_VERSION);

        Files.write(f, new byte[0]);
        assertThatThrownBy(() -> ModelFile.read(f)).isInstanceOf(CorruptModelException.class)
                .hasMessage(f + ": not a collab4j model file (too short: 0 bytes)");

        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 5);
        Files.write(f, longer);
        assertThatThrownBy(() -> ModelFile.read(f)).isInstanceOf(CorruptModelException.class);

        Path missing = dir.resolve("missing.c4j");
        assertThatThrownBy(() -> ModelFile.read(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.c4j");
    }

    /** A FactorModel whose codec fails half way through writing it. */
    static final class ExplodingModel extends FactorModel {
        final boolean unchecked;

        ExplodingModel(FactorModel m, boolean unchecked) {
            super("exploding", m.numUsers(), m.numItems(), m.factors(), m.userFactors(), m.itemFactors(), m.userBias(),
                    m.itemBias(), m.global(), m.yRange());
            this.unchecked = unchecked;
        }
    }

    static final class ExplodingCodec implements ModelCodec {
        @Override
        public String name() {
            return "exploding-test-codec";
        }

        @Override
        public boolean handles(RatingModel model) {
            return model instanceof ExplodingModel;
        }

        @Override
        public void write(RatingModel model, BinaryOut out) throws IOException {
            // enough bytes that part of the payload has reached the temporary file
            out.writeFloats(new float[100_000]);
            if (((ExplodingModel) model).unchecked) throw new IllegalStateException("codec bug (simulated)");
            throw new IOException("disk full (simulated)");
        }

        @Override
        public RatingModel read(BinaryIn in) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path f = written();
        byte[] before = Files.readAllBytes(f);
        TrainedModel good = sample(new float[] {0f, 5.5f});

        TrainedModel failing = good.withModel(new ExplodingModel((FactorModel) good.model(), false));
        assertThatThrownBy(() -> ModelFile.write(failing, f, new ExplodingCodec())).isInstanceOf(IOException.class).hasMessage("disk full (simulated)");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(filesInDir()).containsExactly("model.c4j");

        TrainedModel buggy = good.withModel(new ExplodingModel((FactorModel) good.model(), true));
        assertThatThrownBy(() -> ModelFile.write(buggy, f, new ExplodingCodec())).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(filesInDir()).containsExactly("model.c4j");

        // a model no codec handles fails before anything reaches the real name
        RatingModel alien = new RatingModel() {
            public String kind() {
                return "alien";
            }

            public int numUsers() {
                return 3;
            }

            public int numItems() {
                return 4;
            }

            public float predict(int user, int item) {
                return 0;
            }
        };
        assertThatThrownBy(() -> ModelFile.write(good.withModel(alien), f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no model-file codec handles alien");
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        assertThat(filesInDir()).containsExactly("model.c4j");

        // and a successful write replaces the file with the complete new one
        TrainedModel other = sample(null);
        ModelFile.write(other, f);
        assertSameModel(other, ModelFile.read(f));
        assertThat(filesInDir()).containsExactly("model.c4j");
    }

    @Test
    void damagedFileNamesThePathAndSaysWhatIsWrong() throws IOException {
        byte[] bytes = Files.readAllBytes(written());
        Path f = dir.resolve("model.c4j");
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        List<String> messages = new ArrayList<>();
        try {
            ModelFile.read(f);
        } catch (CorruptModelException e) {
            messages.add(e.getMessage());
        }
        assertThat(messages).singleElement().asString().startsWith(f.toString()).containsAnyOf("truncated", "damaged");
    }
}
