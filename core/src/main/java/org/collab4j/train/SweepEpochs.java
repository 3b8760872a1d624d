package org.collab4j.train;

import java.util.ArrayList;
import java.util.List;

/**
 * What the reporters of solvers that are not a {@link Learner} loop share ({@link EpochReporter}
 * for rating models, {@link TopNEpochs} for top-N models): each sweep is one epoch of one batch,
 * handed to the {@link Callback}s and recorded in a {@link History}.
 */
abstract class SweepEpochs {
    final History history = new History();
    final List<Callback> callbacks = new ArrayList<>();
    private long epochStart;

    SweepEpochs(List<Callback> callbacks) {
        this.callbacks.add(history);
        this.callbacks.addAll(callbacks);
    }

    public void beforeFit(int epochs) {
        for (Callback cb : callbacks) cb.beforeFit(epochs, 1);
    }

    public void beforeEpoch(int epoch) {
        epochStart = System.nanoTime();
        for (Callback cb : callbacks) cb.beforeEpoch(epoch);
    }

    /** Seconds since {@link #beforeEpoch}. */
    final double epochSeconds() {
        return (System.nanoTime() - epochStart) / 1e9;
    }

    /** Hands the finished epoch, as one batch of its training loss, to every callback; true when one asks to stop. */
    final boolean endEpoch(EpochResult r) {
        boolean stop = false;
        for (Callback cb : callbacks) {
            cb.afterBatch(r.epoch(), 0, 0, r.trainLoss());
            cb.afterEpoch(r);
            stop |= cb.stop();
        }
        return stop;
    }

    /** Calls every callback's {@code afterFit} and returns the history. */
    public History afterFit() {
        for (Callback cb : callbacks) cb.afterFit();
        return history;
    }
}
