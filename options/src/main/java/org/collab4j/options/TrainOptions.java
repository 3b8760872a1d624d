package org.collab4j.options;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.collab4j.train.Algorithm;
import org.collab4j.train.Algorithms;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Option;

/**
 * Training options shared by every model that uses them (names fixed by DESIGN.md). An option not
 * given takes the model's default ({@link Algorithm#defaults()}): fastai's for dot-bias,
 * Surprise's or the paper's for the classic models. The model's own options ({@code --set}) are
 * checked against its specs ({@link #checked}).
 */
public class TrainOptions {
    @Option(names = "--model", paramLabel = "M", defaultValue = "dot-bias", description = "Model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = ModelNames.class)
    public String model;

    @Option(names = "--factors", description = "Latent factors (default: the model's; 50 for dot-bias).")
    public Integer factors;

    @Option(names = "--epochs", description = "Epochs, or sweeps of ALS and the baseline (default: the model's; 5 for dot-bias).")
    public Integer epochs;

    @Option(names = "--lr", description = "Learning rate; the peak under one-cycle (default: the model's; 5e-3 for dot-bias with adam, 0.005 with sgd, see README).")
    public Double lr;

    @Option(names = "--wd", description = "Weight decay, or the L2 weight / lambda of ALS and SVD++ (default: the model's; 0.1 for dot-bias with adam, 0.05 L2 with sgd).")
    public Double wd;

    @Option(names = "--bs", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    public int bs;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    public String optimizer;

    @Option(names = "--schedule", defaultValue = "one-cycle", description = "one-cycle or constant (default: ${DEFAULT-VALUE}).")
    public String schedule;

    @Option(names = "--y-range", paramLabel = "LOW,HIGH", description = "Squash predictions into (LOW, HIGH) (default: from the rating scale, 0,5.5 for 1-5 stars).")
    public String yRange;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    public Integer threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    public long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A model-specific option (repeatable); see 'collab4j models'.")
    public Map<String, String> extra = new LinkedHashMap<>();

    /** Defaults of plain SGD (LIBMF's setting): see the README. */
    public static final double SGD_LR = 0.005;
    public static final double SGD_WD = 0.05;

    public int threads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    public Algorithm algorithm() {
        return Algorithms.get(model);
    }

    public ModelTrainer trainer() {
        return algorithm().trainer();
    }

    /** The configuration, checked: {@link #config()} through {@link #checked}. */
    public TrainConfig config(Consumer<String> warnings) {
        return checked(config(), warnings);
    }

    /**
     * {@code config} with the model's own options checked against its specs (an unknown key or a
     * bad value is an error that names it) and under their current keys; a note for each older
     * spelling goes to {@code warnings}.
     */
    public TrainConfig checked(TrainConfig config, Consumer<String> warnings) {
        Algorithm.Validated v = algorithm().validate(config);
        for (String w : v.warnings()) warnings.accept(w);
        return v.config();
    }

    /** The configuration as given, not yet checked: the options given, the model's defaults for the rest. */
    public TrainConfig config() {
        float[] yr = yRange();
        TrainConfig base = algorithm().defaults();
        boolean sgd = "sgd".equals(optimizer) && "dot-bias".equals(model);
        double learningRate = lr != null ? lr : (sgd ? SGD_LR : base.lr());
        double weightDecay = wd != null ? wd : (sgd ? SGD_WD : base.wd());
        return new TrainConfig(factors != null ? factors : base.factors(), epochs != null ? epochs : base.epochs(), learningRate,
                weightDecay, bs, optimizer, schedule, yr, threads(), seed, modelOptions());
    }

    /** {@code --y-range LOW,HIGH} read, or null when not given. */
    public float[] yRange() {
        if (yRange == null) return null;
        String[] p = yRange.split(",");
        if (p.length != 2) throw new IllegalArgumentException("--y-range must be LOW,HIGH, got '" + yRange + "'");
        try {
            return new float[] {Float.parseFloat(p[0].trim()), Float.parseFloat(p[1].trim())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--y-range must be two numbers LOW,HIGH, got '" + yRange + "'");
        }
    }

    /** The model's own options: those of {@code --set}; a command with shortcuts for some of them adds these here. */
    protected Map<String, String> modelOptions() {
        return new LinkedHashMap<>(extra);
    }

    /** The model names, for {@code --model}'s help and completion. */
    public static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Algorithms.names().iterator();
        }
    }
}
