package org.collab4j.train;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.eval.Split;
import org.collab4j.model.DotProductBias;
import org.collab4j.model.FactorModel;

/**
 * Trains fastai's DotProductBias. With {@code adam} (the default) it runs the mini-batch
 * {@link Learner} under fastai's protocol; with {@code sgd} it runs per-rating plain SGD with
 * per-rating L2 (LIBMF's setting) over a block-partitioned grid on all threads ({@link BlockSgd}):
 * {@code lr} is the SGD step, {@code wd} the L2 lambda on factor rows, and the model-specific
 * options {@code bias_l2} (default: {@code wd}), {@code bins} (default
 * {@link BlockSgd#defaultBins(int)}) and {@code init_std} (default 0.01) tune it further.
 */
public final class DotBiasTrainer implements ModelTrainer {
    @Override
    public String name() {
        return DotProductBias.KIND;
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
        if (config.optimizer().equals("sgd")) return trainSgd(data, split, config, callbacks);
        DotProductBias model = new DotProductBias(data.ratings().numUsers(), data.ratings().numItems(), config.factors(),
                yRange(data, config), config.seed());
        Learner learner = learner(model, data, split, config);
        for (Callback cb : callbacks) learner.addCallback(cb);
        History h = run(learner, config);
        return new TrainResult(model.model(), h);
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
        Optimizer opt = config.optimizer().equals("sgd") ? new Sgd() : new Adam();
        return new Learner(model, data.ratings(), split, opt, config.batchSize(), config.threads(), config.seed());
    }

    /** Runs the configured schedule: one-cycle, or a constant rate. */
    public static History run(Learner learner, TrainConfig config) {
        return config.schedule().equals("one-cycle")
                ? learner.fitOneCycle(config.epochs(), config.lr(), config.wd())
                : learner.fit(config.epochs(), config.lr(), config.wd());
    }
}
