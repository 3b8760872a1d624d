package org.collab4j.data;

import java.util.Locale;

/**
 * How to read a rating log. Every field left null (or {@link Format#AUTO}) is detected from the
 * data; see {@link DataLoader} for the rules.
 *
 * @param format       the layout, or {@link Format#AUTO} to detect it from the path and the first lines
 * @param columns      order of the fields in a delimited file, comma-separated names among
 *                     {@code user, item, rating, time} (alias {@code timestamp}) and {@code skip}
 *                     for an ignored field, e.g. {@code "item,user,skip,rating"}; null = from the
 *                     header when there is one, else {@code user,item,rating[,time]}
 * @param delimiter    a single character, {@code "::"}, or {@code "whitespace"} (runs of spaces and
 *                     tabs); null = detected from the first lines (tab, {@code ::}, comma,
 *                     semicolon, whitespace)
 * @param header       whether the first line is a header; null = detected (the first line's
 *                     rating field is not a number)
 * @param skipBadLines skip malformed lines (and ratings outside the scale, or far from the rest
 *                     when the scale is inferred) and count them in
 *                     {@link LoadReport#badLinesSkipped()} instead of stopping
 * @param keepTime     keep the time column; when false the time field is checked but not kept
 * @param scale        the declared rating scale, enforced line by line; null = the MovieLens scale
 *                     for a MovieLens layout, else the min..max of the data
 * @param threads      worker threads for large files (at least 1)
 * @param progress     told the bytes of the rating file read so far; never null
 * @param keepRepeats  keep every line of a repeated (user, item) pair, in file order, instead of only
 *                     the last: the events of an interaction log, which
 *                     {@link InteractionLog#aggregate} then sums
 */
public record LoadOptions(Format format, String columns, String delimiter, Boolean header, boolean skipBadLines,
                          boolean keepTime, RatingScale scale, int threads, Progress progress, boolean keepRepeats) {

    /** Rating-log layouts. */
    public enum Format {
        /** Detect from the path (folder contents, file name) and the first lines. */
        AUTO,
        /** MovieLens 100k: {@code u.data} tab-separated, with {@code u.item}, {@code u.user}, {@code u.genre}. */
        ML100K,
        /** MovieLens 1M/10M: {@code ratings.dat} with {@code ::}, with {@code movies.dat}, {@code users.dat}. */
        ML_DAT,
        /** MovieLens 20M/25M/latest: {@code ratings.csv} with a header, with {@code movies.csv}. */
        CSV,
        /** Any delimited file: delimiter, header and columns as given or detected. */
        DELIMITED;

        /** Parses a name case-insensitively, accepting {@code ml-100k} style spellings. */
        public static Format parse(String name) {
            String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (n.equals("ML100K") || n.equals("ML_100K") || n.equals("TSV")) return ML100K;
            if (n.equals("DAT") || n.equals("ML_DAT")) return ML_DAT;
            try {
                return valueOf(n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + name + "'; expected one of auto, ml100k, ml_dat, csv, delimited");
            }
        }
    }

    public LoadOptions {
        if (format == null) format = Format.AUTO;
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (progress == null) progress = Progress.NONE;
        if (delimiter != null && !(delimiter.equals("::") || delimiter.equals("whitespace")
                || (delimiter.length() == 1 && delimiter.charAt(0) < 128 && delimiter.charAt(0) != '\n' && delimiter.charAt(0) != '\r')))
            throw new IllegalArgumentException("delimiter must be one ASCII character, '::' or 'whitespace', got '" + delimiter + "'");
        if (columns != null) Columns.parse(columns); // validates
    }

    /** Everything detected, times kept, bad lines fatal, all cores. */
    public static LoadOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.format = format;
        b.columns = columns;
        b.delimiter = delimiter;
        b.header = header;
        b.skipBadLines = skipBadLines;
        b.keepTime = keepTime;
        b.scale = scale;
        b.threads = threads;
        b.progress = progress;
        b.keepRepeats = keepRepeats;
        return b;
    }

    /** Builder with the defaults of {@link #defaults()}. */
    public static final class Builder {
        private Format format = Format.AUTO;
        private String columns;
        private String delimiter;
        private Boolean header;
        private boolean skipBadLines;
        private boolean keepTime = true;
        private RatingScale scale;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Progress progress = Progress.NONE;
        private boolean keepRepeats;

        public Builder format(Format format) {
            this.format = format;
            return this;
        }

        public Builder columns(String columns) {
            this.columns = columns;
            return this;
        }

        public Builder delimiter(String delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public Builder delimiter(char delimiter) {
            this.delimiter = String.valueOf(delimiter);
            return this;
        }

        public Builder header(Boolean header) {
            this.header = header;
            return this;
        }

        public Builder skipBadLines(boolean skip) {
            this.skipBadLines = skip;
            return this;
        }

        public Builder keepTime(boolean keep) {
            this.keepTime = keep;
            return this;
        }

        public Builder scale(RatingScale scale) {
            this.scale = scale;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        public Builder keepRepeats(boolean keep) {
            this.keepRepeats = keep;
            return this;
        }

        public LoadOptions build() {
            return new LoadOptions(format, columns, delimiter, header, skipBadLines, keepTime, scale, threads, progress, keepRepeats);
        }
    }
}
