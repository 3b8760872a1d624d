package org.collab4j.train;

/** One row of fastai's epoch table. {@code trainLoss} is the smoothed training loss at the epoch's end. */
public record EpochResult(int epoch, double trainLoss, double validLoss, double seconds) {
}
