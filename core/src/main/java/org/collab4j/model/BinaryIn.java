package org.collab4j.model;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reader for {@link BinaryOut}'s encoding. Every length is checked against what remains of the
 * payload, so a damaged file fails with {@link CorruptModelException} instead of allocating
 * gigabytes or reading garbage.
 */
public final class BinaryIn {
    private final InputStream in;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long remaining;

    public BinaryIn(InputStream in, long payloadLength) {
        this.in = in;
        this.remaining = payloadLength;
        buf.limit(0);
    }

    private void need(int n) throws IOException {
        if (buf.remaining() >= n) return;
        buf.compact();
        while (buf.position() < n) {
            int r = in.read(buf.array(), buf.position(), buf.capacity() - buf.position());
            if (r < 0) {
                buf.flip();
                throw new EOFException("file ends early");
            }
            buf.position(buf.position() + r);
        }
        buf.flip();
    }

    private void consume(long bytes) throws CorruptModelException {
        if (bytes > remaining) throw new CorruptModelException("a length field points past the end of the payload");
        remaining -= bytes;
    }

    public int readInt() throws IOException {
        consume(4);
        need(4);
        return buf.getInt();
    }

    public long readLong() throws IOException {
        consume(8);
        need(8);
        return buf.getLong();
    }

    public float readFloat() throws IOException {
        consume(4);
        need(4);
        return buf.getFloat();
    }

    public double readDouble() throws IOException {
        consume(8);
        need(8);
        return buf.getDouble();
    }

    public boolean readBoolean() throws IOException {
        consume(1);
        need(1);
        byte b = buf.get();
        if (b != 0 && b != 1) throw new CorruptModelException("bad boolean byte " + b);
        return b == 1;
    }

    private int length(long elementBytes) throws IOException {
        int n = readInt();
        if (n < 0 || n * elementBytes > remaining) throw new CorruptModelException("bad array length " + n);
        return n;
    }

    public String readString() throws IOException {
        int n = readInt();
        if (n == -1) return null;
        if (n < 0 || n > remaining) throw new CorruptModelException("bad string length " + n);
        byte[] b = readRaw(n);
        return new String(b, StandardCharsets.UTF_8);
    }

    private byte[] readRaw(int n) throws IOException {
        consume(n);
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            if (!buf.hasRemaining()) need(1);
            int k = Math.min(buf.remaining(), n - off);
            buf.get(b, off, k);
            off += k;
        }
        return b;
    }

    public int[] readInts() throws IOException {
        int n = length(4);
        consume(4L * n);
        int[] a = new int[n];
        int off = 0;
        while (off < n) {
            need(4);
            int k = Math.min(buf.remaining() / 4, n - off);
            buf.asIntBuffer().get(a, off, k);
            buf.position(buf.position() + k * 4);
            off += k;
        }
        return a;
    }

    public float[] readFloats() throws IOException {
        int n = length(4);
        consume(4L * n);
        float[] a = new float[n];
        int off = 0;
        while (off < n) {
            need(4);
            int k = Math.min(buf.remaining() / 4, n - off);
            buf.asFloatBuffer().get(a, off, k);
            buf.position(buf.position() + k * 4);
            off += k;
        }
        return a;
    }

    public long[] readLongs() throws IOException {
        int n = length(8);
        consume(8L * n);
        long[] a = new long[n];
        int off = 0;
        while (off < n) {
            need(8);
            int k = Math.min(buf.remaining() / 8, n - off);
            buf.asLongBuffer().get(a, off, k);
            buf.position(buf.position() + k * 8);
            off += k;
        }
        return a;
    }

    public String[] readStrings() throws IOException {
        int n = length(4);
        String[] a = new String[n];
        for (int i = 0; i < n; i++) a[i] = readString();
        return a;
    }

    /** Bytes of the payload not yet read. */
    public long remaining() {
        return remaining;
    }
}
