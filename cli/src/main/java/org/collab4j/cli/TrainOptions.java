package org.collab4j.cli;

import java.util.Map;

import picocli.CommandLine.Option;

/** The shared training options ({@link org.collab4j.options.TrainOptions}) and the command's shortcuts for bpmf's sampler. */
final class TrainOptions extends org.collab4j.options.TrainOptions {
    @Option(names = "--burn-in", paramLabel = "N", description = "bpmf: Gibbs sweeps discarded before samples are kept (same as --set burn-in=N).")
    Integer burnIn;

    @Option(names = "--samples", paramLabel = "M", description = "bpmf: sweeps after burn-in whose predictions are averaged (same as --set samples=M).")
    Integer samples;

    /** {@link #config(java.util.function.Consumer)} with the console's warnings. */
    org.collab4j.train.TrainConfig config(Console console) {
        return config(console::warn);
    }

    @Override
    protected Map<String, String> modelOptions() {
        Map<String, String> ex = super.modelOptions();
        if (burnIn != null) putOnce(ex, "burn-in", burnIn);
        if (samples != null) putOnce(ex, "samples", samples);
        return ex;
    }

    private static void putOnce(Map<String, String> extra, String key, int value) {
        String old = extra.put(key, Integer.toString(value));
        if (old != null && !old.equals(Integer.toString(value)))
            throw new UserException("--" + key + " " + value + " and --set " + key + "=" + old + " disagree; give one");
    }
}
