package org.collab4j.train;

import java.util.List;

import org.collab4j.model.ModelCodec;

/**
 * An implicit-feedback algorithm described by its parts: a name, one line, its defaults, its
 * trainer (whose own options are the algorithm's) and the codec of its model. A subclass only
 * names them, in a public no-argument constructor (the service loader makes it).
 */
public abstract class ImplicitAlgorithm implements Algorithm {
    private final String name;
    private final String description;
    private final TrainConfig defaults;
    private final ImplicitTrainer trainer;
    private final List<ModelCodec> codecs;

    protected ImplicitAlgorithm(String name, String description, TrainConfig defaults, ImplicitTrainer trainer, ModelCodec codec) {
        this.name = name;
        this.description = description;
        this.defaults = defaults;
        this.trainer = trainer;
        this.codecs = List.of(codec);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final TrainConfig defaults() {
        return defaults;
    }

    @Override
    public final List<OptionSpec> options() {
        return trainer.options();
    }

    @Override
    public final ModelTrainer trainer() {
        return trainer;
    }

    @Override
    public final List<ModelCodec> codecs() {
        return codecs;
    }
}
