package org.collab4j.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.collab4j.data.IdIndex;
import org.collab4j.data.RatingScale;
import org.collab4j.model.FactorModel;
import org.collab4j.kernel.Rng;
import org.collab4j.model.TrainedModel;
import org.junit.jupiter.api.Test;

/** The kernel form of the fold-in solve (fewer ratings than unknowns) and the batch call. */
class FoldInKernelTest {
    /** 40 users, 15 items, 5 factors, random factors and biases; every user rated 6 random items. */
    static TrainedModel random(float[] yRange, long seed) {
        int nu = 40, ni = 15, k = 5, per = 6;
        Rng rng = new Rng(seed);
        float[] p = new float[nu * k], q = new float[ni * k], bu = new float[nu], bi = new float[ni];
        for (int j = 0; j < p.length; j++) p[j] = (float) (0.4 * rng.nextGaussian());
        for (int j = 0; j < q.length; j++) q[j] = (float) (0.4 * rng.nextGaussian());
        for (int j = 0; j < nu; j++) bu[j] = (float) (0.3 * rng.nextGaussian());
        for (int j = 0; j < ni; j++) bi[j] = (float) (0.3 * rng.nextGaussian());
        FactorModel fm = new FactorModel("test", nu, ni, k, p, q, bu, bi, yRange == null ? 3.5f : 0.3f, yRange);
        int[] start = new int[nu + 1], items = new int[nu * per];
        float[] values = new float[nu * per];
        for (int u = 0; u < nu; u++) {
            start[u + 1] = start[u] + per;
            int first = rng.nextInt(ni - per + 1);
            for (int j = 0; j < per; j++) {
                items[u * per + j] = first + j;
                values[u * per + j] = 1 + rng.nextInt(5);
            }
        }
        String[] uid = new String[nu], iid = new String[ni];
        for (int u = 0; u < nu; u++) uid[u] = "u" + u;
        for (int i = 0; i < ni; i++) iid[i] = Integer.toString(100 + i);
        return new TrainedModel(fm, IdIndex.of(uid), IdIndex.of(iid), null, null, new RatingScale(1, 5), start, items, values, Map.of());
    }

    static final FoldIn.Options OPTIONS = new FoldIn.Options(0.01, 0.075, 0, 0, 1, 50);

    @Test
    void kernelFormEqualsTheNormalEquationsWithAndWithoutSquashing() {
        for (float[] yr : new float[][] {null, {0f, 5.5f}}) {
            for (double prior : new double[] {0, 1}) {
                FoldIn fi = new FoldIn(random(yr, 3), OPTIONS.withPrior(prior));
                Rng rng = new Rng(11);
                for (int n = 1; n < 6; n++) {
                    int[] items = new int[n];
                    float[] y = new float[n];
                    for (int j = 0; j < n; j++) {
                        items[j] = 2 * j + rng.nextInt(2);
                        y[j] = 1 + rng.nextInt(5);
                    }
                    UserProfile kernel = fi.user(items, y), direct = fi.userByNormalEquations(items, y);
                    for (int f = 0; f < 5; f++)
                        assertThat(kernel.factors()[f]).as("n=%d prior=%s squash=%s f=%d", n, prior, yr != null, f)
                                .isCloseTo(direct.factors()[f], within(2e-5f));
                    assertThat(kernel.bias()).isCloseTo(direct.bias(), within(2e-5f));
                }
            }
        }
    }

    @Test
    void aRidgeFreeModelWithoutPriorFallsBackToTheNormalEquations() {
        // no ridge and no prior: A0 = 0 is not positive definite, so the kernel form is not used
        FoldIn fi = new FoldIn(random(null, 5), new FoldIn.Options(0, 0, 0, 0, 0, 1));
        UserProfile a = fi.user(new int[] {1, 4}, new float[] {5, 1});
        UserProfile b = fi.userByNormalEquations(new int[] {1, 4}, new float[] {5, 1});
        assertThat(a.factors()).containsExactly(b.factors());
        assertThat(a.bias()).isEqualTo(b.bias());
    }

    @Test
    void batchFoldInEqualsFoldingInEachUser() {
        FoldIn fi = new FoldIn(random(new float[] {0f, 5.5f}, 7), OPTIONS);
        Rng rng = new Rng(2);
        int users = 200;
        int[][] items = new int[users][];
        float[][] values = new float[users][];
        for (int u = 0; u < users; u++) {
            int n = rng.nextInt(13);            // 0..12: both forms and the empty history
            int[] perm = new int[15];
            for (int i = 0; i < 15; i++) perm[i] = i;
            rng.shuffle(perm);
            items[u] = java.util.Arrays.copyOf(perm, n);
            values[u] = new float[n];
            for (int j = 0; j < n; j++) values[u][j] = 1 + rng.nextInt(5);
        }
        UserProfile[] batch = fi.users(items, values);
        for (int u = 0; u < users; u++) {
            UserProfile one = fi.user(items[u], values[u]);
            assertThat(batch[u].factors()).containsExactly(one.factors());
            assertThat(batch[u].bias()).isEqualTo(one.bias());
        }
    }
}
