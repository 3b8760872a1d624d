package org.collab4j.algo.ials;

import java.util.Arrays;

import org.collab4j.kernel.Simd;
import org.collab4j.kernel.Workers;
import org.collab4j.model.DotProductModel;
import org.collab4j.model.TopNModel;

/**
 * {@code ials}: implicit alternating least squares (Hu, Koren, Volinsky 2008, "Collaborative
 * Filtering for Implicit Feedback Datasets"), in the formulation of Rendle, Krichene, Zhang and
 * Koren (2022, "Revisiting the Performance of iALS on Item Recommendation Benchmarks"). A user's
 * score of item i is the dot product of their factors, {@code s_ui = x_u . y_i}.
 *
 * <p>A user known only by their items is folded in by one exact user half-step against the item
 * factors ({@link HalfStep#exact}), with the item Gram matrix {@code Y^T Y} computed once when the
 * model is built: {@code n d^2 / 2 + d^3 / 3} multiply-adds for n items and d factors. A trained
 * user's factors are that same solve when the model was trained by Cholesky (the last half-step of
 * every epoch is the users'); by CG or iALS++ they are its approximation.
 *
 * <p>Because a user's factors are linear in their confidences, {@code x_u = A_u^-1 sum_j c_j y_j},
 * a score splits over the user's items (Hu et al., section 5): item j brings
 * {@code c_j y_i^T A_u^-1 y_j} to item i's score ({@link #contributions}), "because you played X".
 *
 * <p>Keeps the factors (float, row-major) and the hyperparameters a fold-in needs (alpha0, lambda,
 * nu). Immutable and safe for many threads.
 */
public final class IalsModel extends DotProductModel implements TopNModel {
    public static final String KIND = "ials";
    private final double alpha0;
    private final double lambda;
    private final double nu;
    private final String solver;
    /** {@code Y^T Y}, full symmetric, double. */
    private final double[] itemGram;
    private final HalfStep foldIn;
    /** {@code i * k}: where each item's factors start, for {@link Simd#dotRows}. */
    private final int[] itemOffsets;

    /**
     * @param userFactors {@code numUsers x k}, row-major
     * @param itemFactors {@code numItems x k}, row-major
     * @param solver      how the model was trained ({@code cg}, {@code cholesky}, {@code ipp}); fold-in is always exact
     */
    public IalsModel(int numUsers, int numItems, int k, float[] userFactors, float[] itemFactors, double alpha0, double lambda, double nu,
                     String solver) {
        this(numUsers, numItems, k, userFactors, itemFactors, alpha0, lambda, nu, solver, null);
    }

    IalsModel(int numUsers, int numItems, int k, float[] userFactors, float[] itemFactors, double alpha0, double lambda, double nu,
              String solver, double[] itemGram) {
        super(numUsers, numItems, k, userFactors, itemFactors);
        if (k < 1 || userFactors.length != (long) numUsers * k || itemFactors.length != (long) numItems * k)
            throw new IllegalArgumentException("ials factors do not match " + numUsers + " users and " + numItems + " items of " + k + " factors");
        if (!(alpha0 >= 0) || !(lambda >= 0) || !(nu >= 0))
            throw new IllegalArgumentException("ials needs alpha0, lambda and nu of zero or more, got " + alpha0 + ", " + lambda + ", " + nu);
        HalfStep.Solver.of(solver);
        this.alpha0 = alpha0;
        this.lambda = lambda;
        this.nu = nu;
        this.solver = solver;
        this.itemGram = itemGram != null ? itemGram : HalfStep.gram(itemFactors, numItems, k, Workers.SERIAL);
        this.foldIn = new HalfStep(k, alpha0, lambda, nu, HalfStep.Solver.CHOLESKY, 0, k);
        this.itemOffsets = new int[numItems];
        for (int i = 0; i < numItems; i++) itemOffsets[i] = i * k;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Weight of every unobserved pair. */
    public double alpha0() {
        return alpha0;
    }

    /** Regularisation rate, scaled by {@code (n + alpha0 N)^nu}. */
    public double lambda() {
        return lambda;
    }

    /** Exponent of the frequency-scaled regularisation. */
    public double nu() {
        return nu;
    }

    /** How the model was trained: {@code cg}, {@code cholesky} or {@code ipp}. */
    public String solver() {
        return solver;
    }

    @Override
    public float predict(int user, int item) {
        return Simd.dot(userFactors, user * k, itemFactors, item * k, k);
    }

    @Override
    public float predictUnknown(int user, int item) {
        return user >= 0 && item >= 0 && user < numUsers && item < numItems ? predict(user, item) : 0;
    }

    @Override
    public void scoreItems(int user, float[] out) {
        score(userFactors, user * k, out);
    }

    private void score(float[] x, int xo, float[] out) {
        if (xo == 0 && x.length == k) {
            Simd.dotRows(itemFactors, itemOffsets, 0, numItems, x, k, out);
            return;
        }
        Simd.dotRows(itemFactors, itemOffsets, 0, numItems, java.util.Arrays.copyOfRange(x, xo, xo + k), k, out);
    }

    /** Folds the user in ({@link #foldIn}) and scores every item. */
    @Override
    public void scoreHistory(int[] items, float[] weights, int n, float[] out) {
        float[] x = new float[k];
        foldIn(items, weights, n, x);
        score(x, 0, out);
    }

    /**
     * The factors of a user whose items are {@code items[0..n)} with confidences
     * {@code weights[0..n)}: one exact user half-step against the item factors, into
     * {@code out[0..factors)}; zero for an empty history.
     */
    public void foldIn(int[] items, float[] weights, int n, float[] out) {
        double[] x = solve(items, weights, n, foldIn.scratch());
        for (int f = 0; f < k; f++) out[f] = (float) x[f];
    }

    private double[] solve(int[] items, float[] weights, int n, HalfStep.Scratch s) {
        for (int j = 0; j < n; j++) checkItem(items[j]);
        if (n == 0) {
            Arrays.fill(s.b, 0);
            return s.b;
        }
        foldIn.exact(s, items, weights, 0, n, itemFactors, itemGram, foldIn.reg(n, numItems));
        return s.b;
    }

    /**
     * Item j of the history brings {@code c_j y_i^T A^-1 y_j} to item i's score, A the user's
     * normal-equation matrix; the parts sum to the folded-in user's score of i.
     */
    @Override
    public boolean contributions(int[] items, float[] weights, int n, int item, float[] out) {
        checkItem(item);
        if (n == 0) return true;
        HalfStep.Scratch s = foldIn.scratch();
        solve(items, weights, n, s); // leaves A's Cholesky factor in s.a
        double[] z = new double[k];
        for (int f = 0; f < k; f++) z[f] = itemFactors[item * k + f];
        org.collab4j.kernel.Cholesky.forward(s.a, k, z);
        org.collab4j.kernel.Cholesky.backward(s.a, k, z);
        for (int j = 0; j < n; j++) {
            double t = 0;
            int o = items[j] * k;
            for (int f = 0; f < k; f++) t += z[f] * itemFactors[o + f];
            out[j] = (float) (weights[j] * t);
        }
        return true;
    }

    /**
     * Cosine of the item factors, by the SIMD kernel in single precision; NaN for items with zero
     * factors (never trained).
     */
    @Override
    public void similarities(int item, float[] out) {
        checkItem(item);
        float self = Simd.dot(itemFactors, item * k, itemFactors, item * k, k);
        for (int i = 0; i < numItems; i++) {
            float nn = Simd.dot(itemFactors, i * k, itemFactors, i * k, k);
            out[i] = nn > 0 && self > 0 ? (float) (Simd.dot(itemFactors, item * k, itemFactors, i * k, k) / Math.sqrt((double) nn * self)) : Float.NaN;
        }
    }
}
