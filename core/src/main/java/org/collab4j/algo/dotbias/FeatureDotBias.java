package org.collab4j.algo.dotbias;

import org.collab4j.kernel.Rng;
import org.collab4j.model.ContextualModel;
import org.collab4j.model.RatingModel;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.UserItemModel;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.Ratings;
import org.collab4j.features.Features;
import org.collab4j.features.Field;
import org.collab4j.features.SideProfile;
import org.collab4j.nn.Embedding;
import org.collab4j.train.Param;
import org.collab4j.train.Trainable;

/**
 * {@code dot-bias} with side information, in the manner of factorisation machines and
 * SVDFeature (Chen et al. 2012): each feature value has a factor vector and a bias, and a user
 * (or item) is represented by its own factors plus the mean of its features' vectors.
 *
 * <pre>  U(u, t) = p_u + (1/|F_u|) sum_{f in F_u} phi_f(u, t)      (user features and the rating's time features)
 *   V(i)    = q_i + (1/|F_i|) sum_{f in F_i} phi_f(i)         (item features)
 *   raw     = b_u + b_i + sum_f beta_f + U . V
 *   prediction = low + (high - low) * sigmoid(raw)</pre>
 *
 * where for a categorical field {@code phi_f} is the mean of its categories' vectors (one
 * category, or several such as genres) and {@code beta_f} the mean of their biases; for a
 * numeric field (standardised value {@code x}) {@code phi_f = x * w_f} and {@code beta_f = x * c_f}.
 * Context (time) fields sit on the user side: they shift the user's taste by when the rating
 * was made. Regularisation follows {@link DotProductBias.Options} (per-rating L2 on every
 * vector and bias a rating touches, per-tensor Adam eps, decay of biases or not).
 *
 * <p>A user or item without training ratings has zero own factors and the mean bias of its
 * side, so it is scored from its features alone; so is one not in the data at all
 * ({@link SideInfoModel}).
 */
public final class FeatureDotBias extends UserItemModel implements Trainable, ContextualModel, SideInfoModel {
    public static final String KIND = "dot-bias";

    private final int k;
    private final Features features;
    private final Field[] fields;
    private final float[] yRange;
    private final DotProductBias.Options options;
    /** p, q, b_u, b_i, then per field: vectors (card x k, or 1 x k for numbers) and biases (card, or 1). */
    private final Param[] params;
    private final float low;
    private final float span;
    private final boolean squash;
    // batch state
    private int m;
    private int[] bu = new int[0], bi = new int[0];
    private long[] bt = new long[0];
    private float[] bSig = new float[0], bU = new float[0], bV = new float[0];

    public FeatureDotBias(int numUsers, int numItems, int k, Features features, float[] yRange, DotProductBias.Options options, long seed,
                          boolean init) {
        super(numUsers, numItems);
        this.k = k;
        this.features = features;
        this.fields = features.fields().toArray(new Field[0]);
        this.yRange = yRange == null ? null : yRange.clone();
        this.options = options;
        Rng rng = new Rng(seed);
        List<Param> ps = new ArrayList<>();
        ps.add(new Param("user_factors", vec(numUsers * k, init, rng), k));
        ps.add(new Param("item_factors", vec(numItems * k, init, rng), k));
        ps.add(new Param("user_bias", vec(numUsers, init, rng), 1, options.decayBiases()));
        ps.add(new Param("item_bias", vec(numItems, init, rng), 1, options.decayBiases()));
        for (Field f : fields) {
            int rows = f.isCategorical() ? f.cardinality() : 1;
            String n = f.source().name().toLowerCase() + "_" + f.name();
            ps.add(new Param(n + "_factors", vec(rows * k, init, rng), k));
            ps.add(new Param(n + "_bias", vec(rows, init, rng), 1, options.decayBiases()));
        }
        params = ps.toArray(new Param[0]);
        params[0].eps = params[1].eps = options.factorEps();
        params[2].eps = params[3].eps = options.biasEps();
        for (int f = 0; f < fields.length; f++) {
            params[4 + 2 * f].eps = options.factorEps();
            params[5 + 2 * f].eps = options.biasEps();
        }
        squash = yRange != null;
        low = squash ? yRange[0] : 0f;
        span = squash ? yRange[1] - yRange[0] : 1f;
    }

    private static float[] vec(int n, boolean init, Rng rng) {
        float[] a = new float[n];
        if (init) rng.truncatedNormal(a, 0.01f);
        return a;
    }

    public int factors() {
        return k;
    }

    @Override
    public Features features() {
        return features;
    }

    public float[] yRange() {
        return yRange == null ? null : yRange.clone();
    }

    public DotProductBias.Options options() {
        return options;
    }

    @Override
    public Param[] params() {
        return params;
    }

    @Override
    public RatingModel model() {
        return this;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Number of fields on the user side (user and time fields) and on the item side. */
    private int sideCount(boolean user) {
        int n = 0;
        for (Field f : fields) if ((f.source() == Field.Source.ITEM) != user) n++;
        return n;
    }

    /** Adds the side vectors to U (user side) or V (item side) and returns the summed feature bias. */
    private float addSide(boolean userSide, int u, int i, boolean hasTime, long t, float[] out, int off) {
        return addSide(fields, userSide, u, i, hasTime, t, out, off);
    }

    /** As above with the fields given (a new user or item is entity 0 of its one-entity fields). */
    private float addSide(Field[] fields, boolean userSide, int u, int i, boolean hasTime, long t, float[] out, int off) {
        int nf = sideCount(userSide);
        float inv = nf == 0 ? 0f : 1f / nf;
        float bias = 0f;
        for (int f = 0; f < fields.length; f++) {
            Field fd = fields[f];
            if ((fd.source() == Field.Source.ITEM) == userSide) continue;
            float[] w = params[4 + 2 * f].value, b = params[5 + 2 * f].value;
            int e = fd.source() == Field.Source.USER ? u : i;
            if (fd.kind() == Field.Kind.NUMBER) {
                float x = fd.source() == Field.Source.TIME ? (hasTime ? fd.timeValue(t, i) : 0f) : fd.values()[e];
                for (int c = 0; c < k; c++) out[off + c] += inv * x * w[c];
                bias += x * b[0];
                continue;
            }
            int s, end;
            int[] codes;
            int single;
            if (fd.source() == Field.Source.TIME) {
                single = hasTime ? fd.timeCode(t) : 0;
                codes = null;
                s = 0;
                end = 1;
            } else if (fd.start() == null) {
                single = fd.codes()[e];
                codes = null;
                s = 0;
                end = 1;
            } else {
                single = -1;
                codes = fd.codes();
                s = fd.start()[e];
                end = fd.start()[e + 1];
            }
            float bag = inv / (end - s);
            for (int j = s; j < end; j++) {
                int row = codes == null ? single : codes[j];
                int wo = row * k;
                for (int c = 0; c < k; c++) out[off + c] += bag * w[wo + c];
                bias += b[row] / (end - s);
            }
        }
        return bias;
    }

    /** U and V of one rating into {@code uv[off..off+k)} and {@code vv[off..off+k)}; returns the raw score. */
    private float raw(int u, int i, boolean hasTime, long t, float[] uv, float[] vv, int off) {
        float[] p = params[0].value, q = params[1].value;
        System.arraycopy(p, u * k, uv, off, k);
        System.arraycopy(q, i * k, vv, off, k);
        float bias = params[2].value[u] + params[3].value[i];
        bias += addSide(true, u, i, hasTime, t, uv, off);
        bias += addSide(false, u, i, hasTime, t, vv, off);
        float dot = 0f;
        for (int c = 0; c < k; c++) dot += uv[off + c] * vv[off + c];
        return bias + dot;
    }

    private float out(float raw) {
        return squash ? low + span / (1f + (float) Math.exp(-raw)) : raw;
    }

    @Override
    public void forward(Ratings data, int[] rows, int from, int to, float[] out) {
        m = to - from;
        if (bu.length < m) {
            bu = new int[m];
            bi = new int[m];
            bt = new long[m];
            bSig = new float[m];
            bU = new float[m * k];
            bV = new float[m * k];
        }
        boolean hasTime = data.hasTime();
        for (int s = 0; s < m; s++) {
            int r = rows[from + s];
            bu[s] = data.user(r);
            bi[s] = data.item(r);
            bt[s] = hasTime ? data.time(r) : 0;
            float raw = raw(bu[s], bi[s], hasTime, bt[s], bU, bV, s * k);
            bSig[s] = 1f / (1f + (float) Math.exp(-raw));
            out[s] = squash ? low + span * bSig[s] : raw;
        }
        batchHasTime = hasTime;
    }

    private boolean batchHasTime;

    @Override
    public void backward(float[] dOut) {
        float l2 = options.factorL2() / m, bl2 = options.biasL2() / m;
        float[] p = params[0].value, q = params[1].value, gp = params[0].grad, gq = params[1].grad;
        for (int s = 0; s < m; s++) {
            float d = dOut[s];
            if (squash) d *= span * bSig[s] * (1f - bSig[s]);
            int u = bu[s], i = bi[s], off = s * k;
            params[2].grad[u] += d + bl2 * params[2].value[u];
            params[3].grad[i] += d + bl2 * params[3].value[i];
            for (int c = 0; c < k; c++) {
                gp[u * k + c] += d * bV[off + c] + l2 * p[u * k + c];
                gq[i * k + c] += d * bU[off + c] + l2 * q[i * k + c];
            }
            sideBackward(true, s, d, l2, bl2);
            sideBackward(false, s, d, l2, bl2);
        }
    }

    /** dRaw/dphi = the other side's vector, spread over the fields and their bags as in the forward pass. */
    private void sideBackward(boolean userSide, int s, float d, float l2, float bl2) {
        int nf = sideCount(userSide);
        if (nf == 0) return;
        float inv = 1f / nf;
        int u = bu[s], i = bi[s], off = s * k;
        float[] other = userSide ? bV : bU;
        for (int f = 0; f < fields.length; f++) {
            Field fd = fields[f];
            if ((fd.source() == Field.Source.ITEM) == userSide) continue;
            Param wp = params[4 + 2 * f], bp = params[5 + 2 * f];
            float[] w = wp.value, gw = wp.grad, b = bp.value, gb = bp.grad;
            int e = fd.source() == Field.Source.USER ? u : i;
            if (fd.kind() == Field.Kind.NUMBER) {
                float x = fd.source() == Field.Source.TIME ? (batchHasTime ? fd.timeValue(bt[s], i) : 0f) : fd.values()[e];
                for (int c = 0; c < k; c++) gw[c] += d * inv * x * other[off + c] + l2 * w[c];
                gb[0] += d * x + bl2 * b[0];
                continue;
            }
            int start, end;
            int[] codes = null;
            int single = -1;
            if (fd.source() == Field.Source.TIME) {
                single = batchHasTime ? fd.timeCode(bt[s]) : 0;
                start = 0;
                end = 1;
            } else if (fd.start() == null) {
                single = fd.codes()[e];
                start = 0;
                end = 1;
            } else {
                codes = fd.codes();
                start = fd.start()[e];
                end = fd.start()[e + 1];
            }
            float bag = inv / (end - start), bagB = 1f / (end - start);
            for (int j = start; j < end; j++) {
                int row = codes == null ? single : codes[j];
                int wo = row * k;
                for (int c = 0; c < k; c++) gw[wo + c] += d * bag * other[off + c] + l2 * w[wo + c];
                gb[row] += d * bagB + bl2 * b[row];
            }
        }
    }

    @Override
    public float predict(int user, int item) {
        float[] uv = new float[k], vv = new float[k];
        return out(raw(user, item, false, 0, uv, vv, 0));
    }

    @Override
    public boolean usesTime() {
        return features.usesTime();
    }

    @Override
    public void predictRatings(Ratings data, int[] rows, int from, int to, float[] out) {
        float[] uv = new float[k], vv = new float[k];
        boolean hasTime = data.hasTime();
        for (int j = from; j < to; j++) {
            int r = rows[j];
            out[j - from] = out(raw(data.user(r), data.item(r), hasTime, hasTime ? data.time(r) : 0, uv, vv, 0));
        }
    }

    @Override
    public void scoreItems(SideProfile user, float[] out) {
        Field[] fs = check(user, Field.Source.USER).fields();
        float[] uv = new float[k], vv = new float[k];
        float userBias = meanBias(params[0].value, params[2].value);
        float side = addSide(fs, true, 0, 0, false, 0, uv, 0); // the user side does not depend on the item
        float[] q = params[1].value, bi = params[3].value;
        for (int i = 0; i < numItems; i++) {
            System.arraycopy(q, i * k, vv, 0, k);
            float raw = userBias + bi[i]; // summed in the order of raw(), so an untrained user of the data scores the same
            raw += side;
            raw += addSide(fs, false, 0, i, false, 0, vv, 0);
            float dot = 0f;
            for (int c = 0; c < k; c++) dot += uv[c] * vv[c];
            out[i] = out(raw + dot);
        }
    }

    @Override
    public float predict(SideProfile user, int item) {
        Field[] fs = check(user, Field.Source.USER).fields();
        float[] uv = new float[k], vv = new float[k];
        System.arraycopy(params[1].value, item * k, vv, 0, k);
        float raw = meanBias(params[0].value, params[2].value) + params[3].value[item];
        raw += addSide(fs, true, 0, item, false, 0, uv, 0);
        raw += addSide(fs, false, 0, item, false, 0, vv, 0);
        float dot = 0f;
        for (int c = 0; c < k; c++) dot += uv[c] * vv[c];
        return out(raw + dot);
    }

    @Override
    public float predict(int user, SideProfile item) {
        Field[] fs = check(item, Field.Source.ITEM).fields();
        float[] uv = new float[k], vv = new float[k];
        System.arraycopy(params[0].value, user * k, uv, 0, k);
        float raw = params[2].value[user] + meanBias(params[1].value, params[3].value);
        raw += addSide(fs, true, user, 0, false, 0, uv, 0);
        raw += addSide(fs, false, user, 0, false, 0, vv, 0);
        float dot = 0f;
        for (int c = 0; c < k; c++) dot += uv[c] * vv[c];
        return out(raw + dot);
    }

    /**
     * The bias a user (or item) without training ratings has: the mean bias of those with them,
     * which {@link #finish} gave every untrained one. The trained ones are told apart as
     * {@code finish} left them: their own factors are not all zero (all of them, when none is).
     */
    private float meanBias(float[] factors, float[] bias) {
        double sum = 0, all = 0;
        int n = 0;
        for (int e = 0; e < bias.length; e++) {
            all += bias[e];
            boolean zero = true;
            for (int c = e * k, end = c + k; c < end && zero; c++) zero = factors[c] == 0f;
            if (zero) continue;
            sum += bias[e];
            n++;
        }
        if (n == 0) return bias.length == 0 ? 0f : (float) (all / bias.length);
        return (float) (sum / n);
    }

    /**
     * Users and items without training ratings get zero own factors and their side's mean
     * bias, so their features alone describe them. Every row of a categorical feature that no
     * training rating used (the unknown slot: a missing or unseen category, and a time feature's
     * slot for a prediction without a timestamp) becomes the usage-weighted mean of the rows that
     * were used, vector and bias, as {@link EmbeddingNN#finish} does, instead of keeping its
     * untrained start.
     */
    @Override
    public void finish(Ratings data, int[] trainRows) {
        int[] uc = data.userCounts(trainRows), ic = data.itemCounts(trainRows);
        forget(params[0].value, params[2].value, uc);
        forget(params[1].value, params[3].value, ic);
        for (int f = 0; f < fields.length; f++) {
            if (!fields[f].isCategorical()) continue;
            // unused rows (the unknown slot, e.g. a rating scored without its time; categories seen
            // only outside training) stand for an average value of the feature, as in EmbeddingNN
            long[] usage = fields[f].usage(data, trainRows, uc, ic);
            Embedding.averageUnusedRows(params[4 + 2 * f].value, k, usage);
            Embedding.averageUnusedRows(params[5 + 2 * f].value, 1, usage);
        }
    }

    private void forget(float[] factors, float[] bias, int[] counts) {
        double sum = 0;
        int n = 0;
        for (int e = 0; e < counts.length; e++) if (counts[e] > 0) { sum += bias[e]; n++; }
        float mean = n == 0 ? 0f : (float) (sum / n);
        for (int e = 0; e < counts.length; e++) {
            if (counts[e] > 0) continue;
            java.util.Arrays.fill(factors, e * k, e * k + k, 0f);
            bias[e] = mean;
        }
    }
}
