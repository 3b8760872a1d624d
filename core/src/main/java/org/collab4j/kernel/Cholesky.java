package org.collab4j.kernel;

/**
 * Dense k x k symmetric positive definite systems, as ALS's ridge solves, BPMF's row
 * posteriors, the blend's weights and fold-in's Gauss-Newton steps need them: an in-place
 * Cholesky factorisation {@code A = U^T U} of a row-major matrix (its upper triangle), the two
 * triangular solves, the Gram-matrix updates that form A, and for fold-in the semi-definite
 * solve (with diagonal jitter), the inverse and the whitening transform {@code U^-T}.
 * Hand-written because k is small (10..200) and the matrices are formed and solved millions
 * of times; only the methods that return a new matrix, and the semi-definite solve (one vector
 * of n), allocate.
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

    /** Most attempts of {@link #decomposeJittered}: jitter from 1e-12 to 1e-1 of the largest diagonal entry. */
    private static final int JITTER_ATTEMPTS = 12;

    /**
     * {@link #decompose} of a symmetric positive <em>semi</em>-definite matrix (e.g. fewer ratings
     * than factors and no regularisation): when A is not positive definite, the smallest diagonal
     * jitter {@code 1e-12 * max|A_ii| * 10^t} that makes {@code A + jitter I} factorisable is
     * added (the minimum-norm-like limit). {@code a} must hold the <em>whole</em> symmetric matrix:
     * its strict lower triangle, which {@link #decompose} never touches, is the copy a retry starts
     * from. Returns the jitter used (0 when none was needed).
     *
     * @throws ArithmeticException when even the largest jitter does not help (a NaN or an
     *         infinity in A, or a negative eigenvalue far beyond rounding)
     */
    public static double decomposeJittered(double[] a, int n) {
        double maxDiag = 0;
        double[] diag = new double[n];
        for (int r = 0; r < n; r++) {
            diag[r] = a[r * n + r];
            maxDiag = Math.max(maxDiag, Math.abs(diag[r]));
        }
        double jitter = 0;
        for (int attempt = 0; attempt < JITTER_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                jitter = jitter == 0 ? 1e-12 * Math.max(maxDiag, 1e-12) : jitter * 10;
                for (int i = 0; i < n; i++) {
                    a[i * n + i] = diag[i] + jitter;
                    for (int j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i];
                }
            }
            if (decompose(a, n)) return jitter;
        }
        throw new ArithmeticException("a " + n + " x " + n + " matrix is not positive semi-definite (largest diagonal entry "
                + maxDiag + "): it cannot be factorised even with diagonal jitter " + jitter);
    }

    /**
     * Solves {@code A x = b} in place for a symmetric positive semi-definite A, given whole in
     * {@code a} (overwritten), with {@link #decomposeJittered}'s jitter when A is singular.
     */
    public static void solveSemidefinite(double[] a, int n, double[] b) {
        decomposeJittered(a, n);
        forward(a, n, b);
        backward(a, n, b);
    }

    /**
     * The inverse of a symmetric positive (semi-)definite matrix, given whole in {@code a} (not
     * changed), as a new full row-major matrix; jittered as {@link #decomposeJittered} when singular.
     */
    public static double[] inverse(double[] a, int n) {
        double[] u = a.clone();
        decomposeJittered(u, n);
        double[] inv = new double[n * n];
        double[] col = new double[n];
        for (int c = 0; c < n; c++) {
            java.util.Arrays.fill(col, 0);
            col[c] = 1;
            forward(u, n, col);
            backward(u, n, col);
            for (int r = 0; r < n; r++) inv[r * n + c] = col[r];
        }
        return inv;
    }

    /**
     * {@code G = U^-T} for U from {@link #decompose}, as a new row-major matrix, lower triangular
     * (zero above the diagonal): the whitening transform of A, {@code G A G^T = I}.
     */
    public static double[] lowerInverse(double[] u, int n) {
        double[] g = new double[n * n];
        for (int c = 0; c < n; c++) {
            // column c of U^-T: forward substitution of e_c (zero above the diagonal); U^T's (r, j) is u[j][r]
            g[c * n + c] = 1 / u[c * n + c];
            for (int r = c + 1; r < n; r++) {
                double s = 0;
                for (int j = c; j < r; j++) s -= u[j * n + r] * g[j * n + c];
                g[r * n + c] = s / u[r * n + r];
            }
        }
        return g;
    }

    /** The row stride {@link #addGram} needs for vectors of dimension d: d rounded up to a multiple of 4. */
    public static int stride(int d) {
        return (d + 3) & ~3;
    }

    /**
     * Adds {@code X^T X} to the upper triangle of {@code a} (row-major {@code d x d}), where X has
     * n rows of d values at row stride {@code stride} ({@link #stride}; the padding must be zero).
     * The Gram matrix is computed in 4 x 4 tiles held in sixteen accumulators over all n rows
     * (register blocking, as a BLAS kernel does): each loaded value serves four multiply-adds, and
     * no loop is as short as a row of the triangle, which is what makes the plain rank-one form
     * slow for the k of 10 to 100 used here (measured: about 1.75x faster at k = 20 to 50).
     */
    public static void addGram(double[] a, int d, double[] x, int stride, int n) {
        for (int i0 = 0; i0 < d; i0 += 4)
            for (int j0 = i0; j0 < d; j0 += 4) {
                double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
                double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
                for (int r = 0, o = 0; r < n; r++, o += stride) {
                    double a0 = x[o + i0], a1 = x[o + i0 + 1], a2 = x[o + i0 + 2], a3 = x[o + i0 + 3];
                    double b0 = x[o + j0], b1 = x[o + j0 + 1], b2 = x[o + j0 + 2], b3 = x[o + j0 + 3];
                    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
                }
                store(a, d, i0, j0, c00, c01, c02, c03);
                store(a, d, i0 + 1, j0, c10, c11, c12, c13);
                store(a, d, i0 + 2, j0, c20, c21, c22, c23);
                store(a, d, i0 + 3, j0, c30, c31, c32, c33);
            }
    }

    /** Adds one tile row to {@code a}, keeping to the matrix and to its upper triangle. */
    private static void store(double[] a, int d, int i, int j0, double c0, double c1, double c2, double c3) {
        if (i >= d) return;
        int p = i * d;
        if (j0 >= i && j0 < d) a[p + j0] += c0;
        if (j0 + 1 >= i && j0 + 1 < d) a[p + j0 + 1] += c1;
        if (j0 + 2 >= i && j0 + 2 < d) a[p + j0 + 2] += c2;
        if (j0 + 3 >= i && j0 + 3 < d) a[p + j0 + 3] += c3;
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
