package org.collab4j.experiment;

import java.util.Arrays;

import org.collab4j.data.Split;
import org.collab4j.kernel.Rng;
import org.collab4j.train.Adam;
import org.collab4j.train.Callback;
import org.collab4j.train.Learner;
import org.collab4j.train.Optimizer;
import org.collab4j.train.Schedule;
import org.collab4j.train.Trainable;
import org.collab4j.train.TrainingDivergedException;
import org.collab4j.data.Ratings;

/**
 * fastai's learning-rate finder ({@code Learner.lr_find}, after Leslie Smith's range test): train
 * for at most {@code numIt} mini-batches while the rate grows exponentially from
 * {@code startLr} to {@code endLr} (batch {@code i} uses {@code startLr * (endLr/startLr)^(i/numIt)}),
 * record the smoothed loss (exponential moving average, beta 0.98, debiased), and stop as soon
 * as the smoothed loss exceeds 4 times its minimum so far (or a loss stops being finite).
 *
 * <p>The run trains the {@link Trainable} it is given; pass a fresh model or a copy (the CLI
 * builds a fresh model from the same seed training would use, which is what fastai's
 * {@code lr_find} sees before {@code fit}, since it restores the weights afterwards). Only the
 * first {@code numIt * batchSize} rows of a seeded shuffle of the training rows are used, and no
 * validation is run. Suggestions are computed as fastai does, on the recorded curve without its
 * first {@code numIt/10} and last 5 points: {@link #valley} and {@link #steep}.
 */
public final class LrFinder {
    /** fastai's defaults: 1e-7 to 10 over 100 batches, beta 0.98, stop at 4x the best smoothed loss. */
    public static final double START_LR = 1e-7, END_LR = 10, BETA = 0.98, DIVERGENCE = 4;
    public static final int NUM_IT = 100;

    private final double startLr;
    private final double endLr;
    private final int numIt;

    public LrFinder() {
        this(START_LR, END_LR, NUM_IT);
    }

    public LrFinder(double startLr, double endLr, int numIt) {
        if (!(startLr > 0) || !(endLr > startLr) || Double.isInfinite(endLr))
            throw new IllegalArgumentException("the rate range must satisfy 0 < start < end, got " + startLr + " .. " + endLr);
        if (numIt < 2) throw new IllegalArgumentException("the finder needs at least 2 iterations, got " + numIt);
        this.startLr = startLr;
        this.endLr = endLr;
        this.numIt = numIt;
    }

    /**
     * What the finder recorded: the rate and smoothed loss of each batch run, the suggestions
     * (NaN when the curve is too short to suggest anything) and whether it stopped on divergence.
     */
    public record Result(double[] lrs, double[] losses, double valley, double steep, boolean diverged) {
        /** Index of the recorded point closest to {@code lr} on a log scale (for marking a suggestion). */
        public int indexOf(double lr) {
            int best = 0;
            for (int i = 1; i < lrs.length; i++)
                if (Math.abs(Math.log(lrs[i] / lr)) < Math.abs(Math.log(lrs[best] / lr))) best = i;
            return best;
        }
    }

    /** The rate of batch {@code i} (0-based). */
    public double lr(int i) {
        return startLr * Math.pow(endLr / startLr, (double) i / numIt);
    }

    /**
     * Runs the finder on {@code model} with {@code optimizer}, batch size {@code batchSize} and
     * weight decay {@code wd}; {@code seed} picks the rows.
     */
    public Result run(Trainable model, Ratings data, int[] trainRows, Optimizer optimizer, int batchSize, double wd,
                      int threads, long seed) {
        if (trainRows.length == 0) throw new IllegalArgumentException("no training ratings");
        int[] rows = trainRows.clone();
        new Rng(seed).shuffle(rows);
        int take = (int) Math.min(rows.length, (long) numIt * batchSize);
        rows = Arrays.copyOf(rows, take);
        int perEpoch = (take + batchSize - 1) / batchSize;
        int epochs = (numIt + perEpoch - 1) / perEpoch;
        Learner learner = new Learner(model, data, new Split("lr-find", rows, new int[0]), optimizer, batchSize, threads, seed);
        Recorder rec = new Recorder(numIt);
        learner.addCallback(rec);
        double mom = optimizer instanceof Adam ? 0.9 : 0.0;
        // the Learner's position runs over epochs * perEpoch steps; scale it so batch i gets lr(i)
        double span = (double) epochs * perEpoch / numIt;
        Schedule schedule = Schedule.exponential(startLr, startLr * Math.pow(endLr / startLr, span), mom);
        try {
            learner.fit(epochs, schedule, wd);
        } catch (Stop | TrainingDivergedException e) {
            // the recorder decided to stop, or a loss was no longer finite: both end the run
        }
        double[] lrs = Arrays.copyOf(rec.lrs, rec.n), losses = Arrays.copyOf(rec.losses, rec.n);
        return new Result(lrs, losses, suggestValley(lrs, losses), suggestSteep(lrs, losses), rec.diverged);
    }

    /** The curve fastai suggests from: without the first {@code numIt/10} and the last 5 points, cut at the first NaN. */
    private double[][] trimmed(double[] lrs, double[] losses) {
        int from = numIt / 10, to = losses.length - 5;
        for (int i = from; i < to; i++) if (!Double.isFinite(losses[i])) { to = i; break; }
        if (to - from < 2) return null;
        return new double[][] {Arrays.copyOfRange(lrs, from, to), Arrays.copyOfRange(losses, from, to)};
    }

    private double suggestValley(double[] lrs, double[] losses) {
        double[][] t = trimmed(lrs, losses);
        return t == null ? Double.NaN : lrs(t)[valley(t[1])];
    }

    private double suggestSteep(double[] lrs, double[] losses) {
        double[][] t = trimmed(lrs, losses);
        return t == null ? Double.NaN : lrs(t)[steep(t[0], t[1])];
    }

    private static double[] lrs(double[][] t) {
        return t[0];
    }

    /**
     * fastai's {@code valley}: the longest run of losses that decreases (a longest decreasing
     * subsequence ending at each point, by O(n^2) dynamic programming), and the index
     * {@code start + floor(len/3) + floor(len/6)} within it, where {@code len = end - start}
     * and {@code start = end - (length of the run at end)} as in fastai's code. (fastai describes
     * the point as partway down the valley; with these floors it is about half way.)
     */
    public static int valley(double[] losses) {
        int n = losses.length;
        if (n == 0) throw new IllegalArgumentException("no losses");
        int[] lds = new int[n];
        Arrays.fill(lds, 1);
        int maxStart = 0, maxEnd = 0;
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (losses[i] < losses[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
                if (lds[maxEnd] < lds[i]) {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        int idx = maxStart + (int) sections + (int) (sections / 2);
        return Math.max(0, Math.min(n - 1, idx));
    }

    /**
     * fastai's {@code steep}: the point where the loss falls fastest per unit of log rate, i.e.
     * the {@code i} minimising {@code (loss[i+1] - loss[i]) / (log lr[i+1] - log lr[i])}.
     */
    public static int steep(double[] lrs, double[] losses) {
        if (lrs.length != losses.length || lrs.length < 2)
            throw new IllegalArgumentException("steep needs at least 2 points of equal-length curves");
        int best = 0;
        double bestGrad = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < lrs.length; i++) {
            double g = (losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
            if (g < bestGrad) {
                bestGrad = g;
                best = i;
            }
        }
        return best;
    }

    /** Ends the run from inside the Learner's loop. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** Records rate and smoothed loss per batch; stops after numIt batches or on divergence. */
    private static final class Recorder implements Callback {
        final double[] lrs, losses;
        final int numIt;
        int n;
        double avg, best = Double.POSITIVE_INFINITY;
        boolean diverged;

        Recorder(int numIt) {
            this.numIt = numIt;
            this.lrs = new double[numIt];
            this.losses = new double[numIt];
        }

        @Override
        public void afterBatch(int epoch, int batch, double lr, double loss) {
            avg = BETA * avg + (1 - BETA) * loss;
            double smooth = avg / (1 - Math.pow(BETA, n + 1));
            lrs[n] = lr;
            losses[n++] = smooth;
            if (smooth < best) best = smooth;
            if (smooth > DIVERGENCE * best || !Double.isFinite(smooth)) {
                diverged = true;
                throw new Stop();
            }
            if (n >= numIt) throw new Stop();
        }
    }
}
