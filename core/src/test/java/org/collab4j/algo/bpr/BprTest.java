package org.collab4j.algo.bpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.algo.ImplicitReference;
import org.collab4j.data.Confidence;
import org.collab4j.data.DataSplit;
import org.collab4j.data.Dataset;
import org.collab4j.data.Split;
import org.collab4j.data.IdIndex;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Holdout;
import org.collab4j.eval.TopNEvaluation;
import org.collab4j.io.ModelFile;
import org.collab4j.kernel.Rng;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BprTest {
    private static BprModel fit(TrainConfig config) {
        DataSplit ds = ImplicitReference.split();
        return (BprModel) new BprTrainer().train(ds.data(), ds.split(), config, List.of()).model();
    }

    private static TrainConfig defaults(int threads) {
        return new BprAlgorithm().defaults().withThreads(threads);
    }

    /** One step with lr 1 moves every parameter by minus its gradient; the gradient is checked against central differences of the loss. */
    @Test
    void updateDescendsTheFiniteDifferenceGradientOfTheTripleLoss() {
        int k = 5, i = 1, j = 2;
        Rng rng = new Rng(7);
        float[] p = new float[2 * k], q = new float[3 * k], b = new float[3];
        rng.truncatedNormal(p, 0.5f);
        rng.truncatedNormal(q, 0.5f);
        rng.truncatedNormal(b, 0.5f);
        int pu = k; // user 1
        float reg = 0.03f, regBias = 0.07f;
        float[] p1 = p.clone(), q1 = q.clone(), b1 = b.clone();
        float l = BprTrainer.update(p1, pu, q1, i, j, b1, k, 1f, reg, regBias);
        double x = b[i] - b[j];
        for (int f = 0; f < k; f++) x += p[pu + f] * (q[i * k + f] - q[j * k + f]);
        assertThat((double) l).isCloseTo(Math.log1p(Math.exp(-x)), within(1e-6));
        int checked = 0;
        for (float[][] pair : new float[][][] {{p, p1}, {q, q1}, {b, b1}})
            for (int at = 0; at < pair[0].length; at++) {
                float[] a = pair[0];
                float keep = a[at];
                double h = 1e-3;
                a[at] = (float) (keep + h);
                double up = BprTrainer.loss(p, pu, q, i, j, b, k, reg, regBias);
                a[at] = (float) (keep - h);
                double down = BprTrainer.loss(p, pu, q, i, j, b, k, reg, regBias);
                a[at] = keep;
                double numeric = (up - down) / (2 * h);
                double step = pair[1][at] - keep;
                assertThat(-step).as("parameter %d of %d", at, a.length).isCloseTo(numeric, within(2e-4 + 1e-3 * Math.abs(numeric)));
                if (numeric != 0) checked++;
            }
        // user 1's k factors, items i and j's 2k, both biases; user 0 and item 0 are untouched (gradient 0)
        assertThat(checked).isEqualTo(3 * k + 2);
        for (int f = 0; f < k; f++) assertThat(p1[f]).isEqualTo(p[f]);
    }

    @Test
    void oneThreadAndOneSeedGiveTheSameModelBitForBit() {
        TrainConfig c = defaults(1).withEpochs(3);
        BprModel a = fit(c), b = fit(c), other = fit(c.withSeed(43));
        assertThat(a.userFactors()).isEqualTo(b.userFactors());
        assertThat(a.itemFactors()).isEqualTo(b.itemFactors());
        assertThat(a.itemBias()).isEqualTo(b.itemBias());
        assertThat(other.itemFactors()).isNotEqualTo(a.itemFactors());
        BprModel uniform = fit(c.withExtra("sampler", "uniform")), uniform2 = fit(c.withExtra("sampler", "uniform"));
        assertThat(uniform.itemFactors()).isEqualTo(uniform2.itemFactors()).isNotEqualTo(a.itemFactors());
    }

    @Test
    void savedAndLoadedModelScoresBitForBitTheSame(@TempDir Path dir) throws Exception {
        BprModel m = fit(defaults(2).withEpochs(2));
        DataSplit ds = ImplicitReference.split();
        Path f = dir.resolve("bpr.c4j");
        ModelFile.write(TrainedModel.of(m, ds.data().ratings(), ds.split().train(), null, null, Map.of()), f);
        BprModel back = (BprModel) ModelFile.read(f).model();
        float[] s1 = new float[m.numItems()], s2 = new float[m.numItems()];
        for (int u = 0; u < m.numUsers(); u++) {
            m.scoreItems(u, s1);
            back.scoreItems(u, s2);
            assertThat(s2).isEqualTo(s1);
        }
        int[] items = {3, 10, 50, 120};
        float[] w = {1, 1, 1, 1};
        m.scoreHistory(items, w, 4, s1);
        back.scoreHistory(items, w, 4, s2);
        assertThat(s2).isEqualTo(s1);
        assertThat(back.reg()).isEqualTo(m.reg());
    }

    /**
     * The target: NDCG@20 >= 0.25 on the fixed split's test part (implicit's BPR: 0.2161), with the
     * defaults (the WARP-style sampler) chosen on a validation part of the training rows; two
     * Hogwild threads, so a band.
     */
    @Test
    void defaultsBeatTheTargetOnTheFixedSplit() {
        TopNEvaluation.Result r = ImplicitReference.evaluate(fit(defaults(2)));
        assertThat(r.get("ndcg@20")).isBetween(0.30, 0.34);
        assertThat(r.get("recall@20")).isBetween(0.36, 0.41);
        // the uniform sampler, at its own best settings on the validation part, also clears the target
        TopNEvaluation.Result uniform = ImplicitReference.evaluate(fit(defaults(2).withEpochs(200).withLr(0.03).withExtra("sampler", "uniform")
                .withExtra("reg", "0.02")));
        assertThat(uniform.get("ndcg@20")).isBetween(0.25, r.get("ndcg@20"));
    }

    /** Every user folded in from their training items alone ranks their test items about as well as their trained factors. */
    @Test
    void foldInFromTheTrainingItemsRanksAsWellAsTheTrainedUser() {
        DataSplit ds = ImplicitReference.split();
        BprModel m = fit(defaults(2));
        double trained = ImplicitReference.evaluate(m).get("ndcg@20");
        Holdout folded = new Holdout("fold-in", ds.split().train(), ds.split().train(), ds.split().valid());
        double fold = TopNEvaluation.evaluate(m, ds.data().ratings(), folded, Confidence.NONE, new int[] {20}, 2).get("ndcg@20");
        assertThat(fold).isGreaterThan(trained - 0.02);
    }

    @Test
    void foldInReachesTheMinimumAndItsContributionsExplainTheScore() {
        BprModel m = fit(defaults(2).withEpochs(10));
        int[] items = {0, 6, 49, 97, 171, 180};
        float[] w = new float[items.length];
        java.util.Arrays.fill(w, 1f);
        float[] p = new BprFoldIn(m).solve(items, items.length, null);
        // p minimises the user's BPR objective over all pairs: a step along any factor raises it
        double at = foldInObjective(m, items, p);
        for (int f = 0; f < m.factors(); f++)
            for (float h : new float[] {-1e-2f, 1e-2f}) {
                float[] moved = p.clone();
                moved[f] += h;
                assertThat(foldInObjective(m, items, moved)).as("factor %d moved by %s", f, h).isGreaterThan(at);
            }
        float[] alpha = new float[items.length];
        new BprFoldIn(m).solve(items, items.length, alpha);
        for (float a : alpha) assertThat(a).isPositive();
        float[] scores = new float[m.numItems()];
        m.scoreHistory(items, w, items.length, scores);
        int k = m.factors();
        for (int i = 0; i < m.numItems(); i += 97) {
            float dot = 0;
            for (int f = 0; f < k; f++) dot += p[f] * m.itemFactors()[i * k + f];
            assertThat(scores[i]).isCloseTo(m.itemBias()[i] + dot, within(1e-5f));
        }
        float[] c = new float[items.length];
        assertThat(m.contributions(items, w, items.length, 0, c)).isTrue();
        for (int j = 0; j < items.length; j++) {
            float dot = 0;
            for (int f = 0; f < k; f++) dot += m.itemFactors()[items[j] * k + f] * m.itemFactors()[f];
            assertThat(c[j]).isCloseTo(alpha[j] * dot, within(1e-6f));
        }
    }

    /** The fold-in objective, written out pair by pair: mean over (own i, other j) of ln(1 + e^(s_j - s_i)) + reg/2 |p|^2. */
    static double foldInObjective(BprModel m, int[] items, float[] p) {
        int k = m.factors(), n = m.numItems();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = m.itemBias()[i];
            for (int f = 0; f < k; f++) s[i] += (double) p[f] * m.itemFactors()[i * k + f];
        }
        java.util.Set<Integer> own = new java.util.HashSet<>();
        for (int i : items) own.add(i);
        double sum = 0;
        long pairs = 0;
        for (int i : own)
            for (int j = 0; j < n; j++) {
                if (own.contains(j)) continue;
                sum += Math.log1p(Math.exp(s[j] - s[i]));
                pairs++;
            }
        double l2 = 0;
        for (float v : p) l2 += (double) v * v;
        return sum / pairs + m.reg() / 2 * l2;
    }

    @Test
    void badOptionsAreNamed() {
        Ratings r = new Ratings(new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 1, 2, 0}, new float[] {1, 1, 1, 1, 1}, null,
                IdIndex.of(new String[] {"a", "b", "c"}), IdIndex.of(new String[] {"x", "y", "z"}), new RatingScale(0, 1));
        Dataset d = new Dataset("3x3", r, null, null, LoadReport.none("3x3"));
        Split all = new Split("all", d.ratings().allRows(), new int[0]);
        TrainConfig c = defaults(1).withEpochs(1);
        BprTrainer t = new BprTrainer();
        assertThat(t.train(d, all, c, List.of()).model().numItems()).isEqualTo(3);
        assertThatThrownBy(() -> t.train(d, all, c.withExtra("sampler", "hard"), List.of())).hasMessageContaining("sampler").hasMessageContaining("hard");
        assertThatThrownBy(() -> t.train(d, all, c.withExtra("reg", "-1"), List.of())).hasMessageContaining("reg").hasMessageContaining("-1");
        assertThatThrownBy(() -> t.train(d, all, c.withExtra("alpha", "2"), List.of())).hasMessageContaining("model bpr has no option 'alpha'");
    }
}
