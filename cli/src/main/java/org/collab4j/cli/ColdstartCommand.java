package org.collab4j.cli;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.collab4j.options.CommonOptions;
import org.collab4j.data.Dataset;
import org.collab4j.experiment.ColdStart;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j coldstart}: the cold-start protocol table, onboarding comparison and fold-in timings. */
@Command(name = "coldstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Hold out a share of the users, reveal k = 0, 1, 3, 5, 10 of their ratings and compare fold-in, "
                + "popularity, the bias baseline and the genre start (RMSE, NDCG@10, share of the top 10 in the stated genres); compare onboarding selections; time fold-in.")
final class ColdstartCommand extends TrainingCommand {
    @Option(names = "--held-out", defaultValue = "0.2", description = "Share of users held out as new users (default: ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--timing", description = "Only train and time fold-in (one user with 10 ratings; 1,000 users in a batch).")
    boolean timingOnly;

    @Mixin
    CommonOptions common = new CommonOptions();

    /** The --json object. */
    record Json(String data, String model, @JsonProperty("held_out_users") int heldOutUsers, List<Row> table, List<Onboard> onboarding,
                @JsonProperty("fold_in_us") double foldInMicros, @JsonProperty("batch_users") int batchUsers,
                @JsonProperty("batch_ms") double batchMillis) {
    }

    /** A row of the table; {@code in_genres} only for the genre start. */
    record Row(int k, String method, String ranking, double rmse, @JsonProperty("ndcg@10") double ndcg,
               @JsonProperty("in_genres") @JsonInclude(JsonInclude.Include.NON_NULL) Double inGenres, int users) {
    }

    record Onboard(String method, @JsonProperty("ndcg@10") double ndcg, double questions, int users) {
    }

    @Override
    public Integer call() throws Exception {
        if (!(heldOut > 0 && heldOut < 1)) throw new UserException("--held-out must be between 0 and 1, got " + heldOut);
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainConfig config = trainOptions.config(console);
        Dataset data = dataOptions.load(config.threads(), false, console);
        ColdStart.Result res = ColdStart.run(data, trainOptions.trainer(), config, heldOut, config.seed(), timingOnly);
        console.printf("%s: %s trained on %d users in %.1f s; %d held-out users", data.name(), trainOptions.model, res.trainUsers(),
                res.trainSeconds(), res.heldOutUsers());
        List<List<String>> rows = new ArrayList<>();
        if (!timingOnly) {
            for (ColdStart.Row r : res.table())
                rows.add(List.of(Integer.toString(r.k()), r.method(), r.ranking(), Console.f(r.rmse(), 4), Console.f(r.ndcg(), 4),
                        Double.isNaN(r.inGenres()) ? "-" : Console.f(r.inGenres(), 3), Integer.toString(r.users())));
            console.table(List.of("k", "method", "ranked by", "rmse", "ndcg@10", "in genres", "users"), rows);
            console.println("");
            rows.clear();
            for (ColdStart.OnboardRow r : res.onboarding())
                rows.add(List.of(r.method(), Console.f(r.ndcg(), 4), Console.f(r.questions(), 1), Integer.toString(r.users())));
            console.table(List.of("asked (5 answers)", "ndcg@10", "questions", "users"), rows);
            console.println("");
        }
        console.printf("fold-in, 10 ratings, %d factors: %.1f us per user (one thread); %d users in a batch: %.1f ms",
                config.factors(), res.timing().foldInMicros(), res.timing().batchUsers(), res.timing().batchMillis());
        if (console.json) {
            List<Row> table = new ArrayList<>();
            for (ColdStart.Row r : res.table())
                table.add(new Row(r.k(), r.method(), r.ranking(), r.rmse(), r.ndcg(), Double.isNaN(r.inGenres()) ? null : r.inGenres(), r.users()));
            List<Onboard> onboarding = new ArrayList<>();
            for (ColdStart.OnboardRow r : res.onboarding()) onboarding.add(new Onboard(r.method(), r.ndcg(), r.questions(), r.users()));
            console.emit(new Json(data.name(), trainOptions.model, res.heldOutUsers(), table, onboarding, res.timing().foldInMicros(),
                    res.timing().batchUsers(), res.timing().batchMillis()));
        }
        return 0;
    }
}
