package org.collab4j.algo.dotbias;

import org.collab4j.train.Callback;
import org.collab4j.train.History;
import org.collab4j.train.Learner;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.Recipes;
import org.collab4j.train.Schedule;
import org.collab4j.train.SideInputs;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import org.collab4j.train.Trainable;
import org.collab4j.train.TrainingData;
import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Split;
import org.collab4j.model.FactorModel;

/**
 * Trains fastai's DotProductBias. With {@code adam} (the default) it runs the mini-batch
 * {@link Learner} under fastai's protocol; with {@code sgd} it runs per-rating plain SGD with
 * per-rating L2 (LIBMF's setting) over a block-partitioned grid on all threads ({@link BlockSgd}):
 * {@code lr} is the SGD step, {@code wd} the L2 lambda on factor rows, and the model-specific
 * options {@code bias-l2} (default: {@code wd}), {@code bins} (default
 * {@link BlockSgd#defaultBins(int, int, int, int)}) and {@code init-std} (default 0.01) tune it further.
 * With {@code features} it trains a {@link FeatureDotBias} ({@link FeatureDotBiasTrainer}).
 */
public final class DotBiasTrainer implements ModelTrainer {
    static final List<OptionSpec> OPTIONS = specs();

    private static List<OptionSpec> specs() {
        List<OptionSpec> o = new ArrayList<>();
        o.add(OptionSpec.choice("regularization", "collab4j", List.of("collab4j", "fastai"),
                "collab4j's training recipe, or fastai's exact one (no per-rating L2, decayed biases, Adam eps 1e-5)"));
        o.add(OptionSpec.number("factor-l2", null, OptionSpec.Range.atLeast(0),
                "per-rating L2 on the factor rows (default: the regularization's, 0.02 for collab4j; with --optimizer sgd: --wd)").alias("factor_l2"));
        o.add(OptionSpec.number("bias-l2", null, OptionSpec.Range.atLeast(0),
                "per-rating L2 on the biases (default: the regularization's, 0.15 for collab4j; with --optimizer sgd: --wd)").alias("bias_l2"));
        o.add(Recipes.ADAM);
        o.add(OptionSpec.number("init-std", 0.01, OptionSpec.Range.atLeast(0), "standard deviation of the initial factors (--optimizer sgd)")
                .alias("init_std"));
        o.add(OptionSpec.integer("bins", 0, 0, "side of the block grid of parallel SGD, 0 = chosen from the threads and the data (--optimizer sgd)"));
        o.addAll(SideInputs.OPTIONS);
        return List.copyOf(o);
    }

    @Override
    public String name() {
        return DotProductBias.KIND;
    }

    @Override
    public boolean usesLearningRate() {
        return true;
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(name(), OPTIONS, config);
        if (opt.has("features") && config.optimizer().equals("sgd"))
            throw new IllegalArgumentException("--features with dot-bias trains with Adam; drop --optimizer sgd");
        if (opt.has("features")) return FeatureDotBiasTrainer.train(data, split, config, callbacks);
        if (config.optimizer().equals("sgd")) return trainSgd(data, split, config, opt, callbacks);
        DotProductBias model = new DotProductBias(data.ratings().numUsers(), data.ratings().numItems(), config.factors(),
                Recipes.yRange(data, config), config.seed(), options(opt));
        startAtTheMeanWhenOutOfReach(model.model(), data.ratings().mean(split.train()), split.numTrain(), config);
        Learner learner = Recipes.learner(model, data, split, config);
        for (Callback cb : callbacks) learner.addCallback(cb);
        History h = Recipes.run(learner, config);
        return new TrainResult(model.model(), h);
    }

    @Override
    public Trainable trainable(Dataset data, TrainConfig config) {
        return new DotProductBias(data.ratings().numUsers(), data.ratings().numItems(), config.factors(),
                Recipes.yRange(data, config), config.seed(), options(config));
    }

    /**
     * The model's regularisation from the model-specific options: {@code regularization=fastai}
     * for fastai's exact recipe (no per-rating L2, decayed biases, Adam's eps 1e-5), otherwise
     * collab4j's defaults, with {@code factor-l2} and {@code bias-l2} overriding the per-rating L2.
     */
    public static DotProductBias.Options options(TrainConfig config) {
        return options(OptionValues.parse(DotProductBias.KIND, OPTIONS, config));
    }

    private static DotProductBias.Options options(OptionValues opt) {
        DotProductBias.Options o = opt.getString("regularization").equals("fastai") ? DotProductBias.Options.fastaiExact()
                : DotProductBias.Options.defaults();
        // the per-rating L2 weights, i.e. the Gaussian priors of PMF's MAP objective (see DotProductBias)
        if (opt.has("factor-l2")) o = o.withFactorL2(opt.getFloat("factor-l2"));
        if (opt.has("bias-l2")) o = o.withBiasL2(opt.getFloat("bias-l2"));
        return o;
    }

    /**
     * Starts a fresh model at the training mean (a fixed global offset, the logit of the mean's
     * place in y_range) when the run cannot carry its biases there, else at the middle of y_range
     * as fastai does. Adam moves a parameter by at most about lr a step, so a run reaches about
     * steps x mean lr (half the peak under one-cycle) from where it starts; when that reach is
     * under {@link #REACH} times the distance to the mean the run starts there. The first 296
     * ratings of MovieLens 100k (4 batches an epoch, reach 0.05 against a distance of 0.64)
     * otherwise predict about 2.8 for everyone. A run that reaches far enough keeps the middle
     * start, which measured better: on MovieLens 100k (6,250 steps, reach 15.6) starting at the
     * mean gave validation RMSE 0.9012 / 0.8983 / 0.9038 over seeds 42 / 1 / 2 against 0.8960 /
     * 0.8925 / 0.8972 (also with the mean in the item biases, or split between user and item
     * biases, and with the bias and factor L2 re-tuned).
     *
     * @return whether the model starts at the mean
     */
    static boolean startAtTheMeanWhenOutOfReach(FactorModel model, double mean, int numTrain, TrainConfig config) {
        if (!model.squashed() || numTrain == 0 || !Double.isFinite(mean)) return false;
        double offset = offsetOfMean((float) mean, model.yRange());
        long steps = (long) config.epochs() * ((numTrain + config.batchSize() - 1) / config.batchSize());
        double reach = steps * config.lr() * (config.schedule().equals("one-cycle") ? 0.5 : 1.0);
        if (reach >= REACH * Math.abs(offset)) return false;
        model.setGlobal((float) offset);
        return true;
    }

    /**
     * The global offset at which a model with zero biases and factors predicts {@code mean}: the
     * logit of the mean's place in {@code yRange} (kept within (0.001, 0.999)), or the mean itself
     * for a model without y_range.
     */
    static double offsetOfMean(float mean, float[] yRange) {
        if (yRange == null) return mean;
        double x = Math.min(0.999, Math.max(0.001, (mean - yRange[0]) / (yRange[1] - yRange[0])));
        return Math.log(x / (1 - x));
    }

    /** How many times the distance to the mean a run must reach to start at the middle of y_range. */
    static final double REACH = 10;

    /**
     * Per-rating SGD; from data {@link TrainingData#handedOver handed over}, the rating columns and the split are let go of
     * ({@link TrainingData#release()}) while the grid is built ({@link BlockSgd#BlockSgd(TrainingData, int, int, int, long)}),
     * so that the epochs run beside four bytes a training rating instead of sixteen.
     */
    @Override
    public TrainResult train(TrainingData in, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(name(), OPTIONS, config);
        if (!config.optimizer().equals("sgd") || opt.has("features")) return ModelTrainer.super.train(in, config, callbacks);
        return SgdRun.of(in, config, opt, in.isHandedOver()).fit(config, opt, callbacks, in.isHandedOver());
    }

    /** Per-rating SGD on data the caller keeps. */
    private static TrainResult trainSgd(Dataset data, Split split, TrainConfig config, OptionValues opt, List<Callback> callbacks) {
        return SgdRun.of(new TrainingData(data, split), config, opt, false).fit(config, opt, callbacks, false);
    }

    /**
     * Per-rating SGD on a block grid: what it keeps of the data (the grid, the validation copy,
     * the ids and scale) and where the model starts (the global offset centres the training mean).
     */
    private record SgdRun(BlockSgd sgd, int numUsers, int numItems, float[] yRange, float global, IdIndex userIds, IdIndex itemIds,
                          RatingScale scale) {
        /**
         * The grid of {@code in}'s training ratings; {@code release}: letting go of {@code in}'s data
         * while it is built. No local here holds the data, so that the release frees it.
         */
        static SgdRun of(TrainingData in, TrainConfig config, OptionValues opt, boolean release) {
            float[] yr = Recipes.yRange(in.data(), config);
            float global = (float) offsetOfMean((float) in.data().ratings().mean(in.split().train()), yr);
            IdIndex userIds = in.data().ratings().userIds(), itemIds = in.data().ratings().itemIds();
            RatingScale scale = in.data().ratings().scale();
            int threads = config.threads(), bins = opt.getInt("bins"), factors = config.factors();
            BlockSgd sgd = release ? new BlockSgd(in, threads, bins, factors, config.seed())
                    : new BlockSgd(in.data().ratings(), in.split(), threads, bins, factors, config.seed());
            return new SgdRun(sgd, userIds.size(), itemIds.size(), yr, global, userIds, itemIds, scale);
        }

        /** Trains a model from its start; {@code withValidation}: the result carries the validation ratings. */
        TrainResult fit(TrainConfig config, OptionValues opt, List<Callback> callbacks, boolean withValidation) {
            FactorModel model = FactorModel.initialized(DotProductBias.KIND, numUsers, numItems, config.factors(), opt.getFloat("init-std"),
                    global, yRange, config.seed());
            java.util.Arrays.fill(model.userBias(), 0f);
            java.util.Arrays.fill(model.itemBias(), 0f);
            for (Callback cb : callbacks) sgd.addCallback(cb);
            float l2 = (float) config.wd();
            float biasL2 = opt.has("bias-l2") ? opt.getFloat("bias-l2") : Float.parseFloat(Double.toString(config.wd()));
            Schedule schedule = config.schedule().equals("one-cycle") ? Schedule.oneCycle(config.lr()) : Schedule.constant(config.lr(), 0);
            History h = sgd.fit(model, config.epochs(), schedule, l2, biasL2);
            return new TrainResult(model, h, withValidation ? sgd.validation(userIds, itemIds, scale) : null);
        }
    }
}
