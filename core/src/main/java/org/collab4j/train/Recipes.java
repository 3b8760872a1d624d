package org.collab4j.train;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;

/**
 * The training recipe the gradient models share ({@code dot-bias}, with or without side
 * information, and {@code nn}): fastai's protocol of a {@link Learner} with the configured
 * optimizer, batch size, threads and seed, run under one-cycle or a constant rate, with
 * predictions squashed into the configured y_range.
 */
public final class Recipes {
    /**
     * {@code --set adam=lazy} picks {@link LazyAdam} (only the rows a batch touched are stepped:
     * faster on large embedding tables, but not fastai's semantics, so not the default;
     * {@code adam=dense} is).
     */
    public static final OptionSpec ADAM = OptionSpec.choice("adam", "dense", List.of("dense", "lazy"),
            "Adam's variant: dense (fastai's) or lazy (steps only the rows a batch touched; faster on large tables)");

    private Recipes() {
    }

    /** The y_range to use: the configured one, else derived from the rating scale (0..5.5 for 1..5 stars). */
    public static float[] yRange(Dataset data, TrainConfig config) {
        return config.yRange() != null ? config.yRange() : data.ratings().scale().defaultYRange();
    }

    /** The configured optimizer: SGD, or Adam as {@link #ADAM} says. */
    public static Optimizer optimizer(TrainConfig config) {
        if (config.optimizer().equals("sgd")) return new Sgd();
        return ADAM.valueIn(null, config.extra()).equals("lazy") ? new LazyAdam() : new Adam();
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
