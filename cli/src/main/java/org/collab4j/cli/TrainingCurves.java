package org.collab4j.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.collab4j.io.AtomicFiles;
import org.collab4j.train.EpochResult;
import org.collab4j.train.History;

/**
 * What {@code train --plot} and {@code train --history} write from a fit's {@link History}:
 * the loss of every batch with fastai's smoothing (beta 0.98), and the validation loss at the
 * end of every epoch.
 */
final class TrainingCurves {
    static final double BETA = 0.98;

    private TrainingCurves() {
    }

    /** Batch number (1-based) after which each epoch ended. */
    static double[] epochEnds(History h, int batchesPerEpoch) {
        List<EpochResult> epochs = h.epochs();
        int total = h.batchLosses().length;
        double[] at = new double[epochs.size()];
        for (int e = 0; e < at.length; e++) at[e] = total == 0 ? e + 1 : Math.min(total, (long) (e + 1) * batchesPerEpoch);
        return at;
    }

    static void plot(History h, int batchesPerEpoch, Path png) throws IOException {
        float[] smooth = History.smooth(h.batchLosses(), BETA);
        double[] at = epochEnds(h, batchesPerEpoch);
        List<EpochResult> epochs = h.epochs();
        int nv = 0;
        for (EpochResult e : epochs) if (Double.isFinite(e.validLoss())) nv++;
        double[] x = new double[nv], y = new double[nv];
        for (int e = 0, j = 0; e < epochs.size(); e++) {
            if (!Double.isFinite(epochs.get(e).validLoss())) continue;
            x[j] = at[e];
            y[j++] = epochs.get(e).validLoss();
        }
        Charts.writePng(Charts.curves(smooth, x, y), png);
    }

    /**
     * One row per batch: {@code iteration,epoch,lr,train_loss,smooth_loss,valid_loss}, with the
     * validation loss on the last batch of each epoch and empty elsewhere.
     */
    static void writeCsv(History h, int batchesPerEpoch, Path csv) throws IOException {
        float[] loss = h.batchLosses(), lr = h.batchRates(), smooth = History.smooth(loss, BETA);
        List<EpochResult> epochs = h.epochs();
        double[] at = epochEnds(h, batchesPerEpoch);
        AtomicFiles.write(csv, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("iteration,epoch,lr,train_loss,smooth_loss,valid_loss\n");
            int e = 0;
            for (int i = 0; i < loss.length; i++) {
                while (e < at.length - 1 && i + 1 > at[e]) e++;
                String valid = "";
                if (e < at.length && i + 1 == (int) at[e] && Double.isFinite(epochs.get(e).validLoss()))
                    valid = num(epochs.get(e).validLoss());
                w.write((i + 1) + "," + e + "," + num(lr[i]) + "," + num(loss[i]) + "," + num(smooth[i]) + "," + valid + "\n");
            }
            w.flush();
        });
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
