package org.collab4j.kernel;

/** Small dense symmetric positive-definite solves (row-major, double), by Cholesky factorisation. */
public final class Linear {
    private Linear() {
    }

    /**
     * Solves {@code a x = b} for symmetric positive-definite {@code a} (d x d, destroyed). A matrix
     * that is only semi-definite (e.g. fewer ratings than factors and no regularisation) gets
     * the smallest diagonal jitter that makes it factorisable, i.e. the minimum-norm-like limit.
     */
    public static void solveSpd(double[] a, double[] b, double[] x, int d) {
        double[] l = cholesky(a, d);
        // forward: L y = b
        for (int r = 0; r < d; r++) {
            double s = b[r];
            for (int c = 0; c < r; c++) s -= l[r * d + c] * x[c];
            x[r] = s / l[r * d + r];
        }
        // backward: L' x = y
        for (int r = d - 1; r >= 0; r--) {
            double s = x[r];
            for (int c = r + 1; c < d; c++) s -= l[c * d + r] * x[c];
            x[r] = s / l[r * d + r];
        }
    }

    /** The inverse of a symmetric positive-definite matrix. */
    public static double[] inverseSpd(double[] a, int d) {
        double[] inv = new double[d * d];
        double[] e = new double[d];
        double[] col = new double[d];
        double[] l = cholesky(a.clone(), d);
        for (int c = 0; c < d; c++) {
            java.util.Arrays.fill(e, 0);
            e[c] = 1;
            for (int r = 0; r < d; r++) {
                double s = e[r];
                for (int j = 0; j < r; j++) s -= l[r * d + j] * col[j];
                col[r] = s / l[r * d + r];
            }
            for (int r = d - 1; r >= 0; r--) {
                double s = col[r];
                for (int j = r + 1; j < d; j++) s -= l[j * d + r] * col[j];
                col[r] = s / l[r * d + r];
            }
            for (int r = 0; r < d; r++) inv[r * d + c] = col[r];
        }
        return inv;
    }

    /** Lower Cholesky factor, in place in {@code a}; retries with growing diagonal jitter if needed. */
    private static double[] cholesky(double[] a, int d) {
        double maxDiag = 0;
        for (int r = 0; r < d; r++) maxDiag = Math.max(maxDiag, Math.abs(a[r * d + r]));
        double[] work = a.clone();
        double jitter = 0;
        for (int attempt = 0; attempt < 12; attempt++) {
            if (attempt > 0) {
                jitter = jitter == 0 ? 1e-12 * Math.max(maxDiag, 1e-12) : jitter * 10;
                System.arraycopy(a, 0, work, 0, d * d);
                for (int r = 0; r < d; r++) work[r * d + r] += jitter;
            }
            if (factor(work, d)) return work;
        }
        throw new ArithmeticException("matrix is not positive definite even with jitter " + jitter);
    }

    /**
     * The inverse {@code L^-1} (lower triangular, row-major d x d) of a lower Cholesky factor
     * {@code l} as {@link #factor} leaves it.
     */
    public static double[] invertLower(double[] l, int d) {
        double[] g = new double[d * d];
        for (int c = 0; c < d; c++) {
            // column c of L^-1: forward substitution of e_c (zero above the diagonal)
            g[c * d + c] = 1 / l[c * d + c];
            for (int r = c + 1; r < d; r++) {
                double s = 0;
                for (int j = c; j < r; j++) s -= l[r * d + j] * g[j * d + c];
                g[r * d + c] = s / l[r * d + r];
            }
        }
        return g;
    }

    /**
     * Lower Cholesky factor of {@code a}, in place (the upper triangle is left as it was); false,
     * with {@code a} partly overwritten, when {@code a} is not positive definite (no jitter is
     * tried: callers fall back to {@link #solveSpd}).
     */
    public static boolean factor(double[] a, int d) {
        for (int j = 0; j < d; j++) {
            double s = a[j * d + j];
            for (int c = 0; c < j; c++) s -= a[j * d + c] * a[j * d + c];
            if (!(s > 0)) return false;
            double ljj = Math.sqrt(s);
            a[j * d + j] = ljj;
            for (int r = j + 1; r < d; r++) {
                double t = a[r * d + j];
                for (int c = 0; c < j; c++) t -= a[r * d + c] * a[j * d + c];
                a[r * d + j] = t / ljj;
            }
        }
        return true;
    }
}
