package org.collab4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.SideInfo;

/**
 * The MovieLens side tables beside a rating log (titles, genres, demographics), read on the
 * driver for the ids Spark numbered, so that a model file from Spark carries titles as one from
 * {@code collab4j train} does. A local folder is read in place; from another file system the few
 * small side files are copied to a temporary folder first.
 */
final class SideFiles {
    private SideFiles() {
    }

    /** The side info of {@code loaded}'s folder for {@code users} and {@code items}; empty (nulls) when there is none. */
    static SideInfo read(RatingsInput.Loaded loaded, IdIndex users, IdIndex items, boolean skipBadLines, Configuration conf) throws IOException {
        LoadOptions.Format format = loaded.sideTables();
        if (format == null || loaded.sideFolder() == null) return new SideInfo(null, null, 0);
        Path folder = new Path(loaded.sideFolder());
        String scheme = folder.toUri().getScheme();
        if (scheme == null || scheme.equals("file"))
            return SideInfo.read(java.nio.file.Path.of(folder.toUri().getPath()), format, users, items, skipBadLines);
        java.nio.file.Path local = Files.createTempDirectory("collab4j-side");
        try {
            FileSystem fs = folder.getFileSystem(conf);
            for (String name : SideInfo.files(format)) {
                Path f = new Path(folder, name);
                if (fs.exists(f)) fs.copyToLocalFile(false, f, new Path(local.resolve(name).toUri()), true);
            }
            return SideInfo.read(local, format, users, items, skipBadLines);
        } finally {
            try (Stream<java.nio.file.Path> files = Files.walk(local)) {
                for (java.nio.file.Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
