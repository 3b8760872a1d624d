package org.collab4j.train;

import org.collab4j.algo.als.AlsTrainer;
import org.collab4j.algo.autoencoder.AutoencoderTrainer;
import org.collab4j.algo.baseline.BaselineTrainer;
import org.collab4j.algo.blend.BlendTrainer;
import org.collab4j.algo.bpmf.BpmfTrainer;
import org.collab4j.algo.dotbias.DotBiasTrainer;
import org.collab4j.algo.ease.EaseTrainer;
import org.collab4j.algo.knn.ItemKnnTrainer;
import org.collab4j.algo.nn.NnTrainer;
import org.collab4j.algo.popularity.PopularityTrainer;
import org.collab4j.algo.svdpp.SvdppTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The model families collab4j can train, by name. */
public final class Trainers {
    private static final Map<String, ModelTrainer> TRAINERS = new ConcurrentHashMap<>();
    private static final List<String> ORDER = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        register(new DotBiasTrainer());
        register(new BaselineTrainer());
        register(new AlsTrainer());
        register(new SvdppTrainer());
        register(new BpmfTrainer());
        register(new ItemKnnTrainer());
        register(new NnTrainer());
        register(new AutoencoderTrainer());
        register(new BlendTrainer());
        register(new PopularityTrainer());
        register(new EaseTrainer());
    }

    private Trainers() {
    }

    public static void register(ModelTrainer trainer) {
        if (TRAINERS.put(trainer.name(), trainer) == null) ORDER.add(trainer.name());
    }

    /** The trainer for {@code name}, or an error listing the known names. */
    public static ModelTrainer get(String name) {
        ModelTrainer t = TRAINERS.get(name);
        if (t == null) throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + String.join(", ", names()));
        return t;
    }

    public static List<String> names() {
        return new ArrayList<>(ORDER);
    }
}
