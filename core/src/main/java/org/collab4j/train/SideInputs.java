package org.collab4j.train;

import org.collab4j.features.FeatureSpec;
import org.collab4j.features.Features;
import java.nio.file.Path;

import org.collab4j.data.Dataset;
import org.collab4j.data.SideTable;

/**
 * Side information from a training configuration: {@code features=SPEC} ({@link FeatureSpec}),
 * and side tables from {@code user_features=FILE} / {@code item_features=FILE} (CSV, see
 * {@link SideTable}) or, when not given, the data set's own tables (MovieLens' users and items).
 */
public final class SideInputs {
    private SideInputs() {
    }

    public static Features features(Dataset data, TrainConfig config, int[] trainRows) {
        FeatureSpec spec = FeatureSpec.parse(config.extra("features", null));
        int nu = data.ratings().numUsers(), ni = data.ratings().numItems();
        if (spec.isEmpty()) return Features.none(nu, ni);
        return Features.build(data, spec, userTable(data, config), itemTable(data, config), trainRows);
    }

    public static SideTable userTable(Dataset data, TrainConfig config) {
        String file = config.extra("user_features", null);
        if (file != null) return SideTable.readCsv(Path.of(file), SideTable.Side.USER, data.ratings().userIds());
        return data.users() == null ? null : SideTable.of(data.users());
    }

    public static SideTable itemTable(Dataset data, TrainConfig config) {
        String file = config.extra("item_features", null);
        if (file != null) return SideTable.readCsv(Path.of(file), SideTable.Side.ITEM, data.ratings().itemIds());
        return data.items() == null ? null : SideTable.of(data.items());
    }

    /** A comma-separated list of positive integers, or an error naming the option. */
    public static int[] ints(String option, String text) {
        String[] p = text.split(",");
        int[] v = new int[p.length];
        for (int j = 0; j < p.length; j++) {
            try {
                v[j] = Integer.parseInt(p[j].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be whole numbers separated by commas, got '" + text + "'");
            }
        }
        return v;
    }

    /** A probability in [0, 1), or an error naming the option. */
    public static float prob(String option, String text) {
        float p;
        try {
            p = Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a probability in [0, 1), got '" + text + "'");
        }
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException(option + " must be a probability in [0, 1), got '" + text + "'");
        return p;
    }
}
