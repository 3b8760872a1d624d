package org.collab4j.data;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Reads rating lines one at a time, with exactly the layout detection and the messages of
 * {@link DataLoader}: for readers that see a file as lines spread over many machines (the Spark
 * module) rather than as one local file. Detect the layout once from the file's first bytes, ship
 * the reader (it is serializable), and call {@link #read} on each line.
 *
 * <p>Not thread-safe: one reader per thread (or per Spark partition).
 */
public final class RatingLineReader implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final LoadOptions.Format format;
    private final String columns;
    private final String delimiter;
    private final boolean header;
    private final boolean skipBadLines;
    private final float scaleMin, scaleMax;
    private final boolean hasScale;
    private final LoadOptions.Format sideTables;
    private transient LineFields fields;
    private transient byte[] bytes;
    private String user, item;
    private float rating;
    private long time;

    private RatingLineReader(String fileName, DataLoader.Layout layout, String delimiter, boolean skipBadLines) {
        RatingsParser p = layout.parser();
        this.fileName = fileName;
        this.format = layout.format();
        this.sideTables = format == LoadOptions.Format.CSV && !layout.movieLensCsv() ? null
                : SideInfo.files(format).isEmpty() ? null : format;
        this.columns = p.cols.toString();
        this.delimiter = delimiter;
        this.header = p.header;
        this.skipBadLines = skipBadLines;
        this.hasScale = p.declared != null;
        this.scaleMin = hasScale ? p.declared.min() : 0;
        this.scaleMax = hasScale ? p.declared.max() : 0;
    }

    /**
     * Detects the layout as {@link DataLoader} does from the first bytes of a file.
     *
     * @param fileName  the name to put in messages (a path or URI)
     * @param baseName  the file's own name (e.g. {@code u.data}), which some layouts are known by
     * @param first     the file's first bytes (64 KB is plenty)
     * @param length    how many of {@code first} are valid
     * @param more      whether the file goes on beyond them
     * @throws DataFormatException when no layout fits, with the same message as a local load
     */
    public static RatingLineReader detect(String fileName, String baseName, byte[] first, int length, boolean more, LoadOptions options) {
        if (length == 0) throw new DataFormatException(fileName, "file is empty");
        Sniff sniff = Sniff.of(fileName, first, length, more);
        if (sniff.lines().isEmpty()) throw new DataFormatException(fileName, "no ratings: the file holds only blank lines");
        LoadOptions.Format format = options.format() == LoadOptions.Format.AUTO ? LoadOptions.Format.AUTO : options.format();
        DataLoader.Layout layout = DataLoader.layout(fileName, baseName, null, sniff, format, options);
        String delimiter = options.delimiter();
        if (delimiter == null) delimiter = detectedDelimiter(layout);
        return new RatingLineReader(fileName, layout, delimiter, options.skipBadLines());
    }

    private static String detectedDelimiter(DataLoader.Layout layout) {
        return layout.parser().delimiterText();
    }

    private LineFields fields() {
        if (fields == null) {
            RatingScale declared = hasScale ? new RatingScale(scaleMin, scaleMax) : null;
            RatingsParser p = new RatingsParser(fileName, Columns.parse(columns), delimiter, header, skipBadLines, true, declared);
            fields = new LineFields(p);
        }
        return fields;
    }

    /**
     * Reads one line (without its line end; a trailing CR is ignored). Returns null when it holds
     * a rating, then available from {@link #user()}, {@link #item()}, {@link #rating()} and
     * {@link #time()}; otherwise what was expected, as {@link DataFormatException} words it.
     * Blank lines are not ratings: check {@link #isBlank} first.
     */
    public String read(String line) {
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1); // the byte-order mark of the first line
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') n--;
        if (bytes == null || bytes.length < n * 3) bytes = new byte[Math.max(64, n * 3)];
        int len = encode(line, n, bytes);
        LineFields f = fields();
        String problem = f.read(bytes, 0, len);
        if (problem != null) return problem;
        byte[] ids = f.bytes();
        user = new String(ids, f.us, f.ue - f.us, StandardCharsets.UTF_8);
        item = new String(ids, f.is, f.ie - f.is, StandardCharsets.UTF_8);
        rating = f.v;
        time = f.t;
        return null;
    }

    private static int encode(String s, int n, byte[] out) {
        int j = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[j++] = (byte) c;
            } else {
                byte[] b = s.substring(i, i + 1).getBytes(StandardCharsets.UTF_8);
                for (byte x : b) out[j++] = x;
            }
        }
        return j;
    }

    /**
     * The roles of named columns (a header's, or a Parquet schema's) as a columns option, e.g.
     * {@code user,item,rating,skip} for {@code userId, movieId, rating, comment}; null when the
     * names do not say which columns hold the user, the item and the rating.
     */
    public static String columnsFromNames(String[] names) {
        Columns c = Columns.fromHeader(names);
        return c == null ? null : c.toString();
    }

    /** Whether a line is empty or only spaces and tabs (the loader ignores such lines). */
    public static boolean isBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    /** The error a local load gives for a bad line {@code lineNumber} (1-based). */
    public DataFormatException error(long lineNumber, String line, String expected) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return new DataFormatException(fileName, lineNumber, text, expected);
    }

    public String user() {
        return user;
    }

    public String item() {
        return item;
    }

    public float rating() {
        return rating;
    }

    /** Seconds since the epoch, or 0 when the layout has no time column. */
    public long time() {
        return time;
    }

    public String fileName() {
        return fileName;
    }

    public LoadOptions.Format format() {
        return format;
    }

    /** The field order, e.g. {@code user,item,rating,time}. */
    public String columns() {
        return columns;
    }

    public String delimiter() {
        return delimiter;
    }

    /** Whether the file's first line is a header. */
    public boolean header() {
        return header;
    }

    public boolean skipBadLines() {
        return skipBadLines;
    }

    /**
     * The MovieLens layout whose side tables (titles, genres, demographics) sit beside the file
     * ({@link SideInfo#files}), or null when the layout has none.
     */
    public LoadOptions.Format sideTables() {
        return sideTables;
    }

    /** The declared scale ratings are checked against, or null. */
    public RatingScale declaredScale() {
        return hasScale ? new RatingScale(scaleMin, scaleMax) : null;
    }
}
