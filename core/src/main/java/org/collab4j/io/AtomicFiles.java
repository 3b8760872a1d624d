package org.collab4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file the user keeps atomically: into a temporary file in the same folder, forced to
 * disk, then renamed over the target, so a failure never leaves a half-written file or destroys
 * an older one. The file gets the permissions of any new file (not a temporary file's owner-only ones).
 */
public final class AtomicFiles {
    private static final SecureRandom TMP_NAMES = new SecureRandom();

    private AtomicFiles() {
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code path} atomically; its folder is created when missing. */
    public static void write(Path path, Content content) throws IOException {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) throw new IOException(path + " is a folder; give a file name");
        if (dir != null) createFolder(dir);
        // not Files.createTempFile: its owner-only permissions would stay with the renamed file
        Path tmp = Files.createFile(abs.resolveSibling("." + abs.getFileName() + "." + Long.toUnsignedString(TMP_NAMES.nextLong(), 36) + ".tmp"));
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true); // on disk before it replaces the old file
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir} and its parents, with a message that says which path is in the way. */
    public static void createFolder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p))
                throw new IOException("cannot create folder " + dir + ": " + p + " is a file");
        }
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot create folder " + dir + ": permission denied", e);
        }
    }
}
