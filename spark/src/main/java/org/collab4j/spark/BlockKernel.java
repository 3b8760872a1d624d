package org.collab4j.spark;

import org.collab4j.model.FactorModel;
import org.collab4j.algo.dotbias.SgdKernel;

/**
 * The one place DSGD calls the per-rating SGD kernel, on one block: the user block's and the
 * item block's factors wrapped as a small {@link FactorModel} (rows are block-local), the
 * block's ratings in their (seeded) order, stepped by the single-machine trainer's own kernel,
 * {@link SgdKernel#run} (LIBMF's plain SGD with per-rating L2 on factors and biases, through
 * {@code sigmoid_range} when squashed; SIMD where the JVM has {@code jdk.incubator.vector}).
 */
final class BlockKernel {
    private BlockKernel() {
    }

    /** Runs SGD over {@code block}'s ratings in order; returns the sum of squared errors before each update. */
    static double train(FactorBlock users, FactorBlock items, int k, int[] u, int[] i, float[] v,
                        float global, float[] yRange, float lr, float l2, float biasL2) {
        FactorModel m = new FactorModel("dot-bias", users.rows(), items.rows(), k, users.factors, items.factors,
                users.bias, items.bias, global, yRange);
        return SgdKernel.run(m, u, i, v, 0, v.length, lr, l2, biasL2);
    }
}
