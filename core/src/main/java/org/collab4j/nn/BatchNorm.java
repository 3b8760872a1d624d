package org.collab4j.nn;

import org.collab4j.train.Param;

/**
 * PyTorch's {@code BatchNorm1d} over {@code m} rows of {@code n} features. In training each
 * feature is normalised with the batch's mean and (biased) variance, and the running
 * statistics move towards them with momentum 0.1 (the running variance takes the unbiased batch
 * variance, as PyTorch does); at inference the running statistics are used. Scale starts at 1,
 * shift at 0; neither is weight-decayed (fastai's {@code wd_bn_bias=False}).
 *
 * <pre>  y = gamma * (x - mean) / sqrt(var + eps) + beta</pre>
 */
public final class BatchNorm {
    public static final float MOMENTUM = 0.1f;
    public static final float EPS = 1e-5f;
    public final int n;
    public final Param gamma;
    public final Param beta;
    public final float[] runningMean;
    public final float[] runningVar;
    private final float[] mean;
    private final float[] invStd;
    private final float[] sumDy;
    private final float[] sumDyXhat;
    private float[] xhat = new float[0];
    private int m;
    private boolean trained;

    public BatchNorm(String name, int n) {
        this.n = n;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        this.gamma = new Param(name + ".weight", ones, n, false);
        this.beta = new Param(name + ".bias", new float[n], n, false);
        this.runningMean = new float[n];
        this.runningVar = ones.clone();
        this.mean = new float[n];
        this.invStd = new float[n];
        this.sumDy = new float[n];
        this.sumDyXhat = new float[n];
    }

    public void forward(float[] x, int m, float[] y, boolean training) {
        this.m = m;
        this.trained = training;
        int n = this.n;
        float[] g = gamma.value, b = beta.value;
        if (!training) {
            for (int f = 0; f < n; f++) {
                mean[f] = runningMean[f];
                invStd[f] = (float) (1 / Math.sqrt(runningVar[f] + EPS));
            }
            for (int r = 0; r < m; r++) {
                int o = r * n;
                for (int f = 0; f < n; f++) y[o + f] = g[f] * (x[o + f] - mean[f]) * invStd[f] + b[f];
            }
            return;
        }
        if (xhat.length < m * n) xhat = new float[m * n];
        java.util.Arrays.fill(mean, 0f);
        for (int r = 0; r < m; r++) {
            int o = r * n;
            for (int f = 0; f < n; f++) mean[f] += x[o + f];
        }
        float invM = 1f / m;
        for (int f = 0; f < n; f++) mean[f] *= invM;
        float[] var = sumDy; // scratch
        java.util.Arrays.fill(var, 0f);
        for (int r = 0; r < m; r++) {
            int o = r * n;
            for (int f = 0; f < n; f++) {
                float d = x[o + f] - mean[f];
                var[f] += d * d;
            }
        }
        for (int f = 0; f < n; f++) {
            float biased = var[f] * invM;
            invStd[f] = (float) (1 / Math.sqrt(biased + EPS));
            float unbiased = m > 1 ? var[f] / (m - 1) : biased;
            runningMean[f] = (1 - MOMENTUM) * runningMean[f] + MOMENTUM * mean[f];
            runningVar[f] = (1 - MOMENTUM) * runningVar[f] + MOMENTUM * unbiased;
        }
        float[] xh = xhat;
        for (int r = 0; r < m; r++) {
            int o = r * n;
            for (int f = 0; f < n; f++) {
                float h = (x[o + f] - mean[f]) * invStd[f];
                xh[o + f] = h;
                y[o + f] = g[f] * h + b[f];
            }
        }
    }

    /** Inference with the running statistics, keeping no state (safe on any thread). */
    public void infer(float[] x, int m, float[] y) {
        int n = this.n;
        float[] g = gamma.value, b = beta.value;
        for (int r = 0; r < m; r++) {
            int o = r * n;
            for (int f = 0; f < n; f++) {
                float s = g[f] / (float) Math.sqrt(runningVar[f] + EPS);
                y[o + f] = s * (x[o + f] - runningMean[f]) + b[f];
            }
        }
    }

    /**
     * Adds the scale and shift gradients and writes the input gradient. With batch statistics:
     * {@code dx = gamma*invStd/m * (m*dy - sum(dy) - xhat*sum(dy*xhat))}.
     */
    public void backward(float[] dy, float[] dx) {
        if (!trained) throw new IllegalStateException("batch norm backward needs a training-mode forward pass");
        int n = this.n, m = this.m;
        float[] gg = gamma.grad, gb = beta.grad, g = gamma.value, xh = xhat;
        java.util.Arrays.fill(sumDy, 0f);
        java.util.Arrays.fill(sumDyXhat, 0f);
        for (int r = 0; r < m; r++) {
            int o = r * n;
            for (int f = 0; f < n; f++) {
                float d = dy[o + f];
                sumDy[f] += d;
                sumDyXhat[f] += d * xh[o + f];
            }
        }
        for (int f = 0; f < n; f++) {
            gb[f] += sumDy[f];
            gg[f] += sumDyXhat[f];
        }
        float invM = 1f / m;
        for (int r = 0; r < m; r++) {
            int o = r * n;
            for (int f = 0; f < n; f++) {
                float s = g[f] * invStd[f];
                dx[o + f] = s * (dy[o + f] - invM * sumDy[f] - xh[o + f] * invM * sumDyXhat[f]);
            }
        }
    }

    public Param[] params() {
        return new Param[] {gamma, beta};
    }
}
