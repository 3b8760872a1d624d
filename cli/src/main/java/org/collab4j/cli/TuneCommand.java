package org.collab4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import picocli.CommandLine.Spec;

/** {@code collab4j tune}: grid or seeded random search over hyperparameters, as Surprise's GridSearchCV. */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Search hyperparameters: train every combination of a grid (or a seeded random sample of them), score each "
                + "on a validation split or by cross-validation, print the results ranked by RMSE and the best as a train command.")
final class TuneCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    TrainOptions trainOptions = new TrainOptions();

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
        String command = trainCommand(GridSearch.apply(base, best.params()), trainOptions.algorithm());
        console.println("");
        console.printf("best: %s  rmse %.4f  mae %.4f", describe(best.params()), best.rmse(), best.mae());
        console.println("train it with:");
        console.println("  " + command);
        if (common.json) {
            ObjectNode o = console.object();
            o.put("model", trainer.name());
            o.put("data", data.name());
            o.put("scored_by", scoredBy);
            o.put("combinations", g.size());
            ArrayNode arr = o.putArray("results");
            for (GridSearch.Trial t : trials) put(arr.addObject(), t);
            ObjectNode b = o.putObject("best");
            put(b, best);
            b.put("command", command);
            console.emit(o);
        }
        return 0;
    }

    private static void put(ObjectNode o, GridSearch.Trial t) {
        ObjectNode p = o.putObject("params");
        t.params().forEach(p::put);
        TrainCommand.putNumber(o, "rmse", t.rmse());
        TrainCommand.putNumber(o, "mae", t.mae());
        o.put("seconds", t.seconds());
    }

    static String describe(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** A ready-to-run train command for {@code config}: every option that differs from the model's defaults. */
    String trainCommand(TrainConfig given, Algorithm algorithm) {
        TrainConfig config = algorithm.validate(given).config(); // options under their current keys
        TrainConfig d = algorithm.defaults();
        List<String> args = new ArrayList<>(List.of("./collab4j", "train", "--data", quote(dataOptions.data), "--model", algorithm.name()));
        if (dataOptions.dataDir != null) args.addAll(List.of("--data-dir", quote(dataOptions.dataDir.toString())));
        if (dataOptions.format != null) args.addAll(List.of("--format", quote(dataOptions.format)));
        if (dataOptions.columns != null) args.addAll(List.of("--columns", quote(dataOptions.columns)));
        if (dataOptions.delimiter != null) args.addAll(List.of("--delimiter", quote(dataOptions.delimiter)));
        if (dataOptions.header != null) args.addAll(List.of("--header", dataOptions.header.toString()));
        if (dataOptions.ratingScale != null) args.addAll(List.of("--rating-scale", dataOptions.ratingScale));
        if (dataOptions.skipBadLines) args.add("--skip-bad-lines");
        if (config.factors() != d.factors()) args.addAll(List.of("--factors", Integer.toString(config.factors())));
        if (config.epochs() != d.epochs()) args.addAll(List.of("--epochs", Integer.toString(config.epochs())));
        if (config.lr() != d.lr()) args.addAll(List.of("--lr", num(config.lr())));
        if (config.wd() != d.wd()) args.addAll(List.of("--wd", num(config.wd())));
        if (config.batchSize() != d.batchSize()) args.addAll(List.of("--bs", Integer.toString(config.batchSize())));
        if (!config.optimizer().equals(d.optimizer())) args.addAll(List.of("--optimizer", config.optimizer()));
        if (!config.schedule().equals(d.schedule())) args.addAll(List.of("--schedule", config.schedule()));
        if (config.yRange() != null) args.addAll(List.of("--y-range", config.yRange()[0] + "," + config.yRange()[1]));
        if (trainOptions.threads != null) args.addAll(List.of("--threads", Integer.toString(config.threads())));
        if (config.seed() != d.seed()) args.addAll(List.of("--seed", Long.toString(config.seed())));
        Map<String, String> extra = new java.util.TreeMap<>(config.extra()); // a stable order
        extra.forEach((k, v) -> args.addAll(List.of("--set", quote(k + "=" + v))));
        if (cv == null) {
            if (!splitOptions.split.equals("random")) args.addAll(List.of("--split", splitOptions.split));
            if (splitOptions.validPct != 0.2) args.addAll(List.of("--valid-pct", num(splitOptions.validPct)));
        }
        args.addAll(List.of("--out", "model.c4j"));
        return String.join(" ", args);
    }

    private static String num(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s.toLowerCase(Locale.ROOT);
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=,@+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
