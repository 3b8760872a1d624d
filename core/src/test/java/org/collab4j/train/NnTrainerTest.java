package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.model.EmbeddingNN;
import org.collab4j.model.TinyData;
import org.collab4j.train.NnTrainer.Options;
import org.junit.jupiter.api.Test;

class NnTrainerTest {
    private static Options options(String... kv) {
        TrainConfig c = TrainConfig.defaults();
        for (int j = 0; j < kv.length; j += 2) c = c.withExtra(kv[j], kv[j + 1]);
        return NnTrainer.options(c);
    }

    @Test
    void defaultsAndFastaisExactRecipe() {
        assertThat(options()).isEqualTo(new Options(3f, 1e-3, 1e-3, true));
        Options fastai = options("regularization", "fastai");
        assertThat(fastai.embLr()).isEqualTo(1f);
        assertThat(fastai.embEps()).isNaN();
        assertThat(fastai.denseEps()).isNaN();
        assertThat(fastai.centre()).isFalse();
        assertThat(options("regularization", "fastai", "emb_eps", "3e-4", "centre", "true"))
                .isEqualTo(new Options(1f, 3e-4, Double.NaN, true));
        assertThat(options("emb_lr", "2", "dense_eps", "1e-4", "centre", "false")).isEqualTo(new Options(2f, 1e-3, 1e-4, false));
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> options("regularization", "keras")).hasMessageContaining("collab4j or fastai").hasMessageContaining("keras");
        assertThatThrownBy(() -> options("emb_lr", "0")).hasMessageContaining("emb_lr must be a positive number, got '0'");
        assertThatThrownBy(() -> options("emb_eps", "x")).hasMessageContaining("emb_eps");
        assertThatThrownBy(() -> options("dense_eps", "-1")).hasMessageContaining("dense_eps");
        assertThatThrownBy(() -> options("centre", "yes")).hasMessageContaining("centre must be true or false");
    }

    @Test
    void embLrMultipliesTheEmbeddingsAdamStep() {
        // one full-batch Adam step at a constant rate, no decay: Adam's first step is about lr * sign(g)
        // per coordinate, so the embeddings move three times as far with emb_lr=3 (the dense layers alike)
        Dataset d = TinyData.dataset();
        Ratings r = d.ratings();
        double lr = 1e-2;
        TrainConfig c = new TrainConfig(50, 1, lr, 0, 100, "adam", "constant", null, 1, 5,
                java.util.Map.of("layers", "4", "emb", "2,2", "regularization", "fastai"));
        EmbeddingNN start = new EmbeddingNN(r.numUsers(), r.numItems(), org.collab4j.features.Features.none(r.numUsers(), r.numItems()),
                NnTrainer.config(c, DotBiasTrainer.yRange(d, c)));
        float[] e0 = start.params()[0].value;
        float[] e1 = ((EmbeddingNN) new NnTrainer().train(d, Fixtures.all(r), c, List.of()).model()).params()[0].value;
        float[] e3 = ((EmbeddingNN) new NnTrainer().train(d, Fixtures.all(r), c.withExtra("emb_lr", "3"), List.of()).model()).params()[0].value;
        int[] counts = r.userCounts(r.allRows());
        int moved = 0;
        for (int j = 0; j < e0.length; j++) {
            int row = j / 2; // row 0 is the unknown slot, row u+1 user u; rows without ratings are set after training
            if (row == 0 || counts[row - 1] == 0) continue;
            double d1 = e1[j] - e0[j], d3 = e3[j] - e0[j];
            assertThat(Math.abs(d1)).isCloseTo(lr, org.assertj.core.data.Offset.offset(lr * 0.01));
            moved++;
            assertThat(d3 / d1).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.05));
        }
        assertThat(moved).isGreaterThanOrEqualTo(8);
    }

    @Test
    void trainingAppliesTheOptionsAndReturnsAPlainNetwork() {
        Dataset d = TinyData.dataset();
        Ratings r = d.ratings();
        TrainConfig c = TrainConfig.defaults().withThreads(1).withEpochs(2).withExtra("layers", "4").withExtra("emb", "2,2");
        EmbeddingNN nn = (EmbeddingNN) new NnTrainer().train(d, Fixtures.all(r), c, List.of()).model();
        assertThat(nn.embeddingScale()).isEqualTo(1f);
        for (var e : nn.embeddings()) assertThat(e.weight.eps).isEqualTo(1e-3);
        for (Param p : nn.params()) assertThat(p.eps).isEqualTo(1e-3);
        EmbeddingNN fastai = (EmbeddingNN) new NnTrainer().train(d, Fixtures.all(r), c.withExtra("regularization", "fastai"), List.of()).model();
        for (Param p : fastai.params()) assertThat(p.eps).isNaN();
    }
}
