package org.collab4j.algo.popularity;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.train.Callback;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.OptionValues;
import org.collab4j.train.ImplicitTrainer;
import org.collab4j.train.TopNEpochs;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.TrainResult;

/** {@code popularity}: counts each item's training users ({@link PopularityModel}); one epoch, no loss. */
public final class PopularityTrainer implements ImplicitTrainer {
    @Override
    public String name() {
        return PopularityModel.KIND;
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        OptionValues.parse(PopularityModel.KIND, List.of(), config);
        TopNEpochs epochs = new TopNEpochs(callbacks);
        epochs.beforeFit(1);
        epochs.beforeEpoch(0);
        var r = data.ratings();
        float[] counts = new float[r.numItems()];
        // distinct users per item: a repeated (user, item) row counts once
        long[] seen = new long[split.train().length];
        int n = 0;
        for (int row : split.train()) seen[n++] = ((long) r.item(row) << 32) | r.user(row);
        java.util.Arrays.sort(seen);
        for (int j = 0; j < n; j++) if (j == 0 || seen[j] != seen[j - 1]) counts[(int) (seen[j] >>> 32)]++;
        PopularityModel model = new PopularityModel(r.numUsers(), counts);
        epochs.afterEpoch(0, Double.NaN, model);
        return new TrainResult(model, epochs.afterFit());
    }
}
