package org.collab4j.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a trained model came from, as the strings its model file keeps: built here for every
 * trainer (the facade, the command line through it, Spark, the cold-start study), so the same
 * keys mean the same thing in every file.
 *
 * <p>Keys, in order: {@value #VERSION}, {@value #MODEL} (the trainer's name, e.g. {@code dot-bias}),
 * {@value #DATA}, {@value #SPLIT}, the hyperparameters ({@link TrainConfig#describe()}: factors,
 * epochs, lr, wd, bs, optimizer, schedule, y_range, threads, seed and the model's own options),
 * anything added with {@link #with} (e.g. Spark's {@code engine}), {@value #N_TRAIN},
 * {@value #N_VALID}, {@value #VALID_RMSE} and {@value #VALID_MAE} when there were validation
 * ratings, and {@value #CREATED} (an ISO-8601 instant). Fold-in reads its regularisation from the
 * hyperparameters ({@code org.collab4j.recommend.FoldIn.Options#forModel}).
 */
public final class Provenance {
    public static final String VERSION = "collab4j_version";
    public static final String MODEL = "model";
    public static final String DATA = "data";
    public static final String SPLIT = "split";
    public static final String N_TRAIN = "n_train";
    public static final String N_VALID = "n_valid";
    public static final String VALID_RMSE = "valid_rmse";
    public static final String VALID_MAE = "valid_mae";
    public static final String CREATED = "created";

    private final Map<String, String> head = new LinkedHashMap<>();
    private final Map<String, String> extra = new LinkedHashMap<>();
    private long nTrain = -1, nValid = -1;
    private double validRmse = Double.NaN, validMae = Double.NaN;

    private Provenance(String model, String data, String split, TrainConfig config) {
        head.put(VERSION, String.valueOf(Provenance.class.getPackage().getImplementationVersion()));
        head.put(MODEL, model);
        head.put(DATA, data);
        head.put(SPLIT, split);
        if (config != null) head.putAll(config.describe());
    }

    /**
     * A model trained by {@code model} (the trainer's name) on data set {@code data} with split
     * {@code split}; {@code config} may be null when the model was trained outside a trainer.
     */
    public static Provenance of(String model, String data, String split, TrainConfig config) {
        return new Provenance(model, data, split, config);
    }

    /** How many ratings trained and validated it. */
    public Provenance counts(long nTrain, long nValid) {
        this.nTrain = nTrain;
        this.nValid = nValid;
        return this;
    }

    /** Validation accuracy; kept only when there were validation ratings and the figures are numbers. */
    public Provenance validation(double rmse, double mae) {
        this.validRmse = rmse;
        this.validMae = mae;
        return this;
    }

    /** Another entry, after the hyperparameters (e.g. Spark's engine and master). */
    public Provenance with(String key, String value) {
        extra.put(key, value);
        return this;
    }

    /** The entries, stamped {@value #CREATED} now. */
    public Map<String, String> build() {
        Map<String, String> m = new LinkedHashMap<>(head);
        m.putAll(extra);
        if (nTrain >= 0) {
            m.put(N_TRAIN, Long.toString(nTrain));
            m.put(N_VALID, Long.toString(nValid));
        }
        if (nValid > 0 && Double.isFinite(validRmse)) {
            m.put(VALID_RMSE, Double.toString(validRmse));
            m.put(VALID_MAE, Double.toString(validMae));
        }
        m.put(CREATED, java.time.Instant.now().toString());
        return Collections.unmodifiableMap(m);
    }
}
