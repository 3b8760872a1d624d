package org.collab4j.algo.dotbias;

import org.collab4j.model.RatingModel;
import org.collab4j.model.TinyData;
import org.collab4j.model.TrainedModel;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.data.SideTable;
import org.collab4j.features.FeatureSpec;
import org.collab4j.features.Features;
import org.collab4j.io.ModelFile;
import org.collab4j.nn.GradCheck;
import org.collab4j.train.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureDotBiasTest {
    @TempDir
    Path dir;

    static FeatureDotBias model(Dataset d, String spec) {
        int[] all = d.ratings().allRows();
        Features f = Features.build(d, FeatureSpec.parse(spec), SideTable.of(d.users()), SideTable.of(d.items()), all);
        FeatureDotBias m = new FeatureDotBias(5, 4, 3, f, new float[] {0, 5.5f}, DotProductBias.Options.defaults(), 2, true);
        // larger values than the 0.01 start, so every term matters
        for (Param p : m.params()) for (int j = 0; j < p.value.length; j++) p.value[j] *= 30f;
        return m;
    }

    @Test
    void gradientsWithUserItemAndTimeFeatures() {
        Dataset d = TinyData.dataset();
        FeatureDotBias m = model(d, "all");
        Ratings r = d.ratings();
        int[] rows = r.allRows();
        float[] c = GradCheck.random(10, 5), out = new float[10];
        m.forward(r, rows, 0, 10, out);
        m.backward(c);
        // the per-rating L2 adds lambda/(2|B|) |w|^2 for each rating that touches w; check the data term alone
        FeatureDotBias plain = new FeatureDotBias(5, 4, 3, m.features(), new float[] {0, 5.5f},
                new DotProductBias.Options(0f, 0f, false, 1e-3, 1e-3), 2, false);
        for (int p = 0; p < m.params().length; p++) System.arraycopy(m.params()[p].value, 0, plain.params()[p].value, 0, m.params()[p].value.length);
        plain.forward(r, rows, 0, 10, out);
        plain.backward(c);
        GradCheck.params(plain.params(), () -> {
            plain.forward(r, rows, 0, 10, out);
            return GradCheck.dot(c, out, 10);
        }, 12);
    }

    @Test
    void forwardMatchesTheFormulaAndPredictRatings() {
        Dataset d = TinyData.dataset();
        FeatureDotBias m = model(d, "user:gender item:genres");
        Param[] p = m.params();
        int u = 0, i = 1; // user "1" is M (code 1), item "b" has genres Comedy and Drama
        int k = 3;
        double[] uv = new double[k], vv = new double[k];
        Features f = m.features();
        int g = f.fields().get(0).codes()[u];
        int s = f.fields().get(1).start()[i], e = f.fields().get(1).start()[i + 1];
        double bias = p[2].value[u] + p[3].value[i] + p[5].value[g];
        for (int c = 0; c < k; c++) {
            uv[c] = p[0].value[u * k + c] + p[4].value[g * k + c];
            vv[c] = p[1].value[i * k + c];
        }
        for (int j = s; j < e; j++) {
            int code = f.fields().get(1).codes()[j];
            bias += p[7].value[code] / (e - s);
            for (int c = 0; c < k; c++) vv[c] += p[6].value[code * k + c] / (e - s);
        }
        double raw = bias;
        for (int c = 0; c < k; c++) raw += uv[c] * vv[c];
        assertThat((double) m.predict(u, i)).isCloseTo(5.5 / (1 + Math.exp(-raw)), org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void roundTripsThroughAModelFile() throws Exception {
        Dataset d = TinyData.dataset();
        FeatureDotBias m = model(d, "all");
        Path file = dir.resolve("fdb.c4j");
        ModelFile.write(TrainedModel.of(m, d.ratings(), d.ratings().allRows(), d.items(), d.users(), Map.of()), file);
        RatingModel back = ModelFile.read(file).model();
        assertThat(back).isInstanceOf(FeatureDotBias.class);
        float[] a = new float[10], b = new float[10];
        m.predictRatings(d.ratings(), d.ratings().allRows(), 0, 10, a);
        ((FeatureDotBias) back).predictRatings(d.ratings(), d.ratings().allRows(), 0, 10, b);
        assertThat(b).containsExactly(a);
    }

    @Test
    void finishTurnsUnusedFeatureRowsIntoTheUsageWeightedMean() {
        Dataset d = TinyData.dataset();
        Ratings r = d.ratings();
        assertThat(r.hasTime()).isTrue();
        FeatureDotBias m = model(d, "time:weekday");
        assertThat(m.usesTime()).isTrue();
        int[] train = {0, 1, 2, 3, 4, 5};
        org.collab4j.features.Field wd = m.features().fields().get(0);
        long[] usage = new long[wd.cardinality()];
        for (int row : train) usage[wd.timeCode(r.time(row))]++;
        assertThat(usage[0]).isZero(); // every rating has a time: the unknown slot is never trained
        float[] factors = m.params()[4].value.clone(), bias = m.params()[5].value.clone();
        m.finish(r, train);
        int k = m.factors();
        double total = 0;
        double[] mean = new double[k + 1];
        for (int c = 0; c < usage.length; c++) {
            total += usage[c];
            for (int j = 0; j < k; j++) mean[j] += usage[c] * factors[c * k + j];
            mean[k] += usage[c] * bias[c];
        }
        for (int c = 0; c < usage.length; c++) {
            for (int j = 0; j < k; j++)
                assertThat((double) m.params()[4].value[c * k + j]).isCloseTo(usage[c] == 0 ? mean[j] / total : factors[c * k + j],
                        org.assertj.core.data.Offset.offset(1e-6));
            assertThat((double) m.params()[5].value[c]).isCloseTo(usage[c] == 0 ? mean[k] / total : bias[c],
                    org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
