package org.collab4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.data.Dataset;
import org.collab4j.eval.Evaluator;
import org.collab4j.data.Split;
import org.collab4j.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code collab4j evaluate}: score a saved model on held-out ratings. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a saved model on the held-out part of a data set: RMSE, MAE and ranking metrics.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    SplitOptions splitOptions = new SplitOptions();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random split (default: ${DEFAULT-VALUE}; use the one the model was trained with).")
    long seed;

    @Option(names = "--metrics", split = ",", defaultValue = "rmse,mae",
            description = "Comma-separated: rmse, mae, precision@K, recall@K, ndcg@K, map@K, hit_rate@K, coverage@K, novelty@K, gini@K (default: ${DEFAULT-VALUE}).")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--relevance", defaultValue = "4", description = "A held-out rating at least this high is relevant for ranking metrics (default: ${DEFAULT-VALUE}).")
    float relevance;

    @Mixin
    ImplicitOptions implicit = new ImplicitOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainedModel model = modelOptions.load();
        if (ImplicitRun.isTopN(model)) return ImplicitRun.evaluate(this, model, console); // full-ranking metrics of held-out interactions
        int k = 0;
        for (String m : metrics) {
            String name = m.trim();
            if (name.equals("rmse") || name.equals("mae")) continue;
            String[] p = name.split("@");
            if (p.length != 2 || !List.of("precision", "recall", "ndcg", "map", "hit_rate", "coverage", "novelty", "gini").contains(p[0]))
                throw new UserException("unknown metric '" + name + "'; expected rmse, mae, precision@K, recall@K, ndcg@K, map@K, hit_rate@K, coverage@K, novelty@K or gini@K");
            int kk;
            try {
                kk = Integer.parseInt(p[1]);
            } catch (NumberFormatException e) {
                throw new UserException("metric '" + name + "' needs a whole number after @");
            }
            if (kk < 1) throw new UserException("metric '" + name + "' needs K of at least 1");
            if (k != 0 && kk != k) throw new UserException("all ranking metrics in one run must share K (got @" + k + " and @" + kk + ")");
            k = kk;
        }
        // a model with time features scores each rating at its time, so the times are kept for it
        boolean needTime = splitOptions.needsTime()
                || model.model() instanceof org.collab4j.model.ContextualModel cm && cm.usesTime();
        Dataset data = dataOptions.load(Runtime.getRuntime().availableProcessors(), needTime, console);
        var ds = splitOptions.apply(data, seed);
        data = ds.data();
        Split split = ds.split();
        int[] rows = split.valid().length > 0 ? split.valid() : split.train();
        Evaluator.Report report = Evaluator.evaluate(model, data.ratings(), rows, Math.max(k, 1), relevance, k > 0);
        Map<String, Double> values = new LinkedHashMap<>();
        for (String m : metrics) {
            String name = m.trim();
            if (name.equals("rmse")) values.put(name, report.accuracy().rmse());
            else if (name.equals("mae")) values.put(name, report.accuracy().mae());
            else values.put(name, report.ranking().get(name));
        }
        if (k > 0) // every top-N evaluation also says what the lists do to the catalogue
            for (String beside : List.of("coverage@" + k, "novelty@" + k, "gini@" + k)) values.putIfAbsent(beside, report.ranking().get(beside));
        if (console.json) {
            ObjectNode o = console.object();
            o.put("model", model.kind());
            o.put("split", split.name());
            o.put("n", report.accuracy().n());
            TrainCommand.putNumber(o, "rmse", report.accuracy().rmse());
            TrainCommand.putNumber(o, "mae", report.accuracy().mae());
            values.forEach((key, v) -> TrainCommand.putNumber(o, key, v));
            o.put("unseen_user_rows", report.accuracy().unseenUserRows());
            o.put("unseen_item_rows", report.accuracy().unseenItemRows());
            if (k > 0) o.put("users_evaluated", report.ranking().get("users_evaluated").intValue());
            console.emit(o);
        } else {
            console.printf("%s on %s, split %s: %d ratings (%d with an unseen user, %d with an unseen item)", model.kind(), data.name(),
                    split.name(), report.accuracy().n(), report.accuracy().unseenUserRows(), report.accuracy().unseenItemRows());
            values.forEach((key, v) -> console.printf("  %-14s %.4f", key, v));
        }
        return 0;
    }
}
