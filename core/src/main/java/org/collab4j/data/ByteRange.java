package org.collab4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** One byte range of a rating file, parsed on one thread into local columns and local ids. */
final class ByteRange {
    /** A longer line is not a rating (the buffer would otherwise grow to hold a whole file without line breaks). */
    static final int MAX_LINE = 1 << 20;

    private final RatingsParser p;
    private final FileChannel ch;
    private final int index;
    private final long start, end;
    private final AtomicInteger firstError;
    private final ParallelLoad.ProgressSink sink;
    private final LineFields fields;

    /** The range's own ids in first-sight order; let go of once the merge has mapped them to the global ids. */
    IdTable users = new IdTable(), items = new IdTable();
    /** The users (local ids, then global ones after the merge's renumbering) when they do not fit three bytes, else null. */
    int[] user;
    /**
     * The users in three bytes a line (bits 16-23, and 0-15) while their ids are below 2^24
     * ({@link #user} is then null): the range's local ids while it is parsed, the global ones once
     * the merge renumbers them.
     */
    byte[] userHigh;
    char[] userLow;
    /** The items (local ids, then global ones after the merge's renumbering) when they do not fit {@link #itemChars}, else null. */
    int[] item;
    /**
     * The items in two bytes a line while their ids are below 65,536 ({@link #item} is then null):
     * the range's local ids while it is parsed, the global ones once the merge renumbers them.
     */
    char[] itemChars;
    /** The value of each line, coded in a byte while the range holds few distinct values. */
    RangeValues value;
    long[] time;
    int n;
    long lines, bad;
    RatingsParser.LineError error;
    private boolean headerPending;

    ByteRange(RatingsParser p, FileChannel ch, int index, long start, long end, AtomicInteger firstError, ParallelLoad.ProgressSink sink, long fileSize) {
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
        userHigh = new byte[cap];
        userLow = new char[cap];
        itemChars = new char[cap];
        value = new RangeValues(cap);
        time = p.keepTime ? new long[cap] : null;
    }

    void release() {
        user = item = null;
        userHigh = null;
        userLow = null;
        itemChars = null;
        value = null;
        time = null;
    }

    void run() throws IOException {
        byte[] buf = new byte[(int) Math.min(RatingsParser.BUFFER, Math.max(16, end - start))];
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
            for (int i; (i = ByteParsing.indexOfNewline(buf, s, len)) >= 0; s = i + 1) {
                if (!line(buf, s, i)) return;
            }
            if (last) {
                if (s < len) line(buf, s, len);
                return;
            }
            int tail = len - s;
            if (s == 0 && buf.length >= MAX_LINE) {
                lines++;
                fail(buf, 0, 200, "expected lines of at most " + (MAX_LINE >> 20) + " MB but this one runs on beyond that"
                        + " (is it a rating file? a file without line breaks reads as one line)");
                return;
            }
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
            int nul = ByteParsing.indexOfZero(b, s, e);
            if (nul < 0) return true;
            fail(b, s, e, "expected a header of text but found a NUL byte at character " + (nul - s + 1)
                    + " (the file is binary, or text in UTF-16: convert it to UTF-8)");
            return false;
        }
        if (e == s || blank(b, s, e)) return true;
        String problem = parse(b, s, e);
        if (problem == null) return true;
        if (p.skipBad) {
            bad++;
            return true;
        }
        fail(b, s, e, problem);
        return false;
    }

    private void fail(byte[] b, int s, int e, String problem) {
        error = new RatingsParser.LineError(lines, new String(b, s, e - s, StandardCharsets.UTF_8), problem);
        firstError.accumulateAndGet(index, Math::min);
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
        byte[] ids = fields.bytes();
        int u = users.intern(ids, fields.us, fields.ue);
        int i = items.intern(ids, fields.is, fields.ie);
        if (n == itemCapacity()) grow();
        if (userLow != null && u > MAX_USER) widenUsers();
        if (userLow != null) {
            userHigh[n] = (byte) (u >>> 16);
            userLow[n] = (char) u;
        } else {
            user[n] = u;
        }
        if (itemChars != null && i > Character.MAX_VALUE) widenItems();
        if (itemChars != null) itemChars[n] = (char) i;
        else item[n] = i;
        value.set(n, fields.v);
        if (time != null) time[n] = fields.t;
        n++;
        return null;
    }

    /** The most users that three bytes a line hold. */
    static final int MAX_USER = (1 << 24) - 1;

    private int itemCapacity() {
        return itemChars != null ? itemChars.length : item.length;
    }

    /** The 2^24+1-th user of the range: its users go from three bytes a line to four. */
    private void widenUsers() {
        user = new int[userLow.length];
        for (int j = 0; j < n; j++) user[j] = (userHigh[j] & 0xff) << 16 | userLow[j];
        userHigh = null;
        userLow = null;
    }

    /** The 65,537th item of the range: its items go from two bytes a line to four. */
    private void widenItems() {
        item = new int[itemChars.length];
        for (int j = 0; j < n; j++) item[j] = itemChars[j];
        itemChars = null;
    }

    private void grow() {
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, itemCapacity() + (itemCapacity() >> 1) + 16);
        if (userLow != null) {
            userHigh = Arrays.copyOf(userHigh, cap);
            userLow = Arrays.copyOf(userLow, cap);
        } else {
            user = Arrays.copyOf(user, cap);
        }
        if (itemChars != null) itemChars = Arrays.copyOf(itemChars, cap);
        else item = Arrays.copyOf(item, cap);
        value.grow(cap);
        if (time != null) time = Arrays.copyOf(time, cap);
    }
}
