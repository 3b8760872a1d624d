package org.collab4j.experiment;

import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.eval.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.kernel.Rng;
import org.collab4j.train.Callback;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;

/**
 * Cross-validation: train a model on each fold's training rows, score it on the fold's held-out
 * rows, and report per-fold and mean RMSE and MAE with the seconds each fold took (fit + test,
 * data loading excluded, as Surprise's {@code cross_validate} times them).
 *
 * <p>Folds are MovieLens 100k's official ones ({@code u1}..{@code u5}, also {@code ua},
 * {@code ub}) or seeded random folds ({@code fold-1}..{@code fold-N}): a seeded permutation of
 * the ratings cut into N parts of sizes differing by at most one, fold f holding out part f.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /** One fold's scores. */
    public record FoldResult(String name, double rmse, double mae, double seconds, int numTrain, int numTest) {
    }

    /** All folds' scores and their means. */
    public record Result(String model, List<FoldResult> folds) {
        public Result {
            folds = List.copyOf(folds);
        }

        public double meanRmse() {
            return folds.stream().mapToDouble(FoldResult::rmse).average().orElse(Double.NaN);
        }

        public double meanMae() {
            return folds.stream().mapToDouble(FoldResult::mae).average().orElse(Double.NaN);
        }

        public double totalSeconds() {
            return folds.stream().mapToDouble(FoldResult::seconds).sum();
        }
    }

    /** Hooks for progress output; all optional. */
    public interface Listener {
        /** Callbacks for the training run of one fold (e.g. an epoch table). */
        default List<Callback> callbacks(Split fold, int index, int count) {
            return List.of();
        }

        default void afterFold(FoldResult result, int index, int count) {
        }
    }

    private static final Pattern RANGE = Pattern.compile("u([1-5])\\.\\.u([1-5])");

    /**
     * The folds named by {@code spec}: {@code u1..u5} (a range of official folds), a comma list
     * such as {@code u1,u2} or {@code ua,ub}, or a number N of seeded random folds.
     *
     * @param folder the folder holding MovieLens 100k's {@code uN.test} files (official folds only)
     */
    public static List<Split> folds(Dataset data, Path folder, String spec, long seed) {
        String s = spec.trim();
        if (s.matches("\\d+")) return random(data.ratings(), Integer.parseInt(s), seed);
        List<String> names = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            Matcher m = RANGE.matcher(p);
            if (m.matches()) {
                int a = Integer.parseInt(m.group(1)), b = Integer.parseInt(m.group(2));
                if (a > b) throw new IllegalArgumentException("--folds range " + p + " runs backwards; write u" + b + "..u" + a);
                for (int f = a; f <= b; f++) names.add("u" + f);
            } else if (p.matches("u[1-5]|ua|ub")) {
                names.add(p);
            } else {
                throw new IllegalArgumentException("--folds must be a number of random folds, a range such as u1..u5, or a list such as u1,u2 "
                        + "(official MovieLens 100k folds u1..u5, ua, ub); got '" + spec + "'");
            }
        }
        if (names.size() != names.stream().distinct().count()) throw new IllegalArgumentException("--folds names a fold twice: " + spec);
        List<Split> out = new ArrayList<>();
        for (String n : names) out.add(Splits.official(data, folder, n));
        return out;
    }

    /** {@code n} seeded random folds named {@code fold-1}..{@code fold-n}. */
    public static List<Split> random(Ratings ratings, int n, long seed) {
        int size = ratings.size();
        if (n < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + n);
        if (n > size) throw new IllegalArgumentException(n + " folds need at least " + n + " ratings; the data has " + size);
        int[] perm = ratings.allRows();
        new Rng(seed).shuffle(perm);
        int[] foldOf = new int[size];
        for (int f = 0; f < n; f++) {
            int from = (int) ((long) size * f / n), to = (int) ((long) size * (f + 1) / n);
            for (int j = from; j < to; j++) foldOf[perm[j]] = f;
        }
        List<Split> out = new ArrayList<>(n);
        for (int f = 0; f < n; f++) {
            boolean[] mask = new boolean[size];
            int count = 0;
            for (int r = 0; r < size; r++) if (foldOf[r] == f) { mask[r] = true; count++; }
            out.add(Splits.fromMask("fold-" + (f + 1), mask, count));
        }
        return Collections.unmodifiableList(out);
    }

    /** Trains and scores {@code trainer} on every fold, in order. */
    public static Result run(Dataset data, List<Split> folds, ModelTrainer trainer, TrainConfig config, Listener listener) {
        Listener l = listener == null ? new Listener() { } : listener;
        List<FoldResult> results = new ArrayList<>();
        Ratings r = data.ratings();
        for (int f = 0; f < folds.size(); f++) {
            Split fold = folds.get(f);
            if (fold.numTrain() == 0) throw new IllegalArgumentException("fold " + fold.name() + " leaves no ratings to train on");
            long start = System.nanoTime();
            TrainResult tr = trainer.train(data, fold, config, l.callbacks(fold, f, folds.size()));
            Metrics.Accuracy acc = Metrics.accuracy(tr.model(), r, fold.valid());
            double seconds = (System.nanoTime() - start) / 1e9;
            FoldResult res = new FoldResult(fold.name(), acc.rmse(), acc.mae(), seconds, fold.numTrain(), fold.numValid());
            results.add(res);
            l.afterFold(res, f, folds.size());
        }
        return new Result(trainer.name(), results);
    }
}
