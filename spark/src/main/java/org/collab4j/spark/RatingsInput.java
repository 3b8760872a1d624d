package org.collab4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.collab4j.data.DataFormatException;
import org.collab4j.data.DataLoader;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.RatingLineReader;
import org.collab4j.data.RatingScale;
import org.collab4j.data.SideInfo;

import static org.apache.spark.sql.functions.col;

/**
 * Reads a rating log on any Hadoop-compatible path (local, {@code hdfs://}, {@code s3a://}, ...)
 * into a DataFrame {@code user string, item string, rating float}.
 *
 * <p>Delimited text (CSV, TSV, {@code ::}, MovieLens folders) is read with the same layout
 * detection, options and messages as the local loader ({@link RatingLineReader}): the layout is
 * detected on the driver from the first 64 KB, every line is checked on the executors, and a bad
 * line stops the load with the file, the line number and what was expected (the line number is
 * looked up only then, in a second pass). Parquet ({@code .parquet} files or folders of them,
 * or {@code --format parquet}) is read by column names, as a header would be.
 *
 * <p>Unlike the local loader, repeated (user, item) pairs are all kept: "the last one" has no
 * meaning in a file read in parallel.
 */
public final class RatingsInput {
    /**
     * A loaded log and what the load found.
     *
     * @param sideFolder the folder of the rating file, where a MovieLens layout keeps its side tables (null for Parquet)
     * @param sideTables the MovieLens layout whose side tables may sit there ({@link SideInfo#files}), or null
     */
    public record Loaded(Dataset<Row> ratings, String source, RatingScale scale, long badLinesSkipped, String sideFolder,
                         LoadOptions.Format sideTables) {
    }

    private static final StructType SCHEMA = new StructType()
            .add("user", DataTypes.StringType, false)
            .add("item", DataTypes.StringType, false)
            .add("rating", DataTypes.FloatType, false);

    private RatingsInput() {
    }

    /**
     * Reads {@code path} with {@code options} (format, columns, delimiter, header, scale,
     * skip-bad-lines; threads and times are not used). {@code format} may be "parquet".
     */
    public static Loaded read(SparkSession spark, String path, LoadOptions options, boolean parquet) {
        Path p = new Path(path);
        FileSystem fs;
        try {
            fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p))
                throw new DataFormatException(path, "no such file or folder; expected a rating file, or a folder holding " + DataLoader.EXPECTED_FILES);
            FileStatus st = fs.getFileStatus(p);
            Path file = p;
            LoadOptions opts = options;
            if (st.isDirectory()) {
                Path uData = new Path(p, "u.data"), dat = new Path(p, "ratings.dat"), csv = new Path(p, "ratings.csv");
                if (fs.exists(uData)) {
                    file = uData;
                    if (opts.format() == LoadOptions.Format.AUTO) opts = opts.toBuilder().format(LoadOptions.Format.ML100K).build();
                } else if (fs.exists(dat)) {
                    file = dat;
                    if (opts.format() == LoadOptions.Format.AUTO) opts = opts.toBuilder().format(LoadOptions.Format.ML_DAT).build();
                } else if (fs.exists(csv)) {
                    file = csv;
                } else {
                    List<Path> parts = dataFiles(fs, p);
                    if (parts.isEmpty()) throw new DataFormatException(path, "holds no rating file; expected " + DataLoader.EXPECTED_FILES
                            + ", Parquet files or text part files");
                    parquet |= parts.get(0).getName().endsWith(".parquet");
                    if (parquet) return parquet(spark, path, options);
                    return text(spark, path, parts.get(0), fs, opts);
                }
            }
            if (parquet || file.getName().endsWith(".parquet")) return parquet(spark, file.toString(), options);
            return text(spark, file.toString(), file, fs, opts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> dataFiles(FileSystem fs, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (FileStatus f : fs.listStatus(dir)) {
            String n = f.getPath().getName();
            if (f.isFile() && !n.startsWith("_") && !n.startsWith(".")) out.add(f.getPath());
        }
        out.sort(null);
        return out;
    }

    private static Loaded text(SparkSession spark, String source, Path first, FileSystem fs, LoadOptions options) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n = 0;
        try (InputStream in = fs.open(first)) {
            int r;
            while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) n += r;
        }
        boolean more = n == buf.length;
        RatingLineReader reader = RatingLineReader.detect(source, first.getName(), buf, n, more, options);
        String headerLine = reader.header() ? firstLine(buf, n) : null;
        LongAccumulator bad = spark.sparkContext().longAccumulator("bad lines");
        JavaRDD<String> lines = spark.read().textFile(source).javaRDD();
        // rows are made one at a time as Spark pulls them (a partition is never held as a list)
        JavaRDD<Row> rows = lines.mapPartitions(it -> new java.util.Iterator<Row>() {
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && it.hasNext()) {
                    String line = it.next();
                    if (RatingLineReader.isBlank(line) || line.equals(headerLine)) continue;
                    String problem = reader.read(line);
                    if (problem == null) next = RowFactory.create(reader.user(), reader.item(), reader.rating());
                    else if (reader.skipBadLines()) bad.add(1);
                    else throw new BadLine(line, problem);
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                Row r = next;
                next = null;
                return r;
            }
        });
        Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
        df.persist(org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
        Row stats;
        try {
            stats = df.agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.min("rating"),
                    org.apache.spark.sql.functions.max("rating")).first();
        } catch (Exception e) { // Spark throws its checked SparkException from Scala code
            BadLine b = badLine(e);
            if (b == null) throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
            throw locate(lines, reader, headerLine, b);
        }
        long count = stats.getLong(0);
        if (count == 0) {
            if (bad.value() > 0) throw new DataFormatException(source, "no ratings left: all " + bad.value() + " rating lines were malformed and skipped");
            throw new DataFormatException(source, "no ratings: the file holds only " + (reader.header() ? "a header and " : "") + "blank lines");
        }
        RatingScale scale = scale(options.scale(), reader, stats.getFloat(1), stats.getFloat(2));
        return new Loaded(df, source, scale, bad.value(), first.getParent() == null ? null : first.getParent().toString(), reader.sideTables());
    }

    private static String firstLine(byte[] buf, int n) {
        String text = new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        for (String l : text.split("\n")) {
            String t = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
            if (!RatingLineReader.isBlank(t)) return t;
        }
        return null;
    }

    /** The scale rule of the local loader: the declared one, else MovieLens', else the data's range. */
    static RatingScale scale(RatingScale given, RatingLineReader reader, float min, float max) {
        if (given != null) return given;
        if (reader != null && reader.format() == LoadOptions.Format.ML100K) return new RatingScale(1, 5);
        if (reader != null && reader.format() == LoadOptions.Format.ML_DAT) return min >= 1 ? new RatingScale(1, 5) : new RatingScale(0.5f, 5);
        if (reader != null && reader.declaredScale() != null) return reader.declaredScale();
        if (min < max) return new RatingScale(min, max);
        return min > 0 ? new RatingScale(0, max) : new RatingScale(min, min + 1);
    }

    /** A bad line found on an executor; turned into a {@link DataFormatException} with its line number on the driver. */
    static final class BadLine extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String line;
        final String expected;

        BadLine(String line, String expected) {
            super("bad rating line: " + expected + ": " + line);
            this.line = line;
            this.expected = expected;
        }
    }

    private static BadLine badLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadLine b) return b;
            if (t instanceof SparkException && t.getMessage() != null && t.getMessage().contains("bad rating line: ")) {
                return new BadLine("", "");
            }
        }
        return null;
    }

    /** The first bad line of the file, with its number: a second pass, only on failure. */
    private static DataFormatException locate(JavaRDD<String> lines, RatingLineReader reader, String headerLine, BadLine hint) {
        List<scala.Tuple2<String, Long>> first = lines.zipWithIndex().filter(t -> {
            String line = t._1();
            if (RatingLineReader.isBlank(line) || line.equals(headerLine)) return false;
            return reader.read(line) != null;
        }).take(1);
        if (first.isEmpty()) return new DataFormatException(reader.fileName(), "a line could not be read: " + hint.getMessage());
        String line = first.get(0)._1();
        RatingLineReader rd = reader;
        String problem = rd.read(line);
        return reader.error(first.get(0)._2() + 1, line, problem);
    }

    private static Loaded parquet(SparkSession spark, String path, LoadOptions options) {
        Dataset<Row> df = spark.read().parquet(path);
        String[] names = df.columns();
        String spec = options.columns() != null ? options.columns() : RatingLineReader.columnsFromNames(names);
        if (spec == null)
            throw new DataFormatException(path, "expected Parquet columns naming the user, the item and the rating (e.g. userId, movieId, rating)"
                    + " but found " + String.join(", ", names) + "; give the columns option");
        String[] roles = spec.split(",");
        if (roles.length != names.length)
            throw new DataFormatException(path, "columns '" + spec + "' name " + roles.length + " fields but the Parquet schema has "
                    + names.length + ": " + String.join(", ", names));
        String u = null, i = null, r = null;
        for (int c = 0; c < roles.length; c++) {
            switch (roles[c].trim()) {
                case "user" -> u = names[c];
                case "item" -> i = names[c];
                case "rating" -> r = names[c];
                default -> { }
            }
        }
        if (u == null || i == null || r == null) throw new DataFormatException(path, "columns '" + spec + "' must name user, item and rating");
        Dataset<Row> out = df.select(col(u).cast("string").as("user"), col(i).cast("string").as("item"), col(r).cast("float").as("rating"))
                .na().drop();
        out.persist(org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
        Row stats = out.agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.min("rating"),
                org.apache.spark.sql.functions.max("rating")).first();
        if (stats.getLong(0) == 0) throw new DataFormatException(path, "no ratings: the Parquet data holds no rows with a user, an item and a rating");
        RatingScale scale = scale(options.scale(), null, stats.getFloat(1), stats.getFloat(2));
        if (options.scale() != null) {
            long outside = out.filter(col("rating").lt(scale.min()).or(col("rating").gt(scale.max()))).count();
            if (outside > 0) throw new DataFormatException(path, outside + " ratings lie outside the declared scale " + scale);
        }
        return new Loaded(out, path, scale, 0, null, null);
    }

}
