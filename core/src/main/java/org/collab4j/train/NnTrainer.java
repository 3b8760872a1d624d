package org.collab4j.train;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.eval.Split;
import org.collab4j.features.Features;
import org.collab4j.features.SideInputs;
import org.collab4j.model.EmbeddingNN;
import org.collab4j.nn.Parallel;

/**
 * Trains fastai's EmbeddingNN ({@code nn}) with the {@link Learner}, optionally with side
 * information. Model options (in {@link TrainConfig#extra}): {@code layers=100,50},
 * {@code emb=U,I} (embedding widths; default fastai's rule), {@code emb_drop=P},
 * {@code dropout=P[,P...]} (after each hidden layer), {@code emb_eps=E} (Adam's eps for the
 * embedding tables, as {@code DotProductBias.Options}; default the optimizer's), and the side-information options of
 * {@link SideInputs} ({@code features}, {@code user_features}, {@code item_features}).
 */
public final class NnTrainer implements ModelTrainer {
    @Override
    public String name() {
        return EmbeddingNN.KIND;
    }

    @Override
    public String description() {
        return "fastai's EmbeddingNN: concatenated embeddings (+ side information) through Linear-ReLU-BatchNorm layers";
    }

    /** The architecture from the configuration's model options. */
    public static EmbeddingNN.Config config(TrainConfig config, float[] yRange) {
        int[] layers = SideInputs.ints("layers", config.extra("layers", "100,50"));
        int[] emb = SideInputs.ints("emb", config.extra("emb", "0,0"));
        if (emb.length != 2) throw new IllegalArgumentException("emb must be USER,ITEM embedding widths, e.g. emb=74,102, got '" + config.extra("emb", "") + "'");
        float embDrop = SideInputs.prob("emb_drop", config.extra("emb_drop", "0"));
        String ps = config.extra("dropout", "0");
        float[] dropout = new float[layers.length];
        String[] parts = ps.split(",");
        if (parts.length != 1 && parts.length != layers.length)
            throw new IllegalArgumentException("dropout needs one probability, or one per hidden layer (" + layers.length + "), got '" + ps + "'");
        for (int l = 0; l < layers.length; l++) dropout[l] = SideInputs.prob("dropout", parts[parts.length == 1 ? 0 : l]);
        return new EmbeddingNN.Config(emb[0], emb[1], layers, embDrop, dropout, yRange, config.seed());
    }

    @Override
    public TrainResult train(Dataset data, Split split, TrainConfig config, List<Callback> callbacks) {
        EmbeddingNN.Config arch = config(config, DotBiasTrainer.yRange(data, config));
        Features features = SideInputs.features(data, config, split.train());
        EmbeddingNN model = new EmbeddingNN(data.ratings().numUsers(), data.ratings().numItems(), features, arch);
        String eps = config.extra("emb_eps", null);
        if (eps != null) {
            double e;
            try {
                e = Double.parseDouble(eps);
            } catch (NumberFormatException ex) {
                e = Double.NaN;
            }
            if (!(e > 0)) throw new IllegalArgumentException("emb_eps must be a positive number, got '" + eps + "'");
            for (var t : model.embeddings()) t.weight.eps = e;
        }
        Learner learner = DotBiasTrainer.learner(model, data, split, config);
        for (Callback cb : callbacks) learner.addCallback(cb);
        try (Parallel par = new Parallel(config.threads())) {
            model.setParallel(par);
            learner.parallel(par); // one set of threads for the layers' products and the optimizer step
            History h = DotBiasTrainer.run(learner, config);
            model.setParallel(Parallel.SERIAL);
            return new TrainResult(model, h);
        }
    }
}
