package org.collab4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Option;

/** Training options shared by every model that uses them (names fixed by DESIGN.md). */
final class TrainOptions {
    @Option(names = "--model", paramLabel = "M", defaultValue = "dot-bias", description = "Model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--factors", defaultValue = "50", description = "Latent factors (default: ${DEFAULT-VALUE}).")
    int factors;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", description = "Learning rate; the peak under one-cycle (default: 5e-3 for adam; 0.005 for sgd, see README).")
    Double lr;

    @Option(names = "--wd", description = "Weight decay (default: 0.1 for adam; 0.05 L2 for sgd).")
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

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A model-specific option (repeatable).")
    Map<String, String> extra = new LinkedHashMap<>();

    int threads() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

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
        boolean sgd = "sgd".equals(optimizer);
        double learningRate = lr != null ? lr : (sgd ? SGD_LR : 5e-3);
        double weightDecay = wd != null ? wd : (sgd ? SGD_WD : 0.1);
        return new TrainConfig(factors, epochs, learningRate, weightDecay, bs, optimizer, schedule, yr, threads(), seed, extra);
    }

    /** Defaults of plain SGD (LIBMF's setting): see the README. */
    static final double SGD_LR = 0.005;
    static final double SGD_WD = 0.05;

    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return org.collab4j.train.Trainers.names().iterator();
        }
    }
}
