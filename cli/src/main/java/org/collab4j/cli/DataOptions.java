package org.collab4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.collab4j.data.DataLoader;
import org.collab4j.data.Dataset;
import org.collab4j.data.DatasetRegistry;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import picocli.CommandLine.Option;

/** Where the ratings come from and how to read them. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "NAME|PATH", description = "A known data set (ml-100k, ml-1m, ml-10m, ml-20m, ml-25m, "
            + "ml-latest-small, ml-latest) or a path to a ratings file or data set folder.")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of known data sets (default: $COLLAB4J_DATA, else ~/.collab4j/data).")
    Path dataDir;

    @Option(names = "--format", paramLabel = "FMT", description = "Force the layout: auto, ml100k, ml_dat, csv, delimited (default: detected).")
    String format;

    @Option(names = "--columns", paramLabel = "LIST", description = "Field order of a delimited file, e.g. user,item,rating,time (skip to ignore one).")
    String columns;

    @Option(names = "--delimiter", paramLabel = "D", description = "Field delimiter: a character, '::', 'tab' or 'whitespace' (default: detected).")
    String delimiter;

    @Option(names = "--header", arity = "0..1", paramLabel = "BOOL", description = "Whether the first line is a header (default: detected).")
    Boolean header;

    @Option(names = "--rating-scale", paramLabel = "MIN,MAX", description = "Declared rating scale; values outside are errors (default: known for MovieLens,"
            + " else the data's range without values far from the rest, which stop the load; the scale in use is always printed).")
    String ratingScale;

    @Option(names = "--skip-bad-lines", description = "Skip malformed lines (and ratings outside the scale) and report how many, instead of stopping at the first.")
    boolean skipBadLines;

    /** Loads the data set, fetching a known one when missing. */
    Dataset load(int threads, boolean keepTime, Console console) {
        return load(threads, keepTime, false, console);
    }

    /** {@link #load}, keeping every repeated (user, item) line when {@code keepRepeats} (an interaction log's events). */
    Dataset load(int threads, boolean keepTime, boolean keepRepeats, Console console) {
        if (data == null) throw new UserException("--data is required (a known name such as ml-100k, or a path)");
        Path dir = DatasetRegistry.defaultDataDir(dataDir);
        Path path = new DatasetRegistry().resolve(data, dir, true, console.bytesProgress("download " + data));
        LoadOptions.Builder b = LoadOptions.builder().skipBadLines(skipBadLines).keepTime(keepTime).keepRepeats(keepRepeats).threads(Math.max(1, threads));
        if (format != null) b.format(LoadOptions.Format.parse(format));
        if (columns != null) b.columns(columns);
        if (delimiter != null) b.delimiter(delimiter.equals("tab") ? "\t" : delimiter);
        if (header != null) b.header(header);
        if (ratingScale != null) b.scale(parseScale(ratingScale));
        if (Files.isRegularFile(path) && sizeOf(path) > 32L << 20) b.progress(console.bytesProgress("load " + path.getFileName()));
        Dataset ds = DataLoader.load(path, b.build());
        console.finishProgress();
        reportScale(console, ds);
        return ds;
    }

    /**
     * Says the rating scale in use and where it came from (it bounds every prediction, and an
     * inferred one is easily wrong), and any note of the load, e.g. an unusual inferred scale.
     */
    static void reportScale(Console console, Dataset ds) {
        LoadReport r = ds.report();
        if (r.scaleLine() != null) console.println(r.scaleLine());
        for (String note : r.notes()) console.println("note: " + note);
    }

    /**
     * {@code "rating_scale": {"min": 1.0, "max": 5.0, "source": "declared" | "format" | "data"}} in a
     * command's --json object: the scale of {@code data}'s ratings, and where the load found it.
     */
    static void putRatingScale(ObjectNode o, Dataset data) {
        RatingScale s = data.ratings().scale();
        if (s == null) return;
        ObjectNode scale = o.putObject("rating_scale");
        scale.put("min", s.min());
        scale.put("max", s.max());
        LoadReport r = data.report();
        if (r != null && r.scaleSource() != null) scale.put("source", r.scaleSource().name().toLowerCase(Locale.ROOT));
    }

    static RatingScale parseScale(String s) {
        String[] p = s.split(",");
        if (p.length != 2) throw new UserException("--rating-scale must be MIN,MAX, got '" + s + "'");
        try {
            return new RatingScale(Float.parseFloat(p[0].trim()), Float.parseFloat(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new UserException("--rating-scale must be two numbers MIN,MAX, got '" + s + "'");
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
