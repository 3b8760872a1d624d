package org.collab4j.recommend;

import org.collab4j.kernel.Cholesky;
import org.collab4j.recommend.FoldInPrior.Whitened;

/**
 * The MAP solve of one folded-in row (the objective and method of {@link FoldIn}): the normal
 * equations in the row's {@code d = factors (+ 1)} unknowns, iterated by Gauss-Newton under a
 * squashing, and their kernel form in the ratings' dimension for a row with fewer ratings than
 * unknowns. Holds only the model's shape and squashing and the fold-in options; immutable.
 */
final class FoldInSolver {
    private final int k;
    private final boolean squash;
    private final float low;
    private final float span;
    private final FoldIn.Options options;

    /**
     * A solver for rows of {@code k} factors; {@code squash} with {@code low} and {@code span} is
     * the model's {@code sigmoid_range} ({@code low + span * sigmoid(raw)}).
     */
    FoldInSolver(int k, boolean squash, float low, float span, FoldIn.Options options) {
        this.k = k;
        this.squash = squash;
        this.low = low;
        this.span = span;
        this.options = options;
    }

    /**
     * The row's {@code (p, b)} under the prior {@code s}: {@code other} are the indices of the
     * fixed side (items for a user), with their factors {@code of} and biases {@code ob};
     * {@code global} is the model's global offset. {@code kernelForm} allows the kernel form for a
     * row with fewer ratings than unknowns (same solution up to rounding).
     */
    double[] solve(FoldInPrior s, int[] other, float[] y, float[] of, float[] ob, float global, boolean kernelForm) {
        int n = other.length, d = s.d;
        double[] z = s.mu.clone();
        if (n == 0) return z;
        double lf = options.l2() + n * options.l2PerRating();
        double lb = options.biasL2() + n * options.biasL2PerRating();
        if (kernelForm && n < d) {
            Whitened w = s.whitened(n, k, lf, lb);
            if (w.g() != null) return solveKernel(s, w, other, y, of, ob, global);
        }
        double g = global;
        double[] a = new double[d * d];
        double[] rhs = new double[d];
        double[] next = new double[d];
        double[] trial = new double[d];
        double energy = squash ? energy(s, z, other, y, of, ob, global, lf, lb) : 0;
        for (int it = 0; it < (squash ? options.maxIterations() : 1); it++) {
            System.arraycopy(s.prec, 0, a, 0, d * d);
            System.arraycopy(s.precMu, 0, rhs, 0, d);
            for (int f = 0; f < k; f++) a[f * d + f] += lf;
            if (s.fitBias) a[k * d + k] += lb;
            for (int j = 0; j < n; j++) {
                int o = other[j] * k;
                double xz = s.fitBias ? z[k] : 0;
                for (int f = 0; f < k; f++) xz += of[o + f] * z[f];
                double raw = g + ob[other[j]] + xz;
                double pred, slope;
                if (squash) {
                    double sig = 1 / (1 + Math.exp(-raw));
                    pred = low + span * sig;
                    slope = span * sig * (1 - sig);
                } else {
                    pred = raw;
                    slope = 1;
                }
                double t = slope * (y[j] - pred + slope * xz);
                double w = slope * slope;
                for (int f = 0; f < k; f++) {
                    double xf = of[o + f];
                    rhs[f] += t * xf;
                    double wx = w * xf;
                    int row = f * d;
                    for (int c = f; c < k; c++) a[row + c] += wx * of[o + c];
                    if (s.fitBias) a[row + k] += wx;
                }
                if (s.fitBias) {
                    rhs[k] += t;
                    a[k * d + k] += w;
                }
            }
            // whole: a singular A is retried with jitter from its lower triangle
            for (int r = 1; r < d; r++) for (int c = 0; c < r; c++) a[r * d + c] = a[c * d + r];
            System.arraycopy(rhs, 0, next, 0, d);
            Cholesky.solveSemidefinite(a, d, next);
            if (!squash) {
                z = next.clone();
                break;
            }
            double step = 1, change = 0;
            boolean accepted = false;
            for (int halving = 0; halving < 20; halving++) {
                for (int f = 0; f < d; f++) trial[f] = z[f] + step * (next[f] - z[f]);
                double e = energy(s, trial, other, y, of, ob, global, lf, lb);
                if (e <= energy) {
                    for (int f = 0; f < d; f++) change = Math.max(change, Math.abs(trial[f] - z[f]));
                    System.arraycopy(trial, 0, z, 0, d);
                    energy = e;
                    accepted = true;
                    break;
                }
                step /= 2;
            }
            if (!accepted || change < 1e-5) break;
        }
        return z;
    }

    /**
     * The same Gauss-Newton iteration as {@link #solve} for a row with fewer ratings than
     * unknowns, in the whitened variables {@code u = L' z} of {@link Whitened} and in the
     * ratings' dimension: with rows {@code xt_j = f'_j g x_j} the step solves
     * {@code (I + Xt'Xt) u = c + Xt' t}, which by the Woodbury identity is
     * {@code v - Xt' (I + Xt Xt')^-1 Xt v} with {@code v = c + Xt' t}: an {@code n x n}
     * Cholesky per iteration instead of a {@code d x d} one, and {@code O(n d)} for the rest once
     * {@code g x_j} are known ({@code O(n d^2 / 2)}, once per row). Same objective, same line
     * search and stopping rule (measured on {@code z}), so the same solution up to rounding.
     */
    private double[] solveKernel(FoldInPrior s, Whitened w, int[] other, float[] y, float[] of, float[] ob, float global) {
        int n = other.length, d = s.d;
        double[] gm = w.g();
        double[] xh = new double[n * d];
        double[] base = new double[n];
        double g0 = global;
        for (int j = 0; j < n; j++) {
            int o = other[j] * k, row = j * d;
            base[j] = g0 + ob[other[j]];
            for (int r = 0; r < k; r++) {
                double acc = 0;
                int gr = r * d;
                for (int c = 0; c <= r; c++) acc += gm[gr + c] * of[o + c];
                xh[row + r] = acc;
            }
            if (s.fitBias) {
                double acc = 0;
                int gr = k * d;
                for (int c = 0; c < k; c++) acc += gm[gr + c] * of[o + c];
                xh[row + k] = acc + gm[gr + k];
            }
        }
        double[] gram = new double[n * n];
        for (int a = 0; a < n; a++)
            for (int b = a; b < n; b++) {
                double acc = 0;
                for (int f = 0; f < d; f++) acc += xh[a * d + f] * xh[b * d + f];
                gram[a * n + b] = acc;
                gram[b * n + a] = acc;
            }
        double[] u = w.u0().clone();
        double[] c = w.c();
        double[] raw = new double[n], slope = new double[n], kern = new double[n * n], wv = new double[n], alpha = new double[n];
        double[] v = new double[d], trial = new double[d], trialRaw = new double[n];
        rawOf(xh, base, u, raw, n, d);
        double energy = kernelEnergy(u, c, raw, y, n, d);
        for (int it = 0; it < (squash ? options.maxIterations() : 1); it++) {
            System.arraycopy(c, 0, v, 0, d);
            for (int j = 0; j < n; j++) {
                double pred, sl;
                if (squash) {
                    double sig = 1 / (1 + Math.exp(-raw[j]));
                    pred = low + span * sig;
                    sl = span * sig * (1 - sig);
                } else {
                    pred = raw[j];
                    sl = 1;
                }
                slope[j] = sl;
                double t = sl * (y[j] - pred + sl * (raw[j] - base[j]));
                int row = j * d;
                for (int f = 0; f < d; f++) v[f] += t * xh[row + f];
            }
            for (int j = 0; j < n; j++) {
                double acc = 0;
                int row = j * d;
                for (int f = 0; f < d; f++) acc += xh[row + f] * v[f];
                wv[j] = slope[j] * acc;
                for (int l = 0; l <= j; l++) kern[j * n + l] = (j == l ? 1 : 0) + slope[j] * slope[l] * gram[j * n + l];
            }
            for (int j = 0; j < n; j++) for (int l = j + 1; l < n; l++) kern[j * n + l] = kern[l * n + j];
            System.arraycopy(wv, 0, alpha, 0, n);
            Cholesky.solveSemidefinite(kern, n, alpha);
            for (int j = 0; j < n; j++) {
                double a = alpha[j] * slope[j];
                int row = j * d;
                for (int f = 0; f < d; f++) v[f] -= a * xh[row + f];
            }
            // v is the full Gauss-Newton step's end point
            if (!squash) {
                System.arraycopy(v, 0, u, 0, d);
                break;
            }
            double step = 1, change = 0;
            boolean accepted = false;
            for (int halving = 0; halving < 20; halving++) {
                for (int f = 0; f < d; f++) trial[f] = u[f] + step * (v[f] - u[f]);
                rawOf(xh, base, trial, trialRaw, n, d);
                double e = kernelEnergy(trial, c, trialRaw, y, n, d);
                if (e <= energy) {
                    // the change of z = g' (trial - u), the same stopping rule as the direct solve
                    for (int r = 0; r < d; r++) {
                        double acc = 0;
                        for (int q = r; q < d; q++) acc += gm[q * d + r] * (trial[q] - u[q]);
                        change = Math.max(change, Math.abs(acc));
                    }
                    System.arraycopy(trial, 0, u, 0, d);
                    System.arraycopy(trialRaw, 0, raw, 0, n);
                    energy = e;
                    accepted = true;
                    break;
                }
                step /= 2;
            }
            if (!accepted || change < 1e-5) break;
        }
        double[] z = new double[d];
        for (int r = 0; r < d; r++) {
            double acc = 0;
            for (int q = r; q < d; q++) acc += gm[q * d + r] * u[q];
            z[r] = acc;
        }
        return z;
    }

    private static void rawOf(double[] xh, double[] base, double[] u, double[] out, int n, int d) {
        for (int j = 0; j < n; j++) {
            double acc = base[j];
            int row = j * d;
            for (int f = 0; f < d; f++) acc += xh[row + f] * u[f];
            out[j] = acc;
        }
    }

    /** E in the whitened variables, without the constant {@code mu' prec mu}. */
    private double kernelEnergy(double[] u, double[] c, double[] raw, float[] y, int n, int d) {
        double e = 0;
        for (int j = 0; j < n; j++) {
            double pred = squash ? low + span / (1 + Math.exp(-raw[j])) : raw[j];
            e += (y[j] - pred) * (y[j] - pred);
        }
        for (int f = 0; f < d; f++) e += u[f] * u[f] - 2 * u[f] * c[f];
        return e;
    }

    /** The objective E(z) of the class comment. */
    private double energy(FoldInPrior s, double[] z, int[] other, float[] y, float[] of, float[] ob, float global, double lf, double lb) {
        double e = 0;
        double g = global;
        for (int j = 0; j < other.length; j++) {
            int o = other[j] * k;
            double raw = g + ob[other[j]] + (s.fitBias ? z[k] : 0);
            for (int f = 0; f < k; f++) raw += of[o + f] * z[f];
            double pred = squash ? low + span / (1 + Math.exp(-raw)) : raw;
            e += (y[j] - pred) * (y[j] - pred);
        }
        double pp = 0;
        for (int f = 0; f < k; f++) pp += z[f] * z[f];
        e += lf * pp + (s.fitBias ? lb * z[k] * z[k] : 0);
        int d = s.d;
        for (int r = 0; r < d; r++) {
            double dr = z[r] - s.mu[r], acc = 0;
            for (int c = 0; c < d; c++) acc += s.prec[r * d + c] * (z[c] - s.mu[c]);
            e += dr * acc;
        }
        return e;
    }
}
