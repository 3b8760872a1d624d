package org.collab4j.nn;

import org.collab4j.kernel.Rng;
import org.collab4j.train.Param;

/**
 * An embedding table of {@code rows x dim}, looked up for a mini-batch. Each sample names an
 * entity; the entity has one code ({@code start == null}: code {@code codes[entity]}) or a bag of
 * codes ({@code codes[start[entity] .. start[entity+1])}), whose rows are averaged (PyTorch's
 * {@code EmbeddingBag(mode='mean')}, for multi-valued categories such as genres). An empty bag
 * gives zeros. The output is written into columns {@code offset .. offset+dim} of a row-major
 * matrix with {@code stride} columns, so several embeddings fill one concatenated input.
 *
 * <p>Initialised as fastai's embeddings: N(0, 0.01^2) truncated at two standard deviations.
 */
public final class Embedding {
    public final int rows;
    public final int dim;
    public final Param weight;
    private int[] entity;
    private int[] start;
    private int[] codes;
    private int m;

    public Embedding(String name, int rows, int dim, Rng rng) {
        this(name, rows, dim);
        rng.truncatedNormal(weight.value, 0.01f);
    }

    /** A table of zeros (for loading saved weights). */
    public Embedding(String name, int rows, int dim) {
        if (rows < 1 || dim < 1) throw new IllegalArgumentException(name + ": sizes must be positive, got " + rows + "x" + dim);
        this.rows = rows;
        this.dim = dim;
        this.weight = new Param(name, new float[rows * dim], dim, true);
        weight.trackRows();
    }

    /** fastai's rule of thumb for an embedding's width given the number of categories: {@code min(600, round(1.6 * n^0.56))}. */
    public static int fastaiSize(int categories) {
        return Math.min(600, (int) Math.round(1.6 * Math.pow(categories, 0.56)));
    }

    public void forward(int[] entity, int m, int[] start, int[] codes, float[] out, int stride, int offset) {
        this.entity = entity;
        this.start = start;
        this.codes = codes;
        this.m = m;
        lookup(weight.value, entity, m, start, codes, out, stride, offset, dim);
    }

    /** The lookup alone (no state kept): inference on any thread. */
    public static void lookup(float[] w, int[] entity, int m, int[] start, int[] codes, float[] out, int stride, int offset, int dim) {
        for (int b = 0; b < m; b++) {
            int e = entity[b];
            int o = b * stride + offset;
            if (start == null) {
                System.arraycopy(w, codes[e] * dim, out, o, dim);
                continue;
            }
            int s = start[e], t = start[e + 1];
            java.util.Arrays.fill(out, o, o + dim, 0f);
            if (s == t) continue;
            float inv = 1f / (t - s);
            for (int j = s; j < t; j++) {
                int wo = codes[j] * dim;
                for (int c = 0; c < dim; c++) out[o + c] += inv * w[wo + c];
            }
        }
    }

    /** Adds the gradient of the last lookup, read from columns {@code offset..offset+dim} of {@code dOut}. */
    public void backward(float[] dOut, int stride, int offset) {
        float[] g = weight.grad;
        int dim = this.dim;
        for (int b = 0; b < m; b++) {
            int e = entity[b];
            int o = b * stride + offset;
            if (start == null) {
                int row = codes[e];
                weight.touch(row);
                int wo = row * dim;
                for (int c = 0; c < dim; c++) g[wo + c] += dOut[o + c];
                continue;
            }
            int s = start[e], t = start[e + 1];
            if (s == t) continue;
            float inv = 1f / (t - s);
            for (int j = s; j < t; j++) {
                int row = codes[j];
                weight.touch(row);
                int wo = row * dim;
                for (int c = 0; c < dim; c++) g[wo + c] += inv * dOut[o + c];
            }
        }
    }

    /**
     * Every row of {@code table} ({@code width} values a row) that {@code usage} says no training
     * rating used becomes the usage-weighted mean of the used rows, instead of keeping its
     * untrained start; nothing changes when no row was used.
     */
    public static void averageUnusedRows(float[] table, int width, long[] usage) {
        double[] mean = new double[width];
        double total = 0;
        for (int r = 0; r < usage.length; r++) {
            if (usage[r] == 0) continue;
            total += usage[r];
            for (int c = 0; c < width; c++) mean[c] += (double) usage[r] * table[r * width + c];
        }
        if (total == 0) return;
        for (int r = 0; r < usage.length; r++) {
            if (usage[r] != 0) continue;
            for (int c = 0; c < width; c++) table[r * width + c] = (float) (mean[c] / total);
        }
    }
}
