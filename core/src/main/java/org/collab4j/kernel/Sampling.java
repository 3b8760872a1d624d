package org.collab4j.kernel;


/**
 * The random draws Gibbs sampling needs beyond a standard normal: gamma and chi-square variates,
 * Wishart matrices (Bartlett's decomposition) and multivariate normals given the Cholesky factor
 * of their precision. Matrices are row-major {@code d x d} doubles.
 */
public final class Sampling {
    private Sampling() {
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape below 1 by the boost {@code G(a+1) U^(1/a)}. */
    public static double gamma(Rng rng, double shape) {
        if (!(shape > 0)) throw new IllegalArgumentException("gamma shape must be > 0, got " + shape);
        if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng.nextDouble(), 1 / shape);
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x, v;
            do {
                x = rng.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
        }
    }

    /** Chi-square with {@code df} degrees of freedom. */
    public static double chiSquare(Rng rng, double df) {
        return 2 * gamma(rng, df / 2);
    }

    /**
     * A draw from the Wishart distribution W(W, nu) with scale matrix {@code W = S^-1}, given
     * {@code S} (the inverse scale, as the Normal-Wishart posterior yields it). Bartlett: with
     * {@code S = U^T U} and A lower triangular ({@code A_ii = sqrt(chi2(nu - i))}, {@code A_ij ~ N(0,1)}
     * below the diagonal), {@code U^-1 A A^T U^-T} is W(S^-1, nu). Returns the matrix in {@code out}.
     *
     * @param s   the inverse scale matrix (full, symmetric); not modified
     * @param nu  degrees of freedom, greater than d - 1
     */
    public static void wishartFromInverseScale(Rng rng, double[] s, int d, double nu, double[] out) {
        if (!(nu > d - 1)) throw new IllegalArgumentException("Wishart degrees of freedom " + nu + " must exceed " + (d - 1));
        double[] u = s.clone();
        if (!Cholesky.decompose(u, d)) throw new IllegalStateException("Wishart scale matrix is not positive definite");
        // M = U^-1 A, column by column: solve U m = a_c
        double[] m = new double[d * d];
        double[] col = new double[d];
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            a[i * d + i] = Math.sqrt(chiSquare(rng, nu - i));
            for (int j = 0; j < i; j++) a[i * d + j] = rng.nextGaussian();
        }
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) col[r] = a[r * d + c];
            Cholesky.backward(u, d, col);
            for (int r = 0; r < d; r++) m[r * d + c] = col[r];
        }
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++) {
                double acc = 0;
                for (int p = 0; p < d; p++) acc += m[i * d + p] * m[j * d + p];
                out[i * d + j] = acc;
                out[j * d + i] = acc;
            }
    }

    /**
     * Turns {@code y = U^-T b} (after {@link Cholesky#forward}) into a draw from
     * {@code N(A^-1 b, A^-1)} where {@code A = U^T U}: adds a standard normal vector and solves
     * {@code U x = y + z}. Result in {@code y}.
     */
    public static void normalFromForward(Rng rng, double[] u, int d, double[] y) {
        for (int f = 0; f < d; f++) y[f] += rng.nextGaussian();
        Cholesky.backward(u, d, y);
    }
}
