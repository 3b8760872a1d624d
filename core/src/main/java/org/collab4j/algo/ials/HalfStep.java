package org.collab4j.algo.ials;

import java.util.Arrays;

import org.collab4j.kernel.Cholesky;
import org.collab4j.kernel.Simd;
import org.collab4j.kernel.Workers;

/**
 * One half-step of iALS: every row of one side (users, or items) solved with the other side's
 * factors Y fixed. Row r, with observed columns j of confidence {@code c_j} and every other column
 * weighing {@code alpha0}, minimises
 *
 * <pre>  sum_j c_j (y_j . x - 1)^2 + alpha0 sum_{unobserved j} (y_j . x)^2 + reg_r |x|^2</pre>
 *
 * whose normal equations are, by the Gram trick of Hu, Koren and Volinsky (2008),
 *
 * <pre>  (alpha0 G + sum_j (c_j - alpha0) y_j y_j^T + reg_r I) x = sum_j c_j y_j,   G = Y^T Y</pre>
 *
 * so that the unobserved pairs cost one d x d Gram matrix per half-step, not one term each. The
 * regularisation is scaled by frequency as in Rendle, Krichene, Zhang and Koren (2022):
 * {@code reg_r = lambda (n_r + alpha0 N)^nu}, n_r the row's observed columns, N all columns.
 *
 * <p>Three solvers of the same equations:
 * <ul>
 * <li>{@link Solver#CHOLESKY}: the exact solution, A formed in double precision
 * ({@link Cholesky#addGram} over the row's columns scaled by {@code sqrt(c_j - alpha0)}) and
 * factorised; {@code n d^2 / 2 + d^3 / 3} multiply-adds for a row of n columns.</li>
 * <li>{@link Solver#CG}: a few steps of conjugate gradient from the row's current factors (as the
 * {@code implicit} library does), in float with the Vector API; A is never formed, each step
 * costs {@code 2 n d + d^2}.</li>
 * <li>{@link Solver#IPP}: one sweep of iALS++'s subspace blocks (Rendle, Zhang, Koren 2021): the
 * coordinates in blocks of b, each block solved exactly with the others fixed, keeping the
 * predictions of the observed pairs and {@code G x} up to date; {@code n d (b/2 + 2) + d^2} per row.</li>
 * </ul>
 * Rows are independent, so they run in parallel; results do not depend on the thread count.
 */
final class HalfStep {
    enum Solver {
        CG, CHOLESKY, IPP;

        static Solver of(String name) {
            return switch (name) {
                case "cg" -> CG;
                case "cholesky" -> CHOLESKY;
                case "ipp" -> IPP;
                default -> throw new IllegalArgumentException("ials: solver must be cg, cholesky or ipp, got '" + name + "'");
            };
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Parts of the Gram matrix's sum: fixed, so that G is the same for any number of threads. */
    static final int GRAM_PARTS = 8;
    /** Rows gathered per {@link Cholesky#addGram} call: bounded scratch however long a row is. */
    static final int CHUNK = 128;
    /** Rows longer than this are read in place by CG and iALS++ rather than copied next to each other. */
    static final int GATHER_ROWS = 1 << 16;

    final int k;
    final double alpha0;
    final double lambda;
    final double nu;
    final Solver solver;
    final int cgSteps;
    final int block;

    HalfStep(int k, double alpha0, double lambda, double nu, Solver solver, int cgSteps, int block) {
        this.k = k;
        this.alpha0 = alpha0;
        this.lambda = lambda;
        this.nu = nu;
        this.solver = solver;
        this.cgSteps = cgSteps;
        this.block = Math.min(block, k);
    }

    /** {@code reg_r} for a row of {@code n} observed columns out of {@code columns}. */
    double reg(int n, int columns) {
        return lambda * Math.pow(n + alpha0 * columns, nu);
    }

    /**
     * {@code Y^T Y} of {@code rows} rows of k floats, as a full symmetric row-major double matrix,
     * summed in {@link #GRAM_PARTS} fixed parts (in order), so the same for any thread count.
     */
    static double[] gram(float[] y, int rows, int k, Workers workers) {
        int stride = Cholesky.stride(k);
        double[][] part = new double[GRAM_PARTS][k * k];
        workers.run(GRAM_PARTS, p -> {
            double[] buf = new double[CHUNK * stride];
            for (int r0 = Workers.lo(rows, p, GRAM_PARTS), end = Workers.lo(rows, p + 1, GRAM_PARTS); r0 < end; r0 += CHUNK) {
                int r1 = Math.min(end, r0 + CHUNK);
                for (int r = r0; r < r1; r++) for (int f = 0; f < k; f++) buf[(r - r0) * stride + f] = y[r * k + f];
                Cholesky.addGram(part[p], k, buf, stride, r1 - r0);
            }
        });
        double[] g = new double[k * k];
        for (double[] p : part) for (int a = 0; a < g.length; a++) g[a] += p[a];
        Cholesky.symmetrize(g, k);
        return g;
    }

    /** Per-worker scratch space of the row solves. */
    final class Scratch {
        final double[] a = new double[k * k];
        final double[] b = new double[k];
        final double[] x = new double[k];
        final double[] gx = new double[k];
        final double[] cur = new double[k];
        final double[] buf = new double[CHUNK * Cholesky.stride(k)];
        final float[] r = new float[k];
        final float[] p = new float[k];
        final float[] ap = new float[k];
        final float[] xf = new float[k];
        final float[] t = new float[k];
        /** Offsets of the rows of a k x k matrix. */
        final int[] gramRows = new int[k];
        float[] rows = new float[0];
        int[] offset = new int[0];
        double[] yhat = new double[0];
        float[] q = new float[0];
        float[] w = new float[0];

        Scratch() {
            for (int f = 0; f < k; f++) gramRows[f] = f * k;
        }

        /** Row offsets of the columns into {@link #rows}, gathered, or into {@code y} itself for long rows; returns the array to read. */
        float[] gather(int[] cols, int from, int n, float[] y) {
            if (offset.length < n) {
                int cap = Math.max(n, offset.length * 2);
                offset = new int[cap];
                yhat = new double[cap];
                q = new float[cap];
                w = new float[cap];
            }
            if (n > GATHER_ROWS) {
                for (int j = 0; j < n; j++) offset[j] = cols[from + j] * k;
                return y;
            }
            if (rows.length < n * k) rows = new float[Math.max(n, Math.min(GATHER_ROWS, rows.length / k * 2)) * k];
            for (int j = 0; j < n; j++) {
                System.arraycopy(y, cols[from + j] * k, rows, j * k, k);
                offset[j] = j * k;
            }
            return rows;
        }
    }

    Scratch scratch() {
        return new Scratch();
    }

    /**
     * Solves every row of one side in place: row r's observed columns are
     * {@code cols[start[r] .. start[r+1])} with confidences {@code conf}, the other side's factors
     * are {@code y} ({@code columns x k}) with Gram matrix {@code g}; {@code x} ({@code rows x k})
     * holds the rows' current factors (CG and iALS++ start from them) and receives the new ones.
     * A row without observed columns gets zero factors.
     */
    void run(Workers workers, int rows, int[] start, int[] cols, float[] conf, float[] y, int columns, double[] g, float[] x) {
        float[] gf = new float[g.length];
        for (int a = 0; a < g.length; a++) gf[a] = (float) g[a];
        Scratch[] scratch = new Scratch[workers.threads()];
        workers.forEach(rows, 32, (w, from, to) -> {
            if (scratch[w] == null) scratch[w] = scratch();
            Scratch s = scratch[w];
            for (int r = from; r < to; r++) {
                int n = start[r + 1] - start[r];
                if (n == 0) {
                    Arrays.fill(x, r * k, r * k + k, 0f);
                    continue;
                }
                double reg = reg(n, columns);
                switch (solver) {
                    case CHOLESKY -> {
                        exact(s, cols, conf, start[r], n, y, g, reg);
                        for (int f = 0; f < k; f++) x[r * k + f] = (float) s.b[f];
                    }
                    case CG -> conjugateGradient(s, cols, conf, start[r], n, y, gf, reg, x, r * k);
                    case IPP -> subspace(s, cols, conf, start[r], n, y, g, reg, x, r * k);
                }
            }
        });
    }

    /**
     * The exact solution for one row, left in {@code s.b} (double precision): A formed and solved by
     * Cholesky. Also the fold-in of a new user.
     */
    void exact(Scratch s, int[] cols, float[] conf, int from, int n, float[] y, double[] g, double reg) {
        double[] a = s.a, b = s.b;
        for (int i = 0; i < k; i++) {
            int ri = i * k;
            for (int j = i; j < k; j++) a[ri + j] = alpha0 * g[ri + j];
            a[ri + i] += reg;
        }
        Arrays.fill(b, 0);
        float[] rows = s.gather(cols, from, n, y);
        int[] off = s.offset;
        for (int j = 0; j < n; j++) {
            double c = conf[from + j];
            int o = off[j];
            for (int f = 0; f < k; f++) b[f] += c * rows[o + f];
        }
        addObserved(s, a, rows, off, conf, from, n, 0, k);
        if (!Cholesky.solve(a, k, b))
            throw new IllegalStateException("ials: the normal equations of a row are not positive definite; use a larger reg or alpha0");
    }

    /**
     * {@link #cgSteps} steps of conjugate gradient on one row, from its current factors
     * {@code x[xo .. xo+k)}, in float.
     */
    void conjugateGradient(Scratch s, int[] cols, float[] conf, int from, int n, float[] y, float[] gf, double reg, float[] x, int xo) {
        float[] rows = s.gather(cols, from, n, y);
        int[] off = s.offset;
        float[] r = s.r, p = s.p, ap = s.ap, xf = s.xf, t = s.t, q = s.q, w = s.w;
        float a0 = (float) alpha0, rg = (float) reg;
        // r = b - A x = sum_j (c_j - (c_j - alpha0) y_j.x) y_j - (alpha0 G + reg I) x
        System.arraycopy(x, xo, xf, 0, k);
        for (int f = 0; f < k; f++) {
            r[f] = -rg * xf[f];
            t[f] = -a0 * xf[f];
        }
        Simd.addRows(gf, s.gramRows, 0, k, t, r, k);
        for (int j = 0; j < n; j++) w[j] = conf[from + j] - a0;
        project(rows, off, n, xf, conf, from, w, -1f, q, r);
        System.arraycopy(r, 0, p, 0, k);
        float rs = Simd.dot(r, 0, r, 0, k);
        for (int step = 0; step < cgSteps && rs > 1e-20f; step++) {
            // ap = A p = alpha0 G p + reg p + sum_j (c_j - alpha0) (y_j.p) y_j
            for (int f = 0; f < k; f++) {
                ap[f] = rg * p[f];
                t[f] = a0 * p[f];
            }
            Simd.addRows(gf, s.gramRows, 0, k, t, ap, k);
            project(rows, off, n, p, null, 0, w, 1f, q, ap);
            float pap = Simd.dot(p, 0, ap, 0, k);
            if (!(pap > 0)) break;
            float alpha = rs / pap;
            Simd.axpy(alpha, p, 0, xf, 0, k);
            Simd.axpy(-alpha, ap, 0, r, 0, k);
            float next = Simd.dot(r, 0, r, 0, k);
            float beta = next / rs;
            for (int f = 0; f < k; f++) p[f] = r[f] + beta * p[f];
            rs = next;
        }
        System.arraycopy(xf, 0, x, xo, k);
    }

    /** Rows handled together by {@link #project}: few enough to stay in the first-level cache between its two passes. */
    static final int PROJECT_BLOCK = 16;

    /**
     * {@code out += sum_j (c_j + sign w_j (y_j . v)) y_j} ({@code c_j = conf[from + j]}, or 0 when
     * {@code conf} is null), block by block of rows, so that a block read for its dot products is
     * still in cache when it is added up. {@code q} is scratch (the block's dot products and weights).
     */
    private void project(float[] rows, int[] off, int n, float[] v, float[] conf, int from, float[] w, float sign, float[] q, float[] out) {
        for (int j0 = 0; j0 < n; j0 += PROJECT_BLOCK) {
            int j1 = Math.min(n, j0 + PROJECT_BLOCK);
            Simd.dotRows(rows, off, j0, j1, v, k, q);
            if (conf == null) for (int j = j0; j < j1; j++) q[j] = sign * w[j] * q[j];
            else for (int j = j0; j < j1; j++) q[j] = conf[from + j] + sign * w[j] * q[j];
            Simd.addRows(rows, off, j0, j1, q, out, k);
        }
    }

    /**
     * One sweep of iALS++'s subspace blocks on one row, from its current factors
     * {@code x[xo .. xo+k)}: each block of coordinates is set to its exact minimiser with the
     * others fixed, in double precision.
     */
    void subspace(Scratch s, int[] cols, float[] conf, int from, int n, float[] y, double[] g, double reg, float[] x, int xo) {
        float[] rows = s.gather(cols, from, n, y);
        int[] off = s.offset;
        double[] yhat = s.yhat, gx = s.gx, cur = s.cur;
        for (int f = 0; f < k; f++) cur[f] = x[xo + f];
        for (int j = 0; j < n; j++) {
            int o = off[j];
            double t = 0;
            for (int f = 0; f < k; f++) t += rows[o + f] * cur[f];
            yhat[j] = t;
        }
        for (int f = 0; f < k; f++) {
            double t = 0;
            for (int h = 0; h < k; h++) t += g[f * k + h] * cur[h];
            gx[f] = t;
        }
        double[] a = s.a, rb = s.b;
        for (int f0 = 0; f0 < k; f0 += block) {
            int m = Math.min(block, k - f0);
            for (int i = 0; i < m; i++) {
                int ri = i * m, gi = (f0 + i) * k + f0;
                for (int j = i; j < m; j++) a[ri + j] = alpha0 * g[gi + j];
                a[ri + i] += reg;
                rb[i] = -alpha0 * gx[f0 + i] - reg * cur[f0 + i];
            }
            for (int j = 0; j < n; j++) {
                double c = conf[from + j];
                double t = c - (c - alpha0) * yhat[j];
                int o = off[j] + f0;
                for (int i = 0; i < m; i++) rb[i] += t * rows[o + i];
            }
            addObserved(s, a, rows, off, conf, from, n, f0, m);
            if (!Cholesky.solve(a, m, rb))
                throw new IllegalStateException("ials: a block of the normal equations is not positive definite; use a larger reg or alpha0");
            for (int i = 0; i < m; i++) cur[f0 + i] += rb[i];
            for (int j = 0; j < n; j++) {
                int o = off[j] + f0;
                double t = 0;
                for (int i = 0; i < m; i++) t += rows[o + i] * rb[i];
                yhat[j] += t;
            }
            for (int f = 0; f < k; f++) {
                int gf = f * k + f0;
                double t = 0;
                for (int i = 0; i < m; i++) t += g[gf + i] * rb[i];
                gx[f] += t;
            }
        }
        for (int f = 0; f < k; f++) x[xo + f] = (float) cur[f];
    }

    /**
     * Adds {@code sum_j (c_j - alpha0) y_jB y_jB^T} to the upper triangle of {@code a} (m x m),
     * y_j the row at {@code rows[off[j] ..]} and B its coordinates {@code [f0, f0+m)}: rows of
     * non-negative weight scaled by its square root and summed by {@link Cholesky#addGram}, the
     * others (confidence below alpha0) one by one.
     */
    private void addObserved(Scratch s, double[] a, float[] rows, int[] off, float[] conf, int from, int n, int f0, int m) {
        int stride = Cholesky.stride(m);
        double[] buf = s.buf;
        int filled = 0;
        for (int j = 0; j < n; j++) {
            double w = conf[from + j] - alpha0;
            int o = off[j] + f0;
            if (w < 0) {
                for (int f = 0; f < m; f++) s.x[f] = rows[o + f];
                Cholesky.addOuter(a, m, s.x, 0, w);
                continue;
            }
            double sw = Math.sqrt(w);
            int bo = filled * stride;
            for (int f = 0; f < m; f++) buf[bo + f] = sw * rows[o + f];
            for (int f = m; f < stride; f++) buf[bo + f] = 0;
            if (++filled == CHUNK) {
                Cholesky.addGram(a, m, buf, stride, filled);
                filled = 0;
            }
        }
        if (filled > 0) Cholesky.addGram(a, m, buf, stride, filled);
    }
}
