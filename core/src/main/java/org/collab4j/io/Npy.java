package org.collab4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * NumPy's {@code .npy} format, version 1.0, as {@code numpy.save} writes it: the magic
 * {@code \x93NUMPY}, version bytes 1 0, a little-endian uint16 header length, then an ASCII
 * header {@code {'descr': '<f4', 'fortran_order': False, 'shape': (n, k), }} padded with spaces
 * (first numpy's room for the first dimension to grow to 21 digits, then up to a multiple of 64
 * bytes) and ended by a newline, then the array in C order: byte for byte what numpy 2 writes.
 * Floats are {@code <f4}, ints {@code <i4}, strings fixed-width UTF-32 {@code <U}width (no pickling
 * needed to load them).
 */
public final class Npy {
    static final int GROWTH_AXIS_MAX_DIGITS = 21;
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {
    }

    /** The full preamble (magic, version, length, padded header) for an array of {@code descr} and {@code shape}. */
    public static byte[] header(String descr, int... shape) {
        StringJoiner dims = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
        for (int d : shape) dims.add(Integer.toString(d));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        // numpy >= 1.24 leaves room for the first dimension to grow to 21 digits in place
        if (shape.length > 0) dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
        int hlen = dict.length() + 1;
        int pad = 64 - ((MAGIC.length + 2 + hlen) % 64);
        String header = dict + " ".repeat(pad) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        if (h.length > 0xFFFF) throw new IllegalArgumentException("npy header too long");
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) h.length).put(h);
        return b.array();
    }

    /** Writes {@code data} as a float32 array of {@code shape} (whose product must be its length). */
    public static void writeFloats(OutputStream out, float[] data, int... shape) throws IOException {
        check(data.length, shape);
        out.write(header("<f4", shape));
        ByteBuffer b = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < data.length; from += 4096) {
            b.clear();
            int to = Math.min(data.length, from + 4096);
            for (int j = from; j < to; j++) b.putFloat(data[j]);
            out.write(b.array(), 0, b.position());
        }
    }

    /** Writes {@code data} as a 1-D int32 array. */
    public static void writeInts(OutputStream out, int[] data) throws IOException {
        out.write(header("<i4", data.length));
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : data) b.putInt(v);
        out.write(b.array());
    }

    /** Writes {@code data} as a 1-D array of fixed-width unicode strings (null as empty). */
    public static void writeStrings(OutputStream out, String[] data) throws IOException {
        int width = 1;
        for (String s : data) if (s != null) width = Math.max(width, s.codePointCount(0, s.length()));
        out.write(header("<U" + width, data.length));
        ByteBuffer b = ByteBuffer.allocate(4 * width).order(ByteOrder.LITTLE_ENDIAN);
        for (String s : data) {
            b.clear();
            if (s != null) s.codePoints().forEach(b::putInt);
            while (b.hasRemaining()) b.putInt(0);
            out.write(b.array());
        }
    }

    private static void check(int length, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension " + d);
            n *= d;
        }
        if (n != length) throw new IllegalArgumentException("shape holds " + n + " values but the data has " + length);
    }
}
