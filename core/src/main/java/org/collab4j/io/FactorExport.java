package org.collab4j.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.model.FactorModel;
import org.collab4j.model.TrainedModel;

/**
 * Writes a latent-factor model's item and user factors and biases, with their ids, titles and
 * rating counts, into a folder, in formats other tools read. Row {@code r} of every file of a
 * side is the same item (or user): dense index order. Each file is written atomically.
 * <ul>
 * <li>{@link Format#TSV}: TensorBoard projector files, {@code item_vectors.tsv} (one row of
 * factors per item, tab-separated, no header) with {@code item_metadata.tsv} (header
 * {@code id title bias ratings}), and {@code user_vectors.tsv} with {@code user_metadata.tsv}
 * ({@code id bias ratings}). Tabs and line breaks inside titles become spaces.</li>
 * <li>{@link Format#NPY}: {@code item_factors.npy} ({@code <f4}, items x factors),
 * {@code item_bias.npy}, {@code item_ids.npy} and {@code item_titles.npy} (unicode),
 * {@code item_ratings.npy} ({@code <i4}), and the same for users (without titles); see {@link Npy}.</li>
 * <li>{@link Format#CSV}: {@code items.csv} ({@code id,title,bias,ratings,f0..}) and
 * {@code users.csv} ({@code id,bias,ratings,f0..}), quoted as RFC 4180.</li>
 * </ul>
 */
public final class FactorExport {
    public enum Format {
        TSV, NPY, CSV;

        /** The format named {@code name} (any case), or an error listing the known ones. */
        public static Format parse(String name) {
            for (Format f : values()) if (f.name().equalsIgnoreCase(name == null ? "" : name.trim())) return f;
            throw new IllegalArgumentException("unknown export format '" + name + "'; known formats: tsv, npy, csv");
        }
    }

    private FactorExport() {
    }

    /** Writes {@code trained} into {@code dir} (created when missing); returns the files written. */
    public static List<Path> write(TrainedModel trained, Format format, Path dir) throws IOException {
        if (!(trained.model() instanceof FactorModel))
            throw new UnsupportedOperationException("model '" + trained.kind() + "' has no factors to export");
        FactorModel m = (FactorModel) trained.model();
        AtomicFiles.createFolder(dir);
        int[] userRatings = new int[trained.numUsers()];
        for (int u = 0; u < userRatings.length; u++) userRatings[u] = trained.userCount(u);
        String[] titles = new String[trained.numItems()];
        for (int i = 0; i < titles.length; i++) titles[i] = trained.title(i);
        Side items = new Side("item", trained.itemIds().ids(), titles, m.itemFactors(), m.itemBias(), trained.itemCounts());
        Side users = new Side("user", trained.userIds().ids(), null, m.userFactors(), m.userBias(), userRatings);
        int k = m.factors();
        List<Path> written = new ArrayList<>();
        for (Side s : List.of(items, users)) {
            switch (format) {
                case TSV -> writeTsv(s, k, dir, written);
                case NPY -> writeNpy(s, k, dir, written);
                case CSV -> writeCsv(s, k, dir, written);
            }
        }
        return written;
    }

    private record Side(String name, String[] ids, String[] titles, float[] factors, float[] bias, int[] ratings) {
    }

    private static void writeTsv(Side s, int k, Path dir, List<Path> written) throws IOException {
        Path vectors = dir.resolve(s.name + "_vectors.tsv");
        text(vectors, w -> {
            for (int r = 0; r < s.ids.length; r++) {
                for (int f = 0; f < k; f++) {
                    if (f > 0) w.write('\t');
                    w.write(num(s.factors[r * k + f]));
                }
                w.write('\n');
            }
        });
        written.add(vectors);
        Path meta = dir.resolve(s.name + "_metadata.tsv");
        text(meta, w -> {
            w.write(s.titles != null ? "id\ttitle\tbias\tratings\n" : "id\tbias\tratings\n");
            for (int r = 0; r < s.ids.length; r++) {
                w.write(tsvCell(s.ids[r]));
                if (s.titles != null) w.write("\t" + tsvCell(s.titles[r]));
                w.write("\t" + num(s.bias[r]) + "\t" + s.ratings[r] + "\n");
            }
        });
        written.add(meta);
    }

    private static void writeNpy(Side s, int k, Path dir, List<Path> written) throws IOException {
        int n = s.ids.length;
        Path p;
        AtomicFiles.write(p = dir.resolve(s.name + "_factors.npy"), out -> Npy.writeFloats(out, s.factors, n, k));
        written.add(p);
        AtomicFiles.write(p = dir.resolve(s.name + "_bias.npy"), out -> Npy.writeFloats(out, s.bias, n));
        written.add(p);
        AtomicFiles.write(p = dir.resolve(s.name + "_ids.npy"), out -> Npy.writeStrings(out, s.ids));
        written.add(p);
        if (s.titles != null) {
            AtomicFiles.write(p = dir.resolve(s.name + "_titles.npy"), out -> Npy.writeStrings(out, s.titles));
            written.add(p);
        }
        AtomicFiles.write(p = dir.resolve(s.name + "_ratings.npy"), out -> Npy.writeInts(out, s.ratings));
        written.add(p);
    }

    private static void writeCsv(Side s, int k, Path dir, List<Path> written) throws IOException {
        Path p = dir.resolve(s.name + "s.csv");
        text(p, w -> {
            w.write(s.titles != null ? "id,title,bias,ratings" : "id,bias,ratings");
            for (int f = 0; f < k; f++) w.write(",f" + f);
            w.write('\n');
            for (int r = 0; r < s.ids.length; r++) {
                w.write(csvCell(s.ids[r]));
                if (s.titles != null) w.write("," + csvCell(s.titles[r]));
                w.write("," + num(s.bias[r]) + "," + s.ratings[r]);
                for (int f = 0; f < k; f++) w.write("," + num(s.factors[r * k + f]));
                w.write('\n');
            }
        });
        written.add(p);
    }

    @FunctionalInterface
    private interface Text {
        void write(Writer w) throws IOException;
    }

    private static void text(Path path, Text body) throws IOException {
        AtomicFiles.write(path, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            body.write(w);
            w.flush();
        });
    }

    /** Shortest decimal that reads back as the same float. */
    static String num(float v) {
        return Float.toString(v).replace("E", "e");
    }

    static String tsvCell(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    static String csvCell(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
