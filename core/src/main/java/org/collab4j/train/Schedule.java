package org.collab4j.train;

/**
 * Learning rate and momentum as functions of training progress {@code pos} in [0, 1]
 * (the fraction of all training steps done before this step, as fastai's {@code pct_train}).
 */
public interface Schedule {
    double lr(double pos);

    double mom(double pos);

    /** Constant rate and momentum. */
    static Schedule constant(double lr, double mom) {
        return new Schedule() {
            public double lr(double pos) {
                return lr;
            }

            public double mom(double pos) {
                return mom;
            }
        };
    }

    /**
     * fastai's one-cycle: the rate rises on a cosine from lrMax/div to lrMax over the first
     * {@code pctStart} of the steps, then falls on a cosine to lrMax/divFinal; momentum moves
     * the opposite way, momMax -> momMin -> momMax.
     */
    static Schedule oneCycle(double lrMax, double div, double divFinal, double pctStart, double momMax, double momMin) {
        return new Schedule() {
            public double lr(double pos) {
                return pos < pctStart ? cos(lrMax / div, lrMax, pos / pctStart)
                        : cos(lrMax, lrMax / divFinal, (pos - pctStart) / (1 - pctStart));
            }

            public double mom(double pos) {
                return pos < pctStart ? cos(momMax, momMin, pos / pctStart)
                        : cos(momMin, momMax, (pos - pctStart) / (1 - pctStart));
            }
        };
    }

    /** fastai's defaults: div 25, divFinal 1e5, pctStart 0.25, momenta 0.95 and 0.85. */
    static Schedule oneCycle(double lrMax) {
        return oneCycle(lrMax, 25, 1e5, 0.25, 0.95, 0.85);
    }

    /** fastai's SchedCos: start + (1 + cos(pi * (1 - pos))) * (end - start) / 2. */
    static double cos(double start, double end, double pos) {
        return start + (1 + Math.cos(Math.PI * (1 - pos))) * (end - start) / 2;
    }

    /** Exponentially increasing rate from {@code start} to {@code end} (the lr-finder's). */
    static Schedule exponential(double start, double end, double mom) {
        return new Schedule() {
            public double lr(double pos) {
                return start * Math.pow(end / start, pos);
            }

            public double mom(double pos) {
                return mom;
            }
        };
    }
}
