package org.collab4j.algo.autoencoder;

import org.collab4j.kernel.Simd;
import org.collab4j.kernel.Gemm;
import org.collab4j.kernel.VectorOps;
import org.collab4j.kernel.Workers;

/**
 * The item-based kernelised autoencoder of Muller et al. (2018), "Kernelized Synaptic Weight
 * Matrices" (ICML), as used for MovieLens by kernelNet and GLocal-K (Han et al. 2021): its loss and
 * gradient over all parameters at once, for a full-batch optimiser ({@link Lbfgs}).
 *
 * <p>Each item is one example: its vector of training ratings over the {@code nUsers} users (0
 * where missing). The network is {@code nUsers -> hidden -> hidden -> nUsers}, sigmoid hidden
 * layers and an identity output, and the output is the item's predicted rating by every user.
 * Every weight matrix is multiplied elementwise by a kernel between learned {@code dim}-dimensional
 * embeddings {@code u_i} of its rows and {@code v_j} of its columns,
 * {@code K_ij = max(0, 1 - |u_i - v_j|^2)}, a learned sparsity pattern. The loss is
 *
 * <pre>  1/2 sum_{observed (i,u)} (r_ui - out_iu)^2 + sum_layers (l2/2 |W|^2 + sparsity/2 |K|^2)</pre>
 *
 * (the squared error is summed, not averaged, as in the original). Only observed outputs are
 * computed while training, so the input and output layers cost O(ratings * hidden) and the middle
 * layer's three {@code items x hidden x hidden} products dominate.
 *
 * <p>Parameters are one flat {@code float[]}: per layer {@code W} (rows x cols), {@code U} (rows x
 * dim), {@code V} (cols x dim), then the bias of the layer's outputs. Layer 0 has rows = users
 * (input), cols = hidden; layer 1 rows = cols = hidden; layer 2 (output) is stored transposed,
 * rows = users (output), cols = hidden (input), so that one user's output weights are contiguous.
 */
final class KernelNet {
    final int nItems, nUsers, hidden, dim;
    final double l2, sparsity;
    /** Training ratings by item: users {@code iUser[iStart[i]..iStart[i+1])} with values. */
    final int[] iStart, iUser, iItem;
    final float[] iValue;
    /** The same ratings by user: positions into the item rows. */
    final int[] uStart, uPos;
    final int[] rows = new int[3], cols = new int[3], offW = new int[3], offU = new int[3], offV = new int[3], offB = new int[3];
    final int size;

    // scratch, reused between evaluations
    private final float[][] kern = new float[3][], eff = new float[3][], dEff = new float[3][];
    private final float[] a1, a2, d1, d2, err, e1t;

    KernelNet(int nItems, int nUsers, int[] item, int[] user, float[] value, int hidden, int dim, double l2, double sparsity) {
        this.nItems = nItems;
        this.nUsers = nUsers;
        this.hidden = hidden;
        this.dim = dim;
        this.l2 = l2;
        this.sparsity = sparsity;
        int n = item.length;
        iStart = new int[nItems + 1];
        uStart = new int[nUsers + 1];
        for (int r = 0; r < n; r++) {
            iStart[item[r] + 1]++;
            uStart[user[r] + 1]++;
        }
        for (int i = 0; i < nItems; i++) iStart[i + 1] += iStart[i];
        for (int u = 0; u < nUsers; u++) uStart[u + 1] += uStart[u];
        iUser = new int[n];
        iValue = new float[n];
        iItem = new int[n];
        uPos = new int[n];
        int[] fill = java.util.Arrays.copyOf(iStart, nItems);
        // users in ascending order within each item row, so the sums below are deterministic
        int[] byUser = new int[n];
        int[] uf = java.util.Arrays.copyOf(uStart, nUsers);
        for (int r = 0; r < n; r++) byUser[uf[user[r]]++] = r;
        for (int q = 0; q < n; q++) {
            int r = byUser[q];
            int p = fill[item[r]]++;
            iUser[p] = user[r];
            iValue[p] = value[r];
            iItem[p] = item[r];
        }
        java.util.Arrays.fill(uf, 0);
        System.arraycopy(uStart, 0, uf, 0, nUsers);
        for (int i = 0; i < nItems; i++)
            for (int p = iStart[i]; p < iStart[i + 1]; p++) uPos[uf[iUser[p]]++] = p;
        int[][] shape = {{nUsers, hidden}, {hidden, hidden}, {nUsers, hidden}};
        int o = 0;
        for (int l = 0; l < 3; l++) {
            rows[l] = shape[l][0];
            cols[l] = shape[l][1];
            offW[l] = o;
            o += rows[l] * cols[l];
            offU[l] = o;
            o += rows[l] * dim;
            offV[l] = o;
            o += cols[l] * dim;
            offB[l] = o;
            o += l == 2 ? nUsers : hidden;
            kern[l] = new float[rows[l] * cols[l]];
            eff[l] = new float[rows[l] * cols[l]];
            dEff[l] = new float[rows[l] * cols[l]];
        }
        size = o;
        a1 = new float[nItems * hidden];
        a2 = new float[nItems * hidden];
        d1 = new float[nItems * hidden];
        d2 = new float[nItems * hidden];
        err = new float[n];
        e1t = new float[hidden * hidden];
    }

    /**
     * The original's initialisation: Glorot-uniform weights and biases (TensorFlow 1's default
     * initializer, fan-in = fan-out = length for a bias), embeddings from a normal with standard
     * deviation 1e-3 truncated at two deviations (so every kernel starts near 1).
     */
    float[] init(long seed) {
        float[] x = new float[size];
        java.util.Random rnd = new java.util.Random(seed);
        for (int l = 0; l < 3; l++) {
            double w = Math.sqrt(6.0 / (rows[l] + cols[l]));
            for (int q = 0; q < rows[l] * cols[l]; q++) x[offW[l] + q] = (float) (w * (2 * rnd.nextDouble() - 1));
            for (int q = offU[l]; q < offB[l]; q++) {
                double g;
                do g = rnd.nextGaussian(); while (Math.abs(g) > 2);
                x[q] = (float) (1e-3 * g);
            }
            int nb = l == 2 ? nUsers : hidden;
            double bw = Math.sqrt(6.0 / (2 * nb));
            for (int q = 0; q < nb; q++) x[offB[l] + q] = (float) (bw * (2 * rnd.nextDouble() - 1));
        }
        return x;
    }

    /** The kernels and effective weights of {@code x}; returns the regulariser. */
    private double kernels(float[] x, Workers workers) {
        double reg = 0;
        for (int l = 0; l < 3; l++) {
            int L = l, nc = cols[l];
            float[] k = kern[l], e = eff[l];
            double[] sw = new double[rows[l]], sk = new double[rows[l]];
            workers.forEach(rows[l], 16, (w, from, to) -> {
                for (int i = from; i < to; i++) {
                    int ui = offU[L] + i * dim;
                    double a = 0, b = 0;
                    for (int j = 0; j < nc; j++) {
                        int vj = offV[L] + j * dim;
                        float d2 = 0;
                        for (int t = 0; t < dim; t++) {
                            float d = x[ui + t] - x[vj + t];
                            d2 += d * d;
                        }
                        float kv = Math.max(0f, 1f - d2);
                        int q = i * nc + j;
                        float wv = x[offW[L] + q];
                        k[q] = kv;
                        e[q] = wv * kv;
                        a += (double) wv * wv;
                        b += (double) kv * kv;
                    }
                    sw[i] = a;
                    sk[i] = b;
                }
            });
            for (int i = 0; i < rows[l]; i++) reg += 0.5 * l2 * sw[i] + 0.5 * sparsity * sk[i];
        }
        return reg;
    }

    /** The hidden activations of every item (into a1, a2) for the effective weights. */
    private void forward(float[] x, Workers workers) {
        int h = hidden;
        float[] e0 = eff[0], e1 = eff[1];
        int b0 = offB[0], b1 = offB[1];
        workers.forEach(nItems, 32, (w, from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * h;
                System.arraycopy(x, b0, a1, o, h);
                for (int p = iStart[i]; p < iStart[i + 1]; p++) axpy(iValue[p], e0, iUser[p] * h, a1, o, h);
                for (int j = 0; j < h; j++) a1[o + j] = sigmoid(a1[o + j]);
            }
            Gemm.multiply(from, to, h, h, a1, h, 1, e1, h, a2, h);
            for (int i = from; i < to; i++) {
                int o = i * h;
                for (int j = 0; j < h; j++) a2[o + j] = sigmoid(a2[o + j] + x[b1 + j]);
            }
        });
    }

    /** The summed squared training error at the last {@link #evaluate}d point. */
    double lastSquaredError = Double.NaN;

    /**
     * The output for {@code (item, user)} at the last {@link #evaluate}d point, from the
     * activations and effective weights that evaluation left behind (O(hidden)).
     */
    float lastOutput(float[] x, int item, int user) {
        return dot(a2, item * hidden, eff[2], user * hidden, hidden) + x[offB[2] + user];
    }

    /** Loss at {@code x}; the gradient into {@code g}. */
    double evaluate(float[] x, float[] g, Workers workers) {
        double reg = kernels(x, workers);
        forward(x, workers);
        int h = hidden;
        float[] e2 = eff[2];
        int b2 = offB[2];
        // output layer, observed entries only: errors and dL/dA2
        double[] sse = new double[nItems];
        workers.forEach(nItems, 32, (w, from, to) -> {
            for (int i = from; i < to; i++) {
                double s = 0;
                int o = i * h;
                java.util.Arrays.fill(d2, o, o + h, 0f);
                for (int p = iStart[i]; p < iStart[i + 1]; p++) {
                    int u = iUser[p];
                    float e = dot(a2, o, e2, u * h, h) + x[b2 + u] - iValue[p];
                    err[p] = e;
                    s += (double) e * e;
                    axpy(e, e2, u * h, d2, o, h);
                }
                for (int j = 0; j < h; j++) {
                    float a = a2[o + j];
                    d2[o + j] *= a * (1 - a);
                }
                sse[i] = s;
            }
        });
        // dE2 (output weights) and output biases, user by user
        float[] g2 = dEff[2];
        workers.forEach(nUsers, 32, (w, from, to) -> {
            for (int u = from; u < to; u++) {
                int o = u * h;
                java.util.Arrays.fill(g2, o, o + h, 0f);
                float sb = 0;
                for (int q = uStart[u]; q < uStart[u + 1]; q++) {
                    int p = uPos[q];
                    float e = err[p];
                    sb += e;
                    axpy(e, a2, iItem[p] * h, g2, o, h);
                }
                g[b2 + u] = sb;
            }
        });
        // middle layer: dEff1 = A1^T dZ2 (A1 read transposed), dA1 = dZ2 Eff1^T
        float[] e1 = eff[1], g1 = dEff[1];
        for (int i = 0; i < h; i++) for (int j = 0; j < h; j++) e1t[j * h + i] = e1[i * h + j];
        workers.forEach(h, 8, (w, from, to) -> Gemm.multiply(from, to, h, nItems, a1, 1, h, d2, h, g1, h));
        workers.forEach(nItems, 32, (w, from, to) -> Gemm.multiply(from, to, h, h, d2, h, 1, e1t, h, d1, h));
        columnSums(d2, g, offB[1]);
        workers.forEach(nItems, 32, (w, from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * h;
                for (int j = 0; j < h; j++) {
                    float a = a1[o + j];
                    d1[o + j] *= a * (1 - a);
                }
            }
        });
        columnSums(d1, g, offB[0]);
        // input layer: dE0[u] = sum over the user's items of r_ui dZ1[i]
        float[] g0 = dEff[0];
        workers.forEach(nUsers, 32, (w, from, to) -> {
            for (int u = from; u < to; u++) {
                int o = u * h;
                java.util.Arrays.fill(g0, o, o + h, 0f);
                for (int q = uStart[u]; q < uStart[u + 1]; q++) {
                    int p = uPos[q];
                    axpy(iValue[p], d1, iItem[p] * h, g0, o, h);
                }
            }
        });
        kernelGradients(x, g, workers);
        double s = 0;
        for (double v : sse) s += v;
        lastSquaredError = s;
        return 0.5 * s + reg;
    }

    private void columnSums(float[] d, float[] g, int off) {
        int h = hidden;
        double[] s = new double[h];
        for (int i = 0; i < nItems; i++) for (int j = 0; j < h; j++) s[j] += d[i * h + j];
        for (int j = 0; j < h; j++) g[off + j] = (float) s[j];
    }

    /**
     * From dL/dEff to the gradients of W, U and V: row by row for W and U, leaving
     * dL/dK where the kernel is positive (0 elsewhere) in dEff; then column by column for V.
     */
    private void kernelGradients(float[] x, float[] g, Workers workers) {
        for (int l = 0; l < 3; l++) {
            int L = l, nc = cols[l], nr = rows[l];
            float[] k = kern[l], de = dEff[l];
            workers.forEach(nr, 16, (w, from, to) -> {
                float[] gu = new float[dim];
                for (int i = from; i < to; i++) {
                    int ui = offU[L] + i * dim;
                    java.util.Arrays.fill(gu, 0f);
                    for (int j = 0; j < nc; j++) {
                        int q = i * nc + j;
                        float wv = x[offW[L] + q], kv = k[q], dv = de[q];
                        g[offW[L] + q] = (float) (dv * kv + l2 * wv);
                        if (kv <= 0f) {
                            de[q] = 0f;
                            continue;
                        }
                        float dk = (float) (dv * wv + sparsity * kv);
                        de[q] = dk;
                        int vj = offV[L] + j * dim;
                        // dK/du_i = -2 (u_i - v_j)
                        for (int t = 0; t < dim; t++) gu[t] -= 2f * dk * (x[ui + t] - x[vj + t]);
                    }
                    System.arraycopy(gu, 0, g, ui, dim);
                }
            });
            // dK/dv_j = 2 (u_i - v_j), summed over the rows in order
            workers.forEach(nc, 16, (w, from, to) -> {
                int gv = offV[L];
                for (int q = from * dim; q < to * dim; q++) g[gv + q] = 0f;
                for (int i = 0; i < nr; i++) {
                    int ui = offU[L] + i * dim, row = i * nc;
                    for (int j = from; j < to; j++) {
                        float dk = de[row + j];
                        if (dk == 0f) continue;
                        int vj = offV[L] + j * dim;
                        for (int t = 0; t < dim; t++) g[gv + j * dim + t] += 2f * dk * (x[ui + t] - x[vj + t]);
                    }
                }
            });
        }
    }

    /**
     * Predicted ratings of every item by every user, {@code out[i * nUsers + u]}, unclipped.
     */
    float[] predictAll(float[] x, Workers workers) {
        kernels(x, workers);
        forward(x, workers);
        int h = hidden;
        float[] e2 = eff[2];
        float[] e2t = new float[h * nUsers];
        for (int u = 0; u < nUsers; u++) for (int j = 0; j < h; j++) e2t[j * nUsers + u] = e2[u * h + j];
        float[] out = new float[nItems * nUsers];
        workers.forEach(nItems, 32, (w, from, to) -> {
            Gemm.multiply(from, to, nUsers, h, a2, h, 1, e2t, nUsers, out, nUsers);
            for (int i = from; i < to; i++) for (int u = 0; u < nUsers; u++) out[i * nUsers + u] += x[offB[2] + u];
        });
        return out;
    }

    static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        if (Simd.SIMD) return VectorOps.dot(a, ao, b, bo, n);
        float s = 0;
        for (int j = 0; j < n; j++) s += a[ao + j] * b[bo + j];
        return s;
    }

    static void axpy(float a, float[] x, int xo, float[] out, int o, int n) {
        if (Simd.SIMD) {
            VectorOps.axpy(a, x, xo, out, o, n);
            return;
        }
        for (int j = 0; j < n; j++) out[o + j] += a * x[xo + j];
    }
}
