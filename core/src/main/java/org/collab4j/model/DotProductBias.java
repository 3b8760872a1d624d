package org.collab4j.model;

import org.collab4j.data.Ratings;
import org.collab4j.train.Param;
import org.collab4j.train.Trainable;

/**
 * fastai's DotProductBias ({@code dot-bias}): user and item factors and biases, prediction
 * {@code sigmoid_range(p_u . q_i + b_u + b_i, low, high)}. Parameters start as N(0, 0.01^2)
 * truncated at two standard deviations, as fastai's embeddings do. There is no global offset,
 * as in fastai: the biases and the sigmoid carry the mean.
 */
public final class DotProductBias implements Trainable {
    public static final String KIND = "dot-bias";

    private final FactorModel model;
    private final Param[] params;
    private int[] batchUser = new int[0];
    private int[] batchItem = new int[0];
    private float[] batchSig = new float[0];
    private int batchSize;
    public static float L2 = Float.parseFloat(System.getProperty("c4j.l2", "0"));
    public static boolean BIAS_WD = !Boolean.getBoolean("c4j.nobiaswd");
    public static boolean initGlobal = Boolean.getBoolean("c4j.global");

    public DotProductBias(int numUsers, int numItems, int factors, float[] yRange, long seed) {
        this(FactorModel.initialized(KIND, numUsers, numItems, factors, 0.01f, 0f, yRange, seed));
    }

    /** Continues training an existing factor model. */
    public DotProductBias(FactorModel model) {
        this.model = model;
        int k = model.factors();
        this.params = new Param[] {
            new Param("user_factors", model.userFactors(), k),
            new Param("item_factors", model.itemFactors(), k),
            new Param("user_bias", model.userBias(), 1, BIAS_WD),
            new Param("item_bias", model.itemBias(), 1, BIAS_WD),
        };
        for (Param p : params) p.trackRows();
    }

    @Override
    public Param[] params() {
        return params;
    }

    @Override
    public FactorModel model() {
        return model;
    }

    @Override
    public void forward(Ratings data, int[] rows, int from, int to, float[] out) {
        int m = to - from;
        if (batchUser.length < m) {
            batchUser = new int[m];
            batchItem = new int[m];
            batchSig = new float[m];
        }
        batchSize = m;
        boolean squash = model.squashed();
        float[] yr = model.yRange();
        float low = squash ? yr[0] : 0, span = squash ? yr[1] - yr[0] : 0;
        for (int j = 0; j < m; j++) {
            int r = rows[from + j];
            int u = data.user(r), i = data.item(r);
            batchUser[j] = u;
            batchItem[j] = i;
            float raw = model.raw(u, i);
            if (squash) {
                float s = 1f / (1f + (float) Math.exp(-raw));
                batchSig[j] = s;
                out[j] = low + span * s;
            } else {
                out[j] = raw;
            }
        }
    }

    @Override
    public void backward(float[] dOut) {
        int k = model.factors();
        float[] p = model.userFactors(), q = model.itemFactors();
        float[] gp = params[0].grad, gq = params[1].grad, gbu = params[2].grad, gbi = params[3].grad;
        boolean squash = model.squashed();
        float span = squash ? model.yRange()[1] - model.yRange()[0] : 1f;
        float l2 = L2 / batchSize;
        for (int j = 0; j < batchSize; j++) {
            float d = dOut[j];
            if (squash) {
                float s = batchSig[j];
                d *= span * s * (1f - s);
            }
            int u = batchUser[j], i = batchItem[j];
            params[0].touch(u);
            params[1].touch(i);
            params[2].touch(u);
            params[3].touch(i);
            gbu[u] += d;
            gbi[i] += d;
            int pu = u * k, qi = i * k;
            for (int f = 0; f < k; f++) {
                float pf = p[pu + f], qf = q[qi + f];
                gp[pu + f] += d * qf + l2 * pf;
                gq[qi + f] += d * pf + l2 * qf;
            }
        }
    }

    @Override
    public void prepare(Ratings data, int[] trainRows) {
        if (initGlobal && model.squashed()) {
            float[] yr = model.yRange();
            double mean = data.mean(trainRows);
            double x = Math.min(0.99, Math.max(0.01, (mean - yr[0]) / (yr[1] - yr[0])));
            model.setGlobal((float) Math.log(x / (1 - x)));
        } else if (initGlobal) {
            model.setGlobal((float) data.mean(trainRows));
        }
    }

    @Override
    public void finish(Ratings data, int[] trainRows) {
        model.forgetUntrained(data.userCounts(trainRows), data.itemCounts(trainRows));
    }
}
