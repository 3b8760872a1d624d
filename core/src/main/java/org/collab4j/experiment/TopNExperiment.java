package org.collab4j.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Holdout;
import org.collab4j.eval.TopNEvaluation;
import org.collab4j.model.RatingModel;
import org.collab4j.train.Callback;
import org.collab4j.train.History;
import org.collab4j.train.ImplicitTrainer;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;

/**
 * Fitting and full-ranking scoring of top-N models on implicit feedback: one run, per-user
 * cross-validation, and a search over hyperparameters chosen on a validation part (never on
 * the test part). Every number comes from {@link TopNEvaluation}.
 */
public final class TopNExperiment {
    private TopNExperiment() {
    }

    /** A fitted model, its history, its scores on the held-out rows and the seconds the fit took. */
    public record Run(String name, RatingModel model, History history, TopNEvaluation.Result result, double trainSeconds) {
    }

    /** Fits {@code trainer} to {@code holdout.train()} and scores it on {@code holdout.heldOut()} at the cut-offs {@code ks}. */
    public static Run run(ImplicitTrainer trainer, Dataset data, Holdout holdout, TrainConfig config, int[] ks, List<Callback> callbacks) {
        if (holdout.train().length == 0) throw new IllegalArgumentException("the split leaves no interactions to train on");
        long t0 = System.nanoTime();
        TrainResult fit = trainer.train(data, holdout.asSplit(), config, callbacks);
        double seconds = (System.nanoTime() - t0) / 1e9;
        TopNEvaluation.Result result = holdout.heldOut().length == 0 ? null
                : TopNEvaluation.evaluate(fit.model(), data.ratings(), holdout, ImplicitTrainer.confidence(config), ks, config.threads());
        return new Run(holdout.name(), fit.model(), fit.history(), result, seconds);
    }

    /** One run per fold; the metrics' means over folds are {@link #mean}. */
    public static List<Run> crossValidate(ImplicitTrainer trainer, Dataset data, List<Holdout> folds, TrainConfig config, int[] ks,
                                          java.util.function.Consumer<Run> afterFold) {
        List<Run> out = new ArrayList<>();
        for (Holdout f : folds) {
            Run r = run(trainer, data, f, config, ks, List.of());
            out.add(r);
            afterFold.accept(r);
        }
        return out;
    }

    /** The mean of each metric over runs, in the first run's order. */
    public static Map<String, Double> mean(List<Run> runs) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (String k : runs.get(0).result().metrics().keySet()) {
            double s = 0;
            for (Run r : runs) s += r.result().metrics().get(k);
            m.put(k, s / runs.size());
        }
        return m;
    }

    /** One combination of a search: its options, its validation metrics and the fit's seconds. */
    public record Trial(Map<String, String> params, double score, Map<String, Double> metrics, double seconds) {
    }

    /**
     * Fits every combination of {@code combos} (applied to {@code base} as {@link GridSearch#apply})
     * to {@code valid.train()} and scores it on {@code valid.heldOut()}; best first by {@code metric}
     * (higher is better; ties keep the grid's order).
     */
    public static List<Trial> tune(ImplicitTrainer trainer, Dataset data, Holdout valid, TrainConfig base, List<Map<String, String>> combos,
                                   String metric, int[] ks, java.util.function.Consumer<Trial> afterTrial) {
        checkTuningMetric(metric);
        if (valid.heldOut().length == 0) throw new IllegalArgumentException("tuning needs a validation part; give --valid-pct above 0");
        List<Trial> trials = new ArrayList<>();
        for (Map<String, String> params : combos) {
            Run r = run(trainer, data, valid, GridSearch.apply(base, params), ks, List.of());
            Trial t = new Trial(params, r.result().get(metric), r.result().metrics(), r.trainSeconds());
            trials.add(t);
            afterTrial.accept(t);
        }
        List<Trial> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingDouble(Trial::score).reversed());
        return sorted;
    }

    /** Accuracy metrics only: coverage, novelty and Gini are not what a model is tuned for. */
    public static void checkTuningMetric(String metric) {
        if (!TopNEvaluation.isMetric(metric) || metric.startsWith("coverage@") || metric.startsWith("novelty@") || metric.startsWith("gini@"))
            throw new IllegalArgumentException("--metric must be a ranking accuracy metric: ndcg@K, recall@K, precision@K, map@K, hr@K or mrr; got '"
                    + metric + "'");
    }
}
