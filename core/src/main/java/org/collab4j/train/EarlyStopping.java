package org.collab4j.train;

/**
 * Stops training when the validation loss has not improved by more than {@code minDelta} for
 * {@code patience} epochs (fastai's EarlyStoppingCallback on valid_loss).
 */
public final class EarlyStopping implements Callback {
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int wait;
    private boolean stop;

    public EarlyStopping(int patience, double minDelta) {
        if (patience < 1) throw new IllegalArgumentException("patience must be at least 1, got " + patience);
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public void beforeFit(int epochs, int batchesPerEpoch) {
        best = Double.POSITIVE_INFINITY;
        wait = 0;
        stop = false;
    }

    @Override
    public void afterEpoch(EpochResult r) {
        if (Double.isNaN(r.validLoss())) return; // no validation rows: nothing to judge by
        if (r.validLoss() < best - minDelta) {
            best = r.validLoss();
            wait = 0;
        } else if (++wait >= patience) {
            stop = true;
        }
    }

    @Override
    public boolean stop() {
        return stop;
    }
}
