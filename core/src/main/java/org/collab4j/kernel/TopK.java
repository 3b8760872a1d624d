package org.collab4j.kernel;

/**
 * The {@code k} highest-scoring entries of a stream, in a bounded min-heap over primitive
 * arrays. Ties are broken by the lower index, so results are deterministic.
 */
public final class TopK {
    private final int k;
    private final int[] ids;
    private final float[] scores;
    private int size;

    public TopK(int k) {
        if (k < 0) throw new IllegalArgumentException("k must not be negative");
        this.k = k;
        this.ids = new int[k];
        this.scores = new float[k];
    }

    public void clear() {
        size = 0;
    }

    /** True when (s1, id1) ranks below (s2, id2). */
    private static boolean worse(float s1, int id1, float s2, int id2) {
        return s1 < s2 || (s1 == s2 && id1 > id2);
    }

    public void offer(int id, float score) {
        if (k == 0 || Float.isNaN(score)) return;
        if (size < k) {
            int i = size++;
            ids[i] = id;
            scores[i] = score;
            siftUp(i);
        } else if (worse(scores[0], ids[0], score, id)) {
            ids[0] = id;
            scores[0] = score;
            siftDown(0);
        }
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(scores[i], ids[i], scores[parent], ids[parent])) break;
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, min = i;
            if (l < size && worse(scores[l], ids[l], scores[min], ids[min])) min = l;
            if (r < size && worse(scores[r], ids[r], scores[min], ids[min])) min = r;
            if (min == i) return;
            swap(i, min);
            i = min;
        }
    }

    private void swap(int a, int b) {
        int ti = ids[a];
        ids[a] = ids[b];
        ids[b] = ti;
        float ts = scores[a];
        scores[a] = scores[b];
        scores[b] = ts;
    }

    /**
     * The score an entry must beat to enter: the lowest kept score once the heap is full, else
     * negative infinity. Entries offered in increasing id order enter exactly when their score is
     * greater than this (an equal score loses the tie to the lower id already kept).
     */
    public float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    public int size() {
        return size;
    }

    /**
     * Drains the heap into {@code outIds}/{@code outScores}, best first; returns the count.
     * The heap is empty afterwards.
     */
    public int drainSorted(int[] outIds, float[] outScores) {
        int n = size;
        for (int j = n - 1; j >= 0; j--) {
            outIds[j] = ids[0];
            outScores[j] = scores[0];
            size--;
            if (size > 0) {
                ids[0] = ids[size];
                scores[0] = scores[size];
                siftDown(0);
            }
        }
        return n;
    }
}
