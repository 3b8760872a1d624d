package org.collab4j.train;

/**
 * fastai's SGD: decoupled weight decay, then (with momentum) an undampened running average of
 * the gradient, then {@code p -= lr * avg}. Without momentum it is plain SGD:
 * {@code p <- p*(1 - lr*wd) - lr*g}.
 */
public final class Sgd implements Optimizer {
    private float[][] avg;
    private boolean useMomentum;

    @Override
    public void init(Param[] params) {
        avg = new float[params.length][];
        for (int p = 0; p < params.length; p++) avg[p] = new float[params[p].size()];
    }

    @Override
    public void beginStep(double lr, double mom, double wd) {
        useMomentum = mom != 0;
    }

    @Override
    public void step(Param param, int p, int from, int to, double lr, double mom, double wd) {
        float[] w = param.value, g = param.grad, a = avg[p];
        float decay = param.decay ? (float) (1 - lr * wd) : 1f;
        float rate = (float) lr;
        if (useMomentum) {
            float b = (float) mom;
            for (int j = from; j < to; j++) {
                float aj = b * a[j] + g[j];
                a[j] = aj;
                w[j] = w[j] * decay - rate * aj;
                g[j] = 0f;
            }
        } else {
            for (int j = from; j < to; j++) {
                w[j] = w[j] * decay - rate * g[j];
                g[j] = 0f;
            }
        }
    }

    @Override
    public String name() {
        return "sgd";
    }
}
