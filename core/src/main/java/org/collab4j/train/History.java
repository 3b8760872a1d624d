package org.collab4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a fit recorded: the epoch table and the loss and rate of every batch. */
public final class History implements Callback {
    private final List<EpochResult> epochs = new ArrayList<>();
    private float[] batchLoss = new float[1024];
    private float[] batchLr = new float[1024];
    private int batches;

    @Override
    public void afterBatch(int epoch, int batch, double lr, double loss) {
        if (batches == batchLoss.length) {
            batchLoss = java.util.Arrays.copyOf(batchLoss, batches * 2);
            batchLr = java.util.Arrays.copyOf(batchLr, batches * 2);
        }
        batchLoss[batches] = (float) loss;
        batchLr[batches++] = (float) lr;
    }

    @Override
    public void afterEpoch(EpochResult result) {
        epochs.add(result);
    }

    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public EpochResult last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** Loss of each batch, in order. */
    public float[] batchLosses() {
        return java.util.Arrays.copyOf(batchLoss, batches);
    }

    /** Learning rate of each batch, in order. */
    public float[] batchRates() {
        return java.util.Arrays.copyOf(batchLr, batches);
    }

    /** fastai's smoothed loss: exponential moving average with beta, debiased. */
    public static float[] smooth(float[] losses, double beta) {
        float[] out = new float[losses.length];
        double avg = 0;
        for (int i = 0; i < losses.length; i++) {
            avg = beta * avg + (1 - beta) * losses[i];
            out[i] = (float) (avg / (1 - Math.pow(beta, i + 1)));
        }
        return out;
    }
}
