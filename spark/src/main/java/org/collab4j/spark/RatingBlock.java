package org.collab4j.spark;

import java.io.Serializable;
import java.util.Iterator;

import org.collab4j.kernel.Rng;

/**
 * The ratings of one user block, cut by item block: sub-block {@code j} holds the ratings of this
 * block's users for the items of item block {@code j}, as block-local row indices. Built once and
 * cached on the executor that owns the user block; it never moves. Each sub-block is put in a
 * canonical order (user, item, value) and then shuffled with a seed drawn from the run's seed
 * and the block's position, so a fixed partitioning trains in the same order on every run.
 */
public final class RatingBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    public final int block;
    public final int[][] users;
    public final int[][] items;
    public final float[][] values;

    RatingBlock(int block, int[][] users, int[][] items, float[][] values) {
        this.block = block;
        this.users = users;
        this.items = items;
        this.values = values;
    }

    public long size() {
        long n = 0;
        for (float[] v : values) n += v.length;
        return n;
    }

    /** Ratings bound for one user block, as sent over the network when the grid is built. */
    static final class Cells implements Serializable {
        private static final long serialVersionUID = 1L;
        int[] user = new int[16], itemBlock = new int[16], item = new int[16];
        float[] value = new float[16];
        int n;

        void add(int u, int ib, int i, float v) {
            if (n == value.length) {
                int cap = n * 2;
                user = java.util.Arrays.copyOf(user, cap);
                itemBlock = java.util.Arrays.copyOf(itemBlock, cap);
                item = java.util.Arrays.copyOf(item, cap);
                value = java.util.Arrays.copyOf(value, cap);
            }
            user[n] = u;
            itemBlock[n] = ib;
            item[n] = i;
            value[n++] = v;
        }
    }

    /** Assembles user block {@code b} from the cells sent to it, in a seeded order (see the class comment). */
    static RatingBlock build(int b, int d, Iterator<Cells> cells, long seed) {
        java.util.List<Cells> all = new java.util.ArrayList<>();
        int[] count = new int[d];
        while (cells.hasNext()) {
            Cells c = cells.next();
            all.add(c);
            for (int r = 0; r < c.n; r++) count[c.itemBlock[r]]++;
        }
        int[][] u = new int[d][], it = new int[d][];
        float[][] v = new float[d][];
        for (int j = 0; j < d; j++) {
            u[j] = new int[count[j]];
            it[j] = new int[count[j]];
            v[j] = new float[count[j]];
        }
        int[] fill = new int[d];
        for (Cells c : all) {
            for (int r = 0; r < c.n; r++) {
                int j = c.itemBlock[r], f = fill[j]++;
                u[j][f] = c.user[r];
                it[j][f] = c.item[r];
                v[j][f] = c.value[r];
            }
        }
        for (int j = 0; j < d; j++) {
            canonicalOrder(u[j], it[j], v[j]);
            shuffle(u[j], it[j], v[j], new Rng(seed ^ (0x2545F4914F6CDD1DL * ((long) b * d + j + 1))));
        }
        return new RatingBlock(b, u, it, v);
    }

    /** Sorts by (user, item, value): the arrival order after a shuffle is not deterministic, this is. */
    static void canonicalOrder(int[] u, int[] it, float[] v) {
        int n = v.length;
        long[] key = new long[n];
        for (int r = 0; r < n; r++) key[r] = ((long) u[r] << 32) | (it[r] & 0xFFFFFFFFL);
        int[] order = new int[n];
        for (int r = 0; r < n; r++) order[r] = r;
        sort(order, key, v, 0, n - 1);
        int[] u2 = new int[n], i2 = new int[n];
        float[] v2 = new float[n];
        for (int r = 0; r < n; r++) {
            u2[r] = u[order[r]];
            i2[r] = it[order[r]];
            v2[r] = v[order[r]];
        }
        System.arraycopy(u2, 0, u, 0, n);
        System.arraycopy(i2, 0, it, 0, n);
        System.arraycopy(v2, 0, v, 0, n);
    }

    private static int cmp(int a, int b, long[] key, float[] v) {
        int c = Long.compare(key[a], key[b]);
        return c != 0 ? c : Float.compare(v[a], v[b]);
    }

    private static void sort(int[] o, long[] key, float[] v, int lo, int hi) {
        while (lo < hi) {
            if (hi - lo < 16) {
                for (int i = lo + 1; i <= hi; i++) {
                    int x = o[i], j = i - 1;
                    while (j >= lo && cmp(o[j], x, key, v) > 0) o[j + 1] = o[j--];
                    o[j + 1] = x;
                }
                return;
            }
            int pivot = o[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (cmp(o[i], pivot, key, v) < 0) i++;
                while (cmp(o[j], pivot, key, v) > 0) j--;
                if (i <= j) {
                    int t = o[i];
                    o[i++] = o[j];
                    o[j--] = t;
                }
            }
            if (j - lo < hi - i) {
                sort(o, key, v, lo, j);
                lo = i;
            } else {
                sort(o, key, v, i, hi);
                hi = j;
            }
        }
    }

    private static void shuffle(int[] u, int[] it, float[] v, Rng rng) {
        for (int a = v.length - 1; a > 0; a--) {
            int b = rng.nextInt(a + 1);
            int t = u[a];
            u[a] = u[b];
            u[b] = t;
            t = it[a];
            it[a] = it[b];
            it[b] = t;
            float f = v[a];
            v[a] = v[b];
            v[b] = f;
        }
    }
}
