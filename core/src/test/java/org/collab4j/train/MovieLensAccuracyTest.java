package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.eval.Metrics;
import org.collab4j.data.Split;
import org.collab4j.data.Splits;
import org.collab4j.model.RatingModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accuracy bands on MovieLens 100k's u1 fold (LensKit's regression tests): a change that makes
 * a model worse fails the build. Each run takes a few seconds; skipped without the data. With the
 * defaults, u1 gave: baseline 0.9536, als 0.9254, svdpp 0.9230, bpmf 0.9033, item-knn 0.9302
 * (docs/notes/classic-and-probabilistic-models.md); the bands allow for a little noise, not for a regression.
 */
class MovieLensAccuracyTest {
    static Dataset ml;
    static Split u1;

    @BeforeAll
    static void load() {
        String d = System.getenv("COLLAB4J_DATA");
        if (d == null || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(d, "ml-100k", "u1.test"))) return;
        ml = Fixtures.ml100k();
        u1 = Splits.official(ml, Fixtures.ml100kFolder(), "u1");
    }

    static double rmse(String kind, TrainConfig config) {
        Fixtures.ml100k(); // skips the test without the data
        RatingModel m = Algorithms.get(kind).trainer().train(ml, u1, config, List.of()).model();
        return Metrics.accuracy(m, ml.ratings(), u1.valid()).rmse();
    }

    @Test
    void baselineOnU1() {
        assertThat(rmse("baseline", Algorithms.get("baseline").defaults())).isBetween(0.948, 0.960);
    }

    @Test
    void alsOnU1() {
        assertThat(rmse("als", Algorithms.get("als").defaults())).isBetween(0.918, 0.932);
    }

    @Test
    void svdppOnU1() {
        assertThat(rmse("svdpp", Algorithms.get("svdpp").defaults().withThreads(1))).isBetween(0.916, 0.930);
    }

    @Test
    void bpmfOnU1() {
        assertThat(rmse("bpmf", Algorithms.get("bpmf").defaults())).isBetween(0.897, 0.909);
    }

    @Test
    void itemKnnOnU1() {
        assertThat(rmse("item-knn", Algorithms.get("item-knn").defaults())).isBetween(0.924, 0.936);
    }
}
