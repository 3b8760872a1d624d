package org.collab4j.spark;

import java.io.Serializable;

import org.collab4j.kernel.Rng;

/** The factors and biases of the users (or items) of one block: what moves between DSGD's sub-epochs. */
public final class FactorBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Block index on its side. */
    public final int block;
    /** Row-major {@code rows x k}. */
    public final float[] factors;
    public final float[] bias;

    public FactorBlock(int block, float[] factors, float[] bias) {
        this.block = block;
        this.factors = factors;
        this.bias = bias;
    }

    /** Factors from N(0, std^2) truncated at two std (fastai's init), zero biases; seeded by side and block. */
    public static FactorBlock initial(int block, int rows, int k, float std, long seed, int side) {
        float[] f = new float[rows * k];
        new Rng(seed ^ (0x5DEECE66DL * (2L * block + side + 1))).truncatedNormal(f, std);
        return new FactorBlock(block, f, new float[rows]);
    }

    public FactorBlock copy() {
        return new FactorBlock(block, factors.clone(), bias.clone());
    }

    public int rows() {
        return bias.length;
    }
}
