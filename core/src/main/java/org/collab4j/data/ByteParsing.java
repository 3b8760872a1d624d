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
