package org.collab4j.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Scanning and number parsing straight from the bytes of a line, without making Strings. */
final class ByteParsing {
    private ByteParsing() {
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

    /** Index of the first NUL byte in {@code b[from, to)}, or -1; eight bytes at a time. */
    static int indexOfZero(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i);
            long zero = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (zero != 0) return i + (Long.numberOfTrailingZeros(zero) >>> 3);
        }
        for (; i < to; i++) if (b[i] == 0) return i;
        return -1;
    }

    /**
     * Null when {@code b[from, to)} is printable UTF-8 text (tabs allowed); else what was found
     * instead, e.g. {@code the control character \x01} or {@code the byte 0xE9, which is not UTF-8}.
     */
    static String checkText(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i];
            if (c >= 0x20 && c < 0x7F || c == '\t') continue;
            if (c >= 0) return "the control character " + Text.shown(String.valueOf((char) c), 1);
            int len = utf8Length(b, i, to);
            if (len < 0) return String.format("the byte 0x%02X, which is not UTF-8 (a file in Latin-1 or Windows-1252? convert it to UTF-8)", c & 0xFF);
            i += len - 1;
        }
        return null;
    }

    /** The length of the well-formed UTF-8 sequence of two or more bytes at {@code b[i]}, or -1. */
    private static int utf8Length(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        int len;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + len > to) return -1;
        int cp = c & (0xFF >> (len + 1));
        for (int k = 1; k < len; k++) {
            int x = b[i + k] & 0xFF;
            if ((x & 0xC0) != 0x80) return -1;
            cp = cp << 6 | (x & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        return len;
    }

    /** Whether {@code b[from, to)}, blanks trimmed, is an optional sign and one or more digits. */
    static boolean isDigits(byte[] b, int from, int to) {
        while (from < to && b[from] == ' ') from++;
        while (to > from && b[to - 1] == ' ') to--;
        if (from < to && (b[from] == '-' || b[from] == '+')) from++;
        if (from == to) return false;
        for (int i = from; i < to; i++) if (b[i] < '0' || b[i] > '9') return false;
        return true;
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
