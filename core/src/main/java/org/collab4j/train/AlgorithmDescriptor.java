package org.collab4j.train;

import java.util.List;

import org.collab4j.model.ModelCodec;

/**
 * An algorithm described by its parts: a name, one line, its defaults, its trainer, its own
 * options ({@code --set}) and the codecs of its models. A descriptor only names them, in a public
 * no-argument constructor (the service loader makes it), and overrides what is particular to it
 * ({@link #validate}, {@link #implicitTrainer}).
 */
public abstract class AlgorithmDescriptor implements Algorithm {
    private final String name;
    private final String description;
    private final TrainConfig defaults;
    private final ModelTrainer trainer;
    private final List<OptionSpec> options;
    private final List<ModelCodec> codecs;

    protected AlgorithmDescriptor(String name, String description, TrainConfig defaults, ModelTrainer trainer, List<OptionSpec> options,
                                  ModelCodec... codecs) {
        this.name = name;
        this.description = description;
        this.defaults = defaults;
        this.trainer = trainer;
        this.options = options;
        this.codecs = List.of(codecs);
    }

    /** An implicit-feedback algorithm, whose own options are its trainer's. */
    protected AlgorithmDescriptor(String name, String description, TrainConfig defaults, ImplicitTrainer trainer, ModelCodec... codecs) {
        this(name, description, defaults, trainer, trainer.options(), codecs);
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
        return options;
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
