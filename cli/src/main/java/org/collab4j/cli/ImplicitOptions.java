package org.collab4j.cli;

import org.collab4j.options.SplitOptions;
import org.collab4j.data.Confidence;
import org.collab4j.data.DataSplit;
import org.collab4j.data.Dataset;
import org.collab4j.data.RankingSplit;
import org.collab4j.data.RankingSplits;
import org.collab4j.data.Splits;
import org.collab4j.eval.TopNEvaluation;
import org.collab4j.train.ImplicitModels;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Option;

/** Implicit feedback: how a log becomes interactions, how it is split for top-N work, and what is measured. */
final class ImplicitOptions {
    @Option(names = "--positive", paramLabel = "T", description = "Star ratings of at least T are positives (implicit feedback of weight 1); lower ones are dropped.")
    Float positive;

    @Option(names = "--half-life", paramLabel = "DAYS", description = "Time decay of event weights: an event DAYS older than the latest counts half.")
    Double halfLife;

    @Option(names = "--confidence", paramLabel = "RULE", description = "How a summed weight w counts: none (w), linear (1 + alpha w) or log (1 + alpha log(1 + w/epsilon)).")
    String confidence;

    @Option(names = "--alpha", description = "Rate of the confidence rule (default 1).")
    Double alpha;

    @Option(names = "--epsilon", description = "Scale of the log confidence rule (default 1).")
    Double epsilon;

    @Option(names = "--holdout", paramLabel = "P", description = "Implicit feedback: per user, hold out a random share P of their items as the test part.")
    Double holdout;

    @Option(names = "--leave-last", paramLabel = "N", description = "Implicit feedback: per user, hold out their latest N items as the test part (the N before: validation).")
    Integer leaveLast;

    @Option(names = "--heldout-users", paramLabel = "N", description = "Implicit feedback, strong generalisation: hold N users out of training for the test part"
            + " (and N for validation); 80%% of each one's items are folded in at scoring time, 20%% are to be found.")
    Integer heldoutUsers;

    @Option(names = "--cutoffs", paramLabel = "K,K", split = ",", description = "Cut-offs of the ranking metrics (default: 10,20).")
    int[] cutoffs = {10, 20};

    @Option(names = "--metric", defaultValue = "ndcg@20", description = "The ranking metric of the epoch table and of tune (default: ${DEFAULT-VALUE}).")
    String metric;

    /** Whether the options or the model ask for the implicit-feedback path. */
    boolean wanted(String model) {
        return positive != null || halfLife != null || confidence != null || holdout != null || leaveLast != null || heldoutUsers != null
                || ImplicitModels.implicitOnly(model);
    }

    /** The configuration with the confidence rule as model options. */
    TrainConfig apply(TrainConfig config) {
        TrainConfig c = config;
        if (confidence != null) {
            Confidence.parse(confidence, alpha != null ? alpha : 1, epsilon != null ? epsilon : 1); // validates
            c = c.withExtra("confidence", confidence.trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (alpha != null) c = c.withExtra("alpha", Double.toString(alpha));
        if (epsilon != null) c = c.withExtra("epsilon", Double.toString(epsilon));
        return c;
    }

    int[] ks() {
        int[] ks = cutoffs.clone();
        for (int k : ks) if (k < 1) throw new UserException("--cutoffs must be whole numbers of at least 1, got " + k);
        int needed = TopNEvaluation.cutoff(metric);
        if (!TopNEvaluation.isMetric(metric))
            throw new UserException("--metric must be one of ndcg@K, recall@K, precision@K, map@K, hr@K, mrr, coverage@K, novelty@K, gini@K; got '" + metric + "'");
        for (int k : ks) if (k == needed) return ks;
        if (needed == 0) return ks;
        int[] more = java.util.Arrays.copyOf(ks, ks.length + 1);
        more[ks.length] = needed;
        return more;
    }

    /** Interactions (grown by a test file's) and their split. */
    record Prepared(Dataset data, RankingSplit split) {
    }

    /** The split the options ask for, over the interactions of {@code data}. */
    Prepared split(Dataset data, SplitOptions s, long seed) {
        int schemes = (s.test != null ? 1 : 0) + (holdout != null ? 1 : 0) + (leaveLast != null ? 1 : 0) + (heldoutUsers != null ? 1 : 0);
        if (schemes > 1) throw new UserException("give one of --test, --holdout, --leave-last and --heldout-users");
        if (!"random".equals(s.split)) throw new UserException("--split " + s.split + " is for star ratings; implicit feedback is split by "
                + "--holdout P, --leave-last N, --heldout-users N or --test FILE");
        Dataset d = data;
        RankingSplit r;
        if (s.test != null) {
            DataSplit ds = Splits.withTestFile(data, s.testFile(), positive != null ? positive : Float.NaN);
            d = ds.data();
            r = RankingSplits.withTest(d.ratings(), ds.split(), s.validPct, seed);
        } else if (leaveLast != null) {
            r = RankingSplits.leaveLastOut(d.ratings(), leaveLast, leaveLast);
        } else if (heldoutUsers != null) {
            r = RankingSplits.heldOutUsers(d.ratings(), heldoutUsers, 0.2, seed);
        } else {
            r = RankingSplits.holdout(d.ratings(), holdout != null ? holdout : 0, s.validPct, seed);
        }
        return new Prepared(d, r);
    }
}
