package org.collab4j.train;

/**
 * Adam that visits only the rows a batch touched (as TensorFlow's LazyAdam and PyTorch's
 * SparseAdam): the moments of a row are updated when the row has a gradient and left as they
 * are otherwise, so an idle row neither drifts on stale momentum nor sees its second moment decay.
 * Decoupled weight decay stays exact: a row that was idle for some steps is first multiplied by
 * the product of the {@code (1 - lr*wd)} factors it missed (kept as a running sum of logs), and
 * every row is brought up to date when training ends ({@link #finish}).
 *
 * <p>A step costs O(rows touched x row length) instead of O(all parameters). Parameters that do
 * not track rows are stepped densely, as {@link Adam} does.
 */
public final class LazyAdam implements Optimizer {
    private final double sqrMom;
    private final double eps;
    private final Adam dense;
    private float[][] m;
    private float[][] v;
    private int[][] lastStep;      // per row: the step count up to which decay has been applied
    private double[] logDecay = new double[1024]; // logDecay[t] = sum of log(1 - lr_s*wd) for s < t
    private int t;
    private double debias1;
    private double debias2;
    private Param[] params;

    public LazyAdam() {
        this(0.99, 1e-5);
    }

    public LazyAdam(double sqrMom, double eps) {
        this.sqrMom = sqrMom;
        this.eps = eps;
        this.dense = new Adam(sqrMom, eps);
    }

    @Override
    public void init(Param[] params) {
        this.params = params;
        dense.init(params);
        m = new float[params.length][];
        v = new float[params.length][];
        lastStep = new int[params.length][];
        for (int p = 0; p < params.length; p++) {
            if (!params[p].tracksRows()) continue;
            m[p] = new float[params[p].size()];
            v[p] = new float[params[p].size()];
            lastStep[p] = new int[params[p].rows()];
        }
        t = 0;
        logDecay[0] = 0;
    }

    @Override
    public void beginStep(double lr, double mom, double wd) {
        dense.beginStep(lr, mom, wd);
        t++;
        debias1 = 1 - Math.pow(mom, t);
        debias2 = 1 - Math.pow(sqrMom, t);
        if (t >= logDecay.length) logDecay = java.util.Arrays.copyOf(logDecay, logDecay.length * 2);
        // logDecay[t] covers steps 1..t (this step included)
        if (lr * wd >= 1)
            throw new IllegalArgumentException("lr * wd must be below 1 for decoupled weight decay, got " + lr + " * " + wd);
        logDecay[t] = logDecay[t - 1] + Math.log1p(-lr * wd);
    }

    @Override
    public void step(Param param, int p, int from, int to, double lr, double mom, double wd) {
        if (!param.tracksRows()) {
            dense.step(param, p, from, to, lr, mom, wd);
            return;
        }
        if (from != 0) return; // sparse params are stepped whole, by the first slice
        float[] w = param.value, g = param.grad, mp = m[p], vp = v[p];
        int[] last = lastStep[p];
        int len = param.rowLength;
        float b1 = (float) mom;
        float b2 = (float) sqrMom;
        float stepSize = (float) (lr / debias1);
        float invDebias2 = (float) (1 / debias2);
        float e = (float) (Double.isNaN(param.eps) ? eps : param.eps);
        int[] rows = param.touchedRows();
        int n = param.numTouched();
        for (int r = 0; r < n; r++) {
            int row = rows[r];
            float decay = param.decay ? (float) Math.exp(logDecay[t] - logDecay[last[row]]) : 1f;
            last[row] = t;
            Adam.update(w, g, mp, vp, row * len, row * len + len, decay, b1, b2, stepSize, invDebias2, e);
        }
        param.clearTouched();
    }

    /** Applies the weight decay that idle rows have not yet received. */
    @Override
    public void finish() {
        for (int p = 0; p < params.length; p++) {
            Param param = params[p];
            if (!param.tracksRows() || !param.decay) continue;
            int[] last = lastStep[p];
            int len = param.rowLength;
            for (int row = 0; row < last.length; row++) {
                if (last[row] == t) continue;
                float decay = (float) Math.exp(logDecay[t] - logDecay[last[row]]);
                last[row] = t;
                for (int j = row * len; j < row * len + len; j++) param.value[j] *= decay;
            }
        }
    }

    @Override
    public String name() {
        return "lazy-adam";
    }
}
