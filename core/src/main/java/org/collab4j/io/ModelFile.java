package org.collab4j.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.ItemInfo;
import org.collab4j.data.RatingScale;
import org.collab4j.data.UserInfo;
import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.ModelCodec;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.Algorithms;

/**
 * The model file: one file per model, loadable without the training data.
 *
 * <pre>
 *   8 bytes   magic "COLLAB4J"
 *   4 bytes   format version (little-endian int)
 *   ...       payload: codec name, provenance, rating scale, id maps, item and user info,
 *             each user's training ratings, then the model's own arrays (its codec's encoding)
 *   32 bytes  SHA-256 of the payload
 * </pre>
 *
 * Files are written to a temporary file beside the target and renamed into place, so a crash
 * never leaves a half-written model under the real name. Reading checks the magic, the version and
 * the checksum before it parses anything, then every length against the file size. The codecs
 * are those the installed algorithms declare ({@link Algorithms#codecs()}).
 */
public final class ModelFile {
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "COLLAB4J".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 4;
    private static final int DIGEST = 32;

    private ModelFile() {
    }

    /** The codec that writes {@code model}, or an error naming the model's kind and class. */
    public static ModelCodec codecFor(RatingModel model) {
        for (ModelCodec c : Algorithms.codecs()) if (c.handles(model)) return c;
        throw new IllegalArgumentException("no model-file codec handles " + model.kind() + " (" + model.getClass().getName() + ")");
    }

    public static ModelCodec codecNamed(String name) throws CorruptModelException {
        for (ModelCodec c : Algorithms.codecs()) if (c.name().equals(name)) return c;
        throw new CorruptModelException("model family '" + name + "' is not known to this version of collab4j");
    }

    /** Writes {@code model} to {@code path} atomically ({@link AtomicFiles}). */
    public static void write(TrainedModel model, Path path) throws IOException {
        write(model, path, codecFor(model.model()));
    }

    /** Writes {@code model} with {@code codec} (tests give a codec of their own). */
    static void write(TrainedModel model, Path path, ModelCodec codec) throws IOException {
        AtomicFiles.write(path, raw -> {
            raw.write(MAGIC);
            raw.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(FORMAT_VERSION).array());
            MessageDigest sha = sha256();
            BinaryOut out = new BinaryOut(new DigestOutputStream(raw, sha));
            writePayload(model, codec, out);
            out.flush();
            raw.write(sha.digest());
        });
    }

    private static void writePayload(TrainedModel m, ModelCodec codec, BinaryOut out) throws IOException {
        out.writeString(codec.name());
        Map<String, String> prov = m.provenance();
        out.writeInt(prov.size());
        for (Map.Entry<String, String> e : prov.entrySet()) {
            out.writeString(e.getKey());
            out.writeString(e.getValue());
        }
        out.writeFloat(m.scale().min());
        out.writeFloat(m.scale().max());
        out.writeStrings(m.userIds().ids());
        out.writeStrings(m.itemIds().ids());
        ItemInfo info = m.itemInfo();
        out.writeBoolean(info != null);
        if (info != null) {
            out.writeStrings(info.titles());
            out.writeInts(info.years());
            out.writeLongs(info.releaseEpochDays());
            out.writeStrings(info.genreNames());
            int[][] g = info.genreLists();
            out.writeInt(g.length);
            for (int[] row : g) out.writeInts(row);
        }
        UserInfo users = m.userInfo();
        out.writeBoolean(users != null);
        if (users != null) {
            out.writeInts(users.ages());
            out.writeStrings(users.genders());
            out.writeStrings(users.occupations());
            out.writeStrings(users.zips());
        }
        out.writeInts(m.seenStart());
        out.writeInts(m.seenItems());
        out.writeFloats(m.seenValues());
        codec.write(m.model(), out);
    }

    /**
     * Reads a model file; a file that is damaged in any way is refused with {@link CorruptModelException}.
     * The checksum is verified over the whole payload before any of it is parsed, so a damaged
     * length or count is reported as a corrupt file, never acted on (no allocation sized by it).
     * The file is opened once: a model renamed into place meanwhile is not mixed in.
     */
    public static TrainedModel read(Path path) throws IOException {
        String name = path.toString();
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(name, null, "no such model file");
        }
        try (ch) {
            long size = ch.size();
            if (size < HEADER + DIGEST) throw new CorruptModelException(name + ": not a collab4j model file (too short: " + size + " bytes)");
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            readFully(ch, header, 0, name);
            byte[] magic = Arrays.copyOf(header.array(), MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) throw new CorruptModelException(name + ": not a collab4j model file (bad magic number)");
            int version = header.order(ByteOrder.LITTLE_ENDIAN).getInt(MAGIC.length);
            if (version != FORMAT_VERSION)
                throw new CorruptModelException(name + ": model file format version " + version + " is not supported (this collab4j reads version "
                        + FORMAT_VERSION + ")");
            long payload = size - HEADER - DIGEST;
            verifyChecksum(ch, payload, name);
            InputStream raw = new BufferedInputStream(Channels.newInputStream(ch.position(HEADER)), 1 << 16);
            BinaryIn in = new BinaryIn(new BoundedInputStream(raw, payload), payload);
            try {
                TrainedModel model = readPayload(in);
                if (in.remaining() != 0) throw new CorruptModelException(in.remaining() + " unread bytes after the model");
                return model;
            } catch (EOFException e) {
                throw new CorruptModelException(name + ": model file is truncated or damaged");
            } catch (CorruptModelException e) {
                throw new CorruptModelException(name + ": model file is damaged (" + e.getMessage() + ")");
            } catch (RuntimeException e) {
                throw new CorruptModelException(name + ": model file is damaged (" + e + ")");
            }
        }
    }

    /**
     * The SHA-256 the file records for its payload, as hexadecimal: it names the model a file
     * holds without hashing the file again (reading it with {@link #read} checks it). Reads only
     * the file's last 32 bytes.
     */
    public static String recordedDigest(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER + DIGEST) throw new CorruptModelException(path + ": not a collab4j model file (too short)");
            ByteBuffer digest = ByteBuffer.allocate(DIGEST);
            readFully(ch, digest, size - DIGEST, path.toString());
            return java.util.HexFormat.of().formatHex(digest.array());
        }
    }

    /** SHA-256 of the {@code payload} bytes after the header against the digest that follows them. */
    private static void verifyChecksum(FileChannel ch, long payload, String name) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long at = HEADER, end = HEADER + payload;
        while (at < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - at));
            at += readFully(ch, buf, at, name);
            sha.update(buf.flip());
        }
        ByteBuffer expected = ByteBuffer.allocate(DIGEST);
        readFully(ch, expected, end, name);
        if (!MessageDigest.isEqual(expected.array(), sha.digest()))
            throw new CorruptModelException(name + ": corrupt model file (checksum mismatch: damaged or cut short after it was written)");
    }

    /** Fills {@code buf} from {@code ch} at {@code position}; returns the bytes read. */
    private static int readFully(FileChannel ch, ByteBuffer buf, long position, String name) throws IOException {
        int n = 0;
        while (buf.hasRemaining()) {
            int k = ch.read(buf, position + n);
            if (k < 0) throw new CorruptModelException(name + ": corrupt model file (it ends early: it changed while being read)");
            n += k;
        }
        return n;
    }

    private static TrainedModel readPayload(BinaryIn in) throws IOException {
        ModelCodec codec = codecNamed(in.readString());
        int np = in.readInt();
        if (np < 0 || np > 100_000) throw new CorruptModelException("bad provenance size " + np);
        Map<String, String> prov = new LinkedHashMap<>();
        for (int i = 0; i < np; i++) prov.put(in.readString(), in.readString());
        RatingScale scale = new RatingScale(in.readFloat(), in.readFloat());
        IdIndex users = IdIndex.of(in.readStrings());
        IdIndex items = IdIndex.of(in.readStrings());
        ItemInfo info = null;
        if (in.readBoolean()) {
            String[] titles = in.readStrings();
            int[] years = in.readInts();
            long[] days = in.readLongs();
            String[] genreNames = in.readStrings();
            int n = in.readInt();
            if (n != titles.length) throw new CorruptModelException("genre rows do not match the items");
            int[][] genres = new int[n][];
            for (int i = 0; i < n; i++) genres[i] = in.readInts();
            info = new ItemInfo(titles, years, days, genreNames, genres);
        }
        UserInfo userInfo = null;
        if (in.readBoolean()) userInfo = new UserInfo(in.readInts(), in.readStrings(), in.readStrings(), in.readStrings());
        int[] start = in.readInts();
        int[] seen = in.readInts();
        float[] values = in.readFloats();
        RatingModel model = codec.read(in);
        return new TrainedModel(model, users, items, info, userInfo, scale, start, seen, values, prov);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads at most {@code limit} bytes of the underlying stream. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int b = in.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }
    }
}
