package org.collab4j.algo.nn;

import org.collab4j.algo.dotbias.DotBiasTrainer;
import org.collab4j.train.Adam;
import org.collab4j.train.Callback;
import org.collab4j.train.History;
import org.collab4j.train.Learner;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.Optimizer;
import org.collab4j.train.Param;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.features.Features;
import org.collab4j.train.SideInputs;
import org.collab4j.kernel.Parallel;

/**
 * Trains fastai's EmbeddingNN ({@code nn}) with the {@link Learner}, optionally with side
 * information. Model options (in {@link TrainConfig#extra}): {@code layers=100,50},
 * {@code emb=U,I} (embedding widths; default fastai's rule), {@code emb_drop=P},
 * {@code dropout=P[,P...]} (after each hidden layer), the training {@link Options}
 * ({@code regularization=collab4j|fastai}, {@code emb_lr}, {@code emb_eps}, {@code dense_eps},
 * {@code centre}), and the side-information options of {@link SideInputs} ({@code features},
 * {@code user_features}, {@code item_features}).
 */
public final class NnTrainer implements ModelTrainer {
    @Override
    public String name() {
        return EmbeddingNN.KIND;
    }

    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("layers", "hidden layer widths (default 100,50; also --layers)");
        OPTIONS.put("emb", "USER,ITEM embedding widths (default fastai's rule)");
        OPTIONS.put("emb_drop", "dropout on the concatenated embeddings (default 0)");
        OPTIONS.put("dropout", "dropout after each hidden layer, one value or one per layer (default 0)");
        OPTIONS.put("regularization", "collab4j (default) or fastai (fastai's exact training recipe)");
        OPTIONS.put("emb_lr", "learning-rate multiplier of the embedding tables (default 3; fastai 1)");
        OPTIONS.put("emb_eps", "Adam eps of the embedding tables (default 1e-3; fastai 1e-5)");
        OPTIONS.put("emb_sqr_mom", "Adam's second-moment decay for the embedding tables (default 0.9; fastai 0.99)");
        OPTIONS.put("dense_eps", "Adam eps of the linear and batch-norm tensors (default 1e-3; fastai 1e-5)");
        OPTIONS.put("centre", "start the output at the training mean, true or false (default true; fastai false)");
    }

    @Override
    public Map<String, String> options() {
        return OPTIONS;
    }

    @Override
    public boolean usesLearningRate() {
        return true;
    }

    @Override
    public String description() {
        return "fastai's EmbeddingNN: concatenated embeddings (+ side information) through Linear-ReLU-BatchNorm layers";
    }

    /**
     * How the network is trained, beyond the shared protocol (epochs, lr, wd, one-cycle, batch).
     * {@link #fastaiExact()} is fastai's {@code collab_learner(use_nn=True)}: one rate and
     * Adam's eps 1e-5 for every tensor, PyTorch's initialisation. The default, {@link #defaults()},
     * departs from it in four ways that together lower the validation RMSE on MovieLens 100k
     * under fastai's protocol from 0.9303 to 0.9216 (mean of seeds 42, 1, 2; better on each of
     * five seeds; docs/benchmarks-issue3.md):
     * <ul>
     * <li><b>Embeddings at three times the rate</b> ({@code embLr} 3): the tables learn slower
     * than the dense layers need (the network starts from embeddings of scale 0.01 and Adam moves
     * every tensor by about lr per step); done by reparametrisation
     * ({@link EmbeddingNN#setEmbeddingScale}), so the trained model is a plain EmbeddingNN.</li>
     * <li><b>Adam eps 1e-3</b> for the embedding tables and the dense tensors: a damped, SGD-like
     * step for coordinates whose gradients are small and noisy (rare users and items, units that
     * barely move the loss), full Adam speed for the rest; as {@code DotProductBias.Options}.</li>
     * <li><b>A shorter second-moment memory for the embedding tables</b> (Adam's {@code sqr_mom}
     * 0.9 instead of 0.99): with dense Adam an idle row's second moment decays while its first
     * moment carries on, so each rare occurrence is followed by a train of near sign-sized steps;
     * a faster-following second moment keeps the steps of rare rows in proportion.</li>
     * <li><b>Output centred on the training mean</b> ({@link EmbeddingNN#centreOutput}): the head's
     * bias starts at the logit of the mean rating instead of near the middle of y_range.</li>
     * </ul>
     *
     * @param embLr     learning-rate multiplier of the embedding tables (1 = the optimizer's rate)
     * @param embEps    Adam eps of the embedding tables (NaN = the optimizer's own)
     * @param denseEps  Adam eps of the linear and batch-norm tensors (NaN = the optimizer's own)
     * @param embSqrMom Adam's second-moment decay for the embedding tables (NaN = the optimizer's, 0.99)
     * @param centre    whether the head's bias starts at the training mean
     */
    public record Options(float embLr, double embEps, double denseEps, double embSqrMom, boolean centre) {
        public Options {
            if (!(embLr > 0) || !Float.isFinite(embLr)) throw new IllegalArgumentException("emb_lr must be a positive number, got " + embLr);
            if (embEps <= 0 || denseEps <= 0) throw new IllegalArgumentException("eps must be > 0 (or NaN for the optimizer's), got " + embEps + ", " + denseEps);
            if (!Double.isNaN(embSqrMom) && !(embSqrMom >= 0 && embSqrMom < 1))
                throw new IllegalArgumentException("emb_sqr_mom must be in [0, 1), got " + embSqrMom);
        }

        /** collab4j's default: embeddings at 3x the rate, eps 1e-3, sqr_mom 0.9 for the tables, centred output. */
        public static Options defaults() {
            return new Options(3f, 1e-3, 1e-3, 0.9, true);
        }

        /** fastai's EmbeddingNN training exactly. */
        public static Options fastaiExact() {
            return new Options(1f, Double.NaN, Double.NaN, Double.NaN, false);
        }
    }

    /**
     * The training options: {@code regularization=fastai} for fastai's exact recipe, otherwise
     * collab4j's defaults; {@code emb_lr}, {@code emb_eps}, {@code dense_eps}, {@code emb_sqr_mom}
     * and {@code centre=true|false} override single settings.
     */
    public static Options options(TrainConfig config) {
        String reg = config.extra("regularization", "collab4j");
        Options o;
        if (reg.equals("fastai")) o = Options.fastaiExact();
        else if (reg.equals("collab4j")) o = Options.defaults();
        else throw new IllegalArgumentException("--set regularization must be collab4j or fastai, got '" + reg + "'");
        float embLr = config.extra().containsKey("emb_lr") ? (float) positive(config, "emb_lr") : o.embLr();
        double embEps = config.extra().containsKey("emb_eps") ? positive(config, "emb_eps") : o.embEps();
        double denseEps = config.extra().containsKey("dense_eps") ? positive(config, "dense_eps") : o.denseEps();
        double sqrMom = o.embSqrMom();
        String sm = config.extra("emb_sqr_mom", null);
        if (sm != null) {
            try {
                sqrMom = Double.parseDouble(sm.trim());
            } catch (NumberFormatException e) {
                sqrMom = -1;
            }
            if (!(sqrMom >= 0 && sqrMom < 1)) throw new IllegalArgumentException("emb_sqr_mom must be a number in [0, 1), got '" + sm + "'");
        }
        boolean centre = o.centre();
        String c = config.extra("centre", null);
        if (c != null) {
            if (!c.equals("true") && !c.equals("false")) throw new IllegalArgumentException("centre must be true or false, got '" + c + "'");
            centre = c.equals("true");
        }
        return new Options(embLr, embEps, denseEps, sqrMom, centre);
    }

    private static double positive(TrainConfig config, String key) {
        String v = config.extra(key, "");
        double x;
        try {
            x = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            x = Double.NaN;
        }
        if (!(x > 0) || Double.isInfinite(x)) throw new IllegalArgumentException(key + " must be a positive number, got '" + v + "'");
        return x;
    }

    /**
     * Adam with its own second-moment decay ({@code sqr_mom}) for the embedding tables: two
     * {@link Adam}s, one stepping the tables and one the other tensors; each is exactly fastai's
     * Adam for its tensors.
     */
    static final class TableAdam implements Optimizer {
        private final Adam tables;
        private final Adam dense = new Adam();
        private final java.util.Set<Param> tableParams;
        private boolean[] isTable;

        TableAdam(double tableSqrMom, java.util.Set<Param> tableParams) {
            this.tables = new Adam(tableSqrMom, 1e-5);
            this.tableParams = tableParams;
        }

        @Override
        public void init(Param[] params) {
            tables.init(params);
            dense.init(params);
            isTable = new boolean[params.length];
            for (int p = 0; p < params.length; p++) isTable[p] = tableParams.contains(params[p]);
        }

        @Override
        public void beginStep(double lr, double mom, double wd) {
            tables.beginStep(lr, mom, wd);
            dense.beginStep(lr, mom, wd);
        }

        @Override
        public void step(Param param, int p, int from, int to, double lr, double mom, double wd) {
            (isTable[p] ? tables : dense).step(param, p, from, to, lr, mom, wd);
        }

        @Override
        public String name() {
            return "adam";
        }
    }

    /** The architecture from the configuration's model options. */
    public static EmbeddingNN.Config config(TrainConfig config, float[] yRange) {
        int[] layers = SideInputs.ints("layers", config.extra("layers", "100,50"));
        int[] emb = SideInputs.ints("emb", config.extra("emb", "0,0"));
        if (emb.length != 2) throw new IllegalArgumentException("emb must be USER,ITEM embedding widths, e.g. emb=74,102, got '" + config.extra("emb", "") + "'");
        float embDrop = SideInputs.prob("emb_drop", config.extra("emb_drop", "0"));
        String ps = config.extra("dropout", "0");
        float[] dropout = new float[layers.length];
        String[] parts = ps.split(",");
        if (parts.length != 1 && parts.length != layers.length)
            throw new IllegalArgumentException("dropout needs one probability, or one per hidden layer (" + layers.length + "), got '" + ps + "'");
        for (int l = 0; l < layers.length; l++) dropout[l] = SideInputs.prob("dropout", parts[parts.length == 1 ? 0 : l]);
        return new EmbeddingNN.Config(emb[0], emb[1], layers, embDrop, dropout, yRange, config.seed());
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        EmbeddingNN.Config arch = config(config, DotBiasTrainer.yRange(data, config));
        Features features = SideInputs.features(data, config, split.train());
        Options options = options(config);
        EmbeddingNN model = new EmbeddingNN(data.ratings().numUsers(), data.ratings().numItems(), features, arch);
        for (Param p : model.params()) p.eps = options.denseEps();
        for (var t : model.embeddings()) t.weight.eps = options.embEps();
        if (options.centre()) model.centreOutput(data.ratings().mean(split.train()));
        // a step on a table held as E/c moves E by c times Adam's step, c^2 times SGD's
        float lrScale = options.embLr();
        model.setEmbeddingScale(config.optimizer().equals("sgd") ? (float) Math.sqrt(lrScale) : lrScale);
        Optimizer optimizer = DotBiasTrainer.optimizer(config);
        if (optimizer instanceof Adam && !Double.isNaN(options.embSqrMom())) {
            java.util.Set<Param> tables = new java.util.HashSet<>();
            for (var t : model.embeddings()) tables.add(t.weight);
            optimizer = new TableAdam(options.embSqrMom(), tables);
        }
        Learner learner = new Learner(model, data.ratings(), split, optimizer, config.batchSize(), config.threads(), config.seed());
        for (Callback cb : callbacks) learner.addCallback(cb);
        try (Parallel par = new Parallel(config.threads())) {
            model.setParallel(par);
            learner.parallel(par); // one set of threads for the layers' products and the optimizer step
            History h = DotBiasTrainer.run(learner, config);
            return new TrainResult(model, h);
        } finally {
            model.setParallel(Parallel.SERIAL);
            model.setEmbeddingScale(1f);
        }
    }
}
