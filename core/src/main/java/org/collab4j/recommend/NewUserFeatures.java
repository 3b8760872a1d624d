package org.collab4j.recommend;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.features.Field;
import org.collab4j.features.SideProfile;
import org.collab4j.model.RatingModel;
import org.collab4j.model.SideInfoModel;
import org.collab4j.model.TrainedModel;

/**
 * A brand-new user described by what they state about themselves (age, gender, occupation, zip,
 * or any user column the model was trained with), scored through a model with user side
 * information ({@link SideInfoModel}): cold start by metadata, no ratings and no retraining.
 * Stated fields the model does not take are set aside and reported, not an error, so one
 * onboarding form serves models trained with different features.
 */
public final class NewUserFeatures {
    /**
     * @param profile the user as the model encodes them ({@link SideProfile#used()}, {@link SideProfile#notes()})
     * @param ignored stated fields the model does not take
     */
    public record Result(SideProfile profile, List<String> ignored) {
    }

    /**
     * One user feature a new user can be asked about, so a client can build a form: a
     * {@link Field.Kind#NUMBER} with the range of the users with training ratings and the training
     * mean (what a number not given becomes), or a {@link Field.Kind#CATEGORY} (or
     * {@link Field.Kind#CATEGORIES}) with its vocabulary as the data spells it, sorted, without
     * the unknown slot. {@code categories} is empty for a number; {@code min}, {@code max},
     * {@code mean} are NaN for a category.
     */
    public record Question(String name, Field.Kind kind, List<String> categories, double min, double max, double mean) {
    }

    private NewUserFeatures() {
    }

    /**
     * The user features of {@code model} in its input order, as questions for a new user; empty
     * when the model takes none ({@link #model} is null). Number ranges are over users with
     * training ratings, rounded to 6 significant digits (they are stored standardised, in float).
     */
    public static List<Question> questions(TrainedModel model) {
        SideInfoModel side = model(model);
        if (side == null) return List.of();
        List<Question> out = new ArrayList<>();
        for (Field f : side.features().fields()) {
            if (f.source() != Field.Source.USER) continue;
            if (f.kind() == Field.Kind.NUMBER) {
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                float[] v = f.values();
                for (int u = 0; u < v.length; u++) {
                    if (model.userCount(u) == 0) continue;
                    double raw = (double) v[u] * f.std() + f.mean(); // a missing value is stored as the mean: inside the range
                    lo = Math.min(lo, raw);
                    hi = Math.max(hi, raw);
                }
                if (lo > hi) lo = hi = f.mean();
                out.add(new Question(f.name(), f.kind(), List.of(), round(lo), round(hi), round(f.mean())));
            } else {
                String[] vocab = Arrays.copyOfRange(f.vocab(), 1, f.vocab().length); // code 0 is the unknown slot
                Arrays.sort(vocab, String.CASE_INSENSITIVE_ORDER);
                out.add(new Question(f.name(), f.kind(), List.of(vocab), Double.NaN, Double.NaN, Double.NaN));
            }
        }
        return out;
    }

    private static double round(double x) {
        return new BigDecimal(x).round(new MathContext(6)).doubleValue();
    }

    /** The model as a {@link SideInfoModel} that takes user features, or null. */
    public static SideInfoModel model(TrainedModel model) {
        RatingModel m = model.model();
        return m instanceof SideInfoModel s && s.features().has(Field.Source.USER) ? s : null;
    }

    /** The names of the user features {@code model} takes, in its input order, comma-separated. */
    public static String userFeatureNames(SideInfoModel model) {
        List<String> names = new ArrayList<>();
        for (Field f : model.features().fields()) if (f.source() == Field.Source.USER) names.add(f.name());
        return String.join(", ", names);
    }

    /**
     * Encodes what a user stated: field name to raw value, null or blank for not stated.
     *
     * @throws IllegalArgumentException as {@link org.collab4j.features.Features#profile} (a number that does not parse)
     */
    public static Result profile(SideInfoModel model, Map<String, String> stated) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        stated.forEach((name, value) -> {
            if (value == null || value.isBlank()) return;
            if (model.features().has(Field.Source.USER, name)) raw.put(name, List.of(value.trim()));
            else ignored.add(name);
        });
        return new Result(model.newUser(raw), List.copyOf(ignored));
    }
}
