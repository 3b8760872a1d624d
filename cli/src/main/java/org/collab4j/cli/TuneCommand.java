package org.collab4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.collab4j.options.CommonOptions;
import org.collab4j.options.SplitOptions;
import org.collab4j.data.Dataset;
import org.collab4j.experiment.CrossValidation;
import org.collab4j.experiment.GridSearch;
import org.collab4j.data.Split;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j tune}: grid or seeded random search over hyperparameters, as Surprise's GridSearchCV. */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Search hyperparameters: train every combination of a grid (or a seeded random sample of them), score each "
                + "on a validation split or by cross-validation, print the results ranked by RMSE and the best as a train command.")
final class TuneCommand extends TrainingCommand {
    @Mixin
    SplitOptions splitOptions = new SplitOptions();

    @Option(names = "--grid", required = true, paramLabel = "GRID",
            description = "Axes separated by spaces, values by commas, e.g. \"factors=20,50,100 wd=0.01,0.05,0.1\". "
                    + "An axis is one of " + GridSearch.SHARED_KEYS + " or one of the model's own options (--set keys).")
    String grid;

    @Option(names = "--random", paramLabel = "N", description = "Try N combinations drawn at random (seeded by --seed) instead of all of them.")
    Integer random;

    @Option(names = "--cv", arity = "0..1", fallbackValue = "", paramLabel = "FOLDS",
            description = "Score by cross-validation instead of the validation split: FOLDS as for 'cv --folds' "
                    + "(without a value: u1..u5 when the data set has them, else 5 random folds).")
    String cv;

    @Mixin
    ImplicitOptions implicit = new ImplicitOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        if (implicit.wanted(trainOptions.model)) return ImplicitRun.tune(this, console); // implicit feedback: --metric ndcg@20 and the like
        TrainConfig base = trainOptions.config(console);
        ModelTrainer trainer = trainOptions.trainer();
        GridSearch.Grid g = GridSearch.parse(grid);
        for (String w : GridSearch.check(g, trainOptions.algorithm(), base)) console.warn(w);
        List<Map<String, String>> combos = random != null ? g.sample(random, base.seed()) : g.all();
        Dataset data = dataOptions.load(base.threads(), true, console);
        TrainCommand.reportLoad(console, data.report());
        if (data.report().implicit()) return ImplicitRun.tune(this, console);
        Path folder = SplitOptions.dataFolder(data);
        List<Split> splits;
        String scoredBy;
        if (cv != null) {
            String folds = cv.isEmpty() ? CvCommand.defaultFolds(folder) : cv;
            splits = CrossValidation.folds(data, folder, folds, base.seed());
            scoredBy = "cross-validation over " + folds;
        } else {
            if (splitOptions.test != null) throw new UserException("tune scores on --split/--valid-pct or --cv; --test is not supported here");
            Split s = splitOptions.make(data, base.seed(), folder);
            splits = List.of(s);
            scoredBy = "validation split " + s.name();
        }
        console.printf("%s: tuning %s over %d of %d combinations, scored by %s", data.name(), trainer.name(), combos.size(), g.size(), scoredBy);
        List<String> keys = new ArrayList<>(g.axes().keySet());
        List<GridSearch.Trial> trials = GridSearch.run(data, splits, trainer, base, combos, (t, i, n) ->
                console.printf("[%d/%d] %s  rmse %s  mae %s  %.1f s", i + 1, n, describe(t.params()), Console.f(t.rmse(), 4),
                        Console.f(t.mae(), 4), t.seconds()));
        List<String> header = new ArrayList<>(List.of("rank"));
        header.addAll(keys);
        header.addAll(List.of("rmse", "mae", "seconds"));
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < trials.size(); r++) {
            GridSearch.Trial t = trials.get(r);
            List<String> row = new ArrayList<>(List.of(Integer.toString(r + 1)));
            for (String k : keys) row.add(t.params().get(k));
            row.addAll(List.of(Console.f(t.rmse(), 4), Console.f(t.mae(), 4), Console.f(t.seconds(), 1)));
            rows.add(row);
        }
        console.println("");
        console.table(header, rows);
        GridSearch.Trial best = trials.get(0);
        String command = TrainCommandLine.of(GridSearch.apply(base, best.params()), trainOptions.algorithm(), dataOptions, trainOptions,
                cv == null ? splitOptions : null);
        console.println("");
        console.printf("best: %s  rmse %.4f  mae %.4f", describe(best.params()), best.rmse(), best.mae());
        console.println("train it with:");
        console.println("  " + command);
        if (common.json) {
            List<Result> results = new ArrayList<>();
            for (GridSearch.Trial t : trials) results.add(Result.of(t, null));
            console.emit(new Json(trainer.name(), data.name(), scoredBy, g.size(), results, Result.of(best, command)));
        }
        return 0;
    }

    /** The --json object. */
    record Json(String model, String data, @JsonProperty("scored_by") String scoredBy, long combinations, List<Result> results,
                Result best) {
    }

    /** A trial; {@code command} (the train command) only for the best. */
    record Result(Map<String, String> params, double rmse, double mae, double seconds,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String command) {
        static Result of(GridSearch.Trial t, String command) {
            return new Result(t.params(), t.rmse(), t.mae(), t.seconds(), command);
        }
    }

    static String describe(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }
}
