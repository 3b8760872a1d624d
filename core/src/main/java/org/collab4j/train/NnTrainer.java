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
        String init = config.extra("emb_init", null);
        if (init != null) {
            org.collab4j.model.Rng rng = new org.collab4j.model.Rng(config.seed() * 31 + 7);
            for (var t : model.embeddings()) rng.truncatedNormal(t.weight.value, Float.parseFloat(init));
        }
        model.setEmbeddingL2(Float.parseFloat(config.extra("emb_l2", "0")));
        if (config.extra("centre", "false").equals("true")) {
            float[] yr = arch.yRange();
            double mean = data.ratings().mean(split.train());
            double x = Math.min(0.999, Math.max(0.001, (mean - yr[0]) / (yr[1] - yr[0])));
            for (Param p : model.params()) if (p.name.equals("head.bias")) p.value[0] = (float) Math.log(x / (1 - x));
        }
        String denseEps = config.extra("dense_eps", null);
        if (denseEps != null) for (Param p : model.params()) p.eps = Double.parseDouble(denseEps);
        if (eps != null) for (var t : model.embeddings()) t.weight.eps = Double.parseDouble(eps);
        String mf = config.extra("init", null);
        if (mf != null) mfInit(model, arch, mf);
        float embLr = Float.parseFloat(config.extra("emb_lr", "1"));
        if (embLr != 1f) model.setEmbeddingScale(embLr);
        Optimizer opt = config.extra("adam", "dense").equals("lazy") ? new LazyAdam() : DotBiasTrainer.optimizer(config);
        Learner learner = new Learner(model, data.ratings(), split, opt, config.batchSize(), config.threads(), config.seed());
        double embWd = Double.parseDouble(config.extra("emb_wd", "1"));
        double denseWd = Double.parseDouble(config.extra("dense_wd", "1"));
        if (embWd != 1 || denseWd != 1) learner.addCallback(new ExtraDecay(model, config.wd(), embWd, denseWd));
        String avg = config.extra("avg", null);
        WeightAverage average = avg == null ? null : new WeightAverage(model.params(), avg);
        if (average != null) learner.addCallback(average);
        for (Callback cb : callbacks) learner.addCallback(cb);
        try (Parallel par = new Parallel(config.threads())) {
            model.setParallel(par);
            History h = DotBiasTrainer.run(learner, config);
            model.setParallel(Parallel.SERIAL);
            if (average != null) average.apply();
            if (embLr != 1f) {
                model.foldEmbeddingScale();
                model.weightsChanged();
            }
            if (average != null || config.extra("bn_recal", "false").equals("true")) {
                model.weightsChanged();
                model.recalibrateBatchNorm(data.ratings(), split.train());
                model.finish(data.ratings(), split.train());
            }
            return new TrainResult(model, h);
        }
    }

    /**
     * EXPERIMENT: initialises the hidden layers so that the network starts as (roughly) a dot
     * product of the first K user and item embedding dimensions: layer 0 units 4k..4k+3 compute
     * relu(+-(a_k + b_k)), relu(+-(a_k - b_k)); layer 1 unit j adds |a+b| - |a-b| of its pairs with
     * sign +1 (first half) or -1 (second half); the head adds the halves with opposite signs.
     * spec = "mf:NOISE[:HEAD]": the default random weights are kept, scaled by NOISE.
     */
    static void mfInit(EmbeddingNN model, EmbeddingNN.Config arch, String spec) {
        String[] a = spec.split(":");
        float noise = Float.parseFloat(a[1]);
        float headW = a.length > 2 ? Float.parseFloat(a[2]) : 0.1f;
        int[] layers = arch.layers();
        int du = model.userDim(), di = model.itemDim();
        java.util.Map<String, Param> byName = new java.util.HashMap<>();
        for (Param p : model.params()) byName.put(p.name, p);
        Param w0 = byName.get("layers.0.linear.weight"), b0 = byName.get("layers.0.linear.bias");
        int out0 = layers[0];
        int pairs = Math.min(Math.min(du, di), out0 / 4);
        for (Param p : model.params()) {
            if (p.name.endsWith("_emb") || p.name.endsWith(".bn.weight") || p.name.endsWith(".bn.bias")) continue;
            for (int j = 0; j < p.value.length; j++) p.value[j] *= noise;
        }
        float[] su = {1, -1, 1, -1}, si = {1, -1, -1, 1}, comb = {1, 1, -1, -1};
        for (int k = 0; k < pairs; k++)
            for (int r = 0; r < 4; r++) {
                int o = 4 * k + r;
                w0.value[k * out0 + o] += su[r];
                w0.value[(du + k) * out0 + o] += si[r];
            }
        if (layers.length >= 2) {
            Param w1 = byName.get("layers.1.linear.weight");
            int out1 = layers[1];
            int half = out1 / 2;
            for (int j = 0; j < out1; j++) {
                float sign = j < half ? 1 : -1;
                int jj = j < half ? j : j - half;
                for (int k = jj; k < pairs; k += Math.max(1, half))
                    for (int r = 0; r < 4; r++) w1.value[(4 * k + r) * out1 + j] += sign * comb[r] * 0.5f;
            }
            Param wh = byName.get("head.weight");
            for (int j = 0; j < out1; j++) wh.value[j] += j < half ? headW : -headW;
        }
    }

    /** Scales the decoupled decay of embeddings and linear weights by their own factors (EXPERIMENT). */
    static final class ExtraDecay implements Callback {
        private final Param[] emb;
        private final Param[] dense;
        private final double wd, embMult, denseMult;

        ExtraDecay(EmbeddingNN model, double wd, double embMult, double denseMult) {
            this.wd = wd;
            this.embMult = embMult;
            this.denseMult = denseMult;
            java.util.List<Param> e = new java.util.ArrayList<>(), d = new java.util.ArrayList<>();
            for (var t : model.embeddings()) e.add(t.weight);
            for (Param p : model.params()) if (p.decay && !e.contains(p)) d.add(p);
            emb = e.toArray(new Param[0]);
            dense = d.toArray(new Param[0]);
        }

        @Override
        public void afterBatch(int epoch, int batch, double lr, double loss) {
            double base = 1 - lr * wd;
            scale(emb, (float) ((1 - lr * wd * embMult) / base));
            scale(dense, (float) ((1 - lr * wd * denseMult) / base));
        }

        private static void scale(Param[] ps, float f) {
            if (f == 1f) return;
            for (Param p : ps) {
                float[] v = p.value;
                for (int j = 0; j < v.length; j++) v[j] *= f;
            }
        }
    }

    /** Averages the parameters over the end of training: swa:FRACTION (uniform) or ema:DECAY (EXPERIMENT). */
    static final class WeightAverage implements Callback {
        private final Param[] params;
        private final boolean ema;
        private final double arg;
        private final double[][] acc;
        private long total, step, count;

        WeightAverage(Param[] params, String spec) {
            this.params = params;
            String[] kv = spec.split(":");
            ema = kv[0].equals("ema");
            arg = Double.parseDouble(kv[1]);
            acc = new double[params.length][];
            for (int p = 0; p < params.length; p++) acc[p] = new double[params[p].size()];
        }

        @Override
        public void beforeFit(int epochs, int batchesPerEpoch) {
            total = (long) epochs * batchesPerEpoch;
        }

        @Override
        public void afterBatch(int epoch, int batch, double lr, double loss) {
            step++;
            if (ema) {
                double d = Math.min(arg, (1.0 + step) / (10.0 + step));
                for (int p = 0; p < params.length; p++) {
                    float[] v = params[p].value;
                    double[] a = acc[p];
                    for (int j = 0; j < v.length; j++) a[j] = d * a[j] + (1 - d) * v[j];
                }
                count = 1;
                return;
            }
            if (step <= total * (1 - arg)) return;
            count++;
            for (int p = 0; p < params.length; p++) {
                float[] v = params[p].value;
                double[] a = acc[p];
                for (int j = 0; j < v.length; j++) a[j] += v[j];
            }
        }

        void apply() {
            if (count == 0) return;
            for (int p = 0; p < params.length; p++) {
                float[] v = params[p].value;
                double[] a = acc[p];
                for (int j = 0; j < v.length; j++) v[j] = (float) (a[j] / count);
            }
        }
    }
}
