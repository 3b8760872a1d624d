package org.collab4j.algo.ials;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Interactions;
import org.collab4j.data.Split;
import org.collab4j.kernel.Rng;
import org.collab4j.kernel.Workers;
import org.collab4j.train.Callback;
import org.collab4j.train.ImplicitTrainer;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.TopNEpochs;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;

/**
 * {@code ials}: trains an {@link IalsModel} by alternating least squares ({@link HalfStep}). The
 * factors start from N(0, (0.1 / sqrt(d))^2) (Rendle et al. 2022); each epoch solves every item
 * with the users fixed, then every user with the items fixed, so that after training each user's
 * factors are their half-step against the final item factors, which is what a fold-in computes.
 * Observed pairs weigh their confidence ({@link ImplicitTrainer#CONFIDENCE_OPTIONS}; the summed
 * weight, 1 for a plain log, when none is asked for), every other pair {@code alpha0}.
 *
 * <p>Options ({@code --set}): {@code factors} (or {@code --factors}), {@code epochs} (or
 * {@code --epochs}), {@code reg} (lambda), {@code alpha0}, {@code nu}, {@code solver}
 * ({@code cg}, {@code cholesky} or {@code ipp}), {@code cg-steps}, {@code block} (iALS++'s block
 * size) and the confidence rule. The defaults were chosen on a validation part of the MovieLens
 * 100k implicit split's training file (docs/benchmarks.md); {@code cg} is the default solver
 * because it measured fastest at equal accuracy.
 */
public final class IalsTrainer implements ImplicitTrainer {
    static final int DEFAULT_FACTORS = 128;
    static final int DEFAULT_EPOCHS = 16;
    static final List<OptionSpec> OPTIONS = ImplicitTrainer.withConfidence(
            OptionSpec.integer("factors", null, 1, "latent factors per user and item (the same as --factors)"),
            OptionSpec.integer("epochs", null, 1, "sweeps, each items then users (the same as --epochs)"),
            OptionSpec.number("reg", 0.02, OptionSpec.Range.atLeast(0), "lambda: regularisation, scaled by (n + alpha0 N)^nu"),
            OptionSpec.number("alpha0", 0.3, OptionSpec.Range.atLeast(0), "weight of every unobserved pair"),
            OptionSpec.number("nu", 1.0, OptionSpec.Range.atLeast(0), "exponent of the frequency scaling of the regularisation"),
            OptionSpec.choice("solver", "cg", List.of("cg", "cholesky", "ipp"), "conjugate gradient, exact Cholesky, or iALS++ subspace blocks"),
            OptionSpec.integer("cg-steps", 3, 1, "conjugate-gradient steps per row and half-step"),
            OptionSpec.integer("block", 32, 1, "iALS++ block size (coordinates solved together)"));


    @Override
    public String name() {
        return IalsModel.KIND;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues opt = OptionValues.parse(IalsModel.KIND, OPTIONS, config);
        int k = opt.has("factors") ? opt.getInt("factors") : config.factors();
        int epochs = opt.has("epochs") ? opt.getInt("epochs") : config.epochs();
        HalfStep step = new HalfStep(k, opt.getDouble("alpha0"), opt.getDouble("reg"), opt.getDouble("nu"),
                HalfStep.Solver.of(opt.getString("solver")), opt.getInt("cg-steps"), opt.getInt("block"));
        Interactions x = ImplicitTrainer.interactions(data, split, config);
        return fit(x, step, epochs, config.threads(), config.seed(), callbacks);
    }

    /** Alternating half-steps from the seeded start; the model after {@code epochs} sweeps. */
    static TrainResult fit(Interactions x, HalfStep step, int epochs, int threads, long seed, List<Callback> callbacks) {
        int nUsers = x.numUsers(), ni = x.numItems(), k = step.k;
        float[] users = initial(nUsers, k, seed), items = initial(ni, k, seed + 1);
        TopNEpochs report = new TopNEpochs(callbacks);
        report.beforeFit(epochs);
        double[] itemGram = null;
        try (Workers workers = new Workers(threads)) {
            for (int e = 0; e < epochs; e++) {
                report.beforeEpoch(e);
                double[] userGram = HalfStep.gram(users, nUsers, k, workers);
                step.run(workers, ni, x.itemStart(), x.itemUsers(), x.itemWeights(), users, nUsers, userGram, items);
                itemGram = HalfStep.gram(items, ni, k, workers);
                step.run(workers, nUsers, x.userStart(), x.userItems(), x.userWeights(), items, ni, itemGram, users);
                boolean last = e == epochs - 1;
                IalsModel snapshot = report.wantsModels() && !last ? model(users.clone(), items.clone(), nUsers, ni, step, itemGram) : null;
                if (last) snapshot = report.wantsModels() ? model(users, items, nUsers, ni, step, itemGram) : null;
                if (report.afterEpoch(e, Double.NaN, snapshot)) break;
            }
        }
        return new TrainResult(model(users, items, nUsers, ni, step, itemGram), report.afterFit());
    }

    private static IalsModel model(float[] users, float[] items, int nUsers, int ni, HalfStep step, double[] itemGram) {
        return new IalsModel(nUsers, ni, step.k, users, items, step.alpha0, step.lambda, step.nu, step.solver.key(), itemGram);
    }

    /** N(0, (0.1 / sqrt(k))^2), Rendle et al.'s start. */
    static float[] initial(int rows, int k, long seed) {
        Rng rng = new Rng(seed);
        float[] a = new float[rows * k];
        double std = 0.1 / Math.sqrt(k);
        for (int j = 0; j < a.length; j++) a[j] = (float) (rng.nextGaussian() * std);
        return a;
    }
}
