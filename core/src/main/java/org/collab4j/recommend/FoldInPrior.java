package org.collab4j.recommend;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.collab4j.kernel.Cholesky;

/**
 * The empirical-Bayes prior of a folded-in row (see {@link FoldIn}): the mean {@code mu} and the
 * scaled inverse covariance {@code prior * s^2 * S^-1} of one side's trained rows {@code (p, b)},
 * and, per number of ratings, the whitened form of a row's regularisation that the kernel form of
 * the solve ({@link FoldInSolver}) works in. Immutable apart from that cache, which is filled once
 * per rating count and safe for many threads.
 */
final class FoldInPrior {
    final boolean fitBias;
    final int d;
    final double[] mu;      // prior mean of (p, b), length d
    final double[] prec;    // prior * noise * S^-1, d x d (zero when prior = 0)
    final double[] precMu;  // prec . mu

    /** {@link Whitened} per number of ratings {@code n < d}, computed on first use. */
    private final AtomicReferenceArray<Whitened> whitened;

    private FoldInPrior(boolean fitBias, int d, double[] mu, double[] prec, double[] precMu) {
        this.fitBias = fitBias;
        this.d = d;
        this.mu = mu;
        this.prec = prec;
        this.precMu = precMu;
        this.whitened = new AtomicReferenceArray<>(d);
    }

    /**
     * The regularisation of a row with {@code n} ratings, {@code A0 = prec + diag(lf, .., lf, lb)}
     * = {@code L L'} ({@code L = U'} of {@link Cholesky#decompose}), as a change of variables
     * {@code u = L' z}: {@code g = L^-1} (lower
     * triangular), {@code c = g . precMu}, {@code u0 = L' mu}. In {@code u} the regulariser is
     * {@code |u|^2 - 2 u.c} (+ a constant) and a rating's row {@code x} becomes {@code g x}.
     * {@code g == null} when {@code A0} is not positive definite (no prior and no ridge).
     */
    record Whitened(double[] g, double[] c, double[] u0) {
    }

    private static final Whitened NOT_DEFINITE = new Whitened(null, null, null);

    /** {@link Whitened} for a row with {@code n} ratings, {@code k} factors and ridges {@code lf}, {@code lb}. */
    Whitened whitened(int n, int k, double lf, double lb) {
        Whitened w = whitened.get(n);
        if (w != null) return w;
        double[] a0 = prec.clone();
        for (int f = 0; f < k; f++) a0[f * d + f] += lf;
        if (fitBias) a0[k * d + k] += lb;
        double[] u = a0; // U = L'
        if (!Cholesky.decompose(u, d)) {
            w = NOT_DEFINITE;
        } else {
            double[] g = Cholesky.lowerInverse(u, d);
            double[] c = new double[d], u0 = new double[d];
            for (int r = 0; r < d; r++) {
                double acc = 0;
                for (int j = 0; j <= r; j++) acc += g[r * d + j] * precMu[j];
                c[r] = acc;
            }
            for (int r = 0; r < d; r++) {
                double acc = 0;
                for (int j = r; j < d; j++) acc += u[r * d + j] * mu[j];
                u0[r] = acc;
            }
            w = new Whitened(g, c, u0);
        }
        whitened.compareAndSet(n, null, w);
        return whitened.get(n);
    }

    /**
     * The prior of the rows with {@code k} factors and biases {@code bias}, over the rows with a
     * non-zero training count; {@code prior} is its strength and {@code noise} the mean squared
     * training error. The bias is part of the row only when some bias is non-zero.
     */
    static FoldInPrior of(float[] factors, float[] bias, int[] counts, int k, double prior, double noise) {
        boolean fitBias = false;
        for (float b : bias) if (b != 0f) { fitBias = true; break; }
        int d = k + (fitBias ? 1 : 0);
        int rows = 0;
        double[] mu = new double[d];
        for (int r = 0; r < counts.length; r++) {
            if (counts[r] == 0) continue;
            rows++;
            for (int f = 0; f < k; f++) mu[f] += factors[r * k + f];
            if (fitBias) mu[k] += bias[r];
        }
        if (rows > 0) for (int f = 0; f < d; f++) mu[f] /= rows;
        double[] prec = new double[d * d];
        double[] precMu = new double[d];
        if (prior > 0 && rows > 1) {
            double[] cov = new double[d * d];
            double[] z = new double[d];
            for (int r = 0; r < counts.length; r++) {
                if (counts[r] == 0) continue;
                for (int f = 0; f < k; f++) z[f] = factors[r * k + f] - mu[f];
                if (fitBias) z[k] = bias[r] - mu[k];
                for (int a = 0; a < d; a++) {
                    double za = z[a];
                    for (int c = a; c < d; c++) cov[a * d + c] += za * z[c];
                }
            }
            // shrink 10% towards the diagonal and add a floor, so few rows still give a usable inverse
            double trace = 0;
            for (int a = 0; a < d; a++) trace += cov[a * d + a] / (rows - 1);
            double floor = 1e-6 * Math.max(trace / d, 1e-12);
            for (int a = 0; a < d; a++)
                for (int c = a; c < d; c++) {
                    double v = cov[a * d + c] / (rows - 1) * (a == c ? 1 : 0.9) + (a == c ? floor : 0);
                    cov[a * d + c] = v;
                    cov[c * d + a] = v;
                }
            double[] inv = Cholesky.inverse(cov, d);
            double scale = prior * noise;
            for (int j = 0; j < d * d; j++) prec[j] = scale * inv[j];
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int c = 0; c < d; c++) s += prec[a * d + c] * mu[c];
                precMu[a] = s;
            }
        }
        return new FoldInPrior(fitBias, d, mu, prec, precMu);
    }
}
