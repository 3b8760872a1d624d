package org.collab4j.algo.blend;

import org.collab4j.kernel.Cholesky;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochReporter;
import org.collab4j.train.Algorithms;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.model.RatingModel;
import org.collab4j.kernel.Rng;

/**
 * {@code blend}: a linear blend of other models (stacking, as in the Netflix Prize solutions),
 * by default the item-based {@code autoencoder} with {@code bpmf}, two models that err
 * differently. The weights are fitted on ratings held out from the <em>training</em> rows, never
 * on the split's validation rows:
 *
 * <ol>
 * <li>a random share {@code holdout} (0.1) of the training rows is set aside (seeded by
 * {@code --seed}), every model is trained on the rest and predicts the set-aside ratings;</li>
 * <li>the intercept and one weight per model are the least-squares fit of those ratings on those
 * predictions;</li>
 * <li>every model is trained again on all the training rows; the blend is
 * {@code clip(w_0 + sum_k w_k * prediction_k)} ({@link BlendModel}).</li>
 * </ol>
 *
 * With {@code holdout=0} steps 1 and 2 are skipped and the blend is the plain mean of the models
 * (half the cost). Options: {@code models} (comma-separated, default {@code autoencoder,bpmf}),
 * {@code holdout}, and {@code MODEL.KEY=VALUE} for a component, where KEY is one of the shared
 * options {@code factors}, {@code epochs}, {@code lr}, {@code wd}, {@code bs} or one of that
 * model's own options (e.g. {@code bpmf.factors=50}, {@code bpmf.samples=400},
 * {@code autoencoder.epochs=200}). Components otherwise use their own defaults, with the blend's
 * {@code --threads} and {@code --seed}.
 *
 * <p>Reported as one epoch per model (its final fit: its training and validation losses) and a
 * last epoch for the blend; the holdout fits are counted in the first epoch's time.
 */
public final class BlendTrainer implements ModelTrainer {
    public static final String KIND = BlendModel.KIND;
    static final String DEFAULT_MODELS = "autoencoder,bpmf";
    static final double DEFAULT_HOLDOUT = 0.1;
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.list("models", OptionSpec.Kind.STRING, DEFAULT_MODELS, null, "the blended models"),
            OptionSpec.number("holdout", DEFAULT_HOLDOUT, OptionSpec.Range.probability(),
                    "share of the training ratings set aside to fit the weights; 0 = the plain mean of the models"),
            OptionSpec.text("MODEL.KEY", null, "an option for one model: a shared one (factors, epochs, lr, wd, bs) or its own, e.g. bpmf.factors=50"));
    private static final List<String> SHARED = List.of("factors", "epochs", "lr", "wd", "bs");

    @Override
    public String name() {
        return KIND;
    }

    /**
     * The components' names and configurations (each checked by its own algorithm), the holdout
     * share, the blend's options under their current keys and the deprecation notes.
     */
    record Plan(List<String> models, List<TrainConfig> configs, double holdout, Map<String, String> canonical, List<String> warnings) {
    }

    static Plan plan(TrainConfig config) {
        Map<String, String> own = new LinkedHashMap<>(), scoped = new java.util.TreeMap<>(); // scoped keys sorted: the same message every run
        for (Map.Entry<String, String> e : config.extra().entrySet()) (e.getKey().indexOf('.') < 0 ? own : scoped).put(e.getKey(), e.getValue());
        OptionValues opt = OptionValues.parse(KIND, OPTIONS, own);
        List<String> models = new ArrayList<>();
        for (String name : opt.getStrings("models")) {
            if (name.equals(KIND)) throw new IllegalArgumentException("blend: models cannot include blend itself");
            if (models.contains(name)) throw new IllegalArgumentException("blend: model '" + name + "' is listed twice");
            Algorithms.get(name); // unknown names fail here, with the known ones
            models.add(name);
        }
        if (models.isEmpty()) throw new IllegalArgumentException("blend: models must name at least one model, got '" + opt.canonical().get("models") + "'");
        List<TrainConfig> configs = new ArrayList<>();
        for (String m : models)
            configs.add(Algorithms.get(m).defaults().withThreads(config.threads()).withSeed(config.seed()));
        for (Map.Entry<String, String> e : scoped.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            int k = models.indexOf(key.substring(0, dot));
            if (k < 0)
                throw new IllegalArgumentException("model blend has no option '" + key + "'; its options: models, holdout and MODEL.KEY for one of "
                        + String.join(", ", models));
            configs.set(k, with(configs.get(k), key.substring(dot + 1), e.getValue(), key));
        }
        Map<String, String> canonical = new LinkedHashMap<>(opt.canonical());
        List<String> warnings = new ArrayList<>(opt.warnings());
        for (int k = 0; k < models.size(); k++) {
            String m = models.get(k);
            org.collab4j.train.Algorithm.Validated v;
            try {
                v = Algorithms.get(m).validate(configs.get(k));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("blend: " + ex.getMessage(), ex);
            }
            configs.set(k, v.config());
            for (String w : v.warnings()) warnings.add("blend: " + w);
            for (Map.Entry<String, String> e : scoped.entrySet())
                if (e.getKey().startsWith(m + ".") && SHARED.contains(e.getKey().substring(m.length() + 1))) canonical.put(e.getKey(), e.getValue());
            for (Map.Entry<String, String> e : v.config().extra().entrySet()) canonical.put(m + "." + e.getKey(), e.getValue());
        }
        return new Plan(List.copyOf(models), configs, opt.getDouble("holdout"), canonical, warnings);
    }

    private static TrainConfig with(TrainConfig c, String key, String value, String full) {
        try {
            switch (key) {
                case "factors": return c.withFactors(Integer.parseInt(value));
                case "epochs": return c.withEpochs(Integer.parseInt(value));
                case "lr": return c.withLr(Double.parseDouble(value));
                case "wd": return c.withWd(Double.parseDouble(value));
                case "bs":
                    return new TrainConfig(c.factors(), c.epochs(), c.lr(), c.wd(), Integer.parseInt(value), c.optimizer(), c.schedule(), c.yRange(),
                            c.threads(), c.seed(), c.extra());
                default: return c.withExtra(key, value);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("blend: " + full + " must be a number, got '" + value + "'");
        }
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        Plan plan = plan(config);
        int k = plan.models().size();
        Ratings r = data.ratings();
        EpochReporter report = new EpochReporter(r, split, callbacks);
        report.beforeFit(k + 1);
        report.beforeEpoch(0);
        double[] weights = new double[k + 1];
        int[] train = split.train();
        int held = (int) Math.round(plan.holdout() * train.length);
        if (held > 0 && held < train.length) {
            int[] rows = train.clone();
            new Rng(config.seed()).shuffle(rows);
            int[] hold = java.util.Arrays.copyOf(rows, held), rest = java.util.Arrays.copyOfRange(rows, held, rows.length);
            java.util.Arrays.sort(hold);
            java.util.Arrays.sort(rest);
            Split inner = new Split(split.name() + "-blend-holdout", rest, hold);
            float[][] preds = new float[k][];
            for (int m = 0; m < k; m++) {
                RatingModel fit = Algorithms.get(plan.models().get(m)).trainer().train(data, inner, plan.configs().get(m), List.of()).model();
                preds[m] = predictions(fit, r, hold);
            }
            weights = leastSquares(preds, r, hold);
        } else {
            for (int m = 0; m < k; m++) weights[m + 1] = 1.0 / k;
        }
        RatingModel[] models = new RatingModel[k];
        for (int m = 0; m < k; m++) {
            if (m > 0) report.beforeEpoch(m);
            models[m] = Algorithms.get(plan.models().get(m)).trainer().train(data, split, plan.configs().get(m), List.of()).model();
            report.afterEpoch(m, EpochReporter.mse(models[m], r, train), models[m]);
        }
        report.beforeEpoch(k);
        BlendModel blend = new BlendModel(models, weights, r.scale().min(), r.scale().max());
        report.afterEpoch(k, EpochReporter.mse(blend, r, train), blend);
        return new TrainResult(blend, report.afterFit());
    }

    static float[] predictions(RatingModel m, Ratings r, int[] rows) {
        float[] p = new float[rows.length];
        for (int q = 0; q < rows.length; q++) p[q] = m.predict(r.user(rows[q]), r.item(rows[q]));
        return p;
    }

    /**
     * The intercept and weights minimising {@code sum (r - w_0 - sum_k w_k p_k)^2} over the rows:
     * the normal equations, solved by {@link Cholesky}; a tiny ridge (1e-9 of the diagonal) keeps
     * them positive definite when two models predict alike.
     */
    static double[] leastSquares(float[][] preds, Ratings r, int[] rows) {
        int d = preds.length + 1;
        double[] a = new double[d * d], w = new double[d], x = new double[d];
        x[0] = 1;
        for (int q = 0; q < rows.length; q++) {
            for (int m = 0; m < preds.length; m++) x[m + 1] = preds[m][q];
            Cholesky.addOuter(a, d, x, 0, 1);
            double y = r.value(rows[q]);
            for (int i = 0; i < d; i++) w[i] += x[i] * y;
        }
        for (int i = 0; i < d; i++) a[i * d + i] += 1e-9 * Math.max(1, a[i * d + i]);
        if (!Cholesky.solve(a, d, w))
            throw new IllegalStateException("blend: the models' held-out predictions give no solvable weights");
        return w;
    }
}
