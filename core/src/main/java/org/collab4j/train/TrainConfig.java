package org.collab4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters shared by the models that use them, with fastai's defaults, plus
 * model-specific options by name in {@code extra} (e.g. {@code layers=100,50} for {@code nn}).
 * Validated here, in one place, with messages that name the bad value.
 *
 * @param factors    latent factors per user and item (50)
 * @param epochs     passes over the training data (5)
 * @param lr         learning rate, the peak rate under one-cycle (5e-3)
 * @param wd         weight decay (0.1)
 * @param batchSize  mini-batch size (64)
 * @param optimizer  {@code adam} or {@code sgd}
 * @param schedule   {@code one-cycle} or {@code constant}
 * @param yRange     {low, high} for sigmoid_range, or null to derive it from the rating scale
 * @param threads    worker threads (all cores)
 * @param seed       seed of every random choice (42)
 * @param extra      model-specific options
 */
public record TrainConfig(int factors, int epochs, double lr, double wd, int batchSize, String optimizer, String schedule,
                          float[] yRange, int threads, long seed, Map<String, String> extra) {
    public TrainConfig {
        if (factors < 1) throw new IllegalArgumentException("--factors must be at least 1, got " + factors);
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        if (!(wd >= 0) || Double.isInfinite(wd)) throw new IllegalArgumentException("--wd must be zero or positive, got " + wd);
        if (batchSize < 1) throw new IllegalArgumentException("--bs must be at least 1, got " + batchSize);
        if (optimizer == null || optimizer.isEmpty()) optimizer = "adam";
        if (!optimizer.equals("adam") && !optimizer.equals("sgd"))
            throw new IllegalArgumentException("--optimizer must be adam or sgd, got '" + optimizer + "'");
        if (schedule == null || schedule.isEmpty()) schedule = "one-cycle";
        if (!schedule.equals("one-cycle") && !schedule.equals("constant"))
            throw new IllegalArgumentException("--schedule must be one-cycle or constant, got '" + schedule + "'");
        if (yRange != null && (yRange.length != 2 || !(yRange[0] < yRange[1])))
            throw new IllegalArgumentException("--y-range must be LOW,HIGH with LOW < HIGH");
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** fastai's defaults: 50 factors, 5 epochs of one-cycle at 5e-3 with wd 0.1, Adam, batch 64, seed 42. */
    public static TrainConfig defaults() {
        return new TrainConfig(50, 5, 5e-3, 0.1, 64, "adam", "one-cycle", null,
                Runtime.getRuntime().availableProcessors(), 42, Map.of());
    }

    public TrainConfig withFactors(int f) {
        return new TrainConfig(f, epochs, lr, wd, batchSize, optimizer, schedule, yRange, threads, seed, extra);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(factors, e, lr, wd, batchSize, optimizer, schedule, yRange, threads, seed, extra);
    }

    public TrainConfig withLr(double v) {
        return new TrainConfig(factors, epochs, v, wd, batchSize, optimizer, schedule, yRange, threads, seed, extra);
    }

    public TrainConfig withWd(double v) {
        return new TrainConfig(factors, epochs, lr, v, batchSize, optimizer, schedule, yRange, threads, seed, extra);
    }

    public TrainConfig withThreads(int t) {
        return new TrainConfig(factors, epochs, lr, wd, batchSize, optimizer, schedule, yRange, t, seed, extra);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(factors, epochs, lr, wd, batchSize, optimizer, schedule, yRange, threads, s, extra);
    }

    public TrainConfig withExtra(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.put(key, value);
        return new TrainConfig(factors, epochs, lr, wd, batchSize, optimizer, schedule, yRange, threads, seed, m);
    }

    /** This configuration with {@code extra} as its model-specific options, in place of its own. */
    public TrainConfig withExtras(Map<String, String> extra) {
        return new TrainConfig(factors, epochs, lr, wd, batchSize, optimizer, schedule, yRange, threads, seed, new LinkedHashMap<>(extra));
    }

    /** A model-specific option, or {@code def} when not given. */
    public String extra(String key, String def) {
        return extra.getOrDefault(key, def);
    }

    /** The hyperparameters as strings, for a model's provenance. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("factors", Integer.toString(factors));
        m.put("epochs", Integer.toString(epochs));
        m.put("lr", Double.toString(lr));
        m.put("wd", Double.toString(wd));
        m.put("bs", Integer.toString(batchSize));
        m.put("optimizer", optimizer);
        m.put("schedule", schedule);
        if (yRange != null) m.put("y_range", yRange[0] + "," + yRange[1]);
        m.put("threads", Integer.toString(threads));
        m.put("seed", Long.toString(seed));
        m.putAll(extra);
        return m;
    }
}
