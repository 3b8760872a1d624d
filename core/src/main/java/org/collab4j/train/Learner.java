package org.collab4j.train;

import java.util.ArrayList;
import java.util.List;

import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.model.RatingModel;
import org.collab4j.kernel.Rng;
import org.collab4j.kernel.Workers;

/**
 * fastai's Learner for rating data: a {@link Trainable} model, mean squared error loss, an
 * {@link Optimizer}, a {@link Schedule} and {@link Callback}s around one training loop.
 *
 * <p>Each epoch shuffles the training rows (seeded), walks them in mini-batches of
 * {@code batchSize}, and after the epoch computes the validation loss (MSE). The optimizer step
 * is split over {@code threads} threads by parameter slices, so the result does not depend on
 * the thread count: one seed gives the same numbers with any number of threads.
 */
public final class Learner {
    private final Trainable model;
    private final Ratings data;
    private final Split split;
    private final int batchSize;
    private final int threads;
    private final Optimizer optimizer;
    private final Rng rng;
    private final List<Callback> callbacks = new ArrayList<>();
    private final History history = new History();
    private boolean prepared;
    private boolean optimizerReady;
    private int stepsDone;
    /** -1: {@link #SHARED_STEP_MINIMUM} with a shared {@link Workers}, {@link #OWN_STEP_MINIMUM} without. */
    private long parallelStepMinimum = Long.getLong("collab4j.parallelStepMinimum", -1);
    private Workers parallel;
    static final long SHARED_STEP_MINIMUM = 1 << 15;
    static final long OWN_STEP_MINIMUM = 1 << 20;

    public Learner(Trainable model, Ratings data, Split split, Optimizer optimizer, int batchSize, int threads, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (split.train().length == 0) throw new IllegalArgumentException("no training ratings");
        this.model = model;
        this.data = data;
        this.split = split;
        this.batchSize = batchSize;
        this.threads = threads;
        this.optimizer = optimizer;
        this.rng = new Rng(seed);
        callbacks.add(history);
    }

    /** Adam, batch size 64, all cores, seed 42: fastai's defaults. */
    public Learner(Trainable model, Ratings data, Split split) {
        this(model, data, split, new Adam(), 64, Runtime.getRuntime().availableProcessors(), 42);
    }

    /**
     * Optimizer steps over fewer parameter values than this run on one thread. The threads of a
     * step are long-lived and wait for it spinning ({@link Workers}), so a hand-over costs about a
     * microsecond. When the model's layers already keep such threads busy ({@link #parallel}), steps
     * of at least {@value #SHARED_STEP_MINIMUM} values use them: nn on MovieLens 100k (266k values)
     * takes 0.32 s instead of 0.42 s a steady epoch. Without shared threads the step would need
     * threads of its own, spinning beside the JIT compiler during warm-up; measured on a quiet
     * machine, dot-bias on MovieLens 100k (134k values) was then slower (training 0.53-0.60 s
     * against 0.45-0.50 s on one thread), so those start at {@value #OWN_STEP_MINIMUM} values.
     * The system property {@code collab4j.parallelStepMinimum} overrides both (to compare timings
     * without rebuilding).
     */
    public Learner parallelStepMinimum(long values) {
        this.parallelStepMinimum = values;
        return this;
    }

    /**
     * Runs the optimizer steps on these threads (for instance those the model's layers already
     * use, so that one set of threads serves the whole step) instead of threads of its own. The
     * caller keeps ownership and closes it.
     */
    public Learner parallel(Workers p) {
        this.parallel = p;
        return this;
    }

    public Learner addCallback(Callback cb) {
        callbacks.add(cb);
        return this;
    }

    public History history() {
        return history;
    }

    public RatingModel model() {
        return model.model();
    }

    public Trainable trainable() {
        return model;
    }

    /** The ratings this learner trains on. */
    public Ratings data() {
        return data;
    }

    /** The training and validation rows. */
    public Split split() {
        return split;
    }

    /** Trains at a constant rate (momentum 0.9 for Adam and lazy Adam, as fastai's default) with weight decay {@code wd}. */
    public History fit(int epochs, double lr, double wd) {
        double mom = optimizer instanceof Sgd ? 0.0 : 0.9; // the Adam family (Adam, LazyAdam, nn's per-table Adam): fastai's 0.9
        return fit(epochs, Schedule.constant(lr, mom), wd);
    }

    public History fit(int epochs, double lr) {
        return fit(epochs, lr, 0.0);
    }

    /** fastai's fit_one_cycle with its default divisions and momenta. */
    public History fitOneCycle(int epochs, double lrMax, double wd) {
        return fit(epochs, Schedule.oneCycle(lrMax), wd);
    }

    /** Trains for {@code epochs} epochs following {@code schedule} over the whole run. */
    public History fit(int epochs, Schedule schedule, double wd) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        int[] order = split.train().clone();
        int n = order.length;
        int batches = (n + batchSize - 1) / batchSize;
        long totalSteps = (long) epochs * batches;
        if (!prepared) {
            model.prepare(data, split.train());
            prepared = true;
        }
        Param[] params = model.params();
        if (!optimizerReady) {
            optimizer.init(params);
            optimizerReady = true;
        }
        long minimum = parallelStepMinimum >= 0 ? parallelStepMinimum
                : parallel != null && parallel.threads() > 1 ? SHARED_STEP_MINIMUM : OWN_STEP_MINIMUM;
        StepRunner runner = new StepRunner(params, threads, minimum, parallel);
        float[] pred = new float[batchSize];
        float[] dOut = new float[batchSize];
        for (Callback cb : callbacks) cb.beforeFit(epochs, batches);
        long step = 0;
        double smooth = 0;
        long smoothCount = 0;
        try {
            for (int epoch = 0; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                for (Callback cb : callbacks) cb.beforeEpoch(epoch);
                rng.shuffle(order);
                model.setTraining(true);
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize, to = Math.min(n, from + batchSize);
                    int m = to - from;
                    double pos = (double) step / totalSteps;
                    double lr = schedule.lr(pos), mom = schedule.mom(pos);
                    model.forward(data, order, from, to, pred);
                    double loss = 0;
                    float scale = 2f / m;
                    for (int j = 0; j < m; j++) {
                        float err = pred[j] - data.value(order[from + j]);
                        loss += err * err;
                        dOut[j] = scale * err;
                    }
                    loss /= m;
                    if (!Double.isFinite(loss))
                        throw new TrainingDivergedException(epoch, b, lr);
                    model.backward(dOut);
                    optimizer.beginStep(lr, mom, wd);
                    runner.step(optimizer, lr, mom, wd);
                    for (Param p : params) p.clearTouched();
                    step++;
                    stepsDone++;
                    smooth = 0.98 * smooth + 0.02 * loss;
                    smoothCount++;
                    for (Callback cb : callbacks) cb.afterBatch(epoch, b, lr, loss);
                }
                model.setTraining(false);
                double trainLoss = smooth / (1 - Math.pow(0.98, smoothCount));
                double validLoss = validLoss();
                EpochResult r = new EpochResult(epoch, trainLoss, validLoss, (System.nanoTime() - start) / 1e9);
                boolean stop = false;
                for (Callback cb : callbacks) {
                    cb.afterEpoch(r);
                    stop |= cb.stop();
                }
                if (stop) break;
            }
            optimizer.finish();
        } finally {
            runner.close();
            model.setTraining(false);
        }
        model.finish(data, split.train());
        for (Callback cb : callbacks) cb.afterFit();
        return history;
    }

    /** Mean squared error on the validation rows (NaN when there are none). */
    public double validLoss() {
        int[] rows = split.valid();
        if (rows.length == 0) return Double.NaN;
        model.setTraining(false);
        float[] out = new float[Math.min(4096, rows.length)];
        double se = 0;
        for (int from = 0; from < rows.length; from += out.length) {
            int to = Math.min(rows.length, from + out.length);
            model.forward(data, rows, from, to, out);
            for (int j = 0; j < to - from; j++) {
                double e = out[j] - data.value(rows[from + j]);
                se += e * e;
            }
        }
        return se / rows.length;
    }

    /** Total optimizer steps taken by this learner. */
    public int steps() {
        return stepsDone;
    }

    /**
     * Runs an optimizer step over all parameters, cut into slices of the flattened parameters
     * that the threads of a {@link Workers} claim one by one. The arithmetic per element does
     * not depend on the slicing nor on which thread runs a slice, so results are identical for
     * any thread count.
     */
    private static final class StepRunner implements AutoCloseable {
        private final Param[] params;
        private final int parts;
        private final Workers parallel;
        private final boolean ownsParallel;
        private final long total;
        private Optimizer opt;
        private double lr, mom, wd;
        private final java.util.function.IntConsumer slice = this::runSlice;

        StepRunner(Param[] params, int threads, long minimum, Workers shared) {
            this.params = params;
            long t = 0;
            for (Param p : params) t += p.size();
            this.total = t;
            int th = total < minimum ? 1 : threads;
            if (th > 1 && shared != null && shared.threads() > 1) {
                this.parallel = shared;
                this.ownsParallel = false;
            } else {
                this.parallel = th > 1 ? new Workers(th) : Workers.SERIAL;
                this.ownsParallel = th > 1;
            }
            // a few slices per thread, so that a thread the OS delays leaves little for the others to wait for
            this.parts = parallel.threads() > 1 ? (int) Math.min(4L * parallel.threads(), Math.max(1, total / 4096)) : 1;
        }

        void step(Optimizer opt, double lr, double mom, double wd) {
            if (parts == 1) {
                for (int p = 0; p < params.length; p++) opt.step(params[p], p, 0, params[p].size(), lr, mom, wd);
                return;
            }
            this.opt = opt;
            this.lr = lr;
            this.mom = mom;
            this.wd = wd;
            parallel.run(parts, slice);
            this.opt = null;
        }

        private void runSlice(int part) {
            long lo = total * part / parts, hi = total * (part + 1) / parts;
            long offset = 0;
            for (int p = 0; p < params.length; p++) {
                long size = params[p].size();
                long a = Math.max(lo, offset), b = Math.min(hi, offset + size);
                if (a < b) opt.step(params[p], p, (int) (a - offset), (int) (b - offset), lr, mom, wd);
                offset += size;
            }
        }

        @Override
        public void close() {
            if (ownsParallel) parallel.close();
        }
    }
}
