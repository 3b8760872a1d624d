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
        DotProductBias.Options options = DotProductBias.Options.defaults();
        // --set factor-l2 / bias-l2: the per-rating L2 weights (the Gaussian priors of PMF's MAP objective, see DotProductBias)
        if (config.extra().containsKey("factor-l2")) options = options.withFactorL2(l2(config, "factor-l2"));
        if (config.extra().containsKey("bias-l2")) options = options.withBiasL2(l2(config, "bias-l2"));
        DotProductBias model = new DotProductBias(data.ratings().numUsers(), data.ratings().numItems(), config.factors(),
                yRange(data, config), config.seed(), options);
        Learner learner = learner(model, data, split, config);
        for (Callback cb : callbacks) learner.addCallback(cb);
        History h = run(learner, config);
        return new TrainResult(model.model(), h);
    }

    private static float l2(TrainConfig config, String key) {
        String v = config.extra().get(key);
        try {
            float x = Float.parseFloat(v.trim());
            if (x >= 0 && Float.isFinite(x)) return x;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("dot-bias: " + key + " must be a number >= 0, got '" + v + "'");
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
