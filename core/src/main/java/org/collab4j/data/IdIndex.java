package org.collab4j.data;

import java.util.Arrays;

/**
 * Two-way map between external ids (strings, as the user writes them) and dense indices
 * {@code 0..size()-1} used inside every array. Indices are handed out in order of first sight.
 *
 * <p>Open addressing with linear probing over an {@code int[]} table: no boxing. Ids that are
 * plain decimal numbers (no sign, no leading zero, below 2^31) are stored as an {@code int}, not as
 * a String, so that the id maps of a large data set stay small (about 12-16 bytes an id instead of
 * about 80); {@link #id(int)} makes their String on demand. Other ids are kept as given. Not
 * thread-safe while it grows; a built index is safe to read from many threads.
 */
public final class IdIndex {
    private int[] num; // index -> numeric id, or -1 when the id is a String in strs
    private String[] strs; // index -> non-numeric id; null until one is added
    private int[] table; // slot -> index + 1, 0 = empty
    private int size;

    public IdIndex() {
        this(16);
    }

    public IdIndex(int expected) {
        num = new int[Math.max(4, expected)];
        table = new int[tableSizeFor(Math.max(4, expected))];
    }

    /** An index over {@code ids} in that order; duplicates are an error. */
    public static IdIndex of(String... ids) {
        IdIndex index = new IdIndex(ids.length);
        for (String id : ids) {
            int before = index.size;
            index.add(id);
            if (index.size == before) throw new IllegalArgumentException("duplicate id: " + id);
        }
        return index;
    }

    private static int tableSizeFor(int n) {
        int cap = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
        return Math.max(8, cap);
    }

    public int size() {
        return size;
    }

    /** The external id of dense index {@code index}. */
    public String id(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("index " + index + " of " + size);
        int v = num[index];
        return v >= 0 ? Integer.toString(v) : strs[index];
    }

    /** The dense index of {@code id}, or -1 when the id is unknown. */
    public int index(String id) {
        int v = numeric(id);
        int mask = table.length - 1;
        int slot = (v >= 0 ? hashNumeric(v) : hashString(id)) & mask;
        while (true) {
            int t = table[slot];
            if (t == 0) return -1;
            int i = t - 1;
            if (v >= 0 ? num[i] == v : num[i] < 0 && strs[i].equals(id)) return i;
            slot = (slot + 1) & mask;
        }
    }

    public boolean contains(String id) {
        return index(id) >= 0;
    }

    /** The dense index of {@code id}, adding it at the end when it is new. */
    public int add(String id) {
        if (id == null) throw new NullPointerException("id");
        int v = numeric(id);
        return v >= 0 ? addNumeric(v) : addString(id);
    }

    /** {@link #add(String)} of the decimal text of {@code v >= 0}, without making the String. */
    int addNumeric(int v) {
        int mask = table.length - 1;
        int slot = hashNumeric(v) & mask;
        while (true) {
            int t = table[slot];
            if (t == 0) break;
            if (num[t - 1] == v) return t - 1;
            slot = (slot + 1) & mask;
        }
        return append(slot, v, null);
    }

    private int addString(String id) {
        int mask = table.length - 1;
        int slot = hashString(id) & mask;
        while (true) {
            int t = table[slot];
            if (t == 0) break;
            if (num[t - 1] < 0 && strs[t - 1].equals(id)) return t - 1;
            slot = (slot + 1) & mask;
        }
        return append(slot, -1, id);
    }

    private int append(int slot, int v, String s) {
        if (size == num.length) {
            num = Arrays.copyOf(num, size * 2);
            if (strs != null) strs = Arrays.copyOf(strs, size * 2);
        }
        if (s != null && strs == null) strs = new String[num.length];
        num[size] = v;
        if (s != null) strs[size] = s;
        table[slot] = ++size;
        if (size * 2 > table.length) rehash(table.length * 2);
        return size - 1;
    }

    private void rehash(int newLength) {
        int[] t = new int[newLength];
        int mask = newLength - 1;
        for (int i = 0; i < size; i++) {
            int slot = (num[i] >= 0 ? hashNumeric(num[i]) : hashString(strs[i])) & mask;
            while (t[slot] != 0) slot = (slot + 1) & mask;
            t[slot] = i + 1;
        }
        table = t;
    }

    /** The value of a canonical decimal id (no sign, no leading zero, fits an int), else -1. */
    static int numeric(String id) {
        int n = id.length();
        if (n == 0 || n > 10 || (n > 1 && id.charAt(0) == '0')) return -1;
        long v = 0;
        for (int i = 0; i < n; i++) {
            int d = id.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v <= Integer.MAX_VALUE ? (int) v : -1;
    }

    private static int hashNumeric(int v) {
        int h = v * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int hashString(String s) {
        int h = s.hashCode() * 0x85EBCA6B;
        return h ^ (h >>> 15);
    }

    /** A copy of the ids in index order. */
    public String[] ids() {
        String[] out = new String[size];
        for (int i = 0; i < size; i++) out[i] = id(i);
        return out;
    }

    /** Heap bytes of this index's arrays and strings, roughly. */
    long heapBytes() {
        long b = 16L + 4L * num.length + 16L + 4L * table.length;
        if (strs != null) {
            b += 16L + 4L * strs.length;
            for (int i = 0; i < size; i++) if (strs[i] != null) b += 40 + strs[i].length();
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IdIndex)) return false;
        IdIndex other = (IdIndex) o;
        if (other.size != size) return false;
        for (int i = 0; i < size; i++) {
            if (num[i] != other.num[i]) return false;
            if (num[i] < 0 && !strs[i].equals(other.strs[i])) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) h = 31 * h + (num[i] >= 0 ? Integer.hashCode(num[i]) : strs[i].hashCode());
        return h;
    }

    @Override
    public String toString() {
        return "IdIndex[" + size + " ids]";
    }
}
