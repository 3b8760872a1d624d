package org.collab4j.cli;

import java.nio.file.Path;

import org.collab4j.data.Dataset;
import org.collab4j.eval.Split;
import org.collab4j.eval.Splits;
import picocli.CommandLine.Option;

/** How to hold out ratings for validation. */
final class SplitOptions {
    @Option(names = "--split", paramLabel = "S", defaultValue = "random",
            description = "random, temporal, none, or MovieLens 100k's official u1..u5, ua, ub (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--valid-pct", defaultValue = "0.2", description = "Share held out by random and temporal splits (default: ${DEFAULT-VALUE}).")
    double validPct;

    @Option(names = "--test", paramLabel = "FILE", description = "Hold out exactly the ratings listed in FILE (same format as the data).")
    Path test;

    Split make(Dataset data, long seed, Path dataFolder) {
        switch (split) {
            case "random":
                return Splits.random(data.ratings(), validPct, seed);
            case "temporal":
                return Splits.temporal(data.ratings(), validPct);
            case "none":
                return Splits.none(data.ratings());
            default:
                if (split.matches("u[1-5]|ua|ub")) return Splits.official(data, dataFolder, split);
                throw new UserException("unknown --split '" + split + "'; expected random, temporal, none, u1..u5, ua or ub");
        }
    }
}
