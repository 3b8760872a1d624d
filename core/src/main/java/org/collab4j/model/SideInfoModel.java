package org.collab4j.model;

import java.util.List;
import java.util.Map;

import org.collab4j.features.Features;
import org.collab4j.features.Field;
import org.collab4j.features.SideProfile;

/**
 * A model with side information as inputs ({@code nn} and {@code dot-bias} with
 * {@code --features}), which can therefore score a user or an item that is not in its data at
 * all, from raw side values alone: cold start by metadata. The newcomer's id takes the model's
 * "unknown" slot (what a user or item without training ratings gets), its features are encoded
 * as training encoded them ({@link Features#profile}). So a new user described by the same
 * values as a user of the data who has no training ratings is scored exactly as that user is.
 * Predictions are in an average context (time features take their unknown slot), as
 * {@link RatingModel#predict}. Thread-safe.
 */
public interface SideInfoModel extends RatingModel {
    /** The encoded side information the model takes (empty when trained without features). */
    Features features();

    /** Scores every item for the new user {@code user} into {@code out[0..numItems())}. */
    void scoreItems(SideProfile user, float[] out);

    /** Predicted rating of {@code item} by the new user {@code user}. */
    float predict(SideProfile user, int item);

    /** Predicted rating of the new item {@code item} by {@code user}. */
    float predict(int user, SideProfile item);

    /** A new user from raw values by field name; see {@link Features#profile}. */
    default SideProfile newUser(Map<String, List<String>> raw) {
        return features().profile(Field.Source.USER, raw);
    }

    /** A new item from raw values by field name; see {@link Features#profile}. */
    default SideProfile newItem(Map<String, List<String>> raw) {
        return features().profile(Field.Source.ITEM, raw);
    }

    /** The profile, checked to be of this model and of {@code source}. */
    default SideProfile check(SideProfile p, Field.Source source) {
        if (p.features() != features())
            throw new IllegalArgumentException("the profile was encoded for another model; encode it with this model's newUser/newItem");
        if (p.source() != source)
            throw new IllegalArgumentException("expected a new " + source.name().toLowerCase(java.util.Locale.ROOT) + ", got a "
                    + p.source().name().toLowerCase(java.util.Locale.ROOT));
        return p;
    }
}
