package org.collab4j.train;

import java.util.ArrayList;
import java.util.List;

import org.collab4j.algo.knn.ImplicitItemKnnTrainer;

/**
 * The models that learn from implicit feedback, by name. A name serves both kinds of data where
 * the idea does: {@code item-knn} is the baseline-adjusted Pearson neighbourhood on star ratings
 * ({@link Trainers}) and the implicit library's cosine / BM25 neighbourhood on interactions
 * (here). Which one runs follows the data, not a second name: an interaction log (a count column
 * or none), or ratings turned into positives with {@code --positive}, picks the implicit variant.
 * Models that only make sense on interactions ({@code popularity}, {@code ease}, ...) are
 * {@link ImplicitTrainer}s in {@link Trainers}.
 */
public final class ImplicitModels {
    private static final ImplicitTrainer ITEM_KNN = new ImplicitItemKnnTrainer();

    private ImplicitModels() {
    }

    /** The trainer for {@code name} on implicit feedback, or an error listing those there are. */
    public static ImplicitTrainer get(String name) {
        if (name.equals(ITEM_KNN.name())) return ITEM_KNN;
        ModelTrainer t = Trainers.get(name);
        if (t instanceof ImplicitTrainer it) return it;
        throw new IllegalArgumentException("model " + name + " learns from star ratings, not from interactions; models for implicit"
                + " feedback: " + String.join(", ", names()));
    }

    /** Whether {@code name} learns only from implicit feedback (so star ratings must be turned into positives first). */
    public static boolean implicitOnly(String name) {
        try {
            return Trainers.get(name) instanceof ImplicitTrainer;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** Names of the models for implicit feedback. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (String n : Trainers.names()) if (Trainers.get(n) instanceof ImplicitTrainer || n.equals(ITEM_KNN.name())) out.add(n);
        return out;
    }
}
