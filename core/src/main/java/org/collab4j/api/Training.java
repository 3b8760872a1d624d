package org.collab4j.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.eval.Metrics;
import org.collab4j.eval.UserGroups;
import org.collab4j.kernel.Workers;
import org.collab4j.experiment.NewUsers;
import org.collab4j.train.Callback;
import org.collab4j.train.EarlyStopping;
import org.collab4j.train.EpochResult;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.Provenance;
import org.collab4j.train.SideInputs;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import org.collab4j.train.TrainingData;
import org.collab4j.data.Ratings;
import org.collab4j.train.Algorithms;

/**
 * One training run from start to report ({@link org.collab4j.Collab#train}): hold out the cold or
 * new users asked for, train, evaluate on the validation ratings (overall, by the user's number
 * of training ratings, and for the held-out users), judge convergence and record the provenance.
 */
public final class Training {
    /** Validation ratings from which the report predicts them on the run's threads. */
    static final int PARALLEL_REPORT_FROM = 100_000;

    /**
     * A model that follows a learning rate has not converged when its training loss fell by less
     * than this share from the first epoch to the last.
     */
    public static final double MIN_LOSS_DROP = 0.05;
    /** Training ratings each cold user keeps. */
    static final int COLD_USER_KEEPS = 5;

    private Dataset data;      // null while handed to the trainer (releasingData)
    private final TrainRequest request;
    private final ModelTrainer trainer;
    private Split split;
    private final UserGroups.ColdSplit cold;
    private final UserGroups.ColdSplit fresh;
    private boolean releasing;

    private Training(Dataset data, Split base, TrainRequest request) {
        this.data = data;
        this.request = request;
        this.trainer = Algorithms.get(request.model()).trainer();
        TrainConfig config = request.config();
        if (SideInputs.wanted(config) && !trainer.name().equals("nn") && !trainer.name().equals("dot-bias"))
            throw new IllegalArgumentException("--features is taken by --model nn and dot-bias (side information for " + trainer.name()
                    + " is not built yet)");
        Split split = base;
        UserGroups.ColdSplit c = null, f = null;
        if (request.coldUsers() > 0) {
            c = UserGroups.coldUsers(data.ratings(), split, request.coldUsers(), COLD_USER_KEEPS, config.seed());
            split = c.split();
        }
        if (request.newUsers() > 0) {
            f = UserGroups.coldUsers(data.ratings(), split, request.newUsers(), 0, config.seed());
            split = f.split();
        }
        if (split.train().length == 0) throw new IllegalArgumentException("the split leaves no ratings to train on");
        if (request.earlyStop() > 0 && split.numValid() == 0)
            throw new IllegalArgumentException("--early-stop needs validation ratings (the split holds none)");
        this.split = split;
        this.cold = c;
        this.fresh = f;
    }

    /**
     * A run of {@code request} on {@code split} of {@code data}, checked and with its users held
     * out, ready to {@link #run()}.
     *
     * @throws IllegalArgumentException an unknown model, options it does not take, a split with nothing to train on
     */
    public static Training plan(Dataset data, Split split, TrainRequest request) {
        return new Training(data, split, request);
    }

    /** {@code plan(data, split, request).run()}. */
    public static Trained run(Dataset data, Split split, TrainRequest request) {
        return plan(data, split, request).run();
    }

    /**
     * The split the model will be trained on: the given one, with the cold or new users asked for
     * held out; null from the time {@link #run()} hands it over ({@link #releasingData()}) to a
     * trainer, and after that trainer released it.
     */
    public Split split() {
        return split;
    }

    /**
     * Lets the trainer let go of the rating columns and the split while it trains, once it holds
     * the training ratings in a form of its own ({@link TrainingData}; per-rating SGD does). The
     * report then reads the validation ratings the trainer hands back, and the run keeps no training
     * ratings: {@link Trained#trainedModel()} (whose seen items are the training ratings) is not
     * available, so save or show the model from a run planned without this. The caller gives the
     * data set and the split up ({@link TrainingData#handedOver}): the trainer may overwrite the
     * split's index arrays, and a reference the caller keeps would keep the columns live anyway.
     * Ignored with cold or new users (their report reads the whole data set).
     */
    public Training releasingData() {
        releasing = true;
        return this;
    }

    /** Trains, evaluates and reports; see the class comment. */
    public Trained run() {
        TrainConfig config = request.config();
        List<Callback> callbacks = new ArrayList<>(request.callbacks());
        if (request.earlyStop() > 0) callbacks.add(new EarlyStopping(request.earlyStop(), 0));
        // what the report needs of the training ratings, taken before the trainer may let go of them
        int[] userCounts = data.ratings().userCounts(split.train());
        int[] itemCounts = data.ratings().itemCounts(split.train());
        double trainVariance = variance(data.ratings(), split.train());
        String dataName = data.name(), splitName = split.name();
        int numTrain = split.numTrain(), numValid = split.numValid();
        long badLines = data.report().badLinesSkipped(), duplicates = data.report().duplicatesReplaced();
        boolean handOver = releasing && cold == null && fresh == null;
        TrainingData in = handOver ? TrainingData.handedOver(data, split) : new TrainingData(data, split);
        if (handOver) {
            data = null;
            split = null;
        }
        long t0 = System.nanoTime();
        TrainResult result = trainer.train(in, config, callbacks);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        if (!in.released()) {
            data = in.data();
            split = in.split();
        }
        Ratings validRatings = in.released() ? result.validation() : data.ratings();
        int[] validRows = in.released() ? validRatings.allRows() : split.valid();

        // each validation rating predicted once, on the run's threads, for both figures below
        float[] predicted;
        try (Workers pool = config.threads() > 1 && validRows.length >= PARALLEL_REPORT_FROM ? new Workers(config.threads()) : Workers.SERIAL) {
            predicted = Metrics.predictions(result.model(), validRatings, validRows, pool);
        }
        Metrics.Accuracy acc = Metrics.accuracy(predicted, validRatings, validRows, userCounts, itemCounts);
        Map<String, TrainReport.Group> byCount = new LinkedHashMap<>();
        UserGroups.byUserCount(predicted, validRatings, validRows, userCounts)
                .forEach((k, a) -> byCount.put(k, new TrainReport.Group(a.n(), TrainReport.number(a.rmse()))));
        TrainReport.ColdUsers coldReport = null;
        if (cold != null) {
            Metrics.Accuracy c = Metrics.accuracy(result.model(), data.ratings(), cold.coldRows());
            coldReport = new TrainReport.ColdUsers(cold.users().length, c.n(), TrainReport.number(c.rmse()));
        }
        TrainReport.NewUsers freshReport = null;
        if (fresh != null) {
            NewUsers.Result f = NewUsers.evaluate(result.model(), data.ratings(), SideInputs.userTable(data, config), split.train(),
                    fresh.users(), fresh.coldRows());
            freshReport = new TrainReport.NewUsers(f.users(), f.ratings(), TrainReport.number(f.features()), TrainReport.number(f.model()),
                    TrainReport.number(f.globalMean()), TrainReport.number(f.itemBias()));
        }
        List<EpochResult> history = result.history().epochs();
        List<TrainReport.Epoch> epochs = new ArrayList<>(history.size());
        for (EpochResult e : history)
            epochs.add(new TrainReport.Epoch(e.epoch(), TrainReport.number(e.trainLoss()), TrainReport.number(e.validLoss()), e.seconds()));
        String notConverged = notConverged(trainer, history, trainVariance);
        Boolean converged = judged(trainer, history) ? notConverged == null : null;
        TrainReport report = new TrainReport(trainer.name(), dataName, splitName, numTrain, numValid, epochs,
                TrainReport.number(acc.rmse()), TrainReport.number(acc.mae()), acc.unseenUserRows(), acc.unseenItemRows(), byCount,
                coldReport, freshReport, trainSeconds, badLines, duplicates,
                config.describe(), converged, notConverged == null ? List.of() : List.of(notConverged));
        Map<String, String> provenance = Provenance.of(trainer.name(), dataName, splitName, config)
                .counts(numTrain, numValid).validation(acc.rmse(), acc.mae()).build();
        return new Trained(result.model(), report, result.history(), data, split, provenance);
    }

    /** Whether convergence can be judged: a model following a learning rate, with finite training losses. */
    static boolean judged(ModelTrainer trainer, List<EpochResult> epochs) {
        if (!trainer.usesLearningRate() || epochs.isEmpty()) return false;
        double first = epochs.get(0).trainLoss(), last = epochs.get(epochs.size() - 1).trainLoss();
        return Double.isFinite(first) && Double.isFinite(last) && first > 0;
    }

    /**
     * A warning when training clearly did not converge, else null (null too when it cannot be
     * judged): the last epoch's training loss (a mean squared error) is above the variance of
     * the training ratings, i.e. worse than predicting their mean for everyone; or, over two
     * epochs or more, it fell by less than {@link #MIN_LOSS_DROP} of the first epoch's. Either way
     * the model has barely left its starting point and predicts about the same for everyone.
     */
    static String notConverged(ModelTrainer trainer, List<EpochResult> epochs, double ratingVariance) {
        if (!judged(trainer, epochs)) return null;
        double first = epochs.get(0).trainLoss(), last = epochs.get(epochs.size() - 1).trainLoss();
        double drop = (first - last) / first;
        String why;
        if (last > ratingVariance)
            why = String.format(Locale.ROOT, "the training loss ended at %.4f, above the variance of the training ratings (%.4f), "
                    + "so the model predicts them worse than their mean would", last, ratingVariance);
        else if (epochs.size() >= 2 && drop < MIN_LOSS_DROP)
            why = String.format(Locale.ROOT, "the training loss went from %.4f to %.4f in %d epochs (%s%.1f%%), so the model "
                    + "has barely left its starting point", first, last, epochs.size(), drop >= 0 ? "-" : "+", Math.abs(drop) * 100);
        else return null;
        return "training did not converge: " + why + ". Train longer (--epochs) or with a larger learning rate "
                + "(--lr; 'collab4j lr-find' suggests one)";
    }

    /** Variance of the ratings in {@code rows}. */
    static double variance(Ratings r, int[] rows) {
        double sum = 0, sq = 0;
        for (int row : rows) {
            double v = r.value(row);
            sum += v;
            sq += v * v;
        }
        double mean = sum / Math.max(1, rows.length);
        return Math.max(0, sq / Math.max(1, rows.length) - mean * mean);
    }
}
