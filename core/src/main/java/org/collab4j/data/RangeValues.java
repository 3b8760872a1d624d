package org.collab4j.data;

import java.util.Arrays;

/**
 * The parsed values of one byte range, one byte a line while the range holds at most
 * {@link #MAX_LEVELS} distinct values (star ratings hold 5 or 10): each line stores the code of its
 * value, a position in a small table of the distinct values in the order first seen. The first
 * value beyond that turns the codes into a {@code float} column (four bytes a line) for good.
 * Parsing a large log holds the user, item and value of every line at once, so a byte instead of
 * a {@code float} takes a quarter off that peak (synth-25m: 75 MB of 300 MB).
 */
final class RangeValues {
    /** Most distinct values kept as codes. */
    static final int MAX_LEVELS = 256;
    private static final int SLOTS = 4 * MAX_LEVELS;   // a power of two

    private byte[] code;
    private float[] value;                 // null while the values are codes
    private final float[] levels = new float[MAX_LEVELS];
    private int numLevels;
    private final int[] slotKey = new int[SLOTS];
    private final short[] slotCode = new short[SLOTS];   // code + 1; 0 = empty slot

    RangeValues(int capacity) {
        code = new byte[capacity];
    }

    int capacity() {
        return value != null ? value.length : code.length;
    }

    /** Whether the values are still held as one-byte codes. */
    boolean coded() {
        return value == null;
    }

    void set(int j, float v) {
        if (value != null) {
            value[j] = v;
            return;
        }
        int c = codeOf(v);
        if (c >= 0) code[j] = (byte) c;
        else {
            toFloats();
            value[j] = v;
        }
    }

    float get(int j) {
        return value != null ? value[j] : levels[code[j] & 0xff];
    }

    void grow(int capacity) {
        if (value != null) value = Arrays.copyOf(value, capacity);
        else code = Arrays.copyOf(code, capacity);
    }

    /**
     * Writes values {@code [0, n)}, less the lines whose bit {@code from + j} is set in {@code dropped}
     * (null: none; see {@link Duplicates#flagged}), to {@code out} from {@code at}.
     */
    void copyTo(int n, long[] dropped, int from, float[] out, int at) {
        if (value != null && dropped == null) {
            System.arraycopy(value, 0, out, at, n);
            return;
        }
        for (int j = 0; j < n; j++) if (!Duplicates.flagged(dropped, from + j)) out[at++] = get(j);
    }

    /** How many distinct values the codes stand for (while {@link #coded()}). */
    int numLevels() {
        return numLevels;
    }

    /** The value of code {@code c}. */
    float level(int c) {
        return levels[c];
    }

    /**
     * As {@link #copyTo(int, long[], int, float[], int)}, writing each value's code through
     * {@code map} (this range's code to the merged table's) to {@code out}; only while {@link #coded()}.
     */
    void copyCodesTo(int n, long[] dropped, int from, byte[] out, int at, byte[] map) {
        byte[] c = code;
        for (int j = 0; j < n; j++) if (!Duplicates.flagged(dropped, from + j)) out[at++] = map[c[j] & 0xff];
    }

    /**
     * As {@link #copyCodesTo}, writing each kept line's code through {@code map}, shifted left by
     * {@code shift}, OR-ed with that line's byte of {@code high} (bits the code leaves free) to
     * {@code out} from {@code at}; only while {@link #coded()}.
     */
    void copyPackedTo(int n, long[] dropped, int from, byte[] high, int shift, byte[] out, int at, byte[] map) {
        byte[] c = code;
        for (int j = 0; j < n; j++)
            if (!Duplicates.flagged(dropped, from + j)) out[at++] = (byte) ((map[c[j] & 0xff] & 0xff) << shift | high[j] & 0xff);
    }

    /** The code of {@code v}, added to the table if new; -1 when the table is full. */
    private int codeOf(float v) {
        int bits = Float.floatToIntBits(v);
        int s = (bits * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(SLOTS));
        while (slotCode[s] != 0) {
            if (slotKey[s] == bits) return slotCode[s] - 1;
            s = (s + 1) & (SLOTS - 1);
        }
        if (numLevels == MAX_LEVELS) return -1;
        slotKey[s] = bits;
        slotCode[s] = (short) (numLevels + 1);
        levels[numLevels] = v;
        return numLevels++;
    }

    private void toFloats() {
        float[] f = new float[code.length];
        for (int j = 0; j < f.length; j++) f[j] = levels[code[j] & 0xff];
        value = f;
        code = null;
    }
}
