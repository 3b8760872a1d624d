package org.collab4j.algo.nn;

import org.collab4j.model.CorruptModelException;
import org.collab4j.io.ModelFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.collab4j.data.Dataset;
import org.collab4j.data.SideTable;
import org.collab4j.data.Split;
import org.collab4j.features.FeatureSpec;
import org.collab4j.features.Features;
import org.collab4j.model.TinyData;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingNNCodecTest {
    @TempDir
    Path dir;

    @Test
    void aTrainedNetworkWithSideInformationRoundTrips() throws Exception {
        Dataset d = TinyData.dataset();
        int[] train = {0, 1, 2, 3, 4, 5, 6, 7};
        Split split = new Split("t", train, new int[] {8, 9});
        Features f = Features.build(d, FeatureSpec.parse("all"), SideTable.of(d.users()), SideTable.of(d.items()), train);
        EmbeddingNN nn = new EmbeddingNN(5, 4, f, new EmbeddingNN.Config(0, 3, new int[] {8, 4}, 0.1f, new float[] {0.1f, 0f}, new float[] {0, 5.5f}, 9));
        TrainConfig cfg = TrainConfig.defaults().withEpochs(2).withThreads(1);
        org.collab4j.train.Recipes.run(new org.collab4j.train.Learner(nn, d.ratings(), split, new org.collab4j.train.Adam(), 4, 1, 1), cfg);
        Path file = dir.resolve("nn.c4j");
        ModelFile.write(TrainedModel.of(nn, d.ratings(), train, d.items(), d.users(), Map.of("model", "nn")), file);
        TrainedModel back = ModelFile.read(file);
        assertThat(back.kind()).isEqualTo("nn");
        EmbeddingNN m = (EmbeddingNN) back.model();
        assertThat(m.features().describe()).isEqualTo(f.describe());
        assertThat(m.inputWidth()).isEqualTo(nn.inputWidth());
        for (int u = 0; u < 5; u++)
            for (int i = 0; i < 4; i++) assertThat(m.predict(u, i)).isEqualTo(nn.predict(u, i));
        float[] a = new float[10], b = new float[10];
        nn.predictRatings(d.ratings(), d.ratings().allRows(), 0, 10, a);
        m.predictRatings(d.ratings(), d.ratings().allRows(), 0, 10, b);
        assertThat(b).containsExactly(a);
    }

    @Test
    void aDamagedNetworkFileIsRefused() throws Exception {
        Dataset d = TinyData.dataset();
        EmbeddingNN nn = new EmbeddingNN(5, 4, Features.none(5, 4), EmbeddingNN.Config.fastbook(new float[] {0, 5.5f}, 1));
        Path file = dir.resolve("nn.c4j");
        ModelFile.write(TrainedModel.of(nn, d.ratings(), d.ratings().allRows(), null, null, Map.of()), file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(CorruptModelException.class).hasMessageContaining("damaged");
    }
}
