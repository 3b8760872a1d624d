package org.collab4j.train;

import java.util.List;

import org.collab4j.data.Confidence;
import org.collab4j.data.Dataset;
import org.collab4j.data.Interactions;
import org.collab4j.data.Split;

/**
 * A trainer that learns from implicit feedback: the data set's rows are interactions (one per
 * user and item, as {@link org.collab4j.data.InteractionLog#aggregate} leaves them) whose values are
 * weights, and the model it returns is a {@link org.collab4j.model.TopNModel}. The split's
 * validation rows are held-out interactions, not ratings to predict.
 */
public interface ImplicitTrainer extends ModelTrainer {
    /** The confidence options every implicit trainer that weighs interactions accepts ({@code --set} or {@code --confidence}). */
    List<OptionSpec> CONFIDENCE_OPTIONS = List.of(
            OptionSpec.choice("confidence", "none", List.of("none", "linear", "log"),
                    "how an interaction's summed weight w counts: none (w), linear (1 + alpha w) or log (1 + alpha log(1 + w/epsilon))"),
            OptionSpec.number("alpha", 1.0, OptionSpec.Range.atLeast(0), "rate of the confidence rule"),
            OptionSpec.number("epsilon", 1.0, OptionSpec.Range.above(0), "scale of the log confidence rule"));

    /** This trainer's own options ({@code --set KEY=VALUE}). */
    List<OptionSpec> options();

    /** {@code own}, then the confidence options: the options of a trainer that weighs interactions by their confidence. */
    static List<OptionSpec> withConfidence(OptionSpec... own) {
        List<OptionSpec> all = new java.util.ArrayList<>(List.of(own));
        all.addAll(CONFIDENCE_OPTIONS);
        return List.copyOf(all);
    }

    /** The confidence rule of {@code config}'s options ({@link Confidence#NONE} when none is given). */
    static Confidence confidence(TrainConfig config) {
        String kind = config.extra("confidence", "none");
        double alpha = parse(config, "alpha"), epsilon = parse(config, "epsilon");
        return Confidence.parse(kind, alpha, epsilon);
    }

    private static double parse(TrainConfig config, String key) {
        String v = config.extra(key, "1");
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }

    /** The training interactions of {@code split}, weighed by the confidence rule of {@code config}. */
    static Interactions interactions(Dataset data, Split split, TrainConfig config) {
        return Interactions.of(data.ratings(), split.train(), confidence(config));
    }
}
