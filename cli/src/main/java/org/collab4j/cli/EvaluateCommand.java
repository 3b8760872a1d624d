package org.collab4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.options.SplitOptions;
import org.collab4j.data.Dataset;
import org.collab4j.eval.Evaluator;
import org.collab4j.data.Split;
import org.collab4j.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j evaluate}: score a saved model on held-out ratings. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a saved model on the held-out part of a data set: RMSE, MAE and ranking metrics.")
final class EvaluateCommand extends SavedModelCommand {
    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    SplitOptions splitOptions = new SplitOptions();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random split (default: ${DEFAULT-VALUE}; use the one the model was trained with).")
    long seed;

    @Option(names = "--metrics", split = ",", defaultValue = "rmse,mae",
            description = "Comma-separated: rmse, mae, precision@K, recall@K, ndcg@K, map@K, hit_rate@K, coverage@K, novelty@K, gini@K,"
                    + " K may differ between them; only these are printed (default: ${DEFAULT-VALUE}).")
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
        List<String> asked = new ArrayList<>();
        java.util.TreeSet<Integer> ks = new java.util.TreeSet<>();
        for (String m : metrics) {
            String name = m.trim();
            if (name.isEmpty()) continue;
            if (!asked.contains(name)) asked.add(name);
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
            ks.add(kk);
        }
        // a model with time features scores each rating at its time, so the times are kept for it
        boolean needTime = splitOptions.needsTime()
                || model.model() instanceof org.collab4j.model.ContextualModel cm && cm.usesTime();
        Dataset data = dataOptions.load(Runtime.getRuntime().availableProcessors(), needTime, console);
        var ds = splitOptions.apply(data, seed);
        data = ds.data();
        Split split = ds.split();
        int[] rows = split.valid().length > 0 ? split.valid() : split.train();
        // one ranking pass per K asked for (ndcg@10 and recall@5 may be asked together)
        Evaluator.Report report = Evaluator.evaluate(model, data.ratings(), rows, ks.isEmpty() ? 1 : ks.first(), relevance, !ks.isEmpty());
        Map<String, Double> ranking = new LinkedHashMap<>(report.ranking());
        for (int k : ks.tailSet(ks.isEmpty() ? 0 : ks.first(), false))
            ranking.putAll(Evaluator.evaluate(model, data.ratings(), rows, k, relevance, true).ranking());
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : asked) {
            if (name.equals("rmse")) values.put(name, report.accuracy().rmse());
            else if (name.equals("mae")) values.put(name, report.accuracy().mae());
            else values.put(name, ranking.get(name));
        }
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
            if (!ks.isEmpty()) o.put("users_evaluated", report.ranking().get("users_evaluated").intValue());
            DataOptions.putRatingScale(o, data);
            console.emit(o);
        } else {
            console.printf("%s on %s, split %s: %d ratings (%d with an unseen user, %d with an unseen item)", model.kind(), data.name(),
                    split.name(), report.accuracy().n(), report.accuracy().unseenUserRows(), report.accuracy().unseenItemRows());
            values.forEach((key, v) -> console.printf("  %-14s %.4f", key, v));
        }
        return 0;
    }
}
