package org.collab4j.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Little-endian binary writer with bulk array writes (the model-file encoding). */
public final class BinaryOut {
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    public BinaryOut(OutputStream out) {
        this.out = out;
    }

    private void ensure(int n) throws IOException {
        if (buf.remaining() < n) flushBuffer();
    }

    void flushBuffer() throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    public void writeInt(int v) throws IOException {
        ensure(4);
        buf.putInt(v);
    }

    public void writeLong(long v) throws IOException {
        ensure(8);
        buf.putLong(v);
    }

    public void writeFloat(float v) throws IOException {
        ensure(4);
        buf.putFloat(v);
    }

    public void writeDouble(double v) throws IOException {
        ensure(8);
        buf.putDouble(v);
    }

    public void writeBoolean(boolean v) throws IOException {
        ensure(1);
        buf.put((byte) (v ? 1 : 0));
    }

    /** A string as its UTF-8 length and bytes; null is written as length -1. */
    public void writeString(String s) throws IOException {
        if (s == null) {
            writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        writeBytes(b);
    }

    public void writeBytes(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            if (!buf.hasRemaining()) flushBuffer();
            int n = Math.min(buf.remaining(), b.length - off);
            buf.put(b, off, n);
            off += n;
        }
    }

    public void writeInts(int[] a) throws IOException {
        writeInt(a.length);
        int off = 0;
        while (off < a.length) {
            if (buf.remaining() < 4) flushBuffer();
            int n = Math.min(buf.remaining() / 4, a.length - off);
            buf.asIntBuffer().put(a, off, n);
            buf.position(buf.position() + n * 4);
            off += n;
        }
    }

    public void writeFloats(float[] a) throws IOException {
        writeInt(a.length);
        int off = 0;
        while (off < a.length) {
            if (buf.remaining() < 4) flushBuffer();
            int n = Math.min(buf.remaining() / 4, a.length - off);
            buf.asFloatBuffer().put(a, off, n);
            buf.position(buf.position() + n * 4);
            off += n;
        }
    }

    public void writeLongs(long[] a) throws IOException {
        writeInt(a.length);
        int off = 0;
        while (off < a.length) {
            if (buf.remaining() < 8) flushBuffer();
            int n = Math.min(buf.remaining() / 8, a.length - off);
            buf.asLongBuffer().put(a, off, n);
            buf.position(buf.position() + n * 8);
            off += n;
        }
    }

    public void writeStrings(String[] a) throws IOException {
        writeInt(a.length);
        for (String s : a) writeString(s);
    }

    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }
}
