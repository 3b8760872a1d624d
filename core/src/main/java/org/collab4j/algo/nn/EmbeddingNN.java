package org.collab4j.algo.nn;

import org.collab4j.kernel.Rng;
import org.collab4j.model.ContextualModel;
import org.collab4j.model.RatingModel;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.UserItemModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.collab4j.data.Ratings;
import org.collab4j.features.Features;
import org.collab4j.features.Field;
import org.collab4j.features.SideProfile;
import org.collab4j.nn.BatchNorm;
import org.collab4j.nn.Dropout;
import org.collab4j.nn.Embedding;
import org.collab4j.nn.Linear;
import org.collab4j.nn.ReLU;
import org.collab4j.train.Param;
import org.collab4j.train.Trainable;

/**
 * fastai's EmbeddingNN ({@code collab_learner(use_nn=True)}, model {@code nn}), optionally with
 * side information as further inputs:
 *
 * <pre>  x = dropout_emb( [ E_user[u] | E_item[i] | E_f[codes_f] for each categorical feature f ] ) | numbers
 *   for each hidden width n:  x = dropout( BatchNorm( ReLU( Linear(x, n) ) ) )
 *   prediction = low + (high - low) * sigmoid( Linear(x, 1) )</pre>
 *
 * Embedding widths follow fastai's rule {@link Embedding#fastaiSize} on the table size (the
 * categories plus an unknown slot, as fastai's {@code #na#}), unless given. Multi-valued
 * categories (genres) average their embeddings; numbers (age, release year, days since release)
 * enter standardised, as extra columns after the embeddings.
 *
 * <p>Users and items with no training ratings, and categories never seen in training, are
 * scored through the unknown slot of their table, which {@link #finish} sets to the
 * rating-weighted mean of the trained rows. So a user with no ratings but with side information
 * is predicted from that information, and so is one not in the data at all
 * ({@link SideInfoModel}: its id takes the unknown slot). Predictions without a timestamp ({@link #predict}) use the
 * unknown slot of time features too: their average over training.
 *
 * <p>Two training aids leave the network itself unchanged (see {@code NnTrainer.Options}):
 * {@link #setEmbeddingScale} trains the embedding tables at a multiple of the optimizer's step
 * by holding them scaled down, and {@link #centreOutput} starts the output at the training mean.
 *
 * <p>Immutable once trained: the scoring methods keep no state and are safe from many threads;
 * training ({@link #forward}/{@link #backward}) uses preallocated buffers, one batch at a time.
 */
public final class EmbeddingNN extends UserItemModel implements Trainable, ContextualModel, SideInfoModel {
    public static final String KIND = "nn";

    /**
     * The architecture.
     *
     * @param userDim  width of the user embedding, 0 for fastai's rule
     * @param itemDim  width of the item embedding, 0 for fastai's rule
     * @param layers   widths of the hidden layers (fastbook: 100, 50)
     * @param embDrop  dropout on the concatenated embeddings (fastai's {@code embed_p}; 0)
     * @param dropout  dropout after each hidden layer (fastai's {@code ps}; zeros), same length as layers
     * @param yRange   {low, high} of sigmoid_range, or null for a raw output
     * @param seed     seed of the initial weights and the dropout masks
     */
    public record Config(int userDim, int itemDim, int[] layers, float embDrop, float[] dropout, float[] yRange, long seed) {
        public Config {
            if (userDim < 0 || itemDim < 0) throw new IllegalArgumentException("embedding widths must be positive (or 0 for fastai's rule)");
            if (layers == null || layers.length == 0) throw new IllegalArgumentException("--layers needs at least one hidden layer, e.g. 100,50");
            for (int w : layers) if (w < 1) throw new IllegalArgumentException("--layers widths must be at least 1, got " + Arrays.toString(layers));
            if (dropout == null) dropout = new float[layers.length];
            if (dropout.length != layers.length)
                throw new IllegalArgumentException("dropout needs one probability per hidden layer (" + layers.length + "), got " + dropout.length);
            for (float p : dropout) if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout probabilities must be in [0, 1), got " + p);
            if (!(embDrop >= 0 && embDrop < 1)) throw new IllegalArgumentException("embedding dropout must be in [0, 1), got " + embDrop);
            if (yRange != null && (yRange.length != 2 || !(yRange[0] < yRange[1]))) throw new IllegalArgumentException("y_range needs LOW < HIGH");
            layers = layers.clone();
            dropout = dropout.clone();
        }

        /** fastbook's EmbeddingNN: fastai's embedding sizes, layers 100,50, no dropout. */
        public static Config fastbook(float[] yRange, long seed) {
            return new Config(0, 0, new int[] {100, 50}, 0f, null, yRange, seed);
        }
    }

    private final Features features;
    private final Config config;
    private final NnInput inputs;
    private final int embWidth;
    private final int width;
    private final Linear[] linear;
    private final ReLU[] relu;
    private final BatchNorm[] norm;
    private final Dropout[] drop;
    private final Dropout embDropout;
    private final Linear head;
    private final int[] userCode;
    private final int[] itemCode;
    private final Param[] params;
    private final boolean squash;
    private final float low;
    private final float span;

    private boolean training;
    /** The network uses {@code embScale * table} for every embedding table (1 outside training). */
    private float embScale = 1f;
    /** Frozen weights of each linear layer (the head last) for inference; rebuilt after training steps. */
    private volatile Linear.Frozen[] inferWeights;
    private NnBatch buf;

    /** A fresh network, initialised from {@code config.seed()} as fastai/PyTorch initialise theirs. */
    public EmbeddingNN(int numUsers, int numItems, Features features, Config config) {
        this(numUsers, numItems, features, config, true);
    }

    /**
     * The network with all weights zero and batch-norm statistics at their start, for a codec
     * to fill ({@code init == false}), or freshly initialised.
     */
    public EmbeddingNN(int numUsers, int numItems, Features features, Config config, boolean init) {
        super(numUsers, numItems);
        if (features.numUsers() != numUsers || features.numItems() != numItems)
            throw new IllegalArgumentException("features are for " + features.numUsers() + " users and " + features.numItems()
                    + " items, the model for " + numUsers + " and " + numItems);
        this.features = features;
        this.config = config;
        Rng rng = new Rng(config.seed());
        inputs = new NnInput(numUsers, numItems, features, config, init, rng);
        embWidth = inputs.embWidth;
        width = inputs.width;
        int[] layers = config.layers();
        int nl = layers.length;
        linear = new Linear[nl];
        relu = new ReLU[nl];
        norm = new BatchNorm[nl];
        drop = new Dropout[nl];
        int in = width;
        for (int l = 0; l < nl; l++) {
            linear[l] = init ? new Linear("layers." + l + ".linear", in, layers[l], rng) : new Linear("layers." + l + ".linear", in, layers[l]);
            relu[l] = new ReLU();
            norm[l] = new BatchNorm("layers." + l + ".bn", layers[l]);
            in = layers[l];
        }
        head = init ? new Linear("head", in, 1, rng) : new Linear("head", in, 1);
        for (int l = 0; l < nl; l++) drop[l] = new Dropout(config.dropout()[l], rng.nextLong());
        embDropout = new Dropout(config.embDrop(), rng.nextLong());
        userCode = inputs.userCode;
        itemCode = inputs.itemCode;
        List<Param> ps = new ArrayList<>();
        for (Embedding e : inputs.tables()) ps.add(e.weight);
        for (int l = 0; l < nl; l++) {
            ps.add(linear[l].weight);
            ps.add(linear[l].bias);
            ps.add(norm[l].gamma);
            ps.add(norm[l].beta);
        }
        ps.add(head.weight);
        ps.add(head.bias);
        params = ps.toArray(new Param[0]);
        squash = config.yRange() != null;
        low = squash ? config.yRange()[0] : 0f;
        span = squash ? config.yRange()[1] - config.yRange()[0] : 1f;
    }

    public Config config() {
        return config;
    }

    @Override
    public Features features() {
        return features;
    }

    /** Width of the concatenated input (embeddings and numbers). */
    public int inputWidth() {
        return width;
    }

    public int userDim() {
        return inputs.userEmb.dim;
    }

    public int itemDim() {
        return inputs.itemEmb.dim;
    }

    /**
     * Splits the linear layers' products of training batches over {@code p}'s threads (the
     * caller owns and closes it). Results are the same with any number of threads.
     */
    public void setParallel(org.collab4j.kernel.Workers p) {
        for (Linear l : linear) l.setParallel(p);
        head.setParallel(p);
    }

    /** The batch-norm layers, in order (their running statistics are part of the model). */
    public BatchNorm[] batchNorms() {
        return norm.clone();
    }

    /** The embedding tables, in parameter order: users, items, then each categorical feature. */
    public List<Embedding> embeddings() {
        return inputs.tables();
    }

    @Override
    public Param[] params() {
        return params;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public RatingModel model() {
        return this;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
        if (training) inferWeights = null;
    }

    /** The weights as rows for the inference path, built once per state of the weights. */
    private Linear.Frozen[] inferWeights() {
        Linear.Frozen[] w = inferWeights;
        if (w == null || training) {
            w = new Linear.Frozen[linear.length + 1];
            for (int l = 0; l < linear.length; l++) w[l] = linear[l].frozen();
            w[linear.length] = head.frozen();
            if (!training) inferWeights = w;
        }
        return w;
    }

    /**
     * Holds every embedding table as {@code E / c} and uses {@code c * table}, so the network's
     * function is unchanged but a step on the stored table moves {@code E} {@code c} times as far
     * under Adam (whose steps do not depend on the gradient's scale; decoupled weight decay stays
     * relative), i.e. a learning-rate multiplier for the embeddings. The gradient of the stored
     * table is {@code c} times that of {@code E}, so a per-tensor Adam eps applies at that scale.
     * {@link #setEmbeddingScale setEmbeddingScale(1)} folds the scale back into the tables.
     */
    public void setEmbeddingScale(float c) {
        if (!(c > 0) || !Float.isFinite(c)) throw new IllegalArgumentException("embedding scale must be a positive number, got " + c);
        float r = embScale / c;
        for (Embedding e : embeddings()) {
            float[] w = e.weight.value;
            for (int j = 0; j < w.length; j++) w[j] *= r;
        }
        embScale = c;
        inferWeights = null;
    }

    public float embeddingScale() {
        return embScale;
    }

    /**
     * Sets the head's bias so that a network whose head sees zeros predicts {@code mean} (the
     * training ratings' mean): {@code logit((mean - low) / (high - low))} under sigmoid_range, the
     * mean itself without. PyTorch's initialisation starts it near 0, i.e. at the middle of
     * y_range (2.75 for 0..5.5), well below MovieLens' mean of about 3.5.
     */
    public void centreOutput(double mean) {
        double b = mean;
        if (squash) {
            double x = Math.min(0.999, Math.max(0.001, (mean - low) / span));
            b = Math.log(x / (1 - x));
        }
        head.bias.value[0] = (float) b;
        inferWeights = null;
    }

    // ------------------------------------------------------------------ buffers

    /** Per-batch arrays for up to {@code cap} rows. */
    private NnBatch batch(int cap) {
        return new NnBatch(cap, inputs.fields, width, linear, head);
    }

    private NnBatch buffers(int m) {
        if (buf == null || buf.cap < m) buf = batch(Math.max(m, 64));
        return buf;
    }

    // ------------------------------------------------------------------ forward

    /** Fills the input matrix for {@code m} (user, item, time) triples already in {@code b}; {@code hasTime} says whether times are valid. */
    private void input(NnBatch b, int m, boolean hasTime, boolean stateful) {
        inputs.fill(b, m, hasTime, stateful, inputs.fields, userCode, itemCode, embScale);
    }

    /** As {@link #input(NnBatch, int, boolean, boolean)} with the fields and the id codes given ({@link NnInput#fill}). */
    private void input(NnBatch b, int m, boolean hasTime, boolean stateful, Field[] fields, int[] userCode, int[] itemCode) {
        inputs.fill(b, m, hasTime, stateful, fields, userCode, itemCode, embScale);
    }

    /** The layers in training mode, keeping what backward needs. */
    private void layersTrain(NnBatch b, int m) {
        embDropout.forwardColumns(b.x, m, width, 0, embWidth, true);
        float[] in = b.x;
        for (int l = 0; l < linear.length; l++) {
            linear[l].forward(in, m, b.lin[l]);
            relu[l].forward(b.lin[l], m, linear[l].out, b.act[l]);
            norm[l].forward(b.act[l], m, b.out[l], true);
            drop[l].forward(b.out[l], m * linear[l].out, b.out[l], true);
            in = b.out[l];
        }
        head.forward(in, m, b.y);
    }

    /** The layers at inference: no dropout, batch-norm running statistics, no state kept. */
    private void layersInfer(NnBatch b, int m) {
        Linear.Frozen[] w = inferWeights();
        float[] in = b.x;
        for (int l = 0; l < linear.length; l++) {
            linear[l].infer(in, b.lin[l], 0, m, w[l], b.acc);
            float[] a = b.lin[l];
            int n = m * linear[l].out;
            for (int j = 0; j < n; j++) a[j] = Math.max(a[j], 0f);
            norm[l].infer(a, m, b.out[l]);
            in = b.out[l];
        }
        head.infer(in, b.y, 0, m, w[linear.length], b.acc);
    }

    private float output(float raw) {
        return squash ? low + span / (1f + (float) Math.exp(-raw)) : raw;
    }

    @Override
    public void forward(Ratings data, int[] rows, int from, int to, float[] out) {
        int m = to - from;
        NnBatch b = buffers(m);
        boolean hasTime = data.hasTime();
        for (int s = 0; s < m; s++) {
            int r = rows[from + s];
            b.user[s] = data.user(r);
            b.item[s] = data.item(r);
            if (hasTime) b.time[s] = data.time(r);
        }
        input(b, m, hasTime, training);
        if (training) layersTrain(b, m);
        else layersInfer(b, m);
        for (int s = 0; s < m; s++) out[s] = output(b.y[s]);
    }

    @Override
    public void backward(float[] dOut) {
        if (!training) throw new IllegalStateException("backward needs a forward pass in training mode (setTraining(true))");
        NnBatch b = buf;
        int m = head.batchRows();
        float[] dy = b.y; // the raw outputs are no longer needed: reuse as the head's gradient
        for (int s = 0; s < m; s++) {
            float d = dOut[s];
            if (squash) {
                float sig = 1f / (1f + (float) Math.exp(-dy[s]));
                d *= span * sig * (1f - sig);
            }
            dy[s] = d;
        }
        int nl = linear.length;
        head.backward(dy, b.g1[nl - 1]);
        for (int l = nl - 1; l >= 0; l--) {
            float[] g = b.g1[l], t = b.g2[l];
            drop[l].backward(g, g);
            norm[l].backward(g, t);
            relu[l].backward(t, t);
            linear[l].backward(t, l == 0 ? b.dx : b.g1[l - 1]);
        }
        float[] dx = b.dx;
        embDropout.backwardColumns(dx, m, width, 0, embWidth);
        inputs.backward(dx, m, embScale);
    }

    // ------------------------------------------------------------------ scoring

    private static final int CHUNK = 512;

    @Override
    public float predict(int user, int item) {
        NnBatch b = batch(1);
        b.user[0] = user;
        b.item[0] = item;
        input(b, 1, false, false);
        layersInfer(b, 1);
        return output(b.y[0]);
    }

    /** Prediction for a rating made at {@code seconds} since the epoch (time features use it). */
    public float predict(int user, int item, long seconds) {
        NnBatch b = batch(1);
        b.user[0] = user;
        b.item[0] = item;
        b.time[0] = seconds;
        input(b, 1, true, false);
        layersInfer(b, 1);
        return output(b.y[0]);
    }

    @Override
    public void scoreItems(int user, float[] out) {
        NnBatch b = batch(Math.min(CHUNK, Math.max(1, numItems)));
        for (int from = 0; from < numItems; from += b.cap) {
            int m = Math.min(b.cap, numItems - from);
            for (int s = 0; s < m; s++) {
                b.user[s] = user;
                b.item[s] = from + s;
            }
            input(b, m, false, false);
            layersInfer(b, m);
            for (int s = 0; s < m; s++) out[from + s] = output(b.y[s]);
        }
    }

    private static final int[] UNKNOWN_CODE = {0};

    @Override
    public void scoreItems(SideProfile user, float[] out) {
        Field[] fs = check(user, Field.Source.USER).fields();
        NnBatch b = batch(Math.min(CHUNK, Math.max(1, numItems)));
        for (int from = 0; from < numItems; from += b.cap) {
            int m = Math.min(b.cap, numItems - from);
            for (int s = 0; s < m; s++) {
                b.user[s] = 0;
                b.item[s] = from + s;
            }
            input(b, m, false, false, fs, UNKNOWN_CODE, itemCode);
            layersInfer(b, m);
            for (int s = 0; s < m; s++) out[from + s] = output(b.y[s]);
        }
    }

    @Override
    public float predict(SideProfile user, int item) {
        NnBatch b = batch(1);
        b.user[0] = 0;
        b.item[0] = item;
        input(b, 1, false, false, check(user, Field.Source.USER).fields(), UNKNOWN_CODE, itemCode);
        layersInfer(b, 1);
        return output(b.y[0]);
    }

    @Override
    public float predict(int user, SideProfile item) {
        NnBatch b = batch(1);
        b.user[0] = user;
        b.item[0] = 0;
        input(b, 1, false, false, check(item, Field.Source.ITEM).fields(), userCode, UNKNOWN_CODE);
        layersInfer(b, 1);
        return output(b.y[0]);
    }

    @Override
    public boolean usesTime() {
        return features.usesTime();
    }

    @Override
    public void predictRatings(Ratings data, int[] rows, int from, int to, float[] out) {
        NnBatch b = batch(Math.min(CHUNK, Math.max(1, to - from)));
        boolean hasTime = data.hasTime();
        for (int at = from; at < to; at += b.cap) {
            int m = Math.min(b.cap, to - at);
            for (int s = 0; s < m; s++) {
                int r = rows[at + s];
                b.user[s] = data.user(r);
                b.item[s] = data.item(r);
                if (hasTime) b.time[s] = data.time(r);
            }
            input(b, m, hasTime, false);
            layersInfer(b, m);
            for (int s = 0; s < m; s++) out[at - from + s] = output(b.y[s]);
        }
    }

    // ------------------------------------------------------------------ unknown slots

    @Override
    public void prepare(Ratings data, int[] trainRows) {
        inputs.prepare(data, trainRows);
    }

    /**
     * Every embedding row that no training rating used (the unknown slots, users and items
     * without training ratings, categories only seen outside training) becomes the
     * usage-weighted mean of the rows that were used, instead of keeping its random start.
     */
    @Override
    public void finish(Ratings data, int[] trainRows) {
        inputs.finish(data, trainRows);
    }
}
