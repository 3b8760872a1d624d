package org.collab4j.algo.nn;

import org.collab4j.features.Field;
import org.collab4j.nn.Linear;

/**
 * The per-batch arrays of an {@link EmbeddingNN} for up to {@code cap} rows: the rows' users,
 * items and times, the input matrix and its gradient, each hidden layer's outputs and gradients,
 * and the head's output. Sized for one network's fields, input width and layers.
 */
final class NnBatch {
    final int cap;
    final int[] user, item, sample;
    final long[] time;
    final int[][] timeCodes;
    final float[] x, dx;
    final float[][] lin, act, out, g1, g2;
    final float[] y;
    final float[] acc;

    NnBatch(int cap, Field[] fields, int width, Linear[] linear, Linear head) {
        this.cap = cap;
        user = new int[cap];
        item = new int[cap];
        sample = new int[cap];
        for (int b = 0; b < cap; b++) sample[b] = b;
        time = new long[cap];
        timeCodes = new int[fields.length][];
        for (int f = 0; f < fields.length; f++) if (fields[f].source() == Field.Source.TIME && fields[f].isCategorical()) timeCodes[f] = new int[cap];
        x = new float[cap * width];
        dx = new float[cap * width];
        int nl = linear.length;
        lin = new float[nl][];
        act = new float[nl][];
        out = new float[nl][];
        g1 = new float[nl][];
        g2 = new float[nl][];
        for (int l = 0; l < nl; l++) {
            int n = cap * linear[l].out;
            lin[l] = new float[n];
            act[l] = new float[n];
            out[l] = new float[n];
            g1[l] = new float[n];
            g2[l] = new float[n];
        }
        y = new float[cap];
        int widest = head.scratchSize();
        for (Linear l : linear) widest = Math.max(widest, l.scratchSize());
        acc = new float[widest];
    }
}
