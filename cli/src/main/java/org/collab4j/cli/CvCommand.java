package org.collab4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.options.SplitOptions;
import org.collab4j.data.Dataset;
import org.collab4j.experiment.CrossValidation;
import org.collab4j.data.Split;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j cv}: cross-validation on MovieLens 100k's official folds or on seeded random folds. */
@Command(name = "cv", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Cross-validate a model: train on each fold's training ratings, score its held-out ratings; "
                + "per-fold and mean RMSE and MAE, and the seconds each fold took (fit + test).")
final class CvCommand extends TrainingCommand {
    @Option(names = "--folds", paramLabel = "FOLDS", description = "u1..u5 (MovieLens 100k's official folds; also a list such as u1,u2 or ua,ub) "
            + "or a number N of seeded random folds (default: u1..u5 when the data set has them, else 5).")
    String folds;

    @Option(names = "--epoch-tables", description = "Print each fold's epoch table.")
    boolean epochTables;

    @Mixin
    ImplicitOptions implicit = new ImplicitOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        if (implicit.wanted(trainOptions.model)) return ImplicitRun.cv(this, console); // implicit feedback: full-ranking metrics
        TrainConfig config = trainOptions.config(console);
        ModelTrainer trainer = trainOptions.trainer();
        Dataset data = dataOptions.load(config.threads(), true, console);
        TrainCommand.reportLoad(console, data.report());
        if (data.report().implicit()) return ImplicitRun.cv(this, console);
        Path folder = SplitOptions.dataFolder(data);
        String spec = folds != null ? folds : defaultFolds(folder);
        List<Split> splits = CrossValidation.folds(data, folder, spec, config.seed());
        console.printf("%s: %d ratings, %d users, %d items; %s cross-validation over %s (%d folds)", data.name(), data.ratings().size(),
                data.ratings().numUsers(), data.ratings().numItems(), trainer.name(), spec, splits.size());
        List<List<String>> rows = new ArrayList<>();
        CrossValidation.Result result = CrossValidation.run(data, splits, trainer, config, new CrossValidation.Listener() {
            @Override
            public List<org.collab4j.train.Callback> callbacks(Split fold, int index, int count) {
                if (!epochTables) return List.of();
                console.println("fold " + fold.name() + ":");
                return List.of(new EpochTable(console));
            }

            @Override
            public void afterFold(CrossValidation.FoldResult r, int index, int count) {
                if (!epochTables) {
                    if (index == 0) console.println(String.format("%-8s %-8s %-8s %s", "fold", "rmse", "mae", "seconds"));
                    console.println(String.format("%-8s %-8s %-8s %.2f", r.name(), Console.f(r.rmse(), 4), Console.f(r.mae(), 4), r.seconds()));
                }
                rows.add(List.of(r.name(), Console.f(r.rmse(), 4), Console.f(r.mae(), 4), Console.f(r.seconds(), 2)));
            }
        });
        if (epochTables) console.table(List.of("fold", "rmse", "mae", "seconds"), rows);
        console.println(String.format("%-8s %-8s %-8s %.2f (total)", "mean", Console.f(result.meanRmse(), 4), Console.f(result.meanMae(), 4),
                result.totalSeconds()));
        if (common.json) {
            ObjectNode o = console.object();
            o.put("model", trainer.name());
            o.put("data", data.name());
            ArrayNode arr = o.putArray("folds");
            for (CrossValidation.FoldResult r : result.folds()) {
                ObjectNode f = arr.addObject();
                f.put("name", r.name());
                TrainCommand.putNumber(f, "rmse", r.rmse());
                TrainCommand.putNumber(f, "mae", r.mae());
                f.put("seconds", r.seconds());
                f.put("n_train", r.numTrain());
                f.put("n_test", r.numTest());
            }
            TrainCommand.putNumber(o, "mean_rmse", result.meanRmse());
            TrainCommand.putNumber(o, "mean_mae", result.meanMae());
            o.put("total_seconds", result.totalSeconds());
            ObjectNode hp = o.putObject("config");
            config.describe().forEach(hp::put);
            console.emit(o);
        }
        return 0;
    }

    /** u1..u5 when the data set's folder holds MovieLens 100k's fold files, else 5 random folds. */
    static String defaultFolds(Path folder) {
        if (folder != null) {
            boolean all = true;
            for (int f = 1; f <= 5; f++) all &= Files.isRegularFile(folder.resolve("u" + f + ".test"));
            if (all) return "u1..u5";
        }
        return "5";
    }
}
