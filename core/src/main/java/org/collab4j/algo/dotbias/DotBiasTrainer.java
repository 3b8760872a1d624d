package org.collab4j.algo.dotbias;

import org.collab4j.train.Adam;
import org.collab4j.train.Callback;
import org.collab4j.train.History;
import org.collab4j.train.LazyAdam;
import org.collab4j.train.Learner;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.Optimizer;
import org.collab4j.train.Schedule;
import org.collab4j.train.Sgd;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import org.collab4j.train.Trainable;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.model.FactorModel;

/**
 * Trains fastai's DotProductBias. With {@code adam} (the default) it runs the mini-batch
 * {@link Learner} under fastai's protocol; with {@code sgd} it runs per-rating plain SGD with
 * per-rating L2 (LIBMF's setting) over a block-partitioned grid on all threads ({@link BlockSgd}):
 * {@code lr} is the SGD step, {@code wd} the L2 lambda on factor rows, and the model-specific
 * options {@code bias_l2} (default: {@code wd}), {@code bins} (default
 * {@link BlockSgd#defaultBins(int, int, int, int)}) and {@code init_std} (default 0.01) tune it further.
 */
public final class DotBiasTrainer implements ModelTrainer {
    @Override
    public String name() {
        return DotProductBias.KIND;
    }

    @Override
    public boolean usesLearningRate() {
        return true;
    }

    @Override
    public String description() {
        return "fastai's DotProductBias: factors and biases, sigmoid_range(y_range), SGD/Adam";
    }

    /** The y_range to use: the configured one, else derived from the rating scale (0..5.5 for 1..5 stars). */
    public static float[] yRange(Dataset data, TrainConfig config) {
        return config.yRange() != null ? config.yRange() : data.ratings().scale().defaultYRange();
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        if (config.extra().containsKey("features") && config.optimizer().equals("sgd"))
            throw new IllegalArgumentException("--features with dot-bias trains with Adam; drop --optimizer sgd");
        if (config.extra().containsKey("features")) return FeatureDotBiasTrainer.train(data, split, config, callbacks);
        if (config.optimizer().equals("sgd")) return trainSgd(data, split, config, callbacks);
        DotProductBias model = new DotProductBias(data.ratings().numUsers(), data.ratings().numItems(), config.factors(),
                yRange(data, config), config.seed(), options(config));
        Learner learner = learner(model, data, split, config);
        for (Callback cb : callbacks) learner.addCallback(cb);
        History h = run(learner, config);
        return new TrainResult(model.model(), h);
    }

    @Override
    public Trainable trainable(Dataset data, TrainConfig config) {
        return new DotProductBias(data.ratings().numUsers(), data.ratings().numItems(), config.factors(),
                yRange(data, config), config.seed(), options(config));
    }

    /**
     * The model's regularisation from the model-specific options: {@code regularization=fastai}
     * for fastai's exact recipe (no per-rating L2, decayed biases, Adam's eps 1e-5), otherwise
     * collab4j's defaults, with {@code factor_l2} and {@code bias_l2} overriding the per-rating L2.
     */
    public static DotProductBias.Options options(TrainConfig config) {
        String reg = config.extra("regularization", "collab4j");
        DotProductBias.Options o;
        if (reg.equals("fastai")) o = DotProductBias.Options.fastaiExact();
        else if (reg.equals("collab4j")) o = DotProductBias.Options.defaults();
        else throw new IllegalArgumentException("--set regularization must be collab4j or fastai, got '" + reg + "'");
        // --set factor_l2 / bias_l2 (or factor-l2 / bias-l2): the per-rating L2 weights, i.e. the
        // Gaussian priors of PMF's MAP objective (see DotProductBias)
        for (String key : new String[] {"factor_l2", "factor-l2"})
            if (config.extra().containsKey(key)) o = o.withFactorL2(number(config, key));
        for (String key : new String[] {"bias_l2", "bias-l2"})
            if (config.extra().containsKey(key)) o = o.withBiasL2(number(config, key));
        return o;
    }

    private static float number(TrainConfig config, String key) {
        String v = config.extra(key, "");
        try {
            float x = Float.parseFloat(v.trim());
            if (x >= 0 && Float.isFinite(x)) return x;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("dot-bias: " + key + " must be a number >= 0, got '" + v + "'");
    }

    /**
     * The configured optimizer: SGD, or Adam; {@code --set adam=lazy} picks {@link LazyAdam}
     * (only the rows a batch touched are stepped: faster on large embedding tables, but not
     * fastai's semantics, so not the default; {@code adam=dense} is).
     */
    public static Optimizer optimizer(TrainConfig config) {
        if (config.optimizer().equals("sgd")) return new Sgd();
        String kind = config.extra("adam", "dense");
        return switch (kind) {
            case "dense" -> new Adam();
            case "lazy" -> new LazyAdam();
            default -> throw new IllegalArgumentException("--set adam must be dense or lazy, got '" + kind + "'");
        };
    }

    /** Per-rating SGD on a block grid; the global offset starts at the value that centres the training mean. */
    static TrainResult trainSgd(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        Ratings r = data.ratings();
        float[] yr = yRange(data, config);
        float mean = (float) r.mean(split.train());
        float global = mean;
        if (yr != null) {
            double x = Math.min(0.999, Math.max(0.001, (mean - yr[0]) / (yr[1] - yr[0])));
            global = (float) Math.log(x / (1 - x));
        }
        float std = Float.parseFloat(config.extra("init_std", "0.01"));
        FactorModel model = FactorModel.initialized(DotProductBias.KIND, r.numUsers(), r.numItems(), config.factors(), std,
                global, yr, config.seed());
        java.util.Arrays.fill(model.userBias(), 0f);
        java.util.Arrays.fill(model.itemBias(), 0f);
        int bins = Integer.parseInt(config.extra("bins", "0"));
        BlockSgd sgd = new BlockSgd(model, r, split, config.threads(), bins, config.seed());
        for (Callback cb : callbacks) sgd.addCallback(cb);
        float l2 = (float) config.wd();
        float biasL2 = Float.parseFloat(config.extra("bias_l2", Double.toString(config.wd())));
        Schedule schedule = config.schedule().equals("one-cycle") ? Schedule.oneCycle(config.lr()) : Schedule.constant(config.lr(), 0);
        History h = sgd.fit(config.epochs(), schedule, l2, biasL2);
        return new TrainResult(model, h);
    }

    /** A Learner for {@code model} with the configured optimizer, batch size, threads and seed. */
    public static Learner learner(Trainable model, Dataset data, Split split, TrainConfig config) {
        return new Learner(model, data.ratings(), split, optimizer(config), config.batchSize(), config.threads(), config.seed());
    }

    /** Runs the configured schedule: one-cycle, or a constant rate. */
    public static History run(Learner learner, TrainConfig config) {
        return config.schedule().equals("one-cycle")
                ? learner.fitOneCycle(config.epochs(), config.lr(), config.wd())
                : learner.fit(config.epochs(), config.lr(), config.wd());
    }
}
