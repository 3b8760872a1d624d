package org.collab4j.interpret;

import java.util.Arrays;

/**
 * Principal components of the rows of a row-major matrix (fastai's {@code Tensor.pca}): the rows
 * are centred on their mean, and the components are the eigenvectors of their covariance, in
 * order of decreasing variance. The covariance is only {@code cols x cols} (the number of
 * factors), so it is diagonalised exactly with cyclic Jacobi rotations rather than iterated.
 *
 * <p>An eigenvector's sign is arbitrary; each component is oriented so that its loading of
 * largest magnitude is positive, which makes results reproducible across runs and platforms.
 */
public final class Pca {
    private final double[] mean;
    private final double[][] components;
    private final double[] variance;
    private final double totalVariance;

    private Pca(double[] mean, double[][] components, double[] variance, double totalVariance) {
        this.mean = mean;
        this.components = components;
        this.variance = variance;
        this.totalVariance = totalVariance;
    }

    /**
     * PCA of the rows {@code rows} (indices) of the row-major {@code ? x cols} matrix {@code x},
     * keeping the first {@code count} components.
     */
    public static Pca fit(float[] x, int cols, int[] rows, int count) {
        if (cols < 1) throw new IllegalArgumentException("PCA needs at least one column");
        if (rows.length < 2) throw new IllegalArgumentException("PCA needs at least 2 rows, got " + rows.length);
        if (count < 1 || count > cols)
            throw new IllegalArgumentException("components must be between 1 and " + cols + ", got " + count);
        double[] mean = new double[cols];
        for (int r : rows) for (int c = 0; c < cols; c++) mean[c] += x[r * cols + c];
        for (int c = 0; c < cols; c++) mean[c] /= rows.length;
        double[][] cov = new double[cols][cols];
        double[] d = new double[cols];
        for (int r : rows) {
            for (int c = 0; c < cols; c++) d[c] = x[r * cols + c] - mean[c];
            for (int a = 0; a < cols; a++) {
                double da = d[a];
                for (int b = a; b < cols; b++) cov[a][b] += da * d[b];
            }
        }
        double total = 0;
        for (int a = 0; a < cols; a++) {
            for (int b = a; b < cols; b++) {
                cov[a][b] /= rows.length - 1;
                cov[b][a] = cov[a][b];
            }
            total += cov[a][a];
        }
        double[][] vectors = new double[cols][cols]; // columns are eigenvectors
        double[] values = jacobi(cov, vectors);
        Integer[] order = new Integer[cols];
        for (int i = 0; i < cols; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        double[][] comps = new double[count][cols];
        double[] var = new double[count];
        for (int k = 0; k < count; k++) {
            int e = order[k];
            var[k] = Math.max(0, values[e]);
            int big = 0;
            for (int c = 0; c < cols; c++) {
                comps[k][c] = vectors[c][e];
                if (Math.abs(comps[k][c]) > Math.abs(comps[k][big])) big = c;
            }
            if (comps[k][big] < 0) for (int c = 0; c < cols; c++) comps[k][c] = -comps[k][c];
        }
        return new Pca(mean, comps, var, total);
    }

    /**
     * Eigen-decomposition of the symmetric matrix {@code a} (destroyed) by cyclic Jacobi
     * rotations; eigenvectors go into the columns of {@code v}, eigenvalues are returned.
     */
    static double[] jacobi(double[][] a, double[][] v) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, diag = 0;
            for (int p = 0; p < n; p++) {
                diag += a[p][p] * a[p][p];
                for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (apq == 0) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) { // columns p, q
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) { // rows p, q
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p], vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i][i];
        return values;
    }

    /** Number of components kept. */
    public int count() {
        return components.length;
    }

    /** Unit direction of component {@code k} (a copy). */
    public double[] component(int k) {
        return components[k].clone();
    }

    /** Variance of the rows along component {@code k} (the eigenvalue). */
    public double variance(int k) {
        return variance[k];
    }

    /** Share of the total variance along component {@code k}, in [0, 1]. */
    public double varianceShare(int k) {
        return totalVariance == 0 ? 0 : variance[k] / totalVariance;
    }

    /** The column means the rows were centred on (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** Coordinate of row {@code row} of {@code x} along component {@code k}: (x_row - mean) . component_k. */
    public double project(float[] x, int row, int k) {
        int cols = mean.length;
        double[] w = components[k];
        double s = 0;
        for (int c = 0; c < cols; c++) s += (x[row * cols + c] - mean[c]) * w[c];
        return s;
    }
}
