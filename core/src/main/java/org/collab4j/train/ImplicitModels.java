package org.collab4j.train;

import java.util.ArrayList;
import java.util.List;


/**
 * The models that learn from implicit feedback, by name. A name serves both kinds of data where
 * the idea does: {@code item-knn} is the baseline-adjusted Pearson neighbourhood on star ratings
 * ({@link Algorithms}) and the implicit library's cosine / BM25 neighbourhood on interactions
 * (here). Which one runs follows the data, not a second name: an interaction log (a count column
 * or none), or ratings turned into positives with {@code --positive}, picks the implicit variant.
 * Models that only make sense on interactions ({@code popularity}, {@code ease}, ...) are
 * {@link ImplicitTrainer}s among the {@link Algorithms}.
 */
public final class ImplicitModels {
    private ImplicitModels() {
    }

    /** The trainer for {@code name} on implicit feedback, or an error listing those there are. */
    public static ImplicitTrainer get(String name) {
        ImplicitTrainer t = Algorithms.get(name).implicitTrainer();
        if (t != null) return t;
        throw new IllegalArgumentException("model " + name + " learns from star ratings, not from interactions; models for implicit"
                + " feedback: " + String.join(", ", names()));
    }

    /** Whether {@code name} learns only from implicit feedback (so star ratings must be turned into positives first). */
    public static boolean implicitOnly(String name) {
        try {
            return Algorithms.get(name).trainer() instanceof ImplicitTrainer;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** Names of the models for implicit feedback. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Algorithm a : Algorithms.all()) if (a.implicitTrainer() != null) out.add(a.name());
        return out;
    }
}
