package org.collab4j.train;

import org.collab4j.features.FeatureSpec;
import org.collab4j.features.Features;
import java.nio.file.Path;
import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.SideTable;

/**
 * Side information from a training configuration: {@link #FEATURES} ({@link FeatureSpec}), and side
 * tables from {@link #USER_FEATURES} / {@link #ITEM_FEATURES} (CSV files, see {@link SideTable}) or,
 * when not given, the data set's own tables (MovieLens' users and items). The models that take
 * side information declare these options ({@link #OPTIONS}).
 */
public final class SideInputs {
    public static final OptionSpec FEATURES = OptionSpec.text("features", null,
            "side information as model inputs: all, or e.g. user:age,gender,occupation item:genres,year time:weekday (also --features)");
    public static final OptionSpec USER_FEATURES = OptionSpec.text("user-features", null,
            "CSV of user features keyed by user id (default: the data set's own; also --user-features)").alias("user_features");
    public static final OptionSpec ITEM_FEATURES = OptionSpec.text("item-features", null,
            "CSV of item features keyed by item id (default: the data set's own; also --item-features)").alias("item_features");
    /** The side-information options, for a model that takes them. */
    public static final List<OptionSpec> OPTIONS = List.of(FEATURES, USER_FEATURES, ITEM_FEATURES);

    private SideInputs() {
    }

    /** Whether {@code config} asks for side information. */
    public static boolean wanted(TrainConfig config) {
        return FEATURES.textIn(config.extra()) != null;
    }

    public static Features features(Dataset data, TrainConfig config, int[] trainRows) {
        FeatureSpec spec = FeatureSpec.parse(FEATURES.textIn(config.extra()));
        int nu = data.ratings().numUsers(), ni = data.ratings().numItems();
        if (spec.isEmpty()) return Features.none(nu, ni);
        return Features.build(data, spec, userTable(data, config), itemTable(data, config), trainRows);
    }

    public static SideTable userTable(Dataset data, TrainConfig config) {
        String file = USER_FEATURES.textIn(config.extra());
        if (file != null) return SideTable.readCsv(Path.of(file), SideTable.Side.USER, data.ratings().userIds());
        return data.users() == null ? null : SideTable.of(data.users());
    }

    public static SideTable itemTable(Dataset data, TrainConfig config) {
        String file = ITEM_FEATURES.textIn(config.extra());
        if (file != null) return SideTable.readCsv(Path.of(file), SideTable.Side.ITEM, data.ratings().itemIds());
        return data.items() == null ? null : SideTable.of(data.items());
    }
}
