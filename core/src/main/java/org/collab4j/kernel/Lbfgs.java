package org.collab4j.kernel;

/**
 * Limited-memory BFGS (Nocedal 1980; Liu &amp; Nocedal 1989) for full-batch minimisation of a
 * smooth function of a {@code float[]}: the two-loop recursion over the last {@code memory}
 * steps, and a line search for the strong Wolfe conditions (Nocedal &amp; Wright, Numerical
 * Optimization, algorithms 3.5 and 3.6, with cubic interpolation). The constants are those of
 * SciPy's L-BFGS-B ({@code maxcor} 10, sufficient decrease 1e-3, curvature 0.9, first step
 * {@code 1/|g|}), which kernelNet and GLocal-K call. Vectors are floats, their inner products
 * are summed in double.
 */
public final class Lbfgs {
    /** The function to minimise: its value at {@code x}, its gradient into {@code g}. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(float[] x, float[] g);
    }

    static final double C1 = 1e-3, C2 = 0.9;
    static final int MAX_EVALUATIONS_PER_SEARCH = 20;

    private final Objective f;
    private final int n, memory;
    private final float[][] s, y;
    private final double[] rho, alpha;
    private int stored, newest = -1;
    private final float[] x, g, d, xt, gt;
    private double fx, slope;
    private boolean fresh = true;
    private int evaluations;

    /** Starts at {@code x0} (copied) and evaluates the function there once. */
    public Lbfgs(Objective f, float[] x0, int memory) {
        if (memory < 1) throw new IllegalArgumentException("L-BFGS memory must be at least 1, got " + memory);
        this.f = f;
        this.n = x0.length;
        this.memory = memory;
        s = new float[memory][n];
        y = new float[memory][n];
        rho = new double[memory];
        alpha = new double[memory];
        x = x0.clone();
        g = new float[n];
        d = new float[n];
        xt = new float[n];
        gt = new float[n];
        fx = f.evaluate(x, g);
        evaluations = 1;
        if (!Double.isFinite(fx)) throw new IllegalStateException("the objective is " + fx + " at the starting point");
    }

    public float[] x() {
        return x;
    }

    public double value() {
        return fx;
    }

    public int evaluations() {
        return evaluations;
    }

    /** Forgets the stored steps: the next iteration is a steepest-descent step of length 1/|g|. */
    public void restart() {
        stored = 0;
        newest = -1;
        fresh = true;
    }

    /**
     * One iteration: a search direction and a line search along it. Returns false, leaving the
     * point unchanged, when no step decreases the function (at a minimum, or lost to rounding).
     */
    public boolean step() {
        direction();
        double gd = dot(g, d);
        if (!(gd < 0)) { // not a descent direction: start again from the gradient
            restart();
            direction();
            gd = dot(g, d);
            if (!(gd < 0)) return false;
        }
        double a0 = fresh ? 1.0 / Math.sqrt(dot(d, d)) : 1.0;
        double a = search(a0, gd);
        if (a <= 0) {
            if (fresh) return false;
            restart();
            return step();
        }
        // x and g now hold xt and gt; remember the step
        int slot = (newest + 1) % memory;
        float[] sk = s[slot], yk = y[slot];
        double sy = 0;
        for (int i = 0; i < n; i++) {
            sk[i] = xt[i] - x[i];
            yk[i] = gt[i] - g[i];
            sy += (double) sk[i] * yk[i];
        }
        System.arraycopy(xt, 0, x, 0, n);
        System.arraycopy(gt, 0, g, 0, n);
        if (sy > 1e-10 * Math.sqrt(dot(yk, yk) * dot(sk, sk))) {
            rho[slot] = 1 / sy;
            newest = slot;
            stored = Math.min(stored + 1, memory);
        }
        fresh = false;
        return true;
    }

    /** d = -H g by the two-loop recursion, H0 = (s.y / y.y) I. */
    private void direction() {
        for (int i = 0; i < n; i++) d[i] = -g[i];
        for (int k = 0, slot = newest; k < stored; k++, slot = (slot - 1 + memory) % memory) {
            alpha[slot] = rho[slot] * dot(s[slot], d);
            axpy(-alpha[slot], y[slot], d);
        }
        if (stored > 0) {
            double gamma = 1 / (rho[newest] * dot(y[newest], y[newest]));
            for (int i = 0; i < n; i++) d[i] *= (float) gamma;
        }
        int oldest = (newest - stored + 1 + memory) % memory;
        for (int k = 0, slot = oldest; k < stored; k++, slot = (slot + 1) % memory) {
            double beta = rho[slot] * dot(y[slot], d);
            axpy(alpha[slot] - beta, s[slot], d);
        }
    }

    /** Evaluates at x + a d into xt, gt; returns the value and leaves the slope g(x + a d) . d in {@link #slope}. */
    private double at(double a) {
        float af = (float) a;
        for (int i = 0; i < n; i++) xt[i] = x[i] + af * d[i];
        double v = f.evaluate(xt, gt);
        evaluations++;
        slope = dot(gt, d);
        return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
    }

    /** A step satisfying the strong Wolfe conditions, with xt, gt at it; 0 when none was found. */
    private double search(double a, double gd0) {
        double f0 = fx, aPrev = 0, fPrev = f0, dPrev = gd0;
        for (int k = 0; k < MAX_EVALUATIONS_PER_SEARCH; k++) {
            double fa = at(a), da = slope;
            if (fa > f0 + C1 * a * gd0 || (k > 0 && fa >= fPrev)) return zoom(aPrev, fPrev, dPrev, a, fa, da, f0, gd0, k + 1);
            if (Math.abs(da) <= -C2 * gd0) {
                fx = fa;
                return a;
            }
            if (da >= 0) return zoom(a, fa, da, aPrev, fPrev, dPrev, f0, gd0, k + 1);
            aPrev = a;
            fPrev = fa;
            dPrev = da;
            a *= 4;
        }
        return 0;
    }

    private double zoom(double lo, double fLo, double dLo, double hi, double fHi, double dHi, double f0, double gd0, int used) {
        for (int k = used; k < MAX_EVALUATIONS_PER_SEARCH; k++) {
            double a = cubicMin(lo, fLo, dLo, hi, fHi, dHi);
            double fa = at(a), da = slope;
            if (fa > f0 + C1 * a * gd0 || fa >= fLo) {
                hi = a;
                fHi = fa;
                dHi = da;
            } else {
                if (Math.abs(da) <= -C2 * gd0) {
                    fx = fa;
                    return a;
                }
                if (da * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dHi = dLo;
                }
                lo = a;
                fLo = fa;
                dLo = da;
            }
        }
        // out of evaluations: accept the best point with sufficient decrease, if any
        if (lo > 0 && fLo < f0) {
            fx = at(lo);
            return lo;
        }
        return 0;
    }

    /** Minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside the middle 80% of [a, b]. */
    static double cubicMin(double a, double fa, double da, double b, double fb, double db) {
        double lo = Math.min(a, b), hi = Math.max(a, b), margin = 0.1 * (hi - lo);
        double mid = 0.5 * (a + b), t = mid;
        if (Double.isFinite(fb)) {
            double d1 = da + db - 3 * (fa - fb) / (a - b);
            double disc = d1 * d1 - da * db;
            if (disc >= 0) {
                double d2 = Math.signum(b - a) * Math.sqrt(disc);
                t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
                if (!Double.isFinite(t)) t = mid;
            }
        }
        return Math.min(hi - margin, Math.max(lo + margin, t));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        int n = a.length, i = 0;
        double s1 = 0, s2 = 0, s3 = 0;
        for (; i + 4 <= n; i += 4) {
            s += (double) a[i] * b[i];
            s1 += (double) a[i + 1] * b[i + 1];
            s2 += (double) a[i + 2] * b[i + 2];
            s3 += (double) a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) s += (double) a[i] * b[i];
        return s + s1 + s2 + s3;
    }

    private static void axpy(double a, float[] x, float[] y) {
        float af = (float) a;
        for (int i = 0; i < y.length; i++) y[i] += af * x[i];
    }
}
