package org.collab4j.algo.dotbias;

import org.collab4j.model.FactorModel;
import org.collab4j.data.Ratings;
import org.collab4j.train.Param;
import org.collab4j.train.Trainable;

/**
 * fastai's DotProductBias ({@code dot-bias}): user and item factors and biases, prediction
 * {@code sigmoid_range(p_u . q_i + b_u + b_i, low, high)}. Parameters start as N(0, 0.01^2)
 * truncated at two standard deviations, as fastai's embeddings do. There is no global offset,
 * as in fastai: the biases and the sigmoid carry the mean.
 *
 * <p>The training objective and the optimizer's treatment of the parameters are set by
 * {@link Options}. {@link Options#fastaiExact()} reproduces fastai (mean squared error only,
 * decoupled weight decay on every tensor, the optimizer's own eps); the default,
 * {@link Options#defaults()}, is a regularised formulation that generalises better under the
 * same training protocol (see {@link Options} for what it changes and why, and
 * {@code docs/notes/dot-bias-accuracy.md} for the measurements).
 *
 * <p><b>PMF, the MAP variant.</b> With the per-rating L2 of {@link Options} and no decoupled weight
 * decay ({@code --wd 0}), the objective this model minimises is the negative log posterior of
 * probabilistic matrix factorisation (Salakhutdinov &amp; Mnih 2007) with biases and Gaussian priors,
 * so training finds (with Adam, approximately) its maximum a posteriori estimate. Exactly: summed over
 * an epoch, {@code (y - yhat)^2 + factorL2/2 (|p_u|^2 + |q_i|^2) + biasL2/2 (b_u^2 + b_i^2)} per rating is,
 * times {@code 1/(2 sigma^2)}, the negative log of
 * <pre>  r_ui ~ N(yhat_ui, sigma^2),  yhat_ui = sigmoid_range(p_u . q_i + b_u + b_i)  (or the raw sum without y_range)
 *   p_u ~ N(0, 2 sigma^2 / (factorL2 n_u) I),   q_i ~ N(0, 2 sigma^2 / (factorL2 n_i) I)
 *   b_u ~ N(0, 2 sigma^2 / (biasL2 n_u)),        b_i ~ N(0, 2 sigma^2 / (biasL2 n_i))</pre>
 * where {@code n_u}, {@code n_i} count training ratings: PMF's Gaussian priors with a precision that
 * grows with a row's ratings (the "weighted-lambda" of Zhou et al. 2008; PMF's own
 * {@code lambda_U = sigma^2 / sigma_U^2} is the same for every row). The y_range squashing is PMF's
 * logistic link {@code g(x)} mapped to the rating range. {@link Options#defaults()} is this MAP
 * objective with {@code factorL2 = 0.02}, {@code biasL2 = 0.15}; on the command line
 * {@code train --model dot-bias --wd 0 [--set factor-l2=L --set bias-l2=LB]}. Any {@code --wd > 0}
 * adds decoupled weight decay, which no prior corresponds to. The fully Bayesian treatment of the
 * same model (priors on the priors, predictions averaged over the posterior) is {@code bpmf}.
 */
public final class DotProductBias implements Trainable {
    public static final String KIND = "dot-bias";

    /**
     * How the model is regularised and how Adam treats its tensors.
     *
     * <p>The loss minimised per mini-batch B is
     * <pre>  (1/|B|) sum_{(u,i) in B} [ (y_ui - yhat_ui)^2
     *                           + factorL2/2 * (|p_u|^2 + |q_i|^2) + biasL2/2 * (b_u^2 + b_i^2) ]</pre>
     * i.e. classic matrix factorisation's L2 with a lambda per rating (Koren, Bell &amp; Volinsky
     * 2009; "weighted-lambda" in Zhou et al. 2008), on top of the optimizer's decoupled weight
     * decay. Why, and the other two settings:
     * <ul>
     * <li><b>Per-rating (coupled) L2.</b> A row is regularised exactly when, and as often as, it
     * receives data gradient, so the penalty's weight relative to the data term is the same for a
     * user with 5 ratings as for one with 500. Decoupled weight decay, by contrast, acts on every
     * row at every step, while the data gradient of a rarely seen row goes through Adam's
     * normalisation: with dense Adam a row seen once every few hundred steps has a second moment
     * that has decayed while it was idle, so each occurrence moves it about {@code 10*lr} per
     * coordinate in the sign of its gradient whatever the size of the error. Putting the L2 term
     * inside the gradient lets it enter that same normalised step and pull the row back in the
     * same proportion as it pushes it.</li>
     * <li><b>Biases: coupled L2 instead of decoupled weight decay.</b> With no global offset a
     * bias of 0 means a prediction of {@code (low+high)/2} (2.75 for y_range (0, 5.5), well below
     * MovieLens' mean of about 3.5), so decaying biases towards 0 drags every prediction towards
     * the wrong value; as a weight per rating the penalty only shrinks biases that are poorly
     * supported by data. ({@code decayBiases=false} with {@code biasL2>0}.)</li>
     * <li><b>Larger Adam eps per tensor.</b> fastai's eps 1e-5 is far below the typical gradient
     * of an embedding coordinate (about 1e-3 at batch size 64), so Adam takes near sign-sized
     * steps even for tiny, noisy gradients, which is how rare rows overfit. An eps comparable to
     * the gradient scale ({@code factorEps} 3e-4) turns Adam into a damped, SGD-like step for rows
     * whose gradients are small while leaving well-supported rows (large, consistent gradients)
     * at full Adam speed. Bias gradients are about 30x larger, so they get their own eps
     * ({@code biasEps}).</li>
     * </ul>
     * The defaults were chosen on MovieLens 100k under fastai's protocol (one-cycle 5 epochs,
     * lr 5e-3, wd 0.1, batch 64, 50 factors) and checked on four random splits and fastai's own
     * split; they improve all five by 0.006-0.009 RMSE. Things that did not help (trainable or
     * fixed global offset, bias initialisation from damped means, lazy or row-shared second
     * moments, weight averaging, frequency-scaled L2) are recorded in the notes.
     *
     * @param factorL2    lambda per rating on the user and item factor rows (0 = none)
     * @param biasL2      lambda per rating on the user and item biases (0 = none)
     * @param decayBiases whether the optimizer's decoupled weight decay applies to the biases
     * @param factorEps   Adam eps for the factor tensors (NaN = the optimizer's own)
     * @param biasEps     Adam eps for the bias tensors (NaN = the optimizer's own)
     */
    public record Options(float factorL2, float biasL2, boolean decayBiases, double factorEps, double biasEps) {
        public Options {
            if (!(factorL2 >= 0) || !(biasL2 >= 0))
                throw new IllegalArgumentException("L2 weights must be >= 0, got " + factorL2 + ", " + biasL2);
            if (factorEps <= 0 || biasEps <= 0)
                throw new IllegalArgumentException("eps must be > 0 (or NaN for the optimizer's), got " + factorEps + ", " + biasEps);
        }

        /** The improved formulation: per-rating L2 0.02 / 0.15, no decay on biases, eps 3e-4 / 1e-3. */
        public static Options defaults() {
            return new Options(0.02f, 0.15f, false, 3e-4, 1e-3);
        }

        /** fastai's DotProductBias exactly: no L2 term, weight decay on all tensors, the optimizer's eps. */
        public static Options fastaiExact() {
            return new Options(0f, 0f, true, Double.NaN, Double.NaN);
        }

        public Options withFactorL2(float v) {
            return new Options(v, biasL2, decayBiases, factorEps, biasEps);
        }

        public Options withBiasL2(float v) {
            return new Options(factorL2, v, decayBiases, factorEps, biasEps);
        }

        public Options withDecayBiases(boolean v) {
            return new Options(factorL2, biasL2, v, factorEps, biasEps);
        }

        public Options withFactorEps(double v) {
            return new Options(factorL2, biasL2, decayBiases, v, biasEps);
        }

        public Options withBiasEps(double v) {
            return new Options(factorL2, biasL2, decayBiases, factorEps, v);
        }
    }

    private final FactorModel model;
    private final Options options;
    private final Param[] params;
    private int[] batchUser = new int[0];
    private int[] batchItem = new int[0];
    private float[] batchSig = new float[0];
    private int batchSize;

    /** A fresh model with the default (improved) {@link Options}. */
    public DotProductBias(int numUsers, int numItems, int factors, float[] yRange, long seed) {
        this(numUsers, numItems, factors, yRange, seed, Options.defaults());
    }

    public DotProductBias(int numUsers, int numItems, int factors, float[] yRange, long seed, Options options) {
        this(FactorModel.initialized(KIND, numUsers, numItems, factors, 0.01f, 0f, yRange, seed), options);
    }

    /** Continues training an existing factor model, with the default {@link Options}. */
    public DotProductBias(FactorModel model) {
        this(model, Options.defaults());
    }

    /** Continues training an existing factor model. */
    public DotProductBias(FactorModel model, Options options) {
        this.model = model;
        this.options = options;
        int k = model.factors();
        this.params = new Param[] {
            new Param("user_factors", model.userFactors(), k),
            new Param("item_factors", model.itemFactors(), k),
            new Param("user_bias", model.userBias(), 1, options.decayBiases()),
            new Param("item_bias", model.itemBias(), 1, options.decayBiases()),
        };
        params[0].eps = params[1].eps = options.factorEps();
        params[2].eps = params[3].eps = options.biasEps();
        for (Param p : params) p.trackRows();
    }

    public Options options() {
        return options;
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
        float[] bu = model.userBias(), bi = model.itemBias();
        float[] gp = params[0].grad, gq = params[1].grad, gbu = params[2].grad, gbi = params[3].grad;
        boolean squash = model.squashed();
        float span = squash ? model.yRange()[1] - model.yRange()[0] : 1f;
        // d/dw of (1/|B|) * lambda/2 * |w|^2, once per rating in the batch
        float l2 = options.factorL2() / batchSize, bl2 = options.biasL2() / batchSize;
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
            gbu[u] += d + bl2 * bu[u];
            gbi[i] += d + bl2 * bi[i];
            int pu = u * k, qi = i * k;
            for (int f = 0; f < k; f++) {
                float pf = p[pu + f], qf = q[qi + f];
                gp[pu + f] += d * qf + l2 * pf;
                gq[qi + f] += d * pf + l2 * qf;
            }
        }
    }

    @Override
    public void finish(Ratings data, int[] trainRows) {
        model.forgetUntrained(data.userCounts(trainRows), data.itemCounts(trainRows));
    }
}
