package org.collab4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;

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
final class TrainOptions {
    @Option(names = "--model", paramLabel = "M", defaultValue = "dot-bias", description = "Model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--factors", description = "Latent factors (default: the model's; 50 for dot-bias).")
    Integer factors;

    @Option(names = "--epochs", description = "Epochs, or sweeps of ALS and the baseline (default: the model's; 5 for dot-bias).")
    Integer epochs;

    @Option(names = "--lr", description = "Learning rate; the peak under one-cycle (default: the model's; 5e-3 for dot-bias with adam, 0.005 with sgd, see README).")
    Double lr;

    @Option(names = "--wd", description = "Weight decay, or the L2 weight / lambda of ALS and SVD++ (default: the model's; 0.1 for dot-bias with adam, 0.05 L2 with sgd).")
    Double wd;

    @Option(names = "--bs", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int bs;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--schedule", defaultValue = "one-cycle", description = "one-cycle or constant (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--y-range", paramLabel = "LOW,HIGH", description = "Squash predictions into (LOW, HIGH) (default: from the rating scale, 0,5.5 for 1-5 stars).")
    String yRange;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A model-specific option (repeatable); see 'collab4j models'.")
    Map<String, String> extra = new LinkedHashMap<>();

    @Option(names = "--burn-in", paramLabel = "N", description = "bpmf: Gibbs sweeps discarded before samples are kept (same as --set burn-in=N).")
    Integer burnIn;

    @Option(names = "--samples", paramLabel = "M", description = "bpmf: sweeps after burn-in whose predictions are averaged (same as --set samples=M).")
    Integer samples;

    int threads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    Algorithm algorithm() {
        return Algorithms.get(model);
    }

    ModelTrainer trainer() {
        return algorithm().trainer();
    }

    /** The configuration, checked: {@link #config()} through {@link #checked}. */
    TrainConfig config(Console console) {
        return checked(config(), console);
    }

    /**
     * {@code config} with the model's own options checked against its specs (an unknown key or a
     * bad value is an error that names it) and under their current keys; a note for each older
     * spelling goes to stderr.
     */
    TrainConfig checked(TrainConfig config, Console console) {
        Algorithm.Validated v = algorithm().validate(config);
        for (String w : v.warnings()) console.warn(w);
        return v.config();
    }

    /** The configuration as given, not yet checked: the options given, the model's defaults for the rest. */
    TrainConfig config() {
        float[] yr = null;
        if (yRange != null) {
            String[] p = yRange.split(",");
            if (p.length != 2) throw new UserException("--y-range must be LOW,HIGH, got '" + yRange + "'");
            try {
                yr = new float[] {Float.parseFloat(p[0].trim()), Float.parseFloat(p[1].trim())};
            } catch (NumberFormatException e) {
                throw new UserException("--y-range must be two numbers LOW,HIGH, got '" + yRange + "'");
            }
        }
        TrainConfig base = algorithm().defaults();
        boolean sgd = "sgd".equals(optimizer) && "dot-bias".equals(model);
        double learningRate = lr != null ? lr : (sgd ? SGD_LR : base.lr());
        double weightDecay = wd != null ? wd : (sgd ? SGD_WD : base.wd());
        Map<String, String> ex = new LinkedHashMap<>(extra);
        if (burnIn != null) putOnce(ex, "burn-in", burnIn);
        if (samples != null) putOnce(ex, "samples", samples);
        return new TrainConfig(factors != null ? factors : base.factors(), epochs != null ? epochs : base.epochs(), learningRate,
                weightDecay, bs, optimizer, schedule, yr, threads(), seed, ex);
    }

    private static void putOnce(Map<String, String> extra, String key, int value) {
        String old = extra.put(key, Integer.toString(value));
        if (old != null && !old.equals(Integer.toString(value)))
            throw new UserException("--" + key + " " + value + " and --set " + key + "=" + old + " disagree; give one");
    }

    /** Defaults of plain SGD (LIBMF's setting): see the README. */
    static final double SGD_LR = 0.005;
    static final double SGD_WD = 0.05;

    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Algorithms.names().iterator();
        }
    }
}
