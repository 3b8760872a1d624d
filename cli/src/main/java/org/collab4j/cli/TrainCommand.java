package org.collab4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import me.tongfei.progressbar.ProgressBar;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadReport;
import org.collab4j.eval.Metrics;
import org.collab4j.data.Split;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.algo.nn.KernelWarmup;
import org.collab4j.recommend.Recommender;
import org.collab4j.recommend.ScoredItem;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;
import org.collab4j.train.SideInputs;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code collab4j train}: fit a model, print fastai's epoch table and validation metrics, save it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model on a rating log, validate it, and optionally save it.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    TrainOptions trainOptions = new TrainOptions();

    @Mixin
    SplitOptions splitOptions = new SplitOptions();

    @Mixin
    SideInfoOptions sideInfo = new SideInfoOptions();

    @Mixin
    ImplicitOptions implicit = new ImplicitOptions();

    @Option(names = "--out", paramLabel = "FILE", description = "Save the trained model to FILE (written atomically).")
    Path out;

    @Option(names = "--early-stop", paramLabel = "N", description = "Stop when the validation loss has not improved for N epochs.")
    Integer earlyStop;

    @Option(names = "--plot", paramLabel = "PNG", description = "Draw the smoothed training loss per batch and the validation loss per epoch into PNG.")
    Path plot;

    @Option(names = "--history", paramLabel = "CSV", description = "Write the loss and rate of every batch and the validation loss per epoch to CSV.")
    Path history;

    @Option(names = "--show", defaultValue = "5", description = "After training, show this many recommendations and similar items for one user (0: none; default: ${DEFAULT-VALUE}).")
    int show;

    @Option(names = "--feedback", paramLabel = "URL", description = "Also train on the ratings a server stored in this database"
            + " (jdbc:sqlite:FILE or jdbc:postgresql://...); a stored rating replaces the data set's rating of the same user and item.")
    String feedback;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws IOException {
        try (KernelWarmup warmup = Main.takeWarmup()) {
            return train(warmup);
        }
    }

    /** Trains; stops {@code warmup} (see {@link Main}) when the training begins. */
    private int train(KernelWarmup warmup) throws IOException {
        long t0 = System.nanoTime();
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        if (implicit.wanted(trainOptions.model)) return ImplicitRun.train(this, console); // implicit feedback: top-N models
        TrainConfig given = sideInfo.apply(trainOptions.config());
        var trainer = trainOptions.trainer();
        if (SideInputs.wanted(given) && !trainer.name().equals("nn") && !trainer.name().equals("dot-bias"))
            throw new UserException("--features is taken by --model nn and dot-bias (side information for " + trainer.name() + " is not built yet)");
        TrainConfig config = trainOptions.checked(given, console);
        if (out != null && Files.isDirectory(out)) throw new UserException("--out " + out + " is a folder; give a file name");
        if (plot != null && Files.isDirectory(plot)) throw new UserException("--plot " + plot + " is a folder; give a file name");
        if (history != null && Files.isDirectory(history)) throw new UserException("--history " + history + " is a folder; give a file name");
        // times cost 8 bytes a rating; only the temporal split, a --test file and time features read them
        String features = java.util.Objects.requireNonNullElse(SideInputs.FEATURES.textIn(config.extra()), "");
        boolean needTime = splitOptions.needsTime() || features.contains("time") || features.contains("all");
        Dataset data = dataOptions.load(config.threads(), needTime, console);
        reportLoad(console, data.report());
        if (data.report().implicit()) return ImplicitRun.train(this, console); // a log of events, read again with every event kept
        releaseGarbage(data);
        if (feedback != null) data = FeedbackOption.merge(data, feedback, console);
        var ds = splitOptions.apply(data, config.seed());
        data = ds.data();
        Split split = ds.split();
        releaseGarbage(data);
        org.collab4j.eval.UserGroups.ColdSplit cold = null;
        if (sideInfo.coldUsers != null) {
            cold = org.collab4j.eval.UserGroups.coldUsers(data.ratings(), split, sideInfo.coldUsers, 5, config.seed());
            split = cold.split();
        }
        org.collab4j.eval.UserGroups.ColdSplit fresh = null;
        if (sideInfo.newUsers != null) {
            fresh = org.collab4j.eval.UserGroups.coldUsers(data.ratings(), split, sideInfo.newUsers, 0, config.seed());
            split = fresh.split();
        }
        if (split.train().length == 0) throw new UserException("the split leaves no ratings to train on");
        console.printf("%s: %d ratings, %d users, %d items; split %s: %d train, %d valid",
                data.name(), data.ratings().size(), data.ratings().numUsers(), data.ratings().numItems(), split.name(),
                split.numTrain(), split.numValid());

        EpochTable table = new EpochTable(console);
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(table);
        if (earlyStop != null) {
            if (split.numValid() == 0) throw new UserException("--early-stop needs validation ratings (the split holds none)");
            callbacks.add(new org.collab4j.train.EarlyStopping(earlyStop, 0));
        }
        long trainStart = System.nanoTime();
        warmup.close();
        TrainResult result = trainer.train(data, split, config, callbacks);
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;

        int[] userCounts = data.ratings().userCounts(split.train());
        int[] itemCounts = data.ratings().itemCounts(split.train());
        Metrics.Accuracy acc = Metrics.accuracy(result.model(), data.ratings(), split.valid(), userCounts, itemCounts);
        Map<String, Metrics.Accuracy> byCount = org.collab4j.eval.UserGroups.byUserCount(result.model(), data.ratings(), split.valid(), userCounts);
        Metrics.Accuracy coldAcc = cold == null ? null : Metrics.accuracy(result.model(), data.ratings(), cold.coldRows());
        org.collab4j.experiment.NewUsers.Result freshAcc = fresh == null ? null : org.collab4j.experiment.NewUsers.evaluate(result.model(),
                data.ratings(), SideInputs.userTable(data, config), split.train(), fresh.users(), fresh.coldRows());
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("collab4j_version", String.valueOf(TrainCommand.class.getPackage().getImplementationVersion()));
        prov.put("model", trainer.name());
        prov.put("data", data.name());
        prov.put("split", split.name());
        prov.putAll(config.describe());
        prov.put("n_train", Integer.toString(split.numTrain()));
        prov.put("n_valid", Integer.toString(split.numValid()));
        if (split.numValid() > 0) {
            prov.put("valid_rmse", Double.toString(acc.rmse()));
            prov.put("valid_mae", Double.toString(acc.mae()));
        }
        prov.put("created", java.time.Instant.now().toString());
        // the seen-item rows (8 bytes a training rating) only when the model is saved or shown
        boolean showing = show > 0 && !common.json;
        TrainedModel trained = null;
        if (out != null || showing) {
            releaseGarbage(data);   // the trainer's working set (the SGD grid) is dead by now
            trained = TrainedModel.of(result.model(), data.ratings(), split.train(), data.items(), data.users(), prov);
        }
        if (out != null) ModelFile.write(trained, out);
        int batchesPerEpoch = (split.numTrain() + config.batchSize() - 1) / config.batchSize();
        if (plot != null) TrainingCurves.plot(result.history(), batchesPerEpoch, plot);
        if (history != null) TrainingCurves.writeCsv(result.history(), batchesPerEpoch, history);

        if (split.numValid() > 0) {
            console.printf("valid RMSE %.4f  MAE %.4f  (%d ratings; %d with a user and %d with an item unseen in training, scored from biases)",
                    acc.rmse(), acc.mae(), acc.n(), acc.unseenUserRows(), acc.unseenItemRows());
        }
        if (split.numValid() > 0) {
            StringBuilder sb = new StringBuilder("valid RMSE by the user's training ratings:");
            byCount.forEach((k, a) -> sb.append(String.format("  %s: %.4f (%d)", k, a.rmse(), a.n())));
            console.println(sb.toString());
        }
        if (coldAcc != null)
            console.printf("cold users: %d users with 5 training ratings each, RMSE %.4f on their %d held-out ratings",
                    cold.users().length, coldAcc.rmse(), coldAcc.n());
        if (freshAcc != null)
            console.printf("new users: %d users held out entirely, RMSE on their %d ratings: from their features %s, model %.4f, "
                    + "global mean %.4f, item bias %.4f", freshAcc.users(), freshAcc.ratings(),
                    Double.isNaN(freshAcc.features()) ? "- (no user features)" : String.format(java.util.Locale.ROOT, "%.4f", freshAcc.features()),
                    freshAcc.model(), freshAcc.globalMean(), freshAcc.itemBias());
        console.printf("trained in %.2f s%s", trainSeconds, out != null ? "; model saved to " + out : "");
        if (plot != null) console.println("training curves drawn in " + plot);
        if (history != null) console.println("loss history written to " + history);
        List<ScoredItem> recs = List.of();
        List<ScoredItem> sims = List.of();
        String showUser = null;
        if (showing) {
            Recommender rec = new Recommender(trained);
            showUser = exampleUser(trained);
            if (showUser != null) {
                recs = rec.recommend(showUser, show);
                console.println("");
                console.println("top " + show + " for user " + showUser + ":");
                for (ScoredItem s : recs) console.printf("  %.2f  %s", s.score(), s.title());
                if (trained.model() instanceof org.collab4j.model.ItemSimilarity && !recs.isEmpty()) {
                    int first = recs.get(0).index();
                    sims = rec.similar(first, show);
                    console.println("most similar to " + recs.get(0).title() + ":");
                    for (ScoredItem s : sims) console.printf("  %.3f  %s", s.score(), s.title());
                }
            }
        }
        if (common.json) {
            ObjectNode o = console.object();
            o.put("model", trainer.name());
            o.put("data", data.name());
            o.put("split", split.name());
            o.put("n_train", split.numTrain());
            o.put("n_valid", split.numValid());
            ArrayNode epochs = o.putArray("epochs");
            for (EpochResult e : result.history().epochs()) {
                ObjectNode row = epochs.addObject();
                row.put("epoch", e.epoch());
                row.put("train_loss", e.trainLoss());
                putNumber(row, "valid_loss", e.validLoss());
                row.put("seconds", e.seconds());
            }
            putNumber(o, "valid_rmse", acc.rmse());
            putNumber(o, "valid_mae", acc.mae());
            o.put("valid_unseen_user_rows", acc.unseenUserRows());
            o.put("valid_unseen_item_rows", acc.unseenItemRows());
            ObjectNode groups = o.putObject("rmse_by_user_count");
            byCount.forEach((k, a) -> {
                ObjectNode g = groups.putObject(k);
                g.put("n", a.n());
                putNumber(g, "rmse", a.rmse());
            });
            if (coldAcc != null) {
                ObjectNode c = o.putObject("cold_users");
                c.put("n", cold.users().length);
                c.put("n_ratings", coldAcc.n());
                putNumber(c, "rmse", coldAcc.rmse());
            }
            if (freshAcc != null) {
                ObjectNode c = o.putObject("new_users");
                c.put("n", freshAcc.users());
                c.put("n_ratings", freshAcc.ratings());
                putNumber(c, "rmse_features", freshAcc.features());
                putNumber(c, "rmse_model", freshAcc.model());
                putNumber(c, "rmse_global_mean", freshAcc.globalMean());
                putNumber(c, "rmse_item_bias", freshAcc.itemBias());
            }
            o.put("train_seconds", trainSeconds);
            o.put("total_seconds", (System.nanoTime() - t0) / 1e9);
            o.put("bad_lines_skipped", data.report().badLinesSkipped());
            o.put("duplicates_replaced", data.report().duplicatesReplaced());
            if (out != null) o.put("out", out.toString());
            if (plot != null) o.put("plot", plot.toString());
            if (history != null) o.put("history", history.toString());
            ObjectNode hp = o.putObject("config");
            config.describe().forEach(hp::put);
            console.emit(o);
        }
        return 0;
    }

    /**
     * Between the phases of a large run (load, split, training), asks for a collection: each phase
     * leaves hundreds of MB of dead arrays (the parser's columns, the split's permutation, the
     * SGD grid), and ParallelGC grows the heap to hold them rather than collecting them, so the
     * process would touch (and keep resident) far more than it uses: on synth-25m with a 64 MB
     * young generation, 1.09 GB peak RSS without these collections, 0.79 GB with them. Each costs
     * well under 0.1 s there; small data sets skip them.
     */
    static void releaseGarbage(Dataset data) {
        if (data.ratings().size() >= 2_000_000) System.gc();
    }

    static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.putNull(key);
    }

    static void reportLoad(Console console, LoadReport r) {
        if (r.badLinesSkipped() > 0) console.printf("skipped %d malformed lines (--skip-bad-lines)", r.badLinesSkipped());
        if (r.duplicatesReplaced() > 0) console.printf("%d repeated (user, item) ratings: the last one of each was kept", r.duplicatesReplaced());
    }

    /** A user with a typical number of ratings (the first with at least 20), for the example output. */
    static String exampleUser(TrainedModel m) {
        for (int u = 0; u < m.numUsers(); u++) if (m.userCount(u) >= 20) return m.userIds().id(u);
        return m.numUsers() > 0 ? m.userIds().id(0) : null;
    }

    /** Prints fastai's epoch table as epochs finish, with a progress bar per epoch on a terminal. */
    static final class EpochTable implements Callback {
        private final Console console;
        private int batches;
        private ProgressBar bar;
        private boolean headerPrinted;

        EpochTable(Console console) {
            this.console = console;
        }

        @Override
        public void beforeFit(int epochs, int batchesPerEpoch) {
            this.batches = batchesPerEpoch;
            if (!headerPrinted) {
                console.println(String.format("%-6s %-11s %-11s %s", "epoch", "train_loss", "valid_loss", "time"));
                headerPrinted = true;
            }
        }

        @Override
        public void beforeEpoch(int epoch) {
            bar = console.bar("epoch " + epoch, batches, "");
        }

        @Override
        public void afterBatch(int epoch, int batch, double lr, double loss) {
            if (bar != null && (batch & 63) == 0) bar.stepTo(batch);
        }

        @Override
        public void afterEpoch(EpochResult r) {
            if (bar != null) {
                bar.stepTo(batches);
                console.finishProgress();
                bar = null;
            }
            console.println(String.format("%-6d %-11s %-11s %s", r.epoch(), Console.f(r.trainLoss(), 6),
                    Double.isNaN(r.validLoss()) ? "-" : Console.f(r.validLoss(), 6), Console.time(r.seconds())));
        }
    }
}
