package org.collab4j.options;

import java.nio.file.Path;

import org.collab4j.data.DatasetRegistry;
import org.collab4j.data.LoadOptions;
import org.collab4j.data.Progress;
import org.collab4j.data.RatingScale;
import picocli.CommandLine.Option;

/** Where the ratings come from and how to read them. */
public class DataOptions {
    @Option(names = "--data", paramLabel = "NAME|PATH", description = "A known data set (ml-100k, ml-1m, ml-10m, ml-20m, ml-25m, "
            + "ml-latest-small, ml-latest) or a path to a ratings file or data set folder.")
    public String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of known data sets (default: $COLLAB4J_DATA, else ~/.collab4j/data).")
    public Path dataDir;

    @Option(names = "--format", paramLabel = "FMT", description = "Force the layout: auto, ml100k, ml_dat, csv, delimited (default: detected).")
    public String format;

    @Option(names = "--columns", paramLabel = "LIST", description = "Field order of a delimited file, e.g. user,item,rating,time (skip to ignore one).")
    public String columns;

    @Option(names = "--delimiter", paramLabel = "D", description = "Field delimiter: a character, '::', 'tab' or 'whitespace' (default: detected).")
    public String delimiter;

    @Option(names = "--header", arity = "0..1", paramLabel = "BOOL", description = "Whether the first line is a header (default: detected).")
    public Boolean header;

    @Option(names = "--rating-scale", paramLabel = "MIN,MAX", description = "Declared rating scale; values outside are errors (default: known for MovieLens,"
            + " else the data's range without values far from the rest, which stop the load; the scale in use is always printed).")
    public String ratingScale;

    @Option(names = "--skip-bad-lines", description = "Skip malformed lines (and ratings outside the scale) and report how many, instead of stopping at the first.")
    public boolean skipBadLines;

    /** {@code --data}; an error that says what it takes when it is missing. */
    public String requireData() {
        if (data == null) throw new IllegalArgumentException("--data is required (a known name such as ml-100k, or a path)");
        return data;
    }

    /** Whether {@code --data} names a known data set (ml-100k, ...) rather than a path. */
    public boolean isKnown() {
        return new DatasetRegistry().find(requireData()) != null;
    }

    /**
     * The local path to read: a known data set's folder under {@code --data-dir}, {@code $COLLAB4J_DATA}
     * or {@code ~/.collab4j/data} (downloaded and verified first when missing, reporting to
     * {@code download}), else {@code --data} itself, which must exist.
     */
    public Path resolve(Progress download) {
        return new DatasetRegistry().resolve(requireData(), DatasetRegistry.defaultDataDir(dataDir), true, download);
    }

    /** The reading options given: {@link #loadOptionsWithoutFormat} and the layout of {@code --format}. */
    public LoadOptions.Builder loadOptions(int threads, boolean keepTime, boolean keepRepeats) {
        LoadOptions.Builder b = loadOptionsWithoutFormat(threads, keepTime, keepRepeats);
        if (format != null) b.format(LoadOptions.Format.parse(format));
        return b;
    }

    /**
     * The reading options given but the layout ({@code --format}), for a reader with layouts of its
     * own: columns, delimiter, header, rating scale and whether bad lines are skipped; times kept when
     * {@code keepTime}, every repeated (user, item) line when {@code keepRepeats} (an interaction log's events).
     */
    public LoadOptions.Builder loadOptionsWithoutFormat(int threads, boolean keepTime, boolean keepRepeats) {
        LoadOptions.Builder b = LoadOptions.builder().skipBadLines(skipBadLines).keepTime(keepTime).keepRepeats(keepRepeats).threads(Math.max(1, threads));
        if (columns != null) b.columns(columns);
        if (delimiter != null) b.delimiter(delimiter.equals("tab") ? "\t" : delimiter);
        if (header != null) b.header(header);
        if (ratingScale != null) b.scale(parseScale(ratingScale));
        return b;
    }

    /** {@code --rating-scale MIN,MAX} read. */
    public static RatingScale parseScale(String s) {
        String[] p = s.split(",");
        if (p.length != 2) throw new IllegalArgumentException("--rating-scale must be MIN,MAX, got '" + s + "'");
        try {
            return new RatingScale(Float.parseFloat(p[0].trim()), Float.parseFloat(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rating-scale must be two numbers MIN,MAX, got '" + s + "'");
        }
    }
}
