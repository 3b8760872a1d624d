package org.collab4j.algo.nn;

import org.collab4j.train.Adam;
import org.collab4j.train.Callback;
import org.collab4j.train.History;
import org.collab4j.train.Learner;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.Optimizer;
import org.collab4j.train.Param;
import org.collab4j.train.Recipes;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.features.Features;
import org.collab4j.train.SideInputs;
import org.collab4j.kernel.Workers;

/**
 * Trains fastai's EmbeddingNN ({@code nn}) with the {@link Learner}, optionally with side
 * information. Model options (in {@link TrainConfig#extra}): {@code layers=100,50},
 * {@code emb=U,I} (embedding widths; default fastai's rule), {@code emb-drop=P},
 * {@code dropout=P[,P...]} (after each hidden layer), the training {@link Options}
 * ({@code regularization=collab4j|fastai}, {@code emb-lr}, {@code emb-eps}, {@code emb-sqr-mom},
 * {@code dense-eps}, {@code centre}), {@code adam=dense|lazy}, and the side-information options of
 * {@link SideInputs} ({@code features}, {@code user-features}, {@code item-features}).
 */
public final class NnTrainer implements ModelTrainer {
    @Override
    public String name() {
        return EmbeddingNN.KIND;
    }

    @Override
    public boolean usesLearningRate() {
        return true;
    }

    static final List<OptionSpec> OPTIONS = specs();

    private static List<OptionSpec> specs() {
        OptionSpec.Range positive = OptionSpec.Range.above(0), probability = OptionSpec.Range.probability();
        List<OptionSpec> o = new ArrayList<>();
        o.add(OptionSpec.list("layers", OptionSpec.Kind.INT, "100,50", OptionSpec.Range.atLeast(1), "hidden layer widths (also --layers)"));
        o.add(OptionSpec.list("emb", OptionSpec.Kind.INT, null, OptionSpec.Range.atLeast(0),
                "USER,ITEM embedding widths (default: fastai's rule, min(600, round(1.6 * n^0.56)))"));
        o.add(OptionSpec.number("emb-drop", 0.0, probability, "dropout on the concatenated embeddings").alias("emb_drop"));
        o.add(OptionSpec.list("dropout", OptionSpec.Kind.DOUBLE, "0", probability, "dropout after each hidden layer, one value or one per layer"));
        o.add(OptionSpec.choice("regularization", "collab4j", List.of("collab4j", "fastai"),
                "collab4j's training recipe, or fastai's exact one (every setting below at fastai's value)"));
        o.add(OptionSpec.number("emb-lr", null, positive, "learning-rate multiplier of the embedding tables (default 3; fastai 1)").alias("emb_lr"));
        o.add(OptionSpec.number("emb-eps", null, positive, "Adam eps of the embedding tables (default 1e-3; fastai 1e-5)").alias("emb_eps"));
        o.add(OptionSpec.number("emb-sqr-mom", null, probability, "Adam's second-moment decay for the embedding tables (default 0.9; fastai 0.99)")
                .alias("emb_sqr_mom"));
        o.add(OptionSpec.number("dense-eps", null, positive, "Adam eps of the linear and batch-norm tensors (default 1e-3; fastai 1e-5)")
                .alias("dense_eps"));
        o.add(OptionSpec.bool("centre", null, "start the output at the training mean (default true; fastai false)"));
        o.add(Recipes.ADAM);
        o.addAll(SideInputs.OPTIONS);
        return List.copyOf(o);
    }

    /**
     * How the network is trained, beyond the shared protocol (epochs, lr, wd, one-cycle, batch).
     * {@link #fastaiExact()} is fastai's {@code collab_learner(use_nn=True)}: one rate and
     * Adam's eps 1e-5 for every tensor, PyTorch's initialisation. The default, {@link #defaults()},
     * departs from it in four ways that together lower the validation RMSE on MovieLens 100k
     * under fastai's protocol from 0.9303 to 0.9216 (mean of seeds 42, 1, 2; better on each of
     * five seeds; docs/notes/nn-and-side-information.md):
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
            if (!(embLr > 0) || !Float.isFinite(embLr)) throw new IllegalArgumentException("emb-lr must be a positive number, got " + embLr);
            if (embEps <= 0 || denseEps <= 0) throw new IllegalArgumentException("eps must be > 0 (or NaN for the optimizer's), got " + embEps + ", " + denseEps);
            if (!Double.isNaN(embSqrMom) && !(embSqrMom >= 0 && embSqrMom < 1))
                throw new IllegalArgumentException("emb-sqr-mom must be in [0, 1), got " + embSqrMom);
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
     * collab4j's defaults; {@code emb-lr}, {@code emb-eps}, {@code dense-eps}, {@code emb-sqr-mom}
     * and {@code centre=true|false} override single settings.
     */
    public static Options options(TrainConfig config) {
        return options(OptionValues.parse(EmbeddingNN.KIND, OPTIONS, config));
    }

    private static Options options(OptionValues opt) {
        Options o = opt.getString("regularization").equals("fastai") ? Options.fastaiExact() : Options.defaults();
        float embLr = opt.has("emb-lr") ? (float) opt.getDouble("emb-lr") : o.embLr();
        return new Options(embLr, opt.getDouble("emb-eps", o.embEps()), opt.getDouble("dense-eps", o.denseEps()),
                opt.getDouble("emb-sqr-mom", o.embSqrMom()), opt.has("centre") ? opt.getBoolean("centre") : o.centre());
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
        return config(OptionValues.parse(EmbeddingNN.KIND, OPTIONS, config), config.seed(), yRange);
    }

    private static EmbeddingNN.Config config(OptionValues opt, long seed, float[] yRange) {
        int[] layers = opt.getInts("layers");
        int[] emb = opt.has("emb") ? opt.getInts("emb") : new int[] {0, 0};
        if (emb.length != 2)
            throw new IllegalArgumentException("nn: emb must be USER,ITEM embedding widths, e.g. emb=74,102, got '" + opt.canonical().get("emb") + "'");
        float[] ps = opt.getFloats("dropout");
        if (ps.length != 1 && ps.length != layers.length)
            throw new IllegalArgumentException("nn: dropout needs one probability, or one per hidden layer (" + layers.length + "), got '"
                    + opt.canonical().get("dropout") + "'");
        float[] dropout = new float[layers.length];
        for (int l = 0; l < layers.length; l++) dropout[l] = ps[ps.length == 1 ? 0 : l];
        return new EmbeddingNN.Config(emb[0], emb[1], layers, opt.getFloat("emb-drop"), dropout, yRange, seed);
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(name(), OPTIONS, config);
        EmbeddingNN.Config arch = config(opt, config.seed(), Recipes.yRange(data, config));
        Features features = SideInputs.features(data, config, split.train());
        Options options = options(opt);
        EmbeddingNN model = new EmbeddingNN(data.ratings().numUsers(), data.ratings().numItems(), features, arch);
        for (Param p : model.params()) p.eps = options.denseEps();
        for (var t : model.embeddings()) t.weight.eps = options.embEps();
        if (options.centre()) model.centreOutput(data.ratings().mean(split.train()));
        // a step on a table held as E/c moves E by c times Adam's step, c^2 times SGD's
        float lrScale = options.embLr();
        model.setEmbeddingScale(config.optimizer().equals("sgd") ? (float) Math.sqrt(lrScale) : lrScale);
        Optimizer optimizer = Recipes.optimizer(config);
        if (optimizer instanceof Adam && !Double.isNaN(options.embSqrMom())) {
            java.util.Set<Param> tables = new java.util.HashSet<>();
            for (var t : model.embeddings()) tables.add(t.weight);
            optimizer = new TableAdam(options.embSqrMom(), tables);
        }
        Learner learner = new Learner(model, data.ratings(), split, optimizer, config.batchSize(), config.threads(), config.seed());
        for (Callback cb : callbacks) learner.addCallback(cb);
        try (Workers par = new Workers(config.threads())) {
            model.setParallel(par);
            learner.parallel(par); // one set of threads for the layers' products and the optimizer step
            History h = Recipes.run(learner, config);
            return new TrainResult(model, h);
        } finally {
            model.setParallel(Workers.SERIAL);
            model.setEmbeddingScale(1f);
        }
    }
}
