package org.collab4j.train;

import java.util.List;

import org.collab4j.model.ModelCodec;

/**
 * One algorithm, described once: its name on the command line, one line for {@code --help}, its
 * defaults for the shared options, its own options, the trainer that fits it and the model-file
 * codecs of the models it makes. Each {@code algo.<name>} package has one (e.g.
 * {@code AlsAlgorithm}), listed in {@code META-INF/services/org.collab4j.train.Algorithm};
 * {@link Algorithms} finds them with {@link java.util.ServiceLoader}. Adding a model touches its
 * own package and one line of that file.
 */
public interface Algorithm {
    /** The model's name on the command line, e.g. {@code dot-bias}; the same as its trainer's. */
    String name();

    /** One line for {@code --help} and {@code collab4j models}. */
    String description();

    /**
     * This model's defaults for the shared options, used for every option the user did not give
     * (fastai's for {@code dot-bias}; Surprise's or the paper's for the classic models).
     */
    default TrainConfig defaults() {
        return TrainConfig.defaults();
    }

    /** The model's own options ({@code --set KEY=VALUE}), in the order help shows them. */
    List<OptionSpec> options();

    ModelTrainer trainer();

    /** The codecs that write and read the models this algorithm makes (a codec may be shared by several algorithms). */
    List<ModelCodec> codecs();

    /**
     * The trainer for implicit feedback (interaction logs, or ratings turned into positives with
     * {@code --positive}) when the algorithm learns from it: the trainer itself when it only learns
     * from interactions, another one when one name serves both kinds of data ({@code item-knn}),
     * or null when it learns from star ratings only.
     */
    default ImplicitTrainer implicitTrainer() {
        return trainer() instanceof ImplicitTrainer it ? it : null;
    }

    /**
     * Checks the model's own options of {@code config} against {@link #options()}: an unknown key
     * or a bad value is an {@link IllegalArgumentException} that names them; older spellings are
     * accepted and come back as warnings, with the configuration under the current keys.
     */
    default Validated validate(TrainConfig config) {
        OptionValues v = OptionValues.parse(name(), options(), config);
        return new Validated(config.withExtras(v.canonical()), v.warnings());
    }

    /** A checked configuration (its options under their current keys) and the notes for the user. */
    record Validated(TrainConfig config, List<String> warnings) {
        public Validated {
            warnings = List.copyOf(warnings);
        }
    }
}
