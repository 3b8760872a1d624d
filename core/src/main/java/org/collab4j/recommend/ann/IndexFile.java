package org.collab4j.recommend.ann;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.collab4j.io.AtomicFiles;
import org.collab4j.model.CorruptModelException;

/**
 * An index file, beside its model file: {@code MODEL.ann} for users' top-N
 * ({@link ItemIndex.Kind#USER_ITEM}), {@code MODEL.similar.ann} for similar items
 * ({@link ItemIndex.Kind#ITEM_ITEM}):
 *
 * <pre>
 *   8 bytes   magic "C4JANN01" (users' top-N) or "C4JSIM01" (similar items)
 *  32 bytes   SHA-256 of the whole model file the index was built from
 *   4 bytes   factors
 *   8 bytes   length L of the index
 *   L bytes   the index: "LISTS001" and the k-means lists, or an HNSW graph in hnswlib's own format
 *  32 bytes   SHA-256 of everything above
 * </pre>
 *
 * Written atomically like model files. Reading checks the checksum before the index is parsed,
 * and refuses an index built from another model (or another version of the same file).
 */
public final class IndexFile {
    private static final byte[] MAGIC = "C4JANN01".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIMILAR_MAGIC = "C4JSIM01".getBytes(StandardCharsets.US_ASCII);

    private IndexFile() {
    }

    /** Where the users' top-N index of {@code modelFile} lives. */
    public static Path beside(Path modelFile) {
        return beside(modelFile, ItemIndex.Kind.USER_ITEM);
    }

    /** Where the index of {@code kind} of {@code modelFile} lives. */
    public static Path beside(Path modelFile, ItemIndex.Kind kind) {
        return modelFile.resolveSibling(modelFile.getFileName() + (kind == ItemIndex.Kind.USER_ITEM ? ".ann" : ".similar.ann"));
    }

    private static byte[] magic(ItemIndex.Kind kind) {
        return kind == ItemIndex.Kind.USER_ITEM ? MAGIC : SIMILAR_MAGIC;
    }

    private static String what(ItemIndex.Kind kind) {
        return kind == ItemIndex.Kind.USER_ITEM ? "an index of users' top-N" : "an index of similar items";
    }

    /** SHA-256 of a file's bytes. */
    public static byte[] digest(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return sha.digest();
    }

    public static void write(ItemIndex index, Path modelFile, Path path) throws IOException {
        byte[] model = digest(modelFile);
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        index.save(graph);
        AtomicFiles.write(path, raw -> {
            MessageDigest sha = sha256();
            DataOutputStream out = new DataOutputStream(new java.security.DigestOutputStream(raw, sha));
            out.write(magic(index.kind()));
            out.write(model);
            out.writeInt(index.factors());
            out.writeLong(graph.size());
            graph.writeTo(out);
            out.flush();
            raw.write(sha.digest());
        });
    }

    /**
     * The index of {@code kind} beside {@code modelFile} for {@code model}, read and checked as
     * {@link #read(Path, Path, ItemIndex.Kind)} does; null when there is none or the model has no
     * factors to index.
     */
    public static ItemIndex readBeside(Path modelFile, org.collab4j.model.TrainedModel model, ItemIndex.Kind kind) throws IOException {
        Path path = beside(modelFile, kind);
        if (!Files.exists(path) || !ItemIndex.supports(model.model())) return null;
        return read(path, modelFile, kind);
    }

    /** Reads the users' top-N index at {@code path} and checks that it was built from {@code modelFile}. */
    public static ItemIndex read(Path path, Path modelFile) throws IOException {
        return read(path, modelFile, ItemIndex.Kind.USER_ITEM);
    }

    /**
     * Reads the index of {@code kind} at {@code path} and checks that it was built from
     * {@code modelFile}; an index of the other kind is refused.
     */
    public static ItemIndex read(Path path, Path modelFile, ItemIndex.Kind kind) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path + ": no index file (build one with `collab4j index --model " + modelFile + "`)");
        }
        int head = MAGIC.length + 32 + 4 + 8;
        byte[] magic = all.length < head + 32 ? null : Arrays.copyOf(all, MAGIC.length);
        ItemIndex.Kind other = kind == ItemIndex.Kind.USER_ITEM ? ItemIndex.Kind.ITEM_ITEM : ItemIndex.Kind.USER_ITEM;
        if (magic != null && Arrays.equals(magic, magic(other)))
            throw new CorruptModelException(path + ": this is " + what(other) + ", not " + what(kind));
        if (magic == null || !Arrays.equals(magic, magic(kind)))
            throw new CorruptModelException(path + ": not a collab4j index file");
        MessageDigest sha = sha256();
        sha.update(all, 0, all.length - 32);
        if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(all, all.length - 32, all.length)))
            throw new CorruptModelException(path + ": index file is damaged (checksum mismatch)");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 32));
        in.skipNBytes(MAGIC.length);
        byte[] model = in.readNBytes(32);
        if (!MessageDigest.isEqual(model, digest(modelFile)))
            throw new CorruptModelException(path + ": this index was built from another model than " + modelFile
                    + "; rebuild it with `collab4j index --model " + modelFile + "`");
        int factors = in.readInt();
        long len = in.readLong();
        if (len != all.length - 32 - head) throw new CorruptModelException(path + ": index file is damaged (bad length)");
        try {
            return ItemIndex.load(in, kind, factors);
        } catch (IOException | RuntimeException e) {
            throw new CorruptModelException(path + ": index file is damaged (" + e.getMessage() + ")");
        } catch (LinkageError e) {
            // a graph whose stored distance needs a class this JVM cannot load (e.g. the Vector API's)
            throw new CorruptModelException(path + ": this index needs " + e.getMessage() + ", which this JVM does not have;"
                    + " rebuild it with `collab4j index --model " + modelFile + "`");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
