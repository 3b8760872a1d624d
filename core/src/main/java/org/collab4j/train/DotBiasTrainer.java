package org.collab4j.train;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.eval.Split;
import org.collab4j.model.DotProductBias;

/** Trains fastai's DotProductBias with the {@link Learner}: Adam or SGD, one-cycle or constant rate. */
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
        if (config.extra().containsKey("features")) return FeatureDotBiasTrainer.train(data, split, config, callbacks);
        DotProductBias model = new DotProductBias(data.ratings().numUsers(), data.ratings().numItems(), config.factors(),
                yRange(data, config), config.seed());
        Learner learner = learner(model, data, split, config);
        for (Callback cb : callbacks) learner.addCallback(cb);
        History h = run(learner, config);
        return new TrainResult(model.model(), h);
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
