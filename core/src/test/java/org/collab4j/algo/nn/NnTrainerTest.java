package org.collab4j.algo.nn;

import org.collab4j.train.Adam;
import org.collab4j.train.Fixtures;
import org.collab4j.train.Param;
import org.collab4j.train.TrainConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.collab4j.data.Dataset;
import org.collab4j.data.Ratings;
import org.collab4j.model.TinyData;
import org.collab4j.algo.nn.NnTrainer.Options;
import org.junit.jupiter.api.Test;

class NnTrainerTest {
    private static Options options(String... kv) {
        TrainConfig c = TrainConfig.defaults();
        for (int j = 0; j < kv.length; j += 2) c = c.withExtra(kv[j], kv[j + 1]);
        return NnTrainer.options(c);
    }

    @Test
    void defaultsAndFastaisExactRecipe() {
        assertThat(options()).isEqualTo(new Options(3f, 1e-3, 1e-3, 0.9, true));
        Options fastai = options("regularization", "fastai");
        assertThat(fastai.embLr()).isEqualTo(1f);
        assertThat(fastai.embEps()).isNaN();
        assertThat(fastai.denseEps()).isNaN();
        assertThat(fastai.embSqrMom()).isNaN();
        assertThat(fastai.centre()).isFalse();
        assertThat(options("regularization", "fastai", "emb-eps", "3e-4", "centre", "true"))
                .isEqualTo(new Options(1f, 3e-4, Double.NaN, Double.NaN, true));
        assertThat(options("emb-lr", "2", "dense-eps", "1e-4", "emb-sqr-mom", "0.95", "centre", "false"))
                .isEqualTo(new Options(2f, 1e-3, 1e-4, 0.95, false));
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> options("regularization", "keras")).hasMessageContaining("collab4j or fastai").hasMessageContaining("keras");
        assertThatThrownBy(() -> options("emb-lr", "0")).hasMessage("nn: emb-lr must be a number > 0, got '0'");
        assertThatThrownBy(() -> options("emb-eps", "x")).hasMessage("nn: emb-eps must be a number > 0, got 'x'");
        assertThatThrownBy(() -> options("dense-eps", "-1")).hasMessage("nn: dense-eps must be a number > 0, got '-1'");
        assertThatThrownBy(() -> options("centre", "maybe")).hasMessage("nn: centre must be true or false, got 'maybe'");
        assertThatThrownBy(() -> options("emb-sqr-mom", "1")).hasMessage("nn: emb-sqr-mom must be a number in [0, 1), got '1'");
        // the older spelling is named as the user wrote it
        assertThatThrownBy(() -> options("emb_lr", "0")).hasMessage("nn: emb_lr must be a number > 0, got '0'");
    }

    @Test
    void embLrMultipliesTheEmbeddingsAdamStep() {
        // one full-batch Adam step at a constant rate, no decay: Adam's first step is about lr * sign(g)
        // per coordinate, so the embeddings move three times as far with emb-lr=3 (the dense layers alike)
        Dataset d = TinyData.dataset();
        Ratings r = d.ratings();
        double lr = 1e-2;
        TrainConfig c = new TrainConfig(50, 1, lr, 0, 100, "adam", "constant", null, 1, 5,
                java.util.Map.of("layers", "4", "emb", "2,2", "regularization", "fastai"));
        EmbeddingNN start = new EmbeddingNN(r.numUsers(), r.numItems(), org.collab4j.features.Features.none(r.numUsers(), r.numItems()),
                NnTrainer.config(c, org.collab4j.train.Recipes.yRange(d, c)));
        float[] e0 = start.params()[0].value;
        float[] e1 = ((EmbeddingNN) new NnTrainer().train(d, Fixtures.all(r), c, List.of()).model()).params()[0].value;
        float[] e3 = ((EmbeddingNN) new NnTrainer().train(d, Fixtures.all(r), c.withExtra("emb-lr", "3"), List.of()).model()).params()[0].value;
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
    void tableAdamIsAdamWithItsOwnSquareMomentumForTheTables() {
        Param table = new Param("user_emb", new float[] {0.1f, -0.2f, 0.3f, 0f}, 2), dense = new Param("w", new float[] {0.5f, -0.5f}, 2);
        Param table2 = new Param("user_emb", table.value.clone(), 2), dense2 = new Param("w", dense.value.clone(), 2);
        NnTrainer.TableAdam both = new NnTrainer.TableAdam(0.9, java.util.Set.of(table));
        Adam forTable = new Adam(0.9, 1e-5), forDense = new Adam();
        both.init(new Param[] {table, dense});
        forTable.init(new Param[] {table2});
        forDense.init(new Param[] {dense2});
        float[][] grads = {{0.3f, -1f, 0f, 0f}, {0f, 0f, 2f, -0.1f}, {0.01f, 0.2f, 0f, 0.5f}};
        for (float[] g : grads) {
            for (int j = 0; j < 4; j++) table.grad[j] = table2.grad[j] = g[j];
            dense.grad[0] = dense2.grad[0] = g[0] + g[1];
            dense.grad[1] = dense2.grad[1] = g[2];
            both.beginStep(1e-2, 0.9, 0.1);
            both.step(table, 0, 0, 4, 1e-2, 0.9, 0.1);
            both.step(dense, 1, 0, 2, 1e-2, 0.9, 0.1);
            forTable.beginStep(1e-2, 0.9, 0.1);
            forTable.step(table2, 0, 0, 4, 1e-2, 0.9, 0.1);
            forDense.beginStep(1e-2, 0.9, 0.1);
            forDense.step(dense2, 0, 0, 2, 1e-2, 0.9, 0.1);
        }
        assertThat(table.value).containsExactly(table2.value);
        assertThat(dense.value).containsExactly(dense2.value);
        // and the table's steps differ from the default sqr_mom's
        Param table3 = new Param("user_emb", new float[] {0.1f, -0.2f, 0.3f, 0f}, 2);
        Adam plain = new Adam();
        plain.init(new Param[] {table3});
        for (float[] g : grads) {
            System.arraycopy(g, 0, table3.grad, 0, 4);
            plain.beginStep(1e-2, 0.9, 0.1);
            plain.step(table3, 0, 0, 4, 1e-2, 0.9, 0.1);
        }
        assertThat(table3.value).isNotEqualTo(table.value);
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

    static final String KEYS = "layers, emb, emb-drop, dropout, regularization, emb-lr, emb-eps, emb-sqr-mom, dense-eps, centre, adam, "
            + "features, user-features, item-features";

    static TrainConfig small(String... kv) {
        TrainConfig c = TrainConfig.defaults().withThreads(1).withEpochs(1).withExtra("layers", "4").withExtra("emb", "2,2");
        for (int j = 0; j < kv.length; j += 2) c = c.withExtra(kv[j], kv[j + 1]);
        return c;
    }

    @Test
    void anUnknownKeyIsRefusedWithANearMissAndTheKeys() {
        Dataset d = TinyData.dataset();
        assertThatThrownBy(() -> new NnTrainer().train(d, Fixtures.all(d.ratings()), small("layerz", "5"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model nn has no option 'layerz' (did you mean layers?); its options: " + KEYS);
        assertThatThrownBy(() -> new NnAlgorithm().validate(small("nonsense", "1"))).hasMessage("model nn has no option 'nonsense'; its options: " + KEYS);
        assertThatThrownBy(() -> new NnAlgorithm().validate(small("center", "false"))).hasMessageContaining("(did you mean centre?)");
        assertThatThrownBy(() -> new NnAlgorithm().validate(small("embdrop", "0.1"))).hasMessageContaining("(did you mean emb-drop?)");
    }

    @Test
    void theOlderSpellingsAreReadWithADeprecationNote() {
        org.collab4j.train.Algorithm.Validated v = new NnAlgorithm().validate(small("emb_drop", "0.5", "dense_eps", "1e-4"));
        assertThat(v.warnings()).containsExactly("nn: --set dense_eps is deprecated; use --set dense-eps", "nn: --set emb_drop is deprecated; use --set emb-drop");
        assertThat(v.config().extra()).isEqualTo(java.util.Map.of("layers", "4", "emb", "2,2", "emb-drop", "0.5", "dense-eps", "1e-4"));
        Dataset d = TinyData.dataset();
        EmbeddingNN old = (EmbeddingNN) new NnTrainer().train(d, Fixtures.all(d.ratings()), small("emb_drop", "0.5"), List.of()).model();
        EmbeddingNN current = (EmbeddingNN) new NnTrainer().train(d, Fixtures.all(d.ratings()), small("emb-drop", "0.5"), List.of()).model();
        assertThat(old.config().embDrop()).isEqualTo(0.5f);
        for (int p = 0; p < old.params().length; p++) assertThat(old.params()[p].value).containsExactly(current.params()[p].value);
        assertThat(NnTrainer.options(small("dense_eps", "1e-4")).denseEps()).isEqualTo(1e-4);
    }

    @Test
    void aBadValueNamesTheOption() {
        float[] y = {0f, 5.5f};
        assertThatThrownBy(() -> NnTrainer.config(small("layers", "10,x"), y)).hasMessage("nn: layers must be whole numbers >= 1 separated by commas, got '10,x'");
        assertThatThrownBy(() -> NnTrainer.config(small("emb", "3"), y)).hasMessage("nn: emb must be USER,ITEM embedding widths, e.g. emb=74,102, got '3'");
        assertThatThrownBy(() -> NnTrainer.config(small("dropout", "0.1,0.2"), y))
                .hasMessage("nn: dropout needs one probability, or one per hidden layer (1), got '0.1,0.2'");
        assertThatThrownBy(() -> NnTrainer.config(small("emb-drop", "1.5"), y)).hasMessage("nn: emb-drop must be a number in [0, 1), got '1.5'");
        assertThatThrownBy(() -> new NnAlgorithm().validate(small("adam", "sparse"))).hasMessage("nn: adam must be dense or lazy, got 'sparse'");
        EmbeddingNN.Config c = NnTrainer.config(small("layers", "8,4", "dropout", "0.1,0.2", "emb-drop", "0.25"), y);
        assertThat(c.layers()).containsExactly(8, 4);
        assertThat(c.dropout()).containsExactly(0.1f, 0.2f);
        assertThat(c.embDrop()).isEqualTo(0.25f);
    }
}
