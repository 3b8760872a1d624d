package org.collab4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.collab4j.kernel.Workers;

/**
 * Byte-level parser of a delimited rating log into columns with dense ids.
 *
 * <p>Files larger than {@link #PARALLEL_THRESHOLD} are split into byte ranges at line boundaries,
 * one per thread. Each range is parsed into its own columns with its own {@link IdTable} (local
 * ids in first-sight order within the range). The local tables are then merged range by range, in
 * file order, so that global ids come out in first-sight order of the whole file: exactly what a
 * single-threaded load gives. The columns are then remapped and concatenated into arrays exactly
 * as long as the result.
 *
 * <p>Repeated (user, item) pairs: the last occurrence in file order wins (its value and time, at
 * its position); earlier occurrences are removed. Ids are numbered before duplicates are removed,
 * so removing them never changes the ids.
 */
final class RatingsParser {
    static final long PARALLEL_THRESHOLD = 16L << 20;
    static final int DELIM_BYTE = 0, DELIM_DOUBLE_COLON = 1, DELIM_WHITESPACE = 2;
    static final int BUFFER = 1 << 20;

    final String fileName;
    final Columns cols;
    final int delimKind;
    final byte delim;
    final String delimName;
    final boolean header;
    final boolean skipBad;
    final boolean keepTime;
    final RatingScale declared;
    /** Ratings outside are bad lines: the declared scale, or the range of the rest of the data; null = none. */
    final RatingBounds bounds;
    /** Bytes at the start of the file that are not text (a UTF-8 byte-order mark). */
    int skipBytes;
    long parallelThreshold = PARALLEL_THRESHOLD;
    /** Keep every row of a repeated (user, item) pair (an interaction log's events, summed later) instead of the last. */
    boolean keepRepeats;
    /** Average line length seen in the first lines, to size the columns up front. */
    double bytesPerLine = 24;

    RatingsParser(String fileName, Columns cols, String delimiter, boolean header, boolean skipBad, boolean keepTime, RatingScale declared) {
        this(fileName, cols, delimiter, header, skipBad, keepTime, declared, declared == null ? null : RatingBounds.declared(declared));
    }

    private RatingsParser(String fileName, Columns cols, String delimiter, boolean header, boolean skipBad, boolean keepTime,
                          RatingScale declared, RatingBounds bounds) {
        this.bounds = bounds;
        this.fileName = fileName;
        this.cols = cols;
        this.header = header;
        this.skipBad = skipBad;
        this.keepTime = keepTime && cols.indexOf(Columns.TIME) >= 0;
        this.declared = declared;
        if (delimiter.equals("::")) {
            delimKind = DELIM_DOUBLE_COLON;
            delim = ':';
        } else if (delimiter.equals("whitespace") || delimiter.equals(" ")) {
            delimKind = DELIM_WHITESPACE;
            delim = ' ';
        } else if (delimiter.length() == 1 && delimiter.charAt(0) < 128) {
            delimKind = DELIM_BYTE;
            delim = (byte) delimiter.charAt(0);
        } else {
            throw new IllegalArgumentException("delimiter must be one ASCII character, '::' or 'whitespace', got '" + delimiter + "'");
        }
        delimName = describe(delimiter);
    }

    /** The same parser, taking only ratings within {@code b}. */
    RatingsParser within(RatingBounds b) {
        RatingsParser q = new RatingsParser(fileName, cols, delimiterText(), header, skipBad, keepTime, declared, b);
        q.skipBytes = skipBytes;
        q.bytesPerLine = bytesPerLine;
        q.parallelThreshold = parallelThreshold;
        return q;
    }

    /** The delimiter as the options spell it: one character, {@code ::} or {@code whitespace}. */
    String delimiterText() {
        return switch (delimKind) {
            case DELIM_DOUBLE_COLON -> "::";
            case DELIM_WHITESPACE -> "whitespace";
            default -> String.valueOf((char) delim);
        };
    }

    static String describe(String delimiter) {
        return switch (delimiter) {
            case "\t" -> "tab-separated";
            case "," -> "comma-separated";
            case ";" -> "semicolon-separated";
            case "::" -> "'::'-separated";
            case " ", "whitespace" -> "whitespace-separated";
            default -> "'" + delimiter + "'-separated";
        };
    }

    /** The parsed log. Arrays are exactly {@code size} long. */
    static final class Result {
        /** The users, or null when they are in {@link #userHigh} and {@link #userLow}. */
        int[] user;
        /** The users in three bytes a line (bits 16-23, and 0-15), when the items are in {@link #itemChars} and there are at most 2^24 users. */
        byte[] userHigh;
        char[] userLow;
        /** The items, or null when they are in {@link #itemChars}. */
        int[] item;
        /** The items in two bytes a line when the catalogue has at most 65,536 ({@link #item} is then null). */
        char[] itemChars;
        /** The values, or null when they are in {@link #code}. */
        float[] value;

        /** The values, from whichever holds them. */
        Values values() {
            if (packed()) return Values.packed(userHigh, codeShift, levels);
            return code != null ? Values.coded(code, levels) : Values.of(value);
        }

        /**
         * Where the value codes start in {@link #userHigh} when they are packed there, above the
         * users' bits 16 and up ({@link Ratings#ofPacked}: five bytes a line); -1 when they are not.
         */
        int codeShift = -1;

        boolean packed() {
            return codeShift >= 0;
        }

        /** The values as one-byte codes into {@link #levels}, when every range kept codes and all hold at most 256 distinct values. */
        byte[] code;
        float[] levels;
        long[] time;
        IdIndex users;
        IdIndex items;
        long lines;
        long bad;
        long duplicates;

        int size() {
            return value != null ? value.length : code != null ? code.length : userLow.length;
        }

        /** The values as a {@code float} column, made from the codes when they are coded (tests). */
        float[] valueColumn() {
            if (value != null) return value;
            Values v = values();
            float[] f = new float[v.size()];
            for (int j = 0; j < f.length; j++) f[j] = v.get(j);
            return f;
        }

        /** The user of line {@code k}. */
        int user(int k) {
            if (packed()) return (userHigh[k] & (1 << codeShift) - 1) << 16 | userLow[k];
            return Duplicates.user(user, userHigh, userLow, k);
        }

        /** The users as {@code int}s (a copy when they are held in three bytes). */
        int[] userColumn() {
            if (user != null) return user;
            int[] a = new int[userLow.length];
            for (int k = 0; k < a.length; k++) a[k] = user(k);
            return a;
        }

        /** The item of line {@code k}. */
        int item(int k) {
            return itemChars != null ? itemChars[k] : item[k];
        }

        /** The items as {@code int}s (a copy when they are held in two bytes). */
        int[] itemColumn() {
            if (itemChars == null) return item;
            int[] a = new int[itemChars.length];
            for (int k = 0; k < a.length; k++) a[k] = itemChars[k];
            return a;
        }
    }

    Result parse(Path file, int threads, Progress progress) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long[] bounds = size > parallelThreshold && threads > 1 ? ParallelLoad.splitAtLines(ch, size, threads) : new long[] {0, size};
            bounds[0] = Math.min(skipBytes, bounds[1]); // the first range starts after a byte-order mark
            return parse(ch, size, bounds, threads, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the ranges {@code [bounds[k], bounds[k+1])}, which must start at line starts. */
    Result parse(FileChannel ch, long size, long[] bounds, int threads, Progress progress) throws IOException {
        int n = bounds.length - 1;
        ByteRange[] chunks = new ByteRange[n];
        AtomicInteger firstError = new AtomicInteger(Integer.MAX_VALUE);
        ParallelLoad.ProgressSink sink = new ParallelLoad.ProgressSink(progress, size);
        if (bounds[0] > 0) sink.add(bounds[0]);
        for (int k = 0; k < n; k++) chunks[k] = new ByteRange(this, ch, k, bounds[k], bounds[k + 1], firstError, sink, size);
        try (Workers pool = new Workers(n > 1 ? Math.min(threads, n) : 1)) {
            List<Callable<Void>> jobs = new ArrayList<>();
            for (ByteRange c : chunks) jobs.add(() -> {
                c.run();
                return null;
            });
            ParallelLoad.runAll(pool, jobs);
            // the earliest failing range holds the first bad line of the file
            long linesBefore = 0;
            for (ByteRange c : chunks) {
                if (c.error != null) {
                    throw new DataFormatException(fileName, linesBefore + c.error.line, c.error.text, c.error.expected);
                }
                linesBefore += c.lines;
            }
            return RangeMerge.merge(this, chunks, pool, threads);
        }
    }

    record LineError(long line, String text, String expected) { }
}
