package org.collab4j.algo.bpmf;

import org.collab4j.model.FactorModel;

/**
 * Bayesian probabilistic matrix factorisation's predictive model (Salakhutdinov &amp; Mnih 2008):
 * the average over the kept Gibbs samples s = 1..S of each sample's prediction,
 *
 * <pre>  raw(u, i) = mu + (1/S) sum_s (b_u^s + b_i^s + U_u^s . V_i^s)</pre>
 *
 * held <em>exactly</em> as a {@link FactorModel}: the factors of all samples are concatenated,
 * each scaled by {@code S^-1/2}, so that one dot product of length {@code S*k} is the average of
 * the S dot products, and the biases (which enter linearly) are the sample averages. Nothing is
 * approximated: this is the Monte Carlo posterior-predictive mean the sampler computed. The
 * cosine of two items' concatenated vectors, used for similar items, is the posterior average of
 * their inner product normalised by the average squared norms.
 *
 * <p>The price of exactness is size: {@code S * k} floats per user and item (a file of about
 * {@code 4 * S * k * (users + items)} bytes; {@code --set thin=T} keeps every T-th sample).
 */
public final class BpmfModel extends FactorModel {
    public static final String KIND = "bpmf";
    private final int samples;
    private final int sampleFactors;

    /**
     * @param samples       S, the number of kept samples
     * @param sampleFactors k, the factors of one sample ({@code factors() == samples * sampleFactors})
     */
    public BpmfModel(int numUsers, int numItems, int samples, int sampleFactors, float[] userFactors, float[] itemFactors,
                     float[] userBias, float[] itemBias, float global) {
        super(KIND, numUsers, numItems, samples * sampleFactors, userFactors, itemFactors, userBias, itemBias, global, null);
        if (samples < 1 || sampleFactors < 1) throw new IllegalArgumentException("a BPMF model needs at least one sample and one factor");
        this.samples = samples;
        this.sampleFactors = sampleFactors;
    }

    /** Number of Gibbs samples averaged. */
    public int samples() {
        return samples;
    }

    /** Factors of each sample (k); {@link #factors()} is {@code samples() * sampleFactors()}. */
    public int sampleFactors() {
        return sampleFactors;
    }

    @Override
    public BpmfModel copy() {
        BpmfModel m = new BpmfModel(numUsers, numItems, samples, sampleFactors, userFactors.clone(), itemFactors.clone(),
                userBias.clone(), itemBias.clone(), global());
        float[] clip = clipRange();
        if (clip != null) m.clipTo(clip[0], clip[1]);
        return m;
    }
}
