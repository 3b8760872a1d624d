package org.collab4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.LoadOptions.Format;

/**
 * Loads a rating log, and what MovieLens ships beside it, into a {@link Dataset}.
 *
 * <h2>What a path may be</h2>
 * <ul>
 * <li>A folder, recognised by the file it holds: {@code u.data} (MovieLens 100k, with
 * {@code u.item}, {@code u.genre}, {@code u.user}), {@code ratings.dat} (MovieLens 1M/10M, with
 * {@code movies.dat}, {@code users.dat}) or {@code ratings.csv} (MovieLens 20M/25M/latest, with
 * {@code movies.csv}). Side tables are optional.</li>
 * <li>A file. Its delimiter (tab, {@code ::}, comma, semicolon, whitespace), header and columns
 * are detected from the first lines unless given. A tab-separated 4-field file next to
 * {@code u.item} is read as MovieLens 100k (so {@code ml-100k/u1.base} gets titles), a
 * {@code ::} file next to {@code movies.dat} as 1M/10M, and a CSV with header
 * {@code userId,movieId,...} as 20M/25M/latest (with {@code movies.csv} when present).</li>
 * </ul>
 *
 * <h2>Contract of the result</h2>
 * <ul>
 * <li>Rows keep file order. Dense ids are given in order of first sight in the rating file;
 * items or users known only from a side table come after all rated ones, in the side table's
 * order.</li>
 * <li>A repeated (user, item) pair keeps only its last occurrence (value, time and position);
 * earlier ones are dropped and counted in {@link LoadReport#duplicatesReplaced()}.</li>
 * <li>The scale is the one given; else 1..5 for MovieLens 100k; for {@code ratings.dat} values
 * must lie in 0.5..5 and the scale is 1..5 when all are whole numbers from 1 (1M), else 0.5..5
 * (10M); 0.5..5 for a MovieLens {@code ratings.csv}; else the min..max of the data (0..max when
 * all values are equal and positive, min..min+1 otherwise). An inferred scale never takes in a
 * value far from the rest ({@link ScaleInference}): such a line stops the load, or is skipped
 * with {@link LoadOptions#skipBadLines()}; an inferred scale unlike any rating scale gets a note.
 * {@link LoadReport#scale()} says which scale and where it came from.</li>
 * <li>Every line is checked whole, the time field too when times are not kept: a NUL byte, an
 * unclosed quote (a field that opens with {@code "} is quoted, as in RFC 4180), an id that is not
 * printable UTF-8, a rating beyond 1e9 in magnitude or a time that is not an integer of at most 18
 * digits make it a bad line. A UTF-8 byte-order mark is skipped (and noted); UTF-16 and UTF-32
 * files are refused with how to convert them.</li>
 * <li>Large files (over 16 MB) are parsed on {@link LoadOptions#threads()} threads; the result is
 * identical to a single-threaded load.</li>
 * <li>Bad input stops the load with a {@link DataFormatException} naming the file, the line and
 * what was expected, unless {@link LoadOptions#skipBadLines()}; blank lines are ignored.</li>
 * </ul>
 */
public final class DataLoader {
    /** What a folder of ratings must hold, as messages say it. */
    public static final String EXPECTED_FILES =
            "u.data (MovieLens 100k), ratings.dat (MovieLens 1M/10M) or ratings.csv (MovieLens 20M/25M/latest)";
    private static final RatingScale ONE_TO_FIVE = new RatingScale(1, 5);
    private static final RatingScale HALF_TO_FIVE = new RatingScale(0.5f, 5);

    private DataLoader() {
    }

    /** Loads with {@link LoadOptions#defaults()}. */
    public static Dataset load(Path pathOrFolder) {
        return load(pathOrFolder, LoadOptions.defaults());
    }

    /**
     * Loads a rating file or a MovieLens folder.
     *
     * @throws DataFormatException   when the path is missing, holds no ratings, or a line is bad
     * @throws UncheckedIOException  when the file cannot be read
     */
    public static Dataset load(Path pathOrFolder, LoadOptions options) {
        long t0 = System.nanoTime();
        Path path = pathOrFolder;
        if (!Files.exists(path))
            throw new DataFormatException(path.toString(), "no such file or folder; expected a rating file, or a folder holding " + EXPECTED_FILES);
        Format format = options.format();
        Path file;
        if (Files.isDirectory(path)) {
            if (format == Format.AUTO) format = detectFolder(path);
            file = switch (format) {
                case ML100K -> path.resolve("u.data");
                case ML_DAT -> path.resolve("ratings.dat");
                case CSV -> path.resolve("ratings.csv");
                default -> throw new DataFormatException(path.toString(), "is a folder; format " + format.name().toLowerCase()
                        + " needs the path of a rating file");
            };
            if (!Files.isRegularFile(file))
                throw new DataFormatException(path.toString(), "holds no " + file.getFileName() + " (expected by format " + format.name().toLowerCase() + ")");
        } else {
            file = path;
        }
        String fileName = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size == 0) throw new DataFormatException(fileName, "file is empty");

        Sniff sniff = Sniff.read(file);
        if (sniff.lines().isEmpty()) throw new DataFormatException(fileName, "no ratings: the file holds only blank lines");
        Path folder = file.toAbsolutePath().getParent();
        Layout layout = layout(fileName, String.valueOf(file.getFileName()), folder, sniff, format, options);
        format = layout.format();
        boolean header = layout.parser().header;
        boolean movieLensCsv = layout.movieLensCsv();
        RatingsParser parser = layout.parser();
        RatingsParser.Result r = parser.parse(file, options.threads(), options.progress());
        if (r.size() == 0) {
            if (r.bad > 0) throw new DataFormatException(fileName, "no ratings left: all " + r.bad + " rating lines were malformed and skipped");
            throw new DataFormatException(fileName, "no ratings: the file holds only " + (header ? "a header and " : "") + "blank lines");
        }

        List<String> notes = new ArrayList<>();
        if (sniff.bom() > 0) notes.add("the file starts with a UTF-8 byte-order mark, which was skipped");
        RatingScale scale;
        LoadReport.ScaleSource scaleSource;
        if (options.scale() != null) {
            scale = options.scale();
            scaleSource = LoadReport.ScaleSource.DECLARED;
        } else if (parser.declared != null) {
            scale = scaleFor(format, movieLensCsv, r.values());
            scaleSource = LoadReport.ScaleSource.FORMAT;
        } else if (parser.cols.counts) {
            // event weights (plays, quantities): any size is plausible, and one large count is not a typo'd star rating
            scale = ScaleInference.fromRange(r.values());
            scaleSource = LoadReport.ScaleSource.DATA;
        } else {
            RatingBounds far = ScaleInference.farOut(r.values());
            // read again, holding ratings to the range of the rest: stops at the first line outside, or skips them all
            if (far != null) r = parser.within(far).parse(file, options.threads(), Progress.NONE);
            scale = ScaleInference.fromRange(r.values());
            scaleSource = LoadReport.ScaleSource.DATA;
            String odd = ScaleInference.implausible(scale, r.values());
            if (odd != null) notes.add(odd);
        }

        Format sideFormat = format == Format.CSV && !movieLensCsv ? null : format;
        SideInfo side = SideInfo.readInto(folder, sideFormat, r.users, r.items, options.skipBadLines());
        ItemInfo items = side.items();
        UserInfo users = side.users();

        Ratings ratings = r.packed()
                ? Ratings.ofPacked(r.userHigh, r.codeShift, r.userLow, r.item, r.itemChars, r.levels, r.time, r.users, r.items, scale)
                : r.code != null
                ? Ratings.ofCodes(r.user, r.userHigh, r.userLow, r.item, r.itemChars, r.code, r.levels, r.time, r.users, r.items, scale)
                : r.userLow != null ? Ratings.coded(r.userHigh, r.userLow, r.itemChars, r.value, r.time, r.users, r.items, scale)
                : r.itemChars != null ? Ratings.coded(r.user, r.itemChars, r.value, r.time, r.users, r.items, scale)
                : Ratings.coded(r.user, r.item, r.value, r.time, r.users, r.items, scale);
        r.value = null;   // coded: four bytes a rating let go
        String name = Files.isDirectory(path) ? String.valueOf(path.toAbsolutePath().normalize().getFileName()) : String.valueOf(file.getFileName());
        LoadReport report = new LoadReport(fileName, r.lines, r.bad + side.badLinesSkipped(), r.duplicates, (System.nanoTime() - t0) / 1e9,
                scale, scaleSource, notes, 0, parser.cols.valueKind());
        return new Dataset(name, ratings, items, users, report);
    }

    /** How the lines of a rating file are read: the layout, and a parser configured for it. */
    record Layout(Format format, RatingsParser parser, boolean movieLensCsv) {
    }

    /**
     * Detects the layout of a rating file from its first lines and the options: delimiter,
     * header, columns and declared scale. {@code folder} (the file's folder, for MovieLens side
     * files) may be null when the file is not on the local file system.
     */
    static Layout layout(String fileName, String baseName, Path folder, Sniff sniff, Format format, LoadOptions options) {
        String delimiter = options.delimiter();
        if (delimiter == null) delimiter = switch (format) {
            case ML100K -> "\t";
            case ML_DAT -> "::";
            case CSV -> ",";
            default -> detectDelimiter(sniff, fileName);
        };
        if (format == Format.AUTO) format = detectFileFormat(baseName, folder, delimiter, sniff);

        List<String> first = split(sniff.firstLine(), delimiter);
        int wanted = options.columns() != null ? Columns.parse(options.columns()).count() : 3;
        if (options.delimiter() != null && first.size() < wanted) {
            String fits = bestDelimiter(sniff);
            String hint = fits != null && !fits.equals(delimiter)
                    ? "; the lines look " + RatingsParser.describe(fits) + ": give that delimiter (" + optionSpelling(fits) + ") or leave it out to detect it"
                    : "; give the delimiter that separates the fields";
            throw new DataFormatException(fileName, 1, sniff.firstLine(), "expected " + (options.columns() != null ? wanted : "3 or more")
                    + " fields separated by the delimiter " + optionSpelling(delimiter) + " but found " + first.size() + hint);
        }
        Boolean header = options.header();
        if (header == null) {
            if (format == Format.ML100K || format == Format.ML_DAT) header = false;
            else if (valueless(first, options.columns())) header = Columns.fromHeader(first.toArray(new String[0])) != null;
            else header = looksLikeName(ratingField(first, options.columns()));
        }
        Columns cols;
        if (options.columns() != null) cols = Columns.parse(options.columns());
        else if (format == Format.ML100K || format == Format.ML_DAT) cols = Columns.parse("user,item,rating,time");
        else {
            cols = header ? Columns.fromHeader(first.toArray(new String[0])) : null;
            if (cols == null) {
                if (first.size() == 2) cols = Columns.parse("user,item");
                else if (first.size() == 3) cols = Columns.parse("user,item,rating");
                else if (first.size() == 4) cols = Columns.parse("user,item,rating,time");
                else throw new DataFormatException(fileName, 1, sniff.firstLine(), "expected 2 fields user,item, 3 fields user,item,rating"
                        + " or 4 fields user,item,rating,time (or a header naming them) but found " + first.size() + "; give the columns option");
            }
        }

        boolean movieLensCsv = format == Format.CSV && header && first.size() >= 3
                && first.get(0).trim().equals("userId") && first.get(1).trim().equals("movieId");
        RatingScale declared = options.scale();
        if (declared == null) {
            if (format == Format.ML100K) declared = ONE_TO_FIVE;
            else if (format == Format.ML_DAT || movieLensCsv) declared = HALF_TO_FIVE;
        }

        RatingsParser parser = new RatingsParser(fileName, cols, delimiter, header, options.skipBadLines(), options.keepTime(), declared);
        parser.bytesPerLine = sniff.bytesPerLine();
        parser.skipBytes = sniff.bom();
        parser.keepRepeats = options.keepRepeats();
        return new Layout(format, parser, movieLensCsv);
    }

    /** The scale of a MovieLens layout: 1..5 for 100k; for {@code ratings.dat} 1..5 when all are whole from 1 (1M), else 0.5..5. */
    private static RatingScale scaleFor(Format format, boolean movieLensCsv, Values v) {
        if (format == Format.ML100K) return ONE_TO_FIVE;
        if (movieLensCsv || format != Format.ML_DAT) return HALF_TO_FIVE;
        float min = Float.POSITIVE_INFINITY;
        boolean whole = true;
        for (int j = 0, n = v.size(); j < n; j++) {
            float x = v.get(j);
            if (x < min) min = x;
            if (x != (int) x) whole = false;
        }
        return whole && min >= 1 ? ONE_TO_FIVE : HALF_TO_FIVE;
    }

    static Format detectFolder(Path folder) {
        if (Files.isRegularFile(folder.resolve("u.data"))) return Format.ML100K;
        if (Files.isRegularFile(folder.resolve("ratings.dat"))) return Format.ML_DAT;
        if (Files.isRegularFile(folder.resolve("ratings.csv"))) return Format.CSV;
        throw new DataFormatException(folder.toString(), "holds no rating file; expected " + EXPECTED_FILES);
    }

    private static Format detectFileFormat(String name, Path folder, String delimiter, Sniff sniff) {
        List<String> first = split(sniff.firstLine(), delimiter);
        boolean uDataName = name.equals("u.data") || name.matches("u[1-5ab]\\.(base|test)");
        if (delimiter.equals("\t") && first.size() == 4 && looksNumeric(first.get(2))
                && (uDataName || (folder != null && Files.isRegularFile(folder.resolve("u.item")))))
            return Format.ML100K;
        if (delimiter.equals("::") && first.size() == 4 && looksNumeric(first.get(2))
                && ((folder != null && Files.isRegularFile(folder.resolve("movies.dat"))) || name.endsWith(".dat")))
            return Format.ML_DAT;
        if (delimiter.equals(",") && first.size() >= 3 && first.get(0).trim().equals("userId") && first.get(1).trim().equals("movieId"))
            return Format.CSV;
        return Format.DELIMITED;
    }

    /** Whether lines carry no value column: the columns say so, or (not given) the first line has two fields. */
    private static boolean valueless(List<String> fields, String columns) {
        return columns != null ? Columns.parse(columns).indexOf(Columns.RATING) < 0 : fields.size() == 2;
    }

    private static String ratingField(List<String> fields, String columns) {
        int col = 2;
        if (columns != null) col = Columns.parse(columns).indexOf(Columns.RATING);
        return col < fields.size() ? fields.get(col) : "";
    }

    /**
     * Whether a first line's rating field is a column name, making the line a header: it starts
     * with a letter or an underscore and is not a number's spelling ({@code NaN}, {@code Infinity}).
     * A damaged first rating ({@code 1e39}, {@code NaN}, empty) is then a bad line, not a header.
     */
    static boolean looksLikeName(String s) {
        String t = s.trim();
        if (t.isEmpty() || !(Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) return false;
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        return !(lower.equals("nan") || lower.startsWith("inf"));
    }

    static boolean looksNumeric(String s) {
        String t = s.trim();
        if (t.isEmpty()) return false;
        byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
        return !Float.isNaN(ByteParsing.parseFloat(b, 0, b.length));
    }

    /**
     * The delimiter among {@code ::}, tab, comma, semicolon, whitespace (tried in that order) whose
     * most common field count, 3 or more, holds on the most sampled lines; a few bad lines do not
     * derail it. When no delimiter gives 3 fields, 2 will do (an interaction log of user, item).
     */
    private static String detectDelimiter(Sniff sniff, String fileName) {
        String best = bestDelimiter(sniff);
        if (best != null) return best;
        throw new DataFormatException(fileName, 1, sniff.firstLine(), "expected lines of 2 or more fields separated by tab, '::',"
                + " comma, semicolon or whitespace (the same number on most lines); give the delimiter option");
    }

    /** A delimiter as the delimiter option takes it: {@code tab}, {@code ::}, {@code ,}. */
    private static String optionSpelling(String delimiter) {
        return delimiter.equals("\t") ? "tab" : delimiter.equals(" ") ? "whitespace" : delimiter;
    }

    /** What {@link #detectDelimiter} finds, or null: 3 or more fields, else 2 (an interaction log of user, item). */
    private static String bestDelimiter(Sniff sniff) {
        String d = bestDelimiter(sniff, 3);
        return d != null ? d : bestDelimiter(sniff, 2);
    }

    private static String bestDelimiter(Sniff sniff, int minFields) {
        String[] candidates = {"::", "\t", ",", ";", "whitespace"};
        String best = null;
        int bestLines = 0;
        for (String d : candidates) {
            int[] counts = new int[64];
            for (String line : sniff.lines()) counts[Math.min(63, split(line, d).size())]++;
            int mode = 0;
            for (int c = minFields; c < 64; c++) if (counts[c] > mode) mode = counts[c];
            if (mode > bestLines) {
                best = d;
                bestLines = mode;
            }
        }
        return best != null && bestLines * 2 >= sniff.lines().size() ? best : null;
    }

    static List<String> split(String line, String delimiter) {
        List<String> out = new ArrayList<>();
        if (delimiter.equals("whitespace") || delimiter.equals(" ")) {
            for (String s : line.trim().split("[ \t]+")) if (!s.isEmpty()) out.add(s);
            return out;
        }
        int p = 0;
        while (true) {
            int from = p;
            if (p < line.length() && line.charAt(p) == '"') { // a quoted field, as the parser reads it
                int close = p + 1;
                while ((close = line.indexOf('"', close)) >= 0 && close + 1 < line.length() && line.charAt(close + 1) == '"') close += 2;
                if (close >= 0) from = close + 1;
            }
            int q = line.indexOf(delimiter, from);
            String field = line.substring(p, q < 0 ? line.length() : q);
            if (from > p) field = field.substring(1, from - p - 1).replace("\"\"", "\"");
            out.add(field);
            if (q < 0) return out;
            p = q + delimiter.length();
        }
    }
}
