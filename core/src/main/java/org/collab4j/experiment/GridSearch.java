package org.collab4j.experiment;

import org.collab4j.data.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.kernel.Rng;
import org.collab4j.train.Algorithm;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.TrainConfig;

/**
 * Hyperparameter search, as Surprise's {@code GridSearchCV} and {@code RandomizedSearchCV}: every
 * combination of a grid (or a seeded random sample of them) is trained and scored, on a
 * validation split or by cross-validation, and the results are ranked by RMSE.
 *
 * <p>A grid is written {@code "factors=20,50,100 wd=0.01,0.05 k=20,40"}: axes separated by
 * spaces, values by commas. An axis is a shared training option ({@value #SHARED_KEYS}) or one
 * of the model's own options (what {@code --set KEY=VALUE} takes).
 */
public final class GridSearch {
    /** The shared training options a grid may vary, by their command-line names. */
    public static final String SHARED_KEYS = "factors, epochs, lr, wd, bs, optimizer, schedule, seed";

    private GridSearch() {
    }

    /** A parsed grid: axis name to its values, in the order written. */
    public record Grid(Map<String, List<String>> axes) {
        public Grid {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            axes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            axes = Collections.unmodifiableMap(copy);
        }

        /** Number of combinations. */
        public long size() {
            long n = 1;
            for (List<String> v : axes.values()) n *= v.size();
            return n;
        }

        /** The combination with index {@code index} (last axis varying fastest). */
        public Map<String, String> combination(long index) {
            Map<String, String> out = new LinkedHashMap<>();
            List<String> keys = new ArrayList<>(axes.keySet());
            long rest = index;
            String[] vals = new String[keys.size()];
            for (int a = keys.size() - 1; a >= 0; a--) {
                List<String> v = axes.get(keys.get(a));
                vals[a] = v.get((int) (rest % v.size()));
                rest /= v.size();
            }
            for (int a = 0; a < keys.size(); a++) out.put(keys.get(a), vals[a]);
            return out;
        }

        /** Every combination, in grid order. */
        public List<Map<String, String>> all() {
            if (size() > 100_000) throw new IllegalArgumentException("the grid has " + size() + " combinations; use --random N to sample some");
            List<Map<String, String>> out = new ArrayList<>();
            for (long c = 0; c < size(); c++) out.add(combination(c));
            return out;
        }

        /** {@code n} distinct combinations drawn uniformly with {@code seed} (all of them, shuffled, when n >= size). */
        public List<Map<String, String>> sample(int n, long seed) {
            if (n < 1) throw new IllegalArgumentException("--random needs at least 1 trial, got " + n);
            long total = size();
            Rng rng = new Rng(seed);
            List<Map<String, String>> out = new ArrayList<>();
            if (n >= total) {
                int[] idx = new int[(int) total];
                for (int j = 0; j < idx.length; j++) idx[j] = j;
                rng.shuffle(idx);
                for (int j : idx) out.add(combination(j));
                return out;
            }
            java.util.Set<Long> seen = new java.util.HashSet<>();
            while (out.size() < n) {
                long c = (long) (rng.nextDouble() * total);
                if (seen.add(c)) out.add(combination(c));
            }
            return out;
        }
    }

    /** Parses {@code "key=v1,v2 key2=v3"}; every axis needs a name and at least one value. */
    public static Grid parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--grid is empty; write e.g. \"factors=20,50 wd=0.01,0.1\"");
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String part : spec.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1)
                throw new IllegalArgumentException("--grid axis '" + part + "' must be NAME=VALUE[,VALUE...], e.g. factors=20,50");
            String key = part.substring(0, eq).trim();
            if (key.startsWith("--")) key = key.substring(2);
            List<String> values = new ArrayList<>();
            for (String v : part.substring(eq + 1).split(",")) {
                if (v.isBlank()) throw new IllegalArgumentException("--grid axis '" + part + "' has an empty value");
                values.add(v.trim());
            }
            if (axes.put(key, values) != null) throw new IllegalArgumentException("--grid names " + key + " twice");
        }
        return new Grid(axes);
    }

    /**
     * Checks that every axis is a shared option or one of the model's own, and that every
     * combination makes a valid configuration (each model option checked by the algorithm);
     * returns the notes on older spellings of option keys, for the caller to show.
     */
    public static List<String> check(Grid grid, Algorithm algorithm, TrainConfig base) {
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, List<String>> axis : grid.axes().entrySet())
            for (String v : axis.getValue()) {
                TrainConfig c = apply(base, Map.of(axis.getKey(), v));
                Algorithm.Validated checked;
                try {
                    checked = algorithm.validate(c);
                } catch (IllegalArgumentException e) {
                    String m = e.getMessage();
                    throw new IllegalArgumentException("--grid: " + m + (m.contains("has no option") ? "; the grid may also vary " + SHARED_KEYS : ""), e);
                }
                for (String w : checked.warnings()) if (!warnings.contains(w)) warnings.add(w);
            }
        return warnings;
    }

    /** {@code base} with the given options set (shared options by name, the rest as model options). */
    public static TrainConfig apply(TrainConfig base, Map<String, String> params) {
        TrainConfig c = base;
        for (Map.Entry<String, String> e : params.entrySet()) {
            String k = e.getKey(), v = e.getValue();
            try {
                switch (k) {
                    case "factors": c = c.withFactors(Integer.parseInt(v)); break;
                    case "epochs": c = c.withEpochs(Integer.parseInt(v)); break;
                    case "lr": c = c.withLr(Double.parseDouble(v)); break;
                    case "wd": c = c.withWd(Double.parseDouble(v)); break;
                    case "seed": c = c.withSeed(Long.parseLong(v)); break;
                    case "bs": c = new TrainConfig(c.factors(), c.epochs(), c.lr(), c.wd(), Integer.parseInt(v), c.optimizer(), c.schedule(),
                            c.yRange(), c.threads(), c.seed(), c.extra()); break;
                    case "optimizer": c = new TrainConfig(c.factors(), c.epochs(), c.lr(), c.wd(), c.batchSize(), v, c.schedule(), c.yRange(),
                            c.threads(), c.seed(), c.extra()); break;
                    case "schedule": c = new TrainConfig(c.factors(), c.epochs(), c.lr(), c.wd(), c.batchSize(), c.optimizer(), v, c.yRange(),
                            c.threads(), c.seed(), c.extra()); break;
                    default: c = c.withExtra(k, v);
                }
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("--grid: " + k + " must be a number, got '" + v + "'");
            }
        }
        return c;
    }

    /** One trained and scored combination. */
    public record Trial(Map<String, String> params, double rmse, double mae, double seconds) {
    }

    /** Progress hook: after each trial. */
    public interface Listener {
        void afterTrial(Trial trial, int index, int count);
    }

    /**
     * Trains and scores each combination on {@code splits}: one split (scored on its validation
     * rows) or several folds (scored by their mean). Returns the trials ranked by RMSE, best first.
     */
    public static List<Trial> run(Dataset data, List<Split> splits, ModelTrainer trainer, TrainConfig base,
                                  List<Map<String, String>> combinations, Listener listener) {
        if (splits.isEmpty()) throw new IllegalArgumentException("tuning needs a validation split or folds");
        for (Split s : splits)
            if (s.numValid() == 0) throw new IllegalArgumentException("split " + s.name() + " holds out no ratings to score on");
        List<Trial> trials = new ArrayList<>();
        for (int t = 0; t < combinations.size(); t++) {
            Map<String, String> params = combinations.get(t);
            TrainConfig config = apply(base, params);
            CrossValidation.Result r = CrossValidation.run(data, splits, trainer, config, null);
            Trial trial = new Trial(params, r.meanRmse(), r.meanMae(), r.totalSeconds());
            trials.add(trial);
            if (listener != null) listener.afterTrial(trial, t, combinations.size());
        }
        trials.sort(Comparator.comparingDouble((Trial x) -> Double.isNaN(x.rmse()) ? Double.POSITIVE_INFINITY : x.rmse()));
        return trials;
    }
}
