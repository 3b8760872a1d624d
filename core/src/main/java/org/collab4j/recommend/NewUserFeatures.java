package org.collab4j.recommend;

import java.util.ArrayList;
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

    private NewUserFeatures() {
    }

    /** The model as a {@link SideInfoModel} that takes user features, or null. */
    public static SideInfoModel model(TrainedModel model) {
        RatingModel m = model.model();
        return m instanceof SideInfoModel s && s.features().has(Field.Source.USER) ? s : null;
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
