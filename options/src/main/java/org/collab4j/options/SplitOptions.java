package org.collab4j.options;

import java.nio.file.Files;
import java.nio.file.Path;

import org.collab4j.data.DataSplit;
import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import picocli.CommandLine.Option;

/** How to hold out ratings for validation. */
public final class SplitOptions {
    @Option(names = "--split", paramLabel = "S", defaultValue = "random",
            description = "random, temporal, none, or MovieLens 100k's official u1..u5, ua, ub (default: ${DEFAULT-VALUE}).")
    public String split;

    @Option(names = "--valid-pct", defaultValue = "0.2", description = "Share held out by random and temporal splits (default: ${DEFAULT-VALUE}).")
    public double validPct;

    /** As given: a local file, or (on Spark) any Hadoop path, which a {@link Path} would not keep intact ({@code hdfs://}). */
    @Option(names = "--test", paramLabel = "FILE", description = "Hold out exactly the ratings listed in FILE (same format as the data).")
    public String test;

    /** {@code --test} as a local file, or null. */
    public Path testFile() {
        return test == null ? null : Path.of(test);
    }

    /** Whether the split needs the ratings' times (a temporal split, or a test file whose rows are matched with theirs). */
    public boolean needsTime() {
        return "temporal".equals(split) || test != null;
    }

    /**
     * The split the options ask for: the ratings of {@code --test FILE} (the data set grows by
     * any of them it lacks), else {@link #make} with the folder that holds the data set.
     */
    public DataSplit apply(Dataset data, long seed) {
        if (test != null) return Splits.withTestFile(data, testFile());
        return new DataSplit(data, make(data, seed, dataFolder(data)));
    }

    /** The folder that holds the data set (for the official folds). */
    public static Path dataFolder(Dataset data) {
        Path p = Path.of(data.report().source());
        return Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
    }

    /** The split of {@code --split} over {@code data}; the official folds are read from {@code dataFolder}. */
    public Split make(Dataset data, long seed, Path dataFolder) {
        switch (split) {
            case "random":
                return Splits.random(data.ratings(), validPct, seed);
            case "temporal":
                return Splits.temporal(data.ratings(), validPct);
            case "none":
                return Splits.none(data.ratings());
            default:
                if (split.matches("u[1-5]|ua|ub")) return Splits.official(data, dataFolder, split);
                throw new IllegalArgumentException("unknown --split '" + split + "'; expected random, temporal, none, u1..u5, ua or ub");
        }
    }
}
