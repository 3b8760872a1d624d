package org.collab4j.data;

import java.util.Arrays;

/**
 * Two-way map between external ids (strings, as the user writes them) and dense indices
 * {@code 0..size()-1} used inside every array. Indices are handed out in order of first sight.
 *
 * <p>Open addressing with linear probing over an {@code int[]} table: no boxing, and a lookup
 * costs one hash and usually one string comparison. Not thread-safe while it grows; a built
 * index is safe to read from many threads.
 */
public final class IdIndex {
    private String[] ids;
    private int[] table; // slot -> index + 1, 0 = empty
    private int size;

    public IdIndex() {
        this(16);
    }

    public IdIndex(int expected) {
        ids = new String[Math.max(4, expected)];
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
        return ids[index];
    }

    /** The dense index of {@code id}, or -1 when the id is unknown. */
    public int index(String id) {
        int mask = table.length - 1;
        int slot = mix(id.hashCode()) & mask;
        while (true) {
            int v = table[slot];
            if (v == 0) return -1;
            if (ids[v - 1].equals(id)) return v - 1;
            slot = (slot + 1) & mask;
        }
    }

    public boolean contains(String id) {
        return index(id) >= 0;
    }

    /** The dense index of {@code id}, adding it at the end when it is new. */
    public int add(String id) {
        if (id == null) throw new NullPointerException("id");
        int mask = table.length - 1;
        int slot = mix(id.hashCode()) & mask;
        while (true) {
            int v = table[slot];
            if (v == 0) break;
            if (ids[v - 1].equals(id)) return v - 1;
            slot = (slot + 1) & mask;
        }
        if (size == ids.length) ids = Arrays.copyOf(ids, ids.length * 2);
        ids[size] = id;
        table[slot] = ++size;
        if (size * 2 > table.length) rehash(table.length * 2);
        return size - 1;
    }

    private void rehash(int newLength) {
        int[] t = new int[newLength];
        int mask = newLength - 1;
        for (int i = 0; i < size; i++) {
            int slot = mix(ids[i].hashCode()) & mask;
            while (t[slot] != 0) slot = (slot + 1) & mask;
            t[slot] = i + 1;
        }
        table = t;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** A copy of the ids in index order. */
    public String[] ids() {
        return Arrays.copyOf(ids, size);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IdIndex)) return false;
        IdIndex other = (IdIndex) o;
        if (other.size != size) return false;
        for (int i = 0; i < size; i++) if (!ids[i].equals(other.ids[i])) return false;
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) h = 31 * h + ids[i].hashCode();
        return h;
    }

    @Override
    public String toString() {
        return "IdIndex[" + size + " ids]";
    }
}
