package org.collab4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.options.SplitOptions;
import org.collab4j.recommend.ann.ItemIndex;
import org.collab4j.train.Warmup;
import org.collab4j.api.TrainReport;
import org.collab4j.api.TrainRequest;
import org.collab4j.api.Trained;
import org.collab4j.api.Training;
import org.collab4j.data.Dataset;
import org.collab4j.data.LoadReport;
import org.collab4j.data.Split;
import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j train}: fit a model, print fastai's epoch table and validation metrics, save it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model on a rating log, validate it, and optionally save it.")
final class TrainCommand extends TrainingCommand {
    @Mixin
    SplitOptions splitOptions = new SplitOptions();
    @Mixin
    SideInfoOptions sideInfo = new SideInfoOptions();

    @Mixin
    ImplicitOptions implicit = new ImplicitOptions();

    @Option(names = "--out", paramLabel = "FILE", description = "Save the trained model to FILE (written atomically).")
    Path out;
    @Option(names = "--ann", arity = "0..1", fallbackValue = "lists", paramLabel = "lists|hnsw",
            description = "With --out: also build the indexes (top-N and similar items) beside the model, as 'collab4j index' does with its "
                    + "default settings: k-means lists, or --ann=hnsw for HNSW graphs (factor models).")
    String annMethod;
    @Option(names = "--early-stop", paramLabel = "N", description = "Stop when the validation loss has not improved for N epochs.")
    Integer earlyStop;
    @Option(names = "--plot", paramLabel = "PNG", description = "Draw the smoothed training loss per batch and the validation loss per epoch into PNG.")
    Path plot;
    @Option(names = "--history", paramLabel = "CSV", description = "Write the loss and rate of every batch and the validation loss per epoch to CSV.")
    Path history;
    @Option(names = "--show", defaultValue = "5", description = "After training, show this many recommendations and similar items for one user (0: none; default: ${DEFAULT-VALUE}).")
    int show;
    @Option(names = "--feedback", paramLabel = "URL", description = "Also train on the ratings a server stored in this database"
            + " (jdbc:sqlite:FILE or jdbc:postgresql://...); a stored rating replaces the data set's rating of the same user and item."
            + " For a model of implicit feedback, on the events it stored instead, added to the interactions of the same user and item.")
    String feedback;
    @Mixin
    CommonOptions common = new CommonOptions();

    /** The --json object: the run's report, and what the command did with it. */
    record Json(@JsonUnwrapped TrainReport report, @JsonProperty("total_seconds") double totalSeconds,
                @JsonInclude(JsonInclude.Include.NON_NULL) String out, @JsonInclude(JsonInclude.Include.NON_NULL) String plot,
                @JsonInclude(JsonInclude.Include.NON_NULL) String history, @JsonInclude(JsonInclude.Include.NON_NULL) String index) {
    }

    @Override
    public Integer call() throws IOException {
        try (Warmup warmup = Main.takeWarmup()) {
            return train(warmup);
        }
    }

    /** Trains; stops {@code warmup} (see {@link Main}) when the training begins. */
    private int train(Warmup warmup) throws IOException {
        long t0 = System.nanoTime();
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        boolean ann = annMethod != null;
        ItemIndex.Settings annSettings = null;
        if (ann) {
            try {
                annSettings = ItemIndex.Method.of(annMethod) == ItemIndex.Method.LISTS ? ItemIndex.ListOptions.defaults() : ItemIndex.Options.defaults();
            } catch (IllegalArgumentException e) {
                throw new UserException("--ann: " + e.getMessage());
            }
        }
        if (ann && out == null) throw new UserException("--ann builds an index beside the saved model: give --out FILE too");
        if (implicit.wanted(trainOptions.model)) {
            if (ann) throw new UserException("--ann indexes the factors of rating models (dot-bias, als, bpmf); implicit models are scored exactly");
            return ImplicitRun.train(this, console); // implicit feedback: top-N models
        }
        console.prepareJson(Json.class);
        TrainConfig given = sideInfo.apply(trainOptions.config());
        String model = trainOptions.algorithm().name();
        if (org.collab4j.train.SideInputs.wanted(given) && !model.equals("nn") && !model.equals("dot-bias"))
            throw new UserException("--features is taken by --model nn and dot-bias (side information for " + model + " is not built yet)");
        // a model with an implicit trainer too (item-knn) takes that trainer's options on a log of events,
        // which only loading tells: an option only the implicit trainer has waits for the data
        RuntimeException wrongForRatings = null;
        TrainConfig config = given;
        try {
            config = trainOptions.checked(given, console::warn);
        } catch (IllegalArgumentException | UserException e) {
            if (trainOptions.algorithm().implicitTrainer() == null) throw e;
            wrongForRatings = e;
        }
        for (Path p : new Path[] {out, plot, history})
            if (p != null && Files.isDirectory(p)) throw new UserException(optionOf(p) + " " + p + " is a folder; give a file name");
        // times cost 8 bytes a rating; only the temporal split, a --test file and time features read them
        String features = java.util.Objects.requireNonNullElse(org.collab4j.train.SideInputs.FEATURES.textIn(config.extra()), "");
        Dataset data = dataOptions.load(config.threads(), splitOptions.needsTime() || features.contains("time") || features.contains("all"), console);
        reportLoad(console, data.report());
        if (data.report().implicit()) { // a log of events, read again with every event kept
            if (ann) throw new UserException("--ann indexes the factors of rating models (dot-bias, als, bpmf); implicit models are scored exactly");
            return ImplicitRun.train(this, console);
        }
        if (wrongForRatings != null) throw wrongForRatings;
        releaseGarbage(data);
        if (feedback != null) data = FeedbackOption.merge(data, feedback, console);
        var ds = splitOptions.apply(data, config.seed());
        data = ds.data();
        releaseGarbage(data);
        TrainRequest request = new TrainRequest(trainOptions.model, config, sideInfo.coldUsers == null ? 0 : sideInfo.coldUsers,
                sideInfo.newUsers == null ? 0 : sideInfo.newUsers, earlyStop == null ? 0 : earlyStop,
                common.quiet ? List.of() : List.of(new EpochTable(console)));
        Training training = Training.plan(data, ds.split(), request);
        Split split = training.split();
        console.printf("%s: %d ratings, %d users, %d items; split %s: %d train, %d valid", data.name(), data.ratings().size(),
                data.ratings().numUsers(), data.ratings().numItems(), split.name(), split.numTrain(), split.numValid());
        boolean large = data.ratings().size() >= LARGE;
        // the seen-item rows (8 bytes a training rating) only when the model is saved or shown; otherwise the
        // run needs no training ratings after training, and the trainer may let go of them while it trains,
        // which it can only if nothing here holds them
        boolean showing = show > 0 && !common.json && !common.quiet;
        if (out == null && !showing) training.releasingData();
        data = null;
        ds = null;
        split = null;
        warmup.close();
        Trained run = training.run();
        TrainedModel trained = null;
        if (out != null || showing) {
            if (large) System.gc();   // the trainer's working set (the SGD grid) is dead by now
            trained = run.trainedModel();
        }
        if (out != null) ModelFile.write(trained, out);
        java.util.List<AnnIndex.Built> index = ann ? AnnIndex.build(out, trained, annSettings,
                IndexCommand.kinds("both"), console) : null;
        int batchesPerEpoch = (int) ((run.report().nTrain() + config.batchSize() - 1) / config.batchSize());
        if (plot != null) TrainingCurves.plot(run.history(), batchesPerEpoch, plot);
        if (history != null) TrainingCurves.writeCsv(run.history(), batchesPerEpoch, history);
        TrainSummary.print(console, run.report(), out, plot, history);
        if (index != null)
            for (AnnIndex.Built b : index) console.printf("index of %d items written to %s in %.2f s", b.items(), b.path(), b.seconds());
        if (showing) TrainSummary.example(console, trained, show);
        if (common.json)
            console.emit(new Json(run.report(), (System.nanoTime() - t0) / 1e9, out == null ? null : out.toString(),
                    plot == null ? null : plot.toString(), history == null ? null : history.toString(),
                    index == null ? null : index.get(0).path().toString()));
        return 0;
    }

    private String optionOf(Path p) {
        return p == out ? "--out" : p == plot ? "--plot" : "--history";
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
        if (data.ratings().size() >= LARGE) System.gc();
    }

    /** Ratings from which a data set is large enough for {@link #releaseGarbage} to collect between phases. */
    static final int LARGE = 2_000_000;

    static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) o.put(key, v);
        else o.putNull(key);
    }

    static void reportLoad(Console console, LoadReport r) {
        if (r.badLinesSkipped() > 0) console.printf("skipped %d malformed lines (--skip-bad-lines)", r.badLinesSkipped());
        if (r.duplicatesReplaced() > 0) console.printf("%d repeated (user, item) ratings: the last one of each was kept", r.duplicatesReplaced());
    }
}
