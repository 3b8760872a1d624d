package org.collab4j.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns ids straight from bytes, without making a String for an id already seen. Ids are
 * numbered {@code 0..size()-1} in order of first sight.
 *
 * <p>Two disjoint paths, chosen by a pure function of the bytes so that the same text always
 * takes the same path: a decimal number without leading zeros below {@link #NUMERIC_LIMIT} is
 * looked up in a direct {@code int[]} (MovieLens ids, the common case); anything else goes to an
 * open-addressing hash over a byte arena. Used per loader thread (local ids) and once more to
 * merge them into global ids. Not thread-safe.
 */
final class IdTable {
    /** Numeric ids at or above this go through the byte hash, keeping the direct array small. */
    static final int NUMERIC_LIMIT = 1 << 22;

    private int[] numToId = new int[1024]; // numeric value -> id + 1, 0 = absent
    private int[] idKey = new int[1024]; // id -> numeric value, or -(byte key + 1)
    private int size;

    private byte[] arena = new byte[0];
    private int arenaLen;
    private int[] keyOff = new int[0];
    private int[] keyLen = new int[0];
    private int[] keyHash = new int[0];
    private int[] keyId = new int[0];
    private int keys;
    private int[] table = new int[0]; // slot -> byte key + 1

    int size() {
        return size;
    }

    /** The numeric value of a decimal id without leading zeros below the limit, else -1. */
    static int numericValue(byte[] b, int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 7) return -1; // 7 digits covers NUMERIC_LIMIT (4,194,304)
        if (b[from] == '0' && len > 1) return -1;
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v < NUMERIC_LIMIT ? v : -1;
    }

    /** The id of the text {@code b[from, to)}, adding it when new. */
    int intern(byte[] b, int from, int to) {
        int v = numericValue(b, from, to);
        return v >= 0 ? internNumeric(v) : internBytes(b, from, to - from);
    }

    int internNumeric(int v) {
        if (v >= numToId.length) numToId = Arrays.copyOf(numToId, Math.max(v + 1, Math.min(NUMERIC_LIMIT, numToId.length * 2)));
        int id = numToId[v] - 1;
        if (id >= 0) return id;
        id = newId(v);
        numToId[v] = id + 1;
        return id;
    }

    /** Id of a numeric value, or -1 when absent. */
    int findNumeric(int v) {
        return v < numToId.length ? numToId[v] - 1 : -1;
    }

    int internBytes(byte[] b, int from, int len) {
        if (table.length == 0) initBytes();
        int h = hash(b, from, len);
        int mask = table.length - 1;
        int slot = h & mask;
        while (true) {
            int k = table[slot] - 1;
            if (k < 0) break;
            if (keyHash[k] == h && keyLen[k] == len && Arrays.equals(arena, keyOff[k], keyOff[k] + len, b, from, from + len))
                return keyId[k];
            slot = (slot + 1) & mask;
        }
        if (keys == keyOff.length) {
            int n = keys * 2;
            keyOff = Arrays.copyOf(keyOff, n);
            keyLen = Arrays.copyOf(keyLen, n);
            keyHash = Arrays.copyOf(keyHash, n);
            keyId = Arrays.copyOf(keyId, n);
        }
        if (arenaLen + len > arena.length) arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + len));
        System.arraycopy(b, from, arena, arenaLen, len);
        int k = keys++;
        keyOff[k] = arenaLen;
        keyLen[k] = len;
        keyHash[k] = h;
        arenaLen += len;
        int id = newId(-(k + 1));
        keyId[k] = id;
        table[slot] = k + 1;
        if (keys * 2 > table.length) rehash();
        return id;
    }

    private void initBytes() {
        arena = new byte[1024];
        keyOff = new int[64];
        keyLen = new int[64];
        keyHash = new int[64];
        keyId = new int[64];
        table = new int[128];
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int mask = t.length - 1;
        for (int k = 0; k < keys; k++) {
            int slot = keyHash[k] & mask;
            while (t[slot] != 0) slot = (slot + 1) & mask;
            t[slot] = k + 1;
        }
        table = t;
    }

    private int newId(int key) {
        if (size == idKey.length) idKey = Arrays.copyOf(idKey, size * 2);
        idKey[size] = key;
        return size++;
    }

    private static int hash(byte[] b, int from, int len) {
        int h = 1;
        for (int i = from, e = from + len; i < e; i++) h = 31 * h + b[i];
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Adds id {@code id} of {@code other} to this table; returns this table's id for it. */
    int internFrom(IdTable other, int id) {
        int key = other.idKey[id];
        if (key >= 0) return internNumeric(key);
        int k = -key - 1;
        return internBytes(other.arena, other.keyOff[k], other.keyLen[k]);
    }

    /** The numeric value of id {@code id}, or -1 when it is text. */
    int numericKey(int id) {
        return Math.max(-1, idKey[id]);
    }

    /** The text of id {@code id}: the decimal number, or the bytes read as UTF-8. */
    String text(int id) {
        int key = idKey[id];
        if (key >= 0) return Integer.toString(key);
        int k = -key - 1;
        return new String(arena, keyOff[k], keyLen[k], StandardCharsets.UTF_8);
    }
}
