package org.collab4j.train;

/**
 * fastai's Adam: first and second moments with dampening, bias correction with the current
 * momentum, {@code eps} added outside the square root, and decoupled weight decay
 * ({@code p *= 1 - lr * wd}) applied to every decayed parameter at every step, as fastai does.
 *
 * <pre>  p   <- p * (1 - lr*wd)
 *   m   <- mom*m + (1-mom)*g
 *   v   <- sqrMom*v + (1-sqrMom)*g^2
 *   p   <- p - lr/(1-mom^t) * m / (sqrt(v/(1-sqrMom^t)) + eps)</pre>
 *
 * Defaults are fastai's: sqrMom 0.99, eps 1e-5 (momentum comes from the schedule: 0.95..0.85..0.95
 * under one-cycle, 0.9 otherwise). A parameter that sets {@link Param#eps} uses that value instead
 * of the optimizer's {@code eps} (a model's choice, e.g. {@code DotProductBias}'s default options);
 * with no such override the update is exactly fastai's.
 */
public final class Adam implements Optimizer {
    private final double sqrMom;
    private final double eps;
    private float[][] m;
    private float[][] v;
    private long t;
    private double debias1Mom = 1; // running product of (momentum) for bias correction
    private double debias1;
    private double debias2;

    public Adam() {
        this(0.99, 1e-5);
    }

    public Adam(double sqrMom, double eps) {
        this.sqrMom = sqrMom;
        this.eps = eps;
    }

    @Override
    public void init(Param[] params) {
        m = new float[params.length][];
        v = new float[params.length][];
        for (int p = 0; p < params.length; p++) {
            m[p] = new float[params[p].size()];
            v[p] = new float[params[p].size()];
        }
        t = 0;
    }

    @Override
    public void beginStep(double lr, double mom, double wd) {
        t++;
        // fastai's debias uses the current momentum to the power of the step count
        debias1 = 1 - Math.pow(mom, t);
        debias2 = 1 - Math.pow(sqrMom, t);
    }

    @Override
    public void step(Param param, int p, int from, int to, double lr, double mom, double wd) {
        float[] w = param.value, g = param.grad, mp = m[p], vp = v[p];
        float decay = param.decay ? (float) (1 - lr * wd) : 1f;
        float b1 = (float) mom;
        float b2 = (float) sqrMom;
        float stepSize = (float) (lr / debias1);
        float invDebias2 = (float) (1 / debias2);
        float e = (float) (Double.isNaN(param.eps) ? eps : param.eps);
        update(w, g, mp, vp, from, to, decay, b1, b2, stepSize, invDebias2, e);
    }

    /**
     * The Adam kernel over {@code [from, to)}: moments, decoupled decay, bias-corrected step,
     * gradient zeroed. Shared with {@link LazyAdam}, which calls it row by row.
     */
    static void update(float[] w, float[] g, float[] m, float[] v, int from, int to, float decay, float b1, float b2,
                       float stepSize, float invDebias2, float eps) {
        float c1 = 1f - b1, c2 = 1f - b2;
        for (int j = from; j < to; j++) {
            float gj = g[j];
            float mj = b1 * m[j] + c1 * gj;
            float vj = b2 * v[j] + c2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            w[j] = w[j] * decay - stepSize * mj / ((float) Math.sqrt(vj * invDebias2) + eps);
            g[j] = 0f;
        }
    }

    @Override
    public String name() {
        return "adam";
    }
}
