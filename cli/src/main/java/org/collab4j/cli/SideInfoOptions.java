package org.collab4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.collab4j.train.SideInputs;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Option;

/** Options of the neural model and of side information ({@code train --model nn}, {@code dot-bias} with features). */
final class SideInfoOptions {
    @Option(names = "--layers", paramLabel = "N,N", description = "Hidden layer widths of the nn model (default: 100,50 as in the fastbook).")
    String layers;

    @Option(names = "--features", arity = "1..*", paramLabel = "SPEC",
            description = "Side information as model inputs: 'all', or e.g. user:age,gender,occupation item:genres,year time:weekday "
                    + "(time: year, month, weekday, hour, days_since_release).")
    List<String> features;

    @Option(names = "--user-features", paramLabel = "FILE", description = "CSV of user features keyed by user id (header: user,COLUMN[:number|category|categories],...).")
    Path userFeatures;

    @Option(names = "--item-features", paramLabel = "FILE", description = "CSV of item features keyed by item id (header: item,COLUMN[:type],...).")
    Path itemFeatures;

    @Option(names = "--cold-users", paramLabel = "N", description = "Also report RMSE on N users whose training ratings are all held out but five (seeded).")
    Integer coldUsers;

    @Option(names = "--new-users", paramLabel = "N", description = "Also hold out N users entirely (seeded) and report RMSE on their "
            + "ratings as brand-new users: scored from their user features alone (models with user features), by the model, "
            + "and by the global mean and item-bias baselines.")
    Integer newUsers;

    /** The configuration with these options added as model options. */
    TrainConfig apply(TrainConfig config) {
        TrainConfig c = config;
        if (layers != null) c = c.withExtra("layers", layers);
        if (features != null && !features.isEmpty()) c = c.withExtra(SideInputs.FEATURES.key(), String.join(" ", features));
        if (userFeatures != null) c = c.withExtra(SideInputs.USER_FEATURES.key(), existing(userFeatures, "--user-features").toString());
        if (itemFeatures != null) c = c.withExtra(SideInputs.ITEM_FEATURES.key(), existing(itemFeatures, "--item-features").toString());
        if (coldUsers != null && coldUsers < 1) throw new UserException("--cold-users must be at least 1, got " + coldUsers);
        if (newUsers != null && newUsers < 1) throw new UserException("--new-users must be at least 1, got " + newUsers);
        if (newUsers != null && coldUsers != null) throw new UserException("give --cold-users or --new-users, not both");
        if ((userFeatures != null || itemFeatures != null) && !SideInputs.wanted(c))
            c = c.withExtra(SideInputs.FEATURES.key(), (userFeatures != null ? "user:all " : "") + (itemFeatures != null ? "item:all" : ""));
        return c;
    }

    private static Path existing(Path p, String option) {
        if (!Files.isRegularFile(p)) throw new UserException(option + " " + p + ": no such file");
        return p;
    }
}
