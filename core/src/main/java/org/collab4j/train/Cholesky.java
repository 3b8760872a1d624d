package org.collab4j.train;

/**
 * Dense k x k symmetric positive definite systems, as ALS's ridge solves and BPMF's row
 * posteriors need them: an in-place Cholesky factorisation {@code A = U^T U} of a row-major
 * matrix (its upper triangle), the two triangular solves, and the Gram-matrix updates that form
 * A. Hand-written because k is small (10..200) and the matrices are formed and solved millions
 * of times; nothing here allocates.
 *
 * <p>Everything works on the <em>upper</em> triangle, row by row, so that every inner loop runs
 * over contiguous memory in both operands and the JIT can vectorise it: the factorisation is the
 * right-looking (outer-product) form, which subtracts a multiple of row j of U from each
 * remaining row.
 */
public final class Cholesky {
    private Cholesky() {
    }

    /**
     * Replaces the upper triangle of {@code a} (row-major {@code n x n}) with U, where
     * {@code A = U^T U} and U is upper triangular. The strict lower triangle is not read or
     * written. Returns false when A is not positive definite (a is then partly overwritten).
     */
    public static boolean decompose(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double djj = a[rj + j];
            if (!(djj > 0)) return false;
            double d = Math.sqrt(djj);
            a[rj + j] = d;
            double inv = 1 / d;
            for (int p = j + 1; p < n; p++) a[rj + p] *= inv;
            for (int i = j + 1; i < n; i++) {
                double s = a[rj + i];
                int ri = i * n;
                for (int p = i; p < n; p++) a[ri + p] -= s * a[rj + p];
            }
        }
        return true;
    }

    /** Solves {@code U^T y = b} in place (U from {@link #decompose}). */
    public static void forward(double[] u, int n, double[] b) {
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double y = b[i] / u[ri + i];
            b[i] = y;
            for (int p = i + 1; p < n; p++) b[p] -= u[ri + p] * y;
        }
    }

    /** Solves {@code U x = y} in place (U from {@link #decompose}). */
    public static void backward(double[] u, int n, double[] b) {
        for (int i = n - 1; i >= 0; i--) {
            int ri = i * n;
            double s = b[i];
            for (int p = i + 1; p < n; p++) s -= u[ri + p] * b[p];
            b[i] = s / u[ri + i];
        }
    }

    /** Solves {@code A x = b} in place, overwriting A's upper triangle; false when A is not positive definite. */
    public static boolean solve(double[] a, int n, double[] b) {
        if (!decompose(a, n)) return false;
        forward(a, n, b);
        backward(a, n, b);
        return true;
    }

    /**
     * Adds {@code X^T X} to the upper triangle of {@code a} (row-major {@code d x d}), where X is
     * {@code n x d} row-major: the Gram matrix of n rows. Four rows at a time, so that each entry
     * of {@code a} is loaded and stored once per four rank-one updates (about twice as fast as
     * one row at a time).
     */
    public static void addGram(double[] a, int d, double[] x, int n) {
        int r = 0;
        for (; r + 4 <= n; r += 4) {
            int o0 = r * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
            for (int i = 0; i < d; i++) {
                double x0 = x[o0 + i], x1 = x[o1 + i], x2 = x[o2 + i], x3 = x[o3 + i];
                int ri = i * d;
                for (int j = i; j < d; j++) a[ri + j] += x0 * x[o0 + j] + x1 * x[o1 + j] + x2 * x[o2 + j] + x3 * x[o3 + j];
            }
        }
        for (; r < n; r++) addOuter(a, d, x, r * d, 1);
    }

    /** Adds {@code w * x x^T} to the upper triangle of {@code a}, x being {@code x[off .. off+d)}. */
    public static void addOuter(double[] a, int d, double[] x, int off, double w) {
        for (int i = 0; i < d; i++) {
            double xi = w * x[off + i];
            int ri = i * d;
            for (int j = i; j < d; j++) a[ri + j] += xi * x[off + j];
        }
    }

    /** Copies the upper triangle of {@code a} into its lower triangle (a full symmetric matrix). */
    public static void symmetrize(double[] a, int n) {
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j];
    }
}
