package org.collab4j.algo.dotbias;

import java.util.Arrays;

/**
 * The value codes of a {@link BlockGrid}'s cells: a small open-addressing table from a value's
 * bits to its code, for at most {@link BlockGrid#MAX_LEVELS} distinct values, and the sorted
 * distinct values of a set of ratings from which the codes are made.
 */
final class LevelCodes {
    private static final int SLOTS = 4 * BlockGrid.MAX_LEVELS;   // a power of two
    private final int[] key = new int[SLOTS];
    private final int[] code = new int[SLOTS];
    private final boolean[] used = new boolean[SLOTS];
    private final float[] value = new float[BlockGrid.MAX_LEVELS];
    private int size;

    LevelCodes(float[] levels) {
        for (float x : levels) add(x);
    }

    /** Adds {@code x} if new; false when the table is full and {@code x} is new. */
    boolean add(float x) {
        int bits = Float.floatToIntBits(x), s = slot(bits);
        while (used[s]) {
            if (key[s] == bits) return true;
            s = (s + 1) & (SLOTS - 1);
        }
        if (size == BlockGrid.MAX_LEVELS) return false;
        used[s] = true;
        key[s] = bits;
        code[s] = size;
        value[size++] = x;
        return true;
    }

    /** The code of {@code x}, which must have been added: its position among the values in the order added. */
    int of(float x) {
        int bits = Float.floatToIntBits(x), s = slot(bits);
        while (key[s] != bits || !used[s]) s = (s + 1) & (SLOTS - 1);
        return code[s];
    }

    float[] values() {
        return Arrays.copyOf(value, size);
    }

    private static int slot(int bits) {
        return (bits * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(SLOTS));
    }

    /**
     * The distinct values of {@code data}'s values at {@code rows} in ascending order, or null when
     * there are more than {@link BlockGrid#MAX_LEVELS}.
     */
    static float[] distinctValues(org.collab4j.data.Ratings data, int[] rows) {
        LevelCodes seen = new LevelCodes(new float[0]);
        for (int r : rows) if (!seen.add(data.value(r))) return null;
        float[] l = seen.values();
        Arrays.sort(l);
        return l;
    }
}
