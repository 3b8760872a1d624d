package org.collab4j.cli;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.options.SplitOptions;
import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.experiment.LrFinder;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.Recipes;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.Trainable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code collab4j lr-find}: fastai's learning-rate finder. */
@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"fastai's learning-rate finder: train a fresh model for at most --num-it mini-batches of the training "
                + "split while the rate grows exponentially from --start-lr to --end-lr, stop when the smoothed loss exceeds "
                + "4x its minimum, and suggest rates: 'valley' (in the longest descent of the loss; fastai's default) and "
                + "'steep' (where the loss falls fastest). The model is not saved. Only gradient-trained models can be probed."})
final class LrFindCommand extends TrainingCommand {
    @Mixin
    SplitOptions splitOptions = new SplitOptions();

    @Option(names = "--start-lr", defaultValue = "1e-7", description = "First rate (default: ${DEFAULT-VALUE}).")
    double startLr;

    @Option(names = "--end-lr", defaultValue = "10", description = "Rate reached after --num-it batches (default: ${DEFAULT-VALUE}).")
    double endLr;

    @Option(names = "--num-it", defaultValue = "100", description = "Most mini-batches to run (default: ${DEFAULT-VALUE}).")
    int numIt;

    @Option(names = "--plot", paramLabel = "PNG", description = "Draw loss against rate (log axis), suggestions marked, into PNG.")
    Path plot;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        TrainConfig config = trainOptions.config(console);
        ModelTrainer trainer = trainOptions.trainer();
        LrFinder finder = new LrFinder(startLr, endLr, numIt);
        Dataset data = dataOptions.load(config.threads(), splitOptions.needsTime(), console);
        TrainCommand.reportLoad(console, data.report());
        var ds = splitOptions.apply(data, config.seed());
        data = ds.data();
        Split split = ds.split();
        if (split.train().length == 0) throw new UserException("the split leaves no ratings to train on");
        Trainable model = trainer.trainable(data, config);
        if (model == null)
            throw new UserException("lr-find needs a model trained by gradient descent; '" + trainer.name() + "' is not");
        long f0 = System.nanoTime();
        LrFinder.Result r = finder.run(model, data.ratings(), split.train(), Recipes.optimizer(config), config.batchSize(),
                config.wd(), config.threads(), config.seed());
        double findSeconds = (System.nanoTime() - f0) / 1e9;
        if (plot != null)
            Charts.writePng(Charts.lrFind(r.lrs(), r.losses(), r.valley(), r.steep(), r.indexOf(r.valley()), r.indexOf(r.steep())), plot);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String stop = r.diverged() ? "stopped when the smoothed loss passed 4x its minimum" : "ran all " + numIt + " batches";
        if (console.json) {
            ObjectNode o = console.object();
            o.put("model", trainer.name());
            o.put("data", data.name());
            TrainCommand.putNumber(o, "valley", r.valley());
            TrainCommand.putNumber(o, "steep", r.steep());
            ArrayNode lrs = o.putArray("lrs"), losses = o.putArray("losses");
            for (int i = 0; i < r.lrs().length; i++) {
                lrs.add(r.lrs()[i]);
                if (Double.isFinite(r.losses()[i])) losses.add(r.losses()[i]);
                else losses.addNull();
            }
            o.put("batches", r.lrs().length);
            o.put("diverged", r.diverged());
            o.put("find_seconds", findSeconds);
            o.put("seconds", seconds);
            if (plot != null) o.put("plot", plot.toString());
            console.emit(o);
            return 0;
        }
        console.printf("%s on %s: %d batches of %d, rate %.0e to %.2e; %s", trainer.name(), data.name(), r.lrs().length,
                config.batchSize(), r.lrs()[0], r.lrs()[r.lrs().length - 1], stop);
        if (Double.isNaN(r.valley())) {
            console.println("too few batches to suggest a rate (raise --num-it or lower --start-lr)");
        } else {
            console.printf("suggested learning rates: valley %.2e  steep %.2e", r.valley(), r.steep());
        }
        if (plot != null) console.println("plot written to " + plot);
        return 0;
    }
}
