package org.collab4j.algo.autoencoder;

import org.collab4j.model.BinaryIn;
import org.collab4j.model.BinaryOut;
import org.collab4j.model.CorruptModelException;
import org.collab4j.io.ModelFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.Fixtures;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.Algorithms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoencoderModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryPredictionAndTheMeans() throws Exception {
        // user 4 and item 4 have no training ratings: the file must keep their NaN means
        Ratings r = Fixtures.ratings(new double[][] {{0, 0, 5}, {0, 1, 3}, {1, 0, 4}, {1, 2, 2}, {2, 1, 1}, {2, 3, 4}, {3, 3, 5}, {3, 2, 1},
                {4, 0, 3}, {0, 4, 2}});
        boolean[] valid = new boolean[r.size()];
        valid[8] = valid[9] = true;
        Split split = org.collab4j.data.Splits.fromMask("cold", valid, 2);
        TrainConfig c = Algorithms.get("autoencoder").defaults().withEpochs(5).withThreads(1).withExtra("hidden", "6");
        AutoencoderModel m = (AutoencoderModel) Algorithms.get("autoencoder").trainer().train(Fixtures.dataset(r), split, c, List.of()).model();
        Path f = dir.resolve("ae.c4j");
        ModelFile.write(TrainedModel.of(m, r, split.train(), null, null, Map.of("model", "autoencoder")), f);
        TrainedModel back = ModelFile.read(f);
        assertThat(back.kind()).isEqualTo("autoencoder");
        AutoencoderModel b = (AutoencoderModel) back.model();
        for (int u = 0; u < r.numUsers(); u++)
            for (int i = 0; i < r.numItems(); i++) assertThat(b.predict(u, i)).as("(%d, %d)", u, i).isEqualTo(m.predict(u, i));
        assertThat(b.predictions()).containsExactly(m.predictions());
        assertThat(b.userMean()[4]).isNaN();
        assertThat(b.itemMean()[4]).isNaN();
        assertThat(b.predict(4, 0)).isEqualTo(4.5f);
        assertThat(b.global()).isEqualTo(m.global());
    }

    @Test
    void inconsistentArraysAreRefusedAsCorrupt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryOut out = new BinaryOut(bytes);
        out.writeInt(2);
        out.writeInt(3);
        out.writeFloat(3f);
        out.writeFloats(new float[] {1, 2});
        out.writeFloats(new float[] {1, 2, 3});
        out.writeFloats(new float[5]); // 2 x 3 expected
        out.flush();
        byte[] b = bytes.toByteArray();
        BinaryIn in = new BinaryIn(new ByteArrayInputStream(b), b.length);
        assertThatThrownBy(() -> new AutoencoderCodec().read(in)).isInstanceOf(CorruptModelException.class)
                .hasMessageContaining("predictions hold 5 values, expected 3 x 2");
    }
}
