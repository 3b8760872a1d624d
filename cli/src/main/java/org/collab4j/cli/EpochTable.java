package org.collab4j.cli;

import me.tongfei.progressbar.ProgressBar;
import org.collab4j.train.Callback;
import org.collab4j.train.EpochResult;

/** Prints fastai's epoch table as epochs finish, with a progress bar per epoch on a terminal. */
final class EpochTable implements Callback {
    private final Console console;
    private int batches;
    private ProgressBar bar;
    private boolean headerPrinted;

    EpochTable(Console console) {
        this.console = console;
    }

    @Override
    public void beforeFit(int epochs, int batchesPerEpoch) {
        this.batches = batchesPerEpoch;
        if (!headerPrinted) {
            console.println(String.format("%-6s %-11s %-11s %s", "epoch", "train_loss", "valid_loss", "time"));
            headerPrinted = true;
        }
    }

    @Override
    public void beforeEpoch(int epoch) {
        bar = console.bar("epoch " + epoch, batches, "");
    }

    @Override
    public void afterBatch(int epoch, int batch, double lr, double loss) {
        if (bar != null && (batch & 63) == 0) bar.stepTo(batch);
    }

    @Override
    public void afterEpoch(EpochResult r) {
        if (bar != null) {
            bar.stepTo(batches);
            console.finishProgress();
            bar = null;
        }
        console.println(String.format("%-6d %-11s %-11s %s", r.epoch(), Console.f(r.trainLoss(), 6),
                Double.isNaN(r.validLoss()) ? "-" : Console.f(r.validLoss(), 6), Console.time(r.seconds())));
    }
}
