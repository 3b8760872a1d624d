package org.collab4j.spark;

import java.io.IOException;
import java.nio.file.Files;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;

/**
 * Writes a model file from the driver, atomically, to a local path or any Hadoop path: a local
 * path goes through {@link ModelFile#write} (temporary file, rename); another file system gets
 * the finished file copied to a temporary name beside the target, then renamed into place.
 */
public final class ModelOutput {
    private ModelOutput() {
    }

    public static void write(TrainedModel model, String target, Configuration conf) throws IOException {
        Path dst = new Path(target);
        String scheme = dst.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            ModelFile.write(model, java.nio.file.Path.of(dst.toUri().getPath()));
            return;
        }
        java.nio.file.Path local = Files.createTempFile("collab4j-model", ".c4j");
        try {
            ModelFile.write(model, local);
            FileSystem fs = dst.getFileSystem(conf);
            Path tmp = new Path(dst.getParent(), "." + dst.getName() + ".tmp");
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), tmp);
            if (fs.exists(dst) && !fs.delete(dst, false)) throw new IOException("cannot replace " + dst);
            if (!fs.rename(tmp, dst)) throw new IOException("cannot rename " + tmp + " to " + dst);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** Reads the model file at {@code source}, on any Hadoop file system. */
    public static TrainedModel read(String source, Configuration conf) throws IOException {
        Path src = new Path(source);
        String scheme = src.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) return ModelFile.read(java.nio.file.Path.of(src.toUri().getPath()));
        java.nio.file.Path local = Files.createTempFile("collab4j-model", ".c4j");
        try {
            src.getFileSystem(conf).copyToLocalFile(false, src, new Path(local.toUri()), true);
            return ModelFile.read(local);
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
