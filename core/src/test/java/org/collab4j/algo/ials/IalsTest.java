package org.collab4j.algo.ials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.collab4j.algo.ImplicitReference;
import org.collab4j.data.Confidence;
import org.collab4j.data.Dataset;
import org.collab4j.data.IdIndex;
import org.collab4j.data.Interactions;
import org.collab4j.data.LoadReport;
import org.collab4j.data.RatingScale;
import org.collab4j.data.Ratings;
import org.collab4j.data.Split;
import org.collab4j.eval.TopNEvaluation;
import org.collab4j.io.ModelFile;
import org.collab4j.kernel.Rng;
import org.collab4j.kernel.Workers;
import org.collab4j.model.CorruptModelException;
import org.collab4j.model.TrainedModel;
import org.collab4j.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IalsTest {
    static final int USERS = 5, ITEMS = 6, K = 3;
    /** Users' items, with confidences; 0.05 is below alpha0 (a negative observed weight), user 4 has none. */
    static final int[] U = {0, 0, 0, 1, 1, 2, 2, 2, 2, 3};
    static final int[] I = {0, 2, 5, 1, 2, 0, 1, 3, 4, 5};
    static final float[] C = {1, 3, 0.05f, 2, 1, 1, 1, 4, 1, 2.5f};

    static Interactions tiny() {
        return Interactions.of(USERS, ITEMS, U, I, C, Confidence.NONE);
    }

    static float[] randomFactors(int rows, long seed) {
        Rng rng = new Rng(seed);
        float[] y = new float[rows * K];
        for (int j = 0; j < y.length; j++) y[j] = (float) rng.nextGaussian();
        return y;
    }

    /**
     * Row u's exact minimiser from the dense normal equations, every pair written out: weight c on
     * observed pairs and alpha0 on all others, target 1 and 0, regularisation lambda (n_u + alpha0 N)^nu,
     * solved by Gaussian elimination with partial pivoting.
     */
    static double[] dense(Interactions x, int u, float[] y, double alpha0, double lambda, double nu) {
        double[][] a = new double[K][K + 1];
        int n = x.userCount(u);
        for (int i = 0; i < ITEMS; i++) {
            double w = alpha0, t = 0;
            for (int p = x.userStart()[u]; p < x.userStart()[u + 1]; p++)
                if (x.userItems()[p] == i) {
                    w = x.userWeights()[p];
                    t = 1;
                }
            for (int f = 0; f < K; f++) {
                for (int h = 0; h < K; h++) a[f][h] += w * y[i * K + f] * y[i * K + h];
                a[f][K] += w * t * y[i * K + f];
            }
        }
        double reg = lambda * Math.pow(n + alpha0 * ITEMS, nu);
        for (int f = 0; f < K; f++) a[f][f] += reg;
        for (int c = 0; c < K; c++) {
            int piv = c;
            for (int r = c + 1; r < K; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] tmp = a[c];
            a[c] = a[piv];
            a[piv] = tmp;
            for (int r = c + 1; r < K; r++) {
                double m = a[r][c] / a[c][c];
                for (int h = c; h <= K; h++) a[r][h] -= m * a[c][h];
            }
        }
        double[] sol = new double[K];
        for (int r = K - 1; r >= 0; r--) {
            double s = a[r][K];
            for (int h = r + 1; h < K; h++) s -= a[r][h] * sol[h];
            sol[r] = s / a[r][r];
        }
        return sol;
    }

    @Test
    void oneHalfStepSolvesTheDenseNormalEquations() {
        Interactions x = tiny();
        float[] y = randomFactors(ITEMS, 3);
        double alpha0 = 0.2, lambda = 0.1, nu = 0.7;
        HalfStep step = new HalfStep(K, alpha0, lambda, nu, HalfStep.Solver.CHOLESKY, 0, K);
        double[] g = HalfStep.gram(y, ITEMS, K, Workers.SERIAL);
        HalfStep.Scratch s = step.scratch();
        for (int u = 0; u < 4; u++) {
            step.exact(s, x.userItems(), x.userWeights(), x.userStart()[u], x.userCount(u), y, g, step.reg(x.userCount(u), ITEMS));
            double[] want = dense(x, u, y, alpha0, lambda, nu);
            for (int f = 0; f < K; f++) assertThat(s.b[f]).as("user %d factor %d", u, f).isCloseTo(want[f], within(1e-9));
        }
        // the parallel half-step stores the same solutions in float, and zero for the user without items
        float[] users = randomFactors(USERS, 4);
        try (Workers w = new Workers(2)) {
            step.run(w, USERS, x.userStart(), x.userItems(), x.userWeights(), y, ITEMS, g, users);
        }
        for (int u = 0; u < 4; u++) {
            double[] want = dense(x, u, y, alpha0, lambda, nu);
            for (int f = 0; f < K; f++) assertThat(users[u * K + f]).isCloseTo((float) want[f], within(1e-6f));
        }
        assertThat(new float[] {users[12], users[13], users[14]}).containsExactly(0f, 0f, 0f);
    }

    @Test
    void conjugateGradientAndSubspaceBlocksReachTheCholeskySolution() {
        Interactions x = tiny();
        float[] y = randomFactors(ITEMS, 5);
        double alpha0 = 0.2, lambda = 0.1, nu = 1;
        double[] g = HalfStep.gram(y, ITEMS, K, Workers.SERIAL);
        float[] exact = new float[USERS * K], cg = new float[USERS * K], ipp = randomFactors(USERS, 6), onePass = ipp.clone();
        new HalfStep(K, alpha0, lambda, nu, HalfStep.Solver.CHOLESKY, 0, K)
                .run(Workers.SERIAL, USERS, x.userStart(), x.userItems(), x.userWeights(), y, ITEMS, g, exact);
        // CG from zero: K steps solve a K-dimensional system
        new HalfStep(K, alpha0, lambda, nu, HalfStep.Solver.CG, K, K)
                .run(Workers.SERIAL, USERS, x.userStart(), x.userItems(), x.userWeights(), y, ITEMS, g, cg);
        for (int j = 0; j < exact.length; j++) assertThat(cg[j]).as("cg %d", j).isCloseTo(exact[j], within(1e-4f));
        // iALS++ with one block of all coordinates is the exact solve; blocks of one converge to it
        new HalfStep(K, alpha0, lambda, nu, HalfStep.Solver.IPP, 0, K)
                .run(Workers.SERIAL, USERS, x.userStart(), x.userItems(), x.userWeights(), y, ITEMS, g, onePass);
        for (int j = 0; j < exact.length; j++) assertThat(onePass[j]).as("ipp block K %d", j).isCloseTo(exact[j], within(1e-6f));
        HalfStep single = new HalfStep(K, alpha0, lambda, nu, HalfStep.Solver.IPP, 0, 1);
        float[] before = ipp.clone();
        single.run(Workers.SERIAL, USERS, x.userStart(), x.userItems(), x.userWeights(), y, ITEMS, g, ipp);
        assertThat(ipp).isNotEqualTo(before);
        assertThat(maxDiff(ipp, exact)).isGreaterThan(1e-4); // one sweep of single coordinates is not the solution
        for (int sweep = 0; sweep < 300; sweep++) single.run(Workers.SERIAL, USERS, x.userStart(), x.userItems(), x.userWeights(), y, ITEMS, g, ipp);
        assertThat(maxDiff(ipp, exact)).isLessThan(1e-5);
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j] - b[j]));
        return m;
    }

    static Dataset tinyDataset() {
        String[] users = new String[USERS - 1], items = new String[ITEMS];
        for (int u = 0; u < users.length; u++) users[u] = "u" + u;
        for (int i = 0; i < ITEMS; i++) items[i] = "i" + i;
        Ratings r = new Ratings(U, I, C, null, IdIndex.of(users), IdIndex.of(items), new RatingScale(0, 5));
        return new Dataset("tiny", r, null, null, LoadReport.none("tiny"));
    }

    static IalsModel train(Dataset d, String solver, int threads) {
        TrainConfig c = TrainConfig.defaults().withFactors(K).withEpochs(4).withThreads(threads).withExtra("solver", solver)
                .withExtra("reg", "0.05").withExtra("alpha0", "0.3");
        return (IalsModel) new IalsTrainer().train(d, new Split("all", d.ratings().allRows(), new int[0]), c, List.of()).model();
    }

    @Test
    void foldInIsTheTrainedUsersHalfStepAndSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        Dataset d = tinyDataset();
        IalsModel m = train(d, "cholesky", 2);
        assertThat(train(d, "cholesky", 1).userFactors()).containsExactly(m.userFactors()); // any thread count, same numbers
        Interactions x = Interactions.of(d.ratings(), Confidence.NONE);
        Path f = dir.resolve("ials.c4j");
        ModelFile.write(TrainedModel.of(m, d.ratings(), d.ratings().allRows(), null, null, Map.of()), f);
        IalsModel back = (IalsModel) ModelFile.read(f).model();
        assertThat(back.userFactors()).containsExactly(m.userFactors());
        assertThat(back.itemFactors()).containsExactly(m.itemFactors());
        assertThat(back.alpha0()).isEqualTo(0.3);
        assertThat(back.solver()).isEqualTo("cholesky");
        float[] a = new float[ITEMS], b = new float[ITEMS], folded = new float[K];
        for (int u = 0; u < 4; u++) {
            int s = x.userStart()[u], n = x.userCount(u);
            int[] items = java.util.Arrays.copyOfRange(x.userItems(), s, s + n);
            float[] w = java.util.Arrays.copyOfRange(x.userWeights(), s, s + n);
            m.scoreItems(u, a);
            back.scoreItems(u, b);
            assertThat(b).containsExactly(a);
            // trained by Cholesky, the last half-step is the users': a fold-in is the same solve, bit for bit,
            // also in the loaded model, whose item Gram matrix was recomputed
            for (IalsModel model : List.of(m, back)) {
                model.foldIn(items, w, n, folded);
                assertThat(folded).containsExactly(java.util.Arrays.copyOfRange(m.userFactors(), u * K, u * K + K));
                model.scoreHistory(items, w, n, b);
                assertThat(b).containsExactly(a);
            }
            // the reasons split the folded-in score over the user's items
            float[] c = new float[n];
            for (int i = 0; i < ITEMS; i++) {
                assertThat(m.contributions(items, w, n, i, c)).isTrue();
                double sum = 0;
                for (float v : c) sum += v;
                assertThat(sum).as("user %d item %d", u, i).isCloseTo(a[i], within(1e-5));
            }
        }
        // a user without items folds in to zero
        m.foldIn(new int[0], new float[0], 0, folded);
        assertThat(folded).containsExactly(0f, 0f, 0f);
        assertThatThrownBy(() -> m.foldIn(new int[] {ITEMS}, new float[] {1}, 1, folded)).hasMessage("item 6 outside 0..5");
    }

    @Test
    void cgTrainsNearlyTheCholeskyModel() {
        Dataset d = tinyDataset();
        IalsModel exact = train(d, "cholesky", 1), cg = train(d, "cg", 1);
        float[] a = new float[ITEMS], b = new float[ITEMS];
        for (int u = 0; u < 4; u++) {
            exact.scoreItems(u, a);
            cg.scoreItems(u, b);
            for (int i = 0; i < ITEMS; i++) assertThat(b[i]).as("user %d item %d", u, i).isCloseTo(a[i], within(0.02f));
        }
    }

    @Test
    void optionsAndCorruptFilesAreRefusedWithClearMessages(@TempDir Path dir) throws Exception {
        Dataset d = tinyDataset();
        Split all = new Split("all", d.ratings().allRows(), new int[0]);
        assertThatThrownBy(() -> new IalsTrainer().train(d, all, TrainConfig.defaults().withExtra("solver", "lu"), List.of()))
                .hasMessageContaining("solver").hasMessageContaining("lu");
        assertThatThrownBy(() -> new IalsTrainer().train(d, all, TrainConfig.defaults().withExtra("lambda", "1"), List.of()))
                .hasMessageStartingWith("model ials has no option 'lambda'");
        assertThatThrownBy(() -> new IalsModel(2, 2, 3, new float[6], new float[5], 0.1, 0.1, 1, "cg"))
                .hasMessage("ials factors do not match 2 users and 2 items of 3 factors");
        assertThatThrownBy(() -> new IalsModel(2, 2, 3, new float[6], new float[6], 0.1, 0.1, 1, "lu"))
                .hasMessage("ials: solver must be cg, cholesky or ipp, got 'lu'");
    }

    /** Settings chosen on a validation part carved from train.tsv (docs/benchmarks.md), scored once on test.tsv. */
    @Test
    void reachesEaseOnTheFixedSplit() {
        // the reference harness trains one epoch of 50 factors unless told otherwise: give ials's own defaults
        var m = ImplicitReference.train(new IalsTrainer(), Map.of("factors", "" + IalsTrainer.DEFAULT_FACTORS, "epochs", "" + IalsTrainer.DEFAULT_EPOCHS));
        TopNEvaluation.Result r = ImplicitReference.evaluate(m);
        assertThat(r.get("ndcg@20")).isBetween(0.336, 0.345);
        assertThat(r.get("recall@20")).isBetween(0.385, 0.405);
    }
}
