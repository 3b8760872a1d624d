package org.collab4j.recommend.ann;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import org.collab4j.kernel.Gemm;
import org.collab4j.kernel.Simd;
import org.collab4j.kernel.TopK;
import org.collab4j.kernel.Workers;

/**
 * Items dealt into k-means lists (an inverted file): a query takes the lists in decreasing order
 * of an upper bound on their items' scores and scores every item of a list it takes, exactly. It
 * stops when the next list's bound cannot beat the candidates it holds, and the answer is then
 * exact; or once it has scored {@code scan} items, and the answer is then approximate.
 *
 * <p>An item is {@code v_i = [u_i, e_i]}: {@code k} floats and one extra coordinate (the item's
 * bias for users' top-N, 0 for similar items); a query is {@code [x, x_e]}, its score
 * {@code x . u_i + x_e e_i}. A list {@code L} has centroid {@code c_L} and radius {@code r_L}, the
 * largest distance of one of its items from the centroid, so by Cauchy-Schwarz every item of the
 * list scores at most {@code [x, x_e] . c_L + |[x, x_e]| r_L}.
 *
 * <p>The lists are the clusters of Lloyd's k-means (Euclidean, on all {@code k + 1}
 * coordinates) fitted on a sample of at most 64 items a list and then applied to every item. An
 * item's vector is stored again in list order, so a list is scanned front to back.
 */
final class InvertedLists {
    /** Items in the k-means sample, per list. */
    static final int SAMPLE_PER_LIST = 64;
    /** Lloyd iterations on the sample. */
    static final int ITERATIONS = 8;
    /** Items assigned in one product with the centroids. */
    private static final int BLOCK = 256;

    private final int k;
    private final int lists;
    private final float[] centroids;
    private final float[] centroidExtra;
    private final float[] radius;
    private final int[] start;
    private final int[] ids;
    private final float[] vectors;
    private final float[] extra;
    private volatile int scan;

    private InvertedLists(int k, int lists, float[] centroids, float[] centroidExtra, float[] radius, int[] start, int[] ids,
                          float[] vectors, float[] extra, int scan) {
        this.k = k;
        this.lists = lists;
        this.centroids = centroids;
        this.centroidExtra = centroidExtra;
        this.radius = radius;
        this.start = start;
        this.ids = ids;
        this.vectors = vectors;
        this.extra = extra;
        this.scan = scan;
    }

    /** The number of lists for {@code n} items when none is given: about 2 sqrt(n), at least 1. */
    static int defaultLists(int n) {
        return (int) Math.max(1, Math.min(n, Math.round(2 * Math.sqrt(n))));
    }

    /**
     * Deals the {@code n} items {@code [u[i*k .. i*k+k), e[i]]} ({@code e} null: all 0) into
     * {@code lists} lists; {@code progress} gets (done, total) steps.
     */
    static InvertedLists build(float[] u, float[] e, int n, int k, int lists, int scan, long seed, Workers workers,
                               java.util.function.BiConsumer<Integer, Integer> progress) {
        if (lists < 1) throw new IllegalArgumentException("ann-lists must be at least 1, got " + lists);
        if (n < 1) throw new IllegalArgumentException("there are no items to index");
        lists = Math.max(1, Math.min(lists, n));
        SplittableRandom rnd = new SplittableRandom(seed);
        int s = (int) Math.min(n, (long) lists * SAMPLE_PER_LIST);
        int[] pick = sample(n, s, rnd);
        float[] su = new float[s * k], se = new float[s];
        for (int j = 0; j < s; j++) {
            System.arraycopy(u, pick[j] * k, su, j * k, k);
            se[j] = e == null ? 0 : e[pick[j]];
        }
        float[] c = new float[lists * k], ce = new float[lists];
        for (int l = 0; l < lists; l++) { // the first items of the shuffled sample
            System.arraycopy(su, l * k, c, l * k, k);
            ce[l] = se[l];
        }
        int[] label = new int[s];
        int total = ITERATIONS + 1;
        for (int it = 0; it < ITERATIONS; it++) {
            assign(su, se, s, k, c, ce, lists, label, workers);
            update(su, se, s, k, c, ce, lists, label, rnd);
            if (progress != null) progress.accept(it + 1, total);
        }
        int[] of = new int[n];
        assign(u, e, n, k, c, ce, lists, of, workers);
        int[] begin = new int[lists + 1];
        for (int i = 0; i < n; i++) begin[of[i] + 1]++;
        for (int l = 0; l < lists; l++) begin[l + 1] += begin[l];
        int[] ids = new int[n], fill = java.util.Arrays.copyOf(begin, lists);
        float[] vectors = new float[n * k], ex = new float[n];
        for (int i = 0; i < n; i++) {
            int at = fill[of[i]]++;
            ids[at] = i;
            System.arraycopy(u, i * k, vectors, at * k, k);
            ex[at] = e == null ? 0 : e[i];
        }
        float[] radius = new float[lists];
        for (int l = 0; l < lists; l++) {
            double r2 = 0, c2 = (double) ce[l] * ce[l];
            for (int f = 0; f < k; f++) c2 += (double) c[l * k + f] * c[l * k + f];
            for (int j = begin[l]; j < begin[l + 1]; j++) {
                double d = (double) ex[j] - ce[l], sum = d * d;
                for (int f = 0; f < k; f++) {
                    double x = (double) vectors[j * k + f] - c[l * k + f];
                    sum += x * x;
                }
                r2 = Math.max(r2, sum);
            }
            // widened by 1e-4 of the radius and of the centroid's norm, which covers the rounding of
            // the float dot products (relative error about k * 2^-24) that the bound is compared with
            radius[l] = (float) (Math.sqrt(r2) * (1 + 1e-4) + 1e-4 * Math.sqrt(c2));
        }
        if (progress != null) progress.accept(total, total);
        return new InvertedLists(k, lists, c, ce, radius, begin, ids, vectors, ex, scan);
    }

    /** {@code s} distinct indices below {@code n} in random order. */
    private static int[] sample(int n, int s, SplittableRandom rnd) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        for (int j = 0; j < s; j++) {
            int r = j + rnd.nextInt(n - j), t = all[j];
            all[j] = all[r];
            all[r] = t;
        }
        return java.util.Arrays.copyOf(all, s);
    }

    /** The nearest centroid of every point: the largest {@code v . c - |c|^2 / 2}. */
    private static void assign(float[] u, float[] e, int n, int k, float[] c, float[] ce, int lists, int[] label, Workers workers) {
        float[] ct = new float[k * lists], half = new float[lists];
        for (int l = 0; l < lists; l++) {
            double sq = (double) ce[l] * ce[l];
            for (int f = 0; f < k; f++) {
                ct[f * lists + l] = c[l * k + f];
                sq += (double) c[l * k + f] * c[l * k + f];
            }
            half[l] = (float) (sq / 2);
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        workers.forEach(blocks, 1, (w, from, to) -> {
            float[] prod = new float[BLOCK * lists], rows = new float[BLOCK * k];
            for (int b = from; b < to; b++) {
                int i0 = b * BLOCK, i1 = Math.min(n, i0 + BLOCK);
                System.arraycopy(u, i0 * k, rows, 0, (i1 - i0) * k);
                Gemm.multiply(0, i1 - i0, lists, k, rows, k, 1, ct, lists, prod, lists);
                for (int i = i0; i < i1; i++) {
                    float ei = e == null ? 0 : e[i];
                    int best = 0, row = (i - i0) * lists;
                    float bestScore = Float.NEGATIVE_INFINITY;
                    for (int l = 0; l < lists; l++) {
                        float sc = prod[row + l] + ei * ce[l] - half[l];
                        if (sc > bestScore) {
                            bestScore = sc;
                            best = l;
                        }
                    }
                    label[i] = best;
                }
            }
        });
    }

    /** Centroids as the means of their points; an empty list takes a random point. */
    private static void update(float[] u, float[] e, int n, int k, float[] c, float[] ce, int lists, int[] label,
                               SplittableRandom rnd) {
        double[] sum = new double[lists * k], sumE = new double[lists];
        int[] count = new int[lists];
        for (int i = 0; i < n; i++) {
            int l = label[i];
            count[l]++;
            sumE[l] += e[i];
            for (int f = 0; f < k; f++) sum[l * k + f] += u[i * k + f];
        }
        for (int l = 0; l < lists; l++) {
            if (count[l] == 0) {
                int i = rnd.nextInt(n);
                System.arraycopy(u, i * k, c, l * k, k);
                ce[l] = e[i];
                continue;
            }
            for (int f = 0; f < k; f++) c[l * k + f] = (float) (sum[l * k + f] / count[l]);
            ce[l] = (float) (sumE[l] / count[l]);
        }
    }

    int lists() {
        return lists;
    }

    int size() {
        return ids.length;
    }

    int scan() {
        return scan;
    }

    void setScan(int scan) {
        if (scan < 1) throw new IllegalArgumentException("ann-scan must be at least 1, got " + scan);
        this.scan = scan;
    }

    /**
     * Offers to {@code top} the items of the lists a query {@code [x[xo .. xo+k), xe]} takes, with
     * their scores; returns how many items were scored. {@code top} should be empty and as large as
     * the number of candidates wanted: once it is full, a list whose bound is not above its
     * threshold ends the search.
     */
    int search(float[] x, int xo, float xe, TopK top) {
        double n2 = (double) xe * xe;
        for (int f = 0; f < k; f++) n2 += (double) x[xo + f] * x[xo + f];
        float norm = (float) Math.sqrt(n2);
        float[] bound = new float[lists];
        int[] heap = new int[lists];
        for (int l = 0; l < lists; l++) {
            bound[l] = Simd.dot(x, xo, centroids, l * k, k) + xe * centroidExtra[l] + norm * radius[l];
            heap[l] = l;
        }
        int size = lists;
        for (int h = size / 2 - 1; h >= 0; h--) siftDown(heap, h, size, bound);
        int scanned = 0, budget = scan;
        while (size > 0 && scanned < budget) {
            int l = heap[0];
            heap[0] = heap[--size];
            siftDown(heap, 0, size, bound);
            if (bound[l] <= top.threshold()) break; // no item of this list or any later one can enter
            for (int j = start[l], end = start[l + 1]; j < end; j++) {
                float sc = Simd.dot(x, xo, vectors, j * k, k) + xe * extra[j];
                top.offer(ids[j], sc);
            }
            scanned += start[l + 1] - start[l];
        }
        return scanned;
    }

    /** Max-heap on {@code bound}. */
    private static void siftDown(int[] heap, int i, int size, float[] bound) {
        int v = heap[i];
        float b = bound[v];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && bound[heap[c + 1]] > bound[heap[c]]) c++;
            if (bound[heap[c]] <= b) break;
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
    }

    void save(DataOutputStream out) throws IOException {
        out.writeInt(k);
        out.writeInt(lists);
        out.writeInt(ids.length);
        out.writeInt(scan);
        writeFloats(out, centroids);
        writeFloats(out, centroidExtra);
        writeFloats(out, radius);
        writeInts(out, start);
        writeInts(out, ids);
        writeFloats(out, vectors);
        writeFloats(out, extra);
    }

    static InvertedLists load(DataInputStream in, int factors) throws IOException {
        int k = in.readInt(), lists = in.readInt(), n = in.readInt(), scan = in.readInt();
        if (k != factors) throw new IOException("the lists hold " + k + " factors, " + factors + " expected");
        if (lists < 1 || n < lists || scan < 1) throw new IOException("bad list header (" + lists + " lists of " + n + " items, scan " + scan + ")");
        float[] c = readFloats(in, (long) lists * k), ce = readFloats(in, lists), r = readFloats(in, lists);
        int[] start = readInts(in, lists + 1), ids = readInts(in, n);
        float[] v = readFloats(in, (long) n * k), e = readFloats(in, n);
        if (start[0] != 0 || start[lists] != n) throw new IOException("bad list offsets");
        for (int l = 0; l < lists; l++) if (start[l + 1] < start[l]) throw new IOException("bad list offsets");
        boolean[] seen = new boolean[n];
        for (int id : ids) {
            if (id < 0 || id >= n || seen[id]) throw new IOException("bad item index " + id);
            seen[id] = true;
        }
        return new InvertedLists(k, lists, c, ce, r, start, ids, v, e, scan);
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(a.length * 4);
        b.asFloatBuffer().put(a);
        out.write(b.array());
    }

    private static void writeInts(DataOutputStream out, int[] a) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(a.length * 4);
        b.asIntBuffer().put(a);
        out.write(b.array());
    }

    private static float[] readFloats(DataInputStream in, long n) throws IOException {
        if (n > Integer.MAX_VALUE / 4) throw new IOException("list arrays too large");
        float[] a = new float[(int) n];
        java.nio.ByteBuffer.wrap(readFully(in, a.length * 4)).asFloatBuffer().get(a);
        return a;
    }

    private static int[] readInts(DataInputStream in, int n) throws IOException {
        if (n < 0 || n > Integer.MAX_VALUE / 4) throw new IOException("list arrays too large");
        int[] a = new int[n];
        java.nio.ByteBuffer.wrap(readFully(in, n * 4)).asIntBuffer().get(a);
        return a;
    }

    private static byte[] readFully(DataInputStream in, int bytes) throws IOException {
        byte[] b = in.readNBytes(bytes);
        if (b.length != bytes) throw new IOException("the lists end early");
        return b;
    }
}
