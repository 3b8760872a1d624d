package org.collab4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
    private static final int BUFFER = 1 << 20;

    final String fileName;
    final Columns cols;
    final int delimKind;
    final byte delim;
    final String delimName;
    final boolean header;
    final boolean skipBad;
    final boolean keepTime;
    final RatingScale declared;
    long parallelThreshold = PARALLEL_THRESHOLD;
    /** Keep every row of a repeated (user, item) pair (an interaction log's events, summed later) instead of the last. */
    boolean keepRepeats;
    /** Average line length seen in the first lines, to size the columns up front. */
    double bytesPerLine = 24;

    RatingsParser(String fileName, Columns cols, String delimiter, boolean header, boolean skipBad, boolean keepTime, RatingScale declared) {
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
        int[] user;
        int[] item;
        float[] value;
        long[] time;
        IdIndex users;
        IdIndex items;
        long lines;
        long bad;
        long duplicates;

        int size() {
            return user.length;
        }
    }

    Result parse(Path file, int threads, Progress progress) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long[] bounds = size > parallelThreshold && threads > 1 ? splitAtLines(ch, size, threads) : new long[] {0, size};
            return parse(ch, size, bounds, threads, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the ranges {@code [bounds[k], bounds[k+1])}, which must start at line starts. */
    Result parse(FileChannel ch, long size, long[] bounds, int threads, Progress progress) throws IOException {
        int n = bounds.length - 1;
        Chunk[] chunks = new Chunk[n];
        AtomicInteger firstError = new AtomicInteger(Integer.MAX_VALUE);
        ProgressSink sink = new ProgressSink(progress, size);
        for (int k = 0; k < n; k++) chunks[k] = new Chunk(this, ch, k, bounds[k], bounds[k + 1], firstError, sink, size);
        ExecutorService pool = n > 1 ? Executors.newFixedThreadPool(Math.min(threads, n), daemon()) : null;
        try {
            List<Callable<Void>> jobs = new ArrayList<>();
            for (Chunk c : chunks) jobs.add(() -> {
                c.run();
                return null;
            });
            runAll(pool, jobs);
            // the earliest failing range holds the first bad line of the file
            long linesBefore = 0;
            for (Chunk c : chunks) {
                if (c.error != null) {
                    throw new DataFormatException(fileName, linesBefore + c.error.line, c.error.text, c.error.expected);
                }
                linesBefore += c.lines;
            }
            return merge(chunks, pool, threads);
        } finally {
            if (pool != null) pool.shutdownNow();
        }
    }

    private Result merge(Chunk[] chunks, ExecutorService pool, int threads) {
        Result r = new Result();
        IdTable gUsers = new IdTable(), gItems = new IdTable();
        IdIndex users = new IdIndex(1024), items = new IdIndex(1024);
        int[][] uMap = new int[chunks.length][], iMap = new int[chunks.length][];
        long total = 0;
        for (int k = 0; k < chunks.length; k++) {
            Chunk c = chunks[k];
            uMap[k] = remap(c.users, gUsers, users);
            iMap[k] = remap(c.items, gItems, items);
            total += c.n;
            r.lines += c.lines;
            r.bad += c.bad;
        }
        if (total > Integer.MAX_VALUE - 8) throw new DataFormatException(fileName, "more than 2^31 ratings are not supported");
        int n = (int) total;
        r.users = users;
        r.items = items;
        // global ids in place, then the repeated pairs, so that the columns are allocated once at
        // their final length (a second set of columns would double the peak memory of a load)
        int[] partStart = new int[chunks.length + 1];
        int[][] pu = new int[chunks.length][], pi = new int[chunks.length][];
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int k = 0; k < chunks.length; k++) {
            final int kk = k;
            partStart[k + 1] = partStart[k] + chunks[k].n;
            pu[k] = chunks[k].user;
            pi[k] = chunks[k].item;
            jobs.add(() -> {
                Chunk c = chunks[kk];
                int[] um = uMap[kk], im = iMap[kk];
                int[] cu = c.user, ci = c.item;
                for (int j = 0, m = c.n; j < m; j++) {
                    cu[j] = um[cu[j]];
                    ci[j] = im[ci[j]];
                }
                return null;
            });
        }
        runAll(pool, jobs);
        long[] found = new long[1];
        boolean[] dropped = keepRepeats ? null : Duplicates.replaced(new Duplicates.Parts(pu, pi, partStart), users.size(), items.size(), pool, threads, found);
        r.duplicates = found[0];
        int m = (int) (n - found[0]);
        r.user = new int[m];
        r.item = new int[m];
        r.value = new float[m];
        r.time = keepTime ? new long[m] : null;
        int[] outStart = new int[chunks.length + 1];
        for (int k = 0; k < chunks.length; k++) {
            int kept = chunks[k].n;
            if (dropped != null) for (int j = partStart[k]; j < partStart[k + 1]; j++) if (dropped[j]) kept--;
            outStart[k + 1] = outStart[k] + kept;
        }
        jobs.clear();
        for (int k = 0; k < chunks.length; k++) {
            final int kk = k;
            jobs.add(() -> {
                Chunk c = chunks[kk];
                int o = outStart[kk], from = partStart[kk];
                if (dropped == null) {
                    System.arraycopy(c.user, 0, r.user, o, c.n);
                    System.arraycopy(c.item, 0, r.item, o, c.n);
                    System.arraycopy(c.value, 0, r.value, o, c.n);
                    if (r.time != null) System.arraycopy(c.time, 0, r.time, o, c.n);
                } else {
                    for (int j = 0; j < c.n; j++) {
                        if (dropped[from + j]) continue;
                        r.user[o] = c.user[j];
                        r.item[o] = c.item[j];
                        r.value[o] = c.value[j];
                        if (r.time != null) r.time[o] = c.time[j];
                        o++;
                    }
                }
                c.release();
                return null;
            });
        }
        runAll(pool, jobs);
        return r;
    }

    private static int[] remap(IdTable local, IdTable global, IdIndex index) {
        int[] map = new int[local.size()];
        for (int l = 0; l < map.length; l++) {
            int before = global.size();
            int g = global.internFrom(local, l);
            if (global.size() != before) {
                int v = local.numericKey(l);
                int added = v >= 0 ? index.addNumeric(v) : index.add(local.text(l));
                if (added != g) throw new IllegalStateException("id tables out of step for '" + local.text(l) + "'");
            }
            map[l] = g;
        }
        return map;
    }

    static void runAll(ExecutorService pool, List<Callable<Void>> jobs) {
        if (pool == null || jobs.size() == 1) {
            try {
                for (Callable<Void> j : jobs) j.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        List<Future<Void>> fs = new ArrayList<>();
        for (Callable<Void> j : jobs) fs.add(pool.submit(j));
        try {
            for (Future<Void> f : fs) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("load interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            if (c instanceof IOException io) throw new UncheckedIOException(io);
            throw new IllegalStateException(c);
        }
    }

    static java.util.concurrent.ThreadFactory daemon() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "collab4j-load-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Range bounds: {@code parts} roughly equal ranges, each starting right after a newline. */
    static long[] splitAtLines(FileChannel ch, long size, int parts) throws IOException {
        long[] b = new long[parts + 1];
        int n = 1;
        byte[] buf = new byte[64 * 1024];
        for (int k = 1; k < parts; k++) {
            long pos = Math.max(k * size / parts, b[n - 1] + 1) - 1;
            long start = -1;
            while (pos < size && start < 0) {
                int got = ch.read(ByteBuffer.wrap(buf), pos);
                if (got <= 0) break;
                for (int i = 0; i < got; i++) {
                    if (buf[i] == '\n') {
                        start = pos + i + 1;
                        break;
                    }
                }
                pos += got;
            }
            if (start < 0 || start >= size) break;
            b[n++] = start;
        }
        b[n++] = size;
        return Arrays.copyOf(b, n);
    }

    /** Serializes progress calls and keeps them monotone. */
    static final class ProgressSink {
        private final Progress progress;
        private final long total;
        private final AtomicLong done = new AtomicLong();
        private long reported = -1;

        ProgressSink(Progress progress, long total) {
            this.progress = progress;
            this.total = total;
        }

        void add(long bytes) {
            long d = done.addAndGet(bytes);
            synchronized (this) {
                if (d > reported) {
                    reported = d;
                    progress.update(d, total);
                }
            }
        }
    }

    record LineError(long line, String text, String expected) { }

    /** One byte range, parsed on one thread into local columns and local ids. */
    static final class Chunk {
        private final RatingsParser p;
        private final FileChannel ch;
        private final int index;
        private final long start, end;
        private final AtomicInteger firstError;
        private final ProgressSink sink;
        private final LineFields fields;

        final IdTable users = new IdTable(), items = new IdTable();
        int[] user, item;
        float[] value;
        long[] time;
        int n;
        long lines, bad;
        LineError error;
        private boolean headerPending;

        Chunk(RatingsParser p, FileChannel ch, int index, long start, long end, AtomicInteger firstError, ProgressSink sink, long fileSize) {
            this.p = p;
            this.ch = ch;
            this.index = index;
            this.start = start;
            this.end = end;
            this.firstError = firstError;
            this.sink = sink;
            fields = new LineFields(p);
            headerPending = index == 0 && p.header;
            // sized from the sampled line length; a low guess only costs a few array copies
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, (end - start) / p.bytesPerLine * 1.02 + 64));
            user = new int[cap];
            item = new int[cap];
            value = new float[cap];
            time = p.keepTime ? new long[cap] : null;
        }

        void release() {
            user = item = null;
            value = null;
            time = null;
        }

        void run() throws IOException {
            byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(16, end - start))];
            int len = 0;
            long pos = start;
            while (true) {
                if (firstError.get() < index) return; // an earlier range failed: this one is moot
                int want = (int) Math.min(buf.length - len, end - pos);
                int got = 0;
                while (got < want) {
                    int r = ch.read(ByteBuffer.wrap(buf, len + got, want - got), pos + got);
                    if (r < 0) throw new EOFException(p.fileName + " shrank while being read");
                    got += r;
                }
                len += got;
                pos += got;
                sink.add(got);
                boolean last = pos >= end;
                int s = 0;
                for (int i; (i = indexOfNewline(buf, s, len)) >= 0; s = i + 1) {
                    if (!line(buf, s, i)) return;
                }
                if (last) {
                    if (s < len) line(buf, s, len);
                    return;
                }
                int tail = len - s;
                if (s == 0) buf = Arrays.copyOf(buf, buf.length * 2);
                else System.arraycopy(buf, s, buf, 0, tail);
                len = tail;
            }
        }

        private boolean line(byte[] b, int s, int e) {
            lines++;
            if (e > s && b[e - 1] == '\r') e--;
            if (headerPending) {
                headerPending = false;
                return true;
            }
            if (e == s || blank(b, s, e)) return true;
            String problem = parse(b, s, e);
            if (problem == null) return true;
            if (p.skipBad) {
                bad++;
                return true;
            }
            error = new LineError(lines, new String(b, s, e - s, StandardCharsets.UTF_8), problem);
            firstError.accumulateAndGet(index, Math::min);
            return false;
        }

        private static boolean blank(byte[] b, int s, int e) {
            if (b[s] != ' ' && b[s] != '\t') return false;
            for (int i = s; i < e; i++) if (b[i] != ' ' && b[i] != '\t') return false;
            return true;
        }

        /** Parses one line into the columns; returns null, or what was expected when the line is bad. */
        private String parse(byte[] b, int s, int e) {
            String problem = fields.read(b, s, e);
            if (problem != null) return problem;
            int u = users.intern(b, fields.us, fields.ue);
            int i = items.intern(b, fields.is, fields.ie);
            if (n == user.length) grow();
            user[n] = u;
            item[n] = i;
            value[n] = fields.v;
            if (time != null) time[n] = fields.t;
            n++;
            return null;
        }

        private void grow() {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, user.length + (user.length >> 1) + 16);
            user = Arrays.copyOf(user, cap);
            item = Arrays.copyOf(item, cap);
            value = Arrays.copyOf(value, cap);
            if (time != null) time = Arrays.copyOf(time, cap);
        }
    }

    /**
     * Splits one line into its fields and checks them; what a bad line is told is decided here
     * only, so every reader (the file loader, the Spark reader) gives the same messages. After a
     * successful {@link #read} the user id is {@code b[us, ue)}, the item id {@code b[is, ie)}.
     */
    static final class LineFields {
        private final RatingsParser p;
        private final int nCols, userCol, itemCol, ratingCol, timeCol;
        private final int[] fs, fe;
        private final boolean checkScale;
        private final float scaleMin, scaleMax;
        int us, ue, is, ie;
        float v;
        long t;

        LineFields(RatingsParser p) {
            this.p = p;
            nCols = p.cols.count();
            userCol = p.cols.indexOf(Columns.USER);
            itemCol = p.cols.indexOf(Columns.ITEM);
            ratingCol = p.cols.indexOf(Columns.RATING);
            timeCol = p.keepTime ? p.cols.indexOf(Columns.TIME) : -1;
            fs = new int[nCols];
            fe = new int[nCols];
            checkScale = p.declared != null;
            scaleMin = checkScale ? p.declared.min() : 0;
            scaleMax = checkScale ? p.declared.max() : 0;
        }

        /** Reads {@code b[s, e)}; returns null, or what was expected when the line is bad. */
        String read(byte[] b, int s, int e) {
            int kind = p.delimKind;
            byte d = p.delim;
            int q = s, f = 0;
            if (kind == DELIM_WHITESPACE) while (q < e && (b[q] == ' ' || b[q] == '\t')) q++;
            while (true) {
                int fstart = q;
                if (kind == DELIM_BYTE) {
                    while (q < e && b[q] != d) q++;
                } else if (kind == DELIM_DOUBLE_COLON) {
                    while (q < e && !(b[q] == ':' && q + 1 < e && b[q + 1] == ':')) q++;
                } else {
                    while (q < e && b[q] != ' ' && b[q] != '\t') q++;
                }
                if (f < nCols) {
                    fs[f] = fstart;
                    fe[f] = q;
                }
                f++;
                if (q >= e) break;
                q += kind == DELIM_DOUBLE_COLON ? 2 : 1;
                if (kind == DELIM_WHITESPACE) {
                    while (q < e && (b[q] == ' ' || b[q] == '\t')) q++;
                    if (q >= e) break;
                }
            }
            if (f != nCols) return "expected " + nCols + " " + p.delimName + " fields " + p.cols + " but found " + f;

            us = fs[userCol];
            ue = fe[userCol];
            while (us < ue && b[us] == ' ') us++;
            while (ue > us && b[ue - 1] == ' ') ue--;
            if (us == ue) return "expected a user id in column " + (userCol + 1) + " but found an empty field";
            is = fs[itemCol];
            ie = fe[itemCol];
            while (is < ie && b[is] == ' ') is++;
            while (ie > is && b[ie - 1] == ' ') ie--;
            if (is == ie) return "expected an item id in column " + (itemCol + 1) + " but found an empty field";

            v = ratingCol < 0 ? 1f : parseFloat(b, fs[ratingCol], fe[ratingCol]); // an event without a value weighs 1
            if (v != v) return "expected a number for rating in column " + (ratingCol + 1) + " but found '" + field(b, ratingCol) + "'";
            if (checkScale && (v < scaleMin || v > scaleMax))
                return "expected a rating within the scale " + p.declared + " but found " + field(b, ratingCol).trim();
            t = 0;
            if (timeCol >= 0) {
                t = parseLong(b, fs[timeCol], fe[timeCol]);
                if (t == Long.MIN_VALUE)
                    return "expected an integer timestamp (seconds since 1970-01-01) for time in column " + (timeCol + 1)
                            + " but found '" + field(b, timeCol) + "'";
            }
            return null;
        }

        private String field(byte[] b, int col) {
            return new String(b, fs[col], fe[col] - fs[col], StandardCharsets.UTF_8);
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Index of the first '\n' in {@code b[from, to)}, or -1; eight bytes at a time. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long zero = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L; // lowest set bit marks the first '\n'
            if (zero != 0) return i + (Long.numberOfTrailingZeros(zero) >>> 3);
        }
        for (; i < to; i++) if (b[i] == '\n') return i;
        return -1;
    }

    private static final double[] POW10 = new double[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
    }

    /** A decimal number (e.g. {@code 4}, {@code 3.5}, {@code -1e-3}) or NaN when the bytes are not one. */
    static float parseFloat(byte[] b, int s, int e) {
        while (s < e && b[s] == ' ') s++;
        while (e > s && b[e - 1] == ' ') e--;
        int i = s;
        boolean neg = false;
        if (i < e && (b[i] == '-' || b[i] == '+')) neg = b[i++] == '-';
        long m = 0;
        int frac = -1;
        boolean any = false;
        for (; i < e; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (m >= 1L << 53) return slowFloat(b, s, e);
                m = m * 10 + (c - '0');
                any = true;
                if (frac >= 0 && ++frac >= POW10.length) return slowFloat(b, s, e);
            } else if (c == '.' && frac < 0) {
                frac = 0;
            } else {
                return slowFloat(b, s, e);
            }
        }
        if (!any) return Float.NaN;
        if (m >= 1L << 53) return slowFloat(b, s, e);
        double d = frac > 0 ? m / POW10[frac] : m;
        return (float) (neg ? -d : d);
    }

    private static float slowFloat(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            int c = b[i];
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) return Float.NaN;
        }
        try {
            float f = Float.parseFloat(new String(b, s, e - s, StandardCharsets.US_ASCII));
            return Float.isInfinite(f) ? Float.NaN : f;
        } catch (NumberFormatException ex) {
            return Float.NaN;
        }
    }

    /** A decimal integer, or {@link Long#MIN_VALUE} when the bytes are not one. */
    static long parseLong(byte[] b, int s, int e) {
        while (s < e && b[s] == ' ') s++;
        while (e > s && b[e - 1] == ' ') e--;
        int i = s;
        boolean neg = false;
        if (i < e && (b[i] == '-' || b[i] == '+')) neg = b[i++] == '-';
        if (i == e || e - i > 18) return Long.MIN_VALUE;
        long v = 0;
        for (; i < e; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) return Long.MIN_VALUE;
            v = v * 10 + c;
        }
        return neg ? -v : v;
    }
}
