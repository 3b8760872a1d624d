package org.collab4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.data.Dataset;
import org.collab4j.data.Holdout;
import org.collab4j.data.IdIndex;
import org.collab4j.data.InteractionLog;
import org.collab4j.data.RankingSplits;
import org.collab4j.data.Ratings;
import org.collab4j.eval.TopNEvaluation;
import org.collab4j.experiment.GridSearch;
import org.collab4j.experiment.TopNExperiment;
import org.collab4j.io.ModelFile;
import org.collab4j.model.ItemSimilarity;
import org.collab4j.model.RatingModel;
import org.collab4j.model.TopNModel;
import org.collab4j.model.TrainedModel;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.recommend.TopNRecommender;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochModelCallback;
import org.collab4j.train.EpochResult;
import org.collab4j.train.ImplicitModels;
import org.collab4j.train.ImplicitTrainer;
import org.collab4j.train.TrainConfig;

/**
 * The commands on implicit feedback (clicks, plays, purchases, or ratings made positives with
 * {@code --positive}): {@code train}, {@code cv}, {@code tune} and {@code evaluate} of top-N
 * models, with full-ranking metrics. The commands hand over here when the data or the model is
 * implicit; everything they decide lives in core.
 */
final class ImplicitRun {
    /** netlib says which LAPACK it loaded on stderr at INFO; the benchmarks page says it instead. Held, so the setting stays. */
    private static final java.util.logging.Logger NETLIB = java.util.logging.Logger.getLogger("dev.ludovic.netlib");

    static {
        NETLIB.setLevel(java.util.logging.Level.WARNING);
    }

    private ImplicitRun() {
    }

    /** The interactions of {@code --data}: events summed, positives kept, decayed. */
    static Dataset interactions(DataOptions dataOptions, ImplicitOptions imp, String model, int threads, boolean keepTime, Console console) {
        Dataset raw = dataOptions.load(threads, keepTime || imp.halfLife != null, true, console);
        if (!raw.report().implicit() && imp.positive == null)
            throw new UserException(raw.name() + " holds star ratings, and --model " + model + " learns from interactions: give --positive T"
                    + " to keep ratings of at least T as positives (e.g. --positive 4), or --columns user,item,count for a log of counts");
        Dataset d = InteractionLog.aggregate(raw, imp.positive != null ? imp.positive : Float.NaN, imp.halfLife != null ? imp.halfLife : 0);
        if (d.report().duplicatesSummed() > 0)
            console.printf("%d repeated (user, item) events were summed into the interaction of their pair", d.report().duplicatesSummed());
        if (imp.positive != null)
            console.printf("%d of %d ratings are positives (>= %s)", d.ratings().size(), raw.ratings().size(), Console.f(imp.positive, 1));
        return d;
    }

    static ImplicitTrainer trainer(TrainOptions t) {
        return ImplicitModels.get(t.model);
    }

    // ----------------------------------------------------------------------------------- train

    static int train(TrainCommand cmd, Console console) throws IOException {
        long t0 = System.nanoTime();
        ImplicitOptions imp = cmd.implicit;
        ImplicitTrainer trainer = trainer(cmd.trainOptions);
        TrainConfig config = imp.apply(cmd.trainOptions.config());
        int[] ks = imp.ks();
        Dataset data = interactions(cmd.dataOptions, imp, trainer.name(), config.threads(), true, console);
        if (cmd.feedback != null) data = FeedbackOption.mergeEvents(data, cmd.feedback, console);
        ImplicitOptions.Prepared p = imp.split(data, cmd.splitOptions, config.seed());
        data = p.data();
        boolean onValid = p.split().valid().length > 0;
        Holdout h = onValid ? p.split().tuning() : p.split().testing();
        String part = onValid ? "valid" : "test";
        Ratings r = data.ratings();
        console.printf("%s: %d interactions, %d users, %d items; split %s: %d train, %d %s%s", data.name(), r.size(), r.numUsers(),
                r.numItems(), p.split().name(), h.train().length, h.heldOut().length, part,
                h.foldsIn() ? ", " + h.foldIn().length + " folded in for users held out of training" : "");
        RankingTable table = new RankingTable(console, data, h, config, imp.metric, ks);
        List<Callback> callbacks = new ArrayList<>(List.of(table));
        TopNExperiment.Run run = TopNExperiment.run(trainer, data, h, config, ks, callbacks);
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("collab4j_version", String.valueOf(TrainCommand.class.getPackage().getImplementationVersion()));
        prov.put("model", trainer.name());
        prov.put("data", data.name());
        prov.put("split", h.name());
        prov.putAll(config.describe());
        prov.put("n_train", Integer.toString(h.train().length));
        if (run.result() != null) run.result().metrics().forEach((k, v) -> prov.put(part + "_" + k, Double.toString(v)));
        prov.put("created", java.time.Instant.now().toString());
        TrainedModel trained = TrainedModel.of(run.model(), r, h.train(), data.items(), data.users(), prov);
        if (cmd.out != null) ModelFile.write(trained, cmd.out);
        if (run.result() != null) printMetrics(console, part, run.result(), ks);
        console.printf("trained in %.2f s%s", run.trainSeconds(), cmd.out != null ? "; model saved to " + cmd.out : "");
        if (cmd.show > 0 && !cmd.common.json) show(console, trained, cmd.show);
        if (cmd.common.json) {
            ObjectNode o = console.object();
            o.put("model", trainer.name());
            o.put("data", data.name());
            o.put("split", h.name());
            o.put("n_train", h.train().length);
            o.put("n_" + part, h.heldOut().length);
            if (!onValid) o.put("n_valid", 0);
            o.put("evaluated_on", part);
            ArrayNode epochs = o.putArray("epochs");
            for (EpochResult e : run.history().epochs()) {
                ObjectNode row = epochs.addObject();
                row.put("epoch", e.epoch());
                TrainCommand.putNumber(row, "train_loss", e.trainLoss());
                Double m = table.byEpoch.get(e.epoch());
                if (m != null) TrainCommand.putNumber(row, imp.metric, m);
                row.put("seconds", e.seconds());
            }
            if (run.result() != null) {
                o.put("users_evaluated", run.result().users());
                run.result().metrics().forEach((k, v) -> TrainCommand.putNumber(o, k, v));
            }
            o.put("train_seconds", run.trainSeconds());
            o.put("total_seconds", (System.nanoTime() - t0) / 1e9);
            o.put("duplicates_summed", data.report().duplicatesSummed());
            if (cmd.out != null) o.put("out", cmd.out.toString());
            ObjectNode hp = o.putObject("config");
            config.describe().forEach(hp::put);
            console.emit(o);
        }
        return 0;
    }

    static void printMetrics(Console console, String part, TopNEvaluation.Result res, int[] ks) {
        List<String> header = new ArrayList<>(List.of("K"));
        for (String m : List.of("recall", "precision", "ndcg", "map", "hr", "coverage", "novelty", "gini")) header.add(m);
        List<List<String>> rows = new ArrayList<>();
        for (int k : ks) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(k)));
            for (String m : header.subList(1, header.size())) row.add(Console.f(res.get(m + "@" + k), 4));
            rows.add(row);
        }
        console.printf("%s: full ranking of all items for %d users, each one's training items left out; mrr %s", part, res.users(),
                Console.f(res.get("mrr"), 4));
        console.table(header, rows);
    }

    /** Recommendations, with their reasons, and similar items for an example user. */
    static void show(Console console, TrainedModel trained, int n) {
        String user = TrainSummary.exampleUser(trained);
        if (user == null) return;
        TopNRecommender rec = new TopNRecommender(trained);
        int u = trained.userIds().index(user);
        List<ScoredItem> recs = rec.recommend(user, n);
        console.println("");
        console.printf("top %d for user %s (the %d items they already have are left out):", n, user, trained.userCount(u));
        for (ScoredItem s : recs) {
            String why = TopNRecommender.reason(rec.because(u, s.index(), 2));
            console.printf("  %s  %s%s", Console.f(s.score(), 3), s.title(), why == null ? "" : "  (" + why + ")");
        }
        if (trained.model() instanceof ItemSimilarity && !recs.isEmpty()) {
            Recommender base = new Recommender(trained);
            console.println("most similar to " + recs.get(0).title() + " (" + base.similarityMeasure() + "):");
            for (ScoredItem s : base.similar(recs.get(0).index(), n)) console.printf("  %s  %s", Console.f(s.score(), 3), s.title());
        }
    }

    /** The epoch table of a top-N model: its loss (when it has one) and a ranking metric of the held-out part. */
    static final class RankingTable implements EpochModelCallback {
        private final Console console;
        private final Dataset data;
        private final Holdout holdout;
        private final TrainConfig config;
        private final String metric;
        private final int[] ks;
        final Map<Integer, Double> byEpoch = new LinkedHashMap<>();
        private boolean header;

        RankingTable(Console console, Dataset data, Holdout holdout, TrainConfig config, String metric, int[] ks) {
            this.console = console;
            this.data = data;
            this.holdout = holdout;
            this.config = config;
            this.metric = metric;
            this.ks = ks;
        }

        @Override
        public void beforeFit(int epochs, int batchesPerEpoch) {
            if (!header) console.println(String.format("%-6s %-11s %-11s %s", "epoch", "train_loss", metric, "time"));
            header = true;
        }

        @Override
        public void epochModel(int epoch, RatingModel model) {
            if (holdout.heldOut().length == 0) return;
            byEpoch.put(epoch, TopNEvaluation.evaluate(model, data.ratings(), holdout, ImplicitTrainer.confidence(config), ks, config.threads())
                    .get(metric));
        }

        @Override
        public void afterEpoch(EpochResult r) {
            Double m = byEpoch.get(r.epoch());
            console.println(String.format("%-6d %-11s %-11s %s", r.epoch(), Double.isNaN(r.trainLoss()) ? "-" : Console.f(r.trainLoss(), 6),
                    m == null ? "-" : Console.f(m, 4), Console.time(r.seconds())));
        }
    }

    // -------------------------------------------------------------------------------------- cv

    static int cv(CvCommand cmd, Console console) {
        ImplicitOptions imp = cmd.implicit;
        ImplicitTrainer trainer = trainer(cmd.trainOptions);
        TrainConfig config = imp.apply(cmd.trainOptions.config());
        int[] ks = imp.ks();
        int k;
        try {
            k = cmd.folds == null ? 5 : Integer.parseInt(cmd.folds.trim());
        } catch (NumberFormatException e) {
            throw new UserException("--folds on implicit feedback is a number of per-user folds, got '" + cmd.folds + "'");
        }
        Dataset data = interactions(cmd.dataOptions, imp, trainer.name(), config.threads(), false, console);
        List<Holdout> folds = RankingSplits.folds(data.ratings(), k, config.seed());
        console.printf("%s: %d interactions; %s per-user cross-validation over %d folds, full ranking", data.name(), data.ratings().size(),
                trainer.name(), k);
        String[] shown = {"recall@" + ks[ks.length - 1], "ndcg@" + ks[ks.length - 1], "hr@" + ks[0], "mrr"};
        console.println(String.format("%-14s %-10s %-10s %-10s %-10s %s", "fold", shown[0], shown[1], shown[2], shown[3], "seconds"));
        List<TopNExperiment.Run> runs = TopNExperiment.crossValidate(trainer, data, folds, config, ks, r -> console.println(String.format(
                "%-14s %-10s %-10s %-10s %-10s %.2f", r.name(), Console.f(r.result().get(shown[0]), 4), Console.f(r.result().get(shown[1]), 4),
                Console.f(r.result().get(shown[2]), 4), Console.f(r.result().get(shown[3]), 4), r.trainSeconds())));
        Map<String, Double> mean = TopNExperiment.mean(runs);
        console.println(String.format("%-14s %-10s %-10s %-10s %-10s", "mean", Console.f(mean.get(shown[0]), 4), Console.f(mean.get(shown[1]), 4),
                Console.f(mean.get(shown[2]), 4), Console.f(mean.get(shown[3]), 4)));
        if (cmd.common.json) {
            ObjectNode o = console.object();
            o.put("model", trainer.name());
            o.put("data", data.name());
            ArrayNode arr = o.putArray("folds");
            for (TopNExperiment.Run r : runs) {
                ObjectNode f = arr.addObject();
                f.put("name", r.name());
                r.result().metrics().forEach((key, v) -> TrainCommand.putNumber(f, key, v));
                f.put("seconds", r.trainSeconds());
            }
            mean.forEach((key, v) -> TrainCommand.putNumber(o, "mean_" + key, v));
            ObjectNode hp = o.putObject("config");
            config.describe().forEach(hp::put);
            console.emit(o);
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------ tune

    static int tune(TuneCommand cmd, Console console) {
        ImplicitOptions imp = cmd.implicit;
        ImplicitTrainer trainer = trainer(cmd.trainOptions);
        TrainConfig base = imp.apply(cmd.trainOptions.config());
        int[] ks = imp.ks();
        TopNExperiment.checkTuningMetric(imp.metric);
        GridSearch.Grid g = GridSearch.parse(cmd.grid);
        for (Map.Entry<String, List<String>> axis : g.axes().entrySet()) // each value against the implicit trainer's own options
            for (String v : axis.getValue())
                org.collab4j.train.OptionValues.parse(trainer.name(), trainer.options(), GridSearch.apply(base, Map.of(axis.getKey(), v)));
        List<Map<String, String>> combos = cmd.random != null ? g.sample(cmd.random, base.seed()) : g.all();
        Dataset data = interactions(cmd.dataOptions, imp, trainer.name(), base.threads(), true, console);
        ImplicitOptions.Prepared p = imp.split(data, cmd.splitOptions, base.seed());
        data = p.data();
        Holdout valid = p.split().tuning();
        console.printf("%s: tuning %s over %d of %d combinations by %s on the validation part of %s (%d interactions; the test part, %d,"
                + " is not looked at)", data.name(), trainer.name(), combos.size(), g.size(), imp.metric, p.split().name(), valid.heldOut().length,
                p.split().test().length);
        List<TopNExperiment.Trial> trials = TopNExperiment.tune(trainer, data, valid, base, combos, imp.metric, ks,
                t -> console.printf("%s  %s %s  %.1f s", TuneCommand.describe(t.params()), imp.metric, Console.f(t.score(), 4), t.seconds()));
        TopNExperiment.Trial best = trials.get(0);
        TopNExperiment.Run test = null;
        if (p.split().test().length > 0)
            test = TopNExperiment.run(trainer, data, p.split().testing(), GridSearch.apply(base, best.params()), ks, List.of());
        console.println("");
        console.printf("best on validation: %s  %s %s", TuneCommand.describe(best.params()), imp.metric, Console.f(best.score(), 4));
        if (test != null) console.printf("refitted to train + validation, on the test part: %s %s", imp.metric, Console.f(test.result().get(imp.metric), 4));
        if (cmd.common.json) {
            ObjectNode o = console.object();
            o.put("model", trainer.name());
            o.put("data", data.name());
            o.put("metric", imp.metric);
            o.put("scored_by", "validation part of " + p.split().name());
            o.put("combinations", g.size());
            ArrayNode arr = o.putArray("results");
            for (TopNExperiment.Trial t : trials) {
                ObjectNode row = arr.addObject();
                ObjectNode params = row.putObject("params");
                t.params().forEach(params::put);
                t.metrics().forEach((k, v) -> TrainCommand.putNumber(row, k, v));
                row.put("seconds", t.seconds());
            }
            ObjectNode b = o.putObject("best");
            ObjectNode params = b.putObject("params");
            best.params().forEach(params::put);
            TrainCommand.putNumber(b, imp.metric, best.score());
            if (test != null) {
                ObjectNode t = b.putObject("test");
                test.result().metrics().forEach((k, v) -> TrainCommand.putNumber(t, k, v));
            }
            console.emit(o);
        }
        return 0;
    }

    // -------------------------------------------------------------------------------- evaluate

    /**
     * Scores a saved top-N model on held-out interactions: the rows of {@code --test FILE} when
     * given, else every row of {@code --data}; each user's training items (kept in the model file)
     * are left out of the ranking. Rows of users or items the model does not know, and items a user
     * already had in training, are counted and skipped.
     */
    static int evaluate(EvaluateCommand cmd, TrainedModel model, Console console) {
        ImplicitOptions imp = cmd.implicit;
        int[] ks = imp.ks();
        Path source = cmd.splitOptions.testFile();
        Dataset held;
        if (source != null) {
            DataOptions d = new DataOptions();
            d.data = source.toString();
            d.columns = cmd.dataOptions.columns;
            d.delimiter = cmd.dataOptions.delimiter;
            held = interactions(d, imp, model.kind(), Runtime.getRuntime().availableProcessors(), false, console);
        } else {
            held = interactions(cmd.dataOptions, imp, model.kind(), Runtime.getRuntime().availableProcessors(), false, console);
        }
        Ratings r = held.ratings();
        IdIndex users = model.userIds(), items = model.itemIds();
        int nSeen = model.seenItems().length;
        List<int[]> rows = new ArrayList<>();
        int unknown = 0, already = 0;
        for (int j = 0; j < r.size(); j++) {
            int u = users.index(r.userIds().id(r.user(j))), i = items.index(r.itemIds().id(r.item(j)));
            if (u < 0 || i < 0) unknown++;
            else if (model.hasSeen(u, i)) already++;
            else rows.add(new int[] {u, i});
        }
        int n = nSeen + rows.size();
        int[] uc = new int[n], ic = new int[n];
        float[] vc = new float[n];
        for (int u = 0; u < model.numUsers(); u++)
            for (int p = model.seenStart()[u]; p < model.seenStart()[u + 1]; p++) {
                uc[p] = u;
                ic[p] = model.seenItems()[p];
                vc[p] = model.seenValues()[p];
            }
        for (int j = 0; j < rows.size(); j++) {
            uc[nSeen + j] = rows.get(j)[0];
            ic[nSeen + j] = rows.get(j)[1];
            vc[nSeen + j] = 1;
        }
        Ratings all = new Ratings(uc, ic, vc, null, users, items, model.scale());
        int[] train = new int[nSeen], test = new int[rows.size()];
        for (int j = 0; j < nSeen; j++) train[j] = j;
        for (int j = 0; j < test.length; j++) test[j] = nSeen + j;
        if (test.length == 0) throw new UserException("no held-out interaction is of a user and an item the model knows (and new to the user)");
        TopNEvaluation.Result res = TopNEvaluation.evaluate(model.model(), all, new Holdout("held out", train, new int[0], test),
                org.collab4j.data.Confidence.NONE, ks, Runtime.getRuntime().availableProcessors());
        console.printf("%d held-out interactions scored; %d skipped (user or item unknown to the model), %d skipped (already a training item)",
                test.length, unknown, already);
        printMetrics(console, "held out", res, ks);
        if (cmd.common.json) {
            ObjectNode o = console.object();
            o.put("model", model.kind());
            o.put("n", test.length);
            o.put("skipped_unknown", unknown);
            o.put("skipped_seen", already);
            o.put("users_evaluated", res.users());
            res.metrics().forEach((k, v) -> TrainCommand.putNumber(o, k, v));
            console.emit(o);
        }
        return 0;
    }

    static boolean isTopN(TrainedModel m) {
        return m.model() instanceof TopNModel;
    }
}
