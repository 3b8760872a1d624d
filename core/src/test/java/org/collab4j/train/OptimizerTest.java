package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.collab4j.kernel.Rng;
import org.junit.jupiter.api.Test;

/**
 * fastai's optimizers on one- and two-element parameters, against values worked out by hand
 * (double precision; the optimizers run in float, hence the 1e-6 tolerance).
 */
class OptimizerTest {
    static final float TOL = 1e-6f;

    /** One step as the Learner drives it: gradients set, beginStep, the step over the whole param. */
    static void step(Optimizer opt, Param p, float[] grad, double lr, double mom, double wd) {
        System.arraycopy(grad, 0, p.grad, 0, grad.length);
        opt.beginStep(lr, mom, wd);
        opt.step(p, 0, 0, p.size(), lr, mom, wd);
    }

    /*
     * Adam, p = (1, -2), wd 0.01, sqrMom 0.99, eps 1e-5.
     * Step 1: g = (0.5, -1), lr 0.1, mom 0.9
     *   p *= 1 - 0.1*0.01 = 0.999                       -> (0.999, -1.998)
     *   m = 0.1 g = (0.05, -0.1);  v = 0.01 g^2 = (0.0025, 0.01)
     *   debias1 = 1 - 0.9 = 0.1;   debias2 = 1 - 0.99 = 0.01
     *   p -= 0.1/0.1 * m / (sqrt(v/0.01) + 1e-5) = (0.05/0.50001, -0.1/1.00001)
     *                                                   -> (0.89900200, -1.89800100)
     * Step 2: g = (-0.25, 2), lr 0.05, mom 0.85 (the schedule moved it)
     *   p *= 1 - 0.05*0.01 = 0.9995                     -> (0.89855250, -1.89705200)
     *   m = 0.85 m + 0.15 g = (0.005, 0.215)
     *   v = 0.99 v + 0.01 g^2 = (0.0031, 0.0499)
     *   debias1 = 1 - 0.85^2 = 0.2775 (current momentum); debias2 = 1 - 0.99^2 = 0.0199
     *   p -= 0.05/0.2775 * m / (sqrt(v/0.0199) + 1e-5)  -> (0.89626999, -1.92151552)
     */
    @Test
    void adamTwoStepsMatchFastaiFormulas() {
        Param p = new Param("w", new float[] {1f, -2f}, 1);
        Adam adam = new Adam();
        adam.init(new Param[] {p});
        step(adam, p, new float[] {0.5f, -1f}, 0.1, 0.9, 0.01);
        assertThat(p.value[0]).isCloseTo(0.89900200f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.89800100f, within(TOL));
        assertThat(p.grad).containsExactly(0f, 0f);
        step(adam, p, new float[] {-0.25f, 2f}, 0.05, 0.85, 0.01);
        assertThat(p.value[0]).isCloseTo(0.89626999f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.92151552f, within(TOL));
    }

    @Test
    void adamLeavesUndecayedParamsWithoutWeightDecay() {
        // same steps with decay off: 1 - 0.05/0.50001 = 0.90000200 ... -> (0.89771950, -1.92446452)
        Param p = new Param("bias", new float[] {1f, -2f}, 1, false);
        Adam adam = new Adam();
        adam.init(new Param[] {p});
        step(adam, p, new float[] {0.5f, -1f}, 0.1, 0.9, 0.01);
        assertThat(p.value[0]).isCloseTo(0.90000200f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.90000100f, within(TOL));
        step(adam, p, new float[] {-0.25f, 2f}, 0.05, 0.85, 0.01);
        assertThat(p.value[0]).isCloseTo(0.89771950f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.92446452f, within(TOL));
    }

    @Test
    void adamStepBySlicesEqualsOneStep() {
        Param whole = new Param("w", new float[] {1f, -2f, 0.5f}, 1);
        Param sliced = new Param("w", new float[] {1f, -2f, 0.5f}, 1);
        Adam a = new Adam(), b = new Adam();
        a.init(new Param[] {whole});
        b.init(new Param[] {sliced});
        float[][] grads = {{0.5f, -1f, 0.1f}, {-0.25f, 2f, 0.3f}};
        for (float[] g : grads) {
            step(a, whole, g, 0.1, 0.9, 0.1);
            System.arraycopy(g, 0, sliced.grad, 0, g.length);
            b.beginStep(0.1, 0.9, 0.1);
            b.step(sliced, 0, 2, 3, 0.1, 0.9, 0.1);
            b.step(sliced, 0, 0, 2, 0.1, 0.9, 0.1);
        }
        assertThat(sliced.value).containsExactly(whole.value);
    }

    /*
     * SGD without momentum, p = (1, -2), wd 0.01: p <- p (1 - lr wd) - lr g
     *   step 1 (lr 0.1,  g = (0.5, -1)):  (0.999 - 0.05, -1.998 + 0.1)          = (0.949, -1.898)
     *   step 2 (lr 0.05, g = (-0.25, 2)): (0.949*0.9995 + 0.0125, -1.898*0.9995 - 0.1) = (0.9610255, -1.997051)
     */
    @Test
    void sgdWithoutMomentum() {
        Param p = new Param("w", new float[] {1f, -2f}, 1);
        Sgd sgd = new Sgd();
        sgd.init(new Param[] {p});
        step(sgd, p, new float[] {0.5f, -1f}, 0.1, 0, 0.01);
        assertThat(p.value[0]).isCloseTo(0.949f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.898f, within(TOL));
        step(sgd, p, new float[] {-0.25f, 2f}, 0.05, 0, 0.01);
        assertThat(p.value[0]).isCloseTo(0.9610255f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.997051f, within(TOL));
        assertThat(p.grad).containsExactly(0f, 0f);
    }

    /*
     * SGD with momentum 0.9 (undampened average a <- 0.9 a + g):
     *   step 1: a = (0.5, -1)                 -> (0.949, -1.898)
     *   step 2: a = (0.45 - 0.25, -0.9 + 2) = (0.2, 1.1)
     *           p = (0.949*0.9995 - 0.05*0.2, -1.898*0.9995 - 0.05*1.1) = (0.9385255, -1.952051)
     */
    @Test
    void sgdWithMomentum() {
        Param p = new Param("w", new float[] {1f, -2f}, 1);
        Sgd sgd = new Sgd();
        sgd.init(new Param[] {p});
        step(sgd, p, new float[] {0.5f, -1f}, 0.1, 0.9, 0.01);
        assertThat(p.value[0]).isCloseTo(0.949f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.898f, within(TOL));
        step(sgd, p, new float[] {-0.25f, 2f}, 0.05, 0.9, 0.01);
        assertThat(p.value[0]).isCloseTo(0.9385255f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.952051f, within(TOL));
    }

    /** Sets a row-tracking param's gradient rows and marks them touched, as a Trainable's backward does. */
    static void lazyStep(Optimizer opt, Param p, int[] rows, float[][] rowGrads, double lr, double mom, double wd) {
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rowGrads[r], 0, p.grad, rows[r] * p.rowLength, p.rowLength);
            p.touch(rows[r]);
        }
        opt.beginStep(lr, mom, wd);
        opt.step(p, 0, 0, p.size(), lr, mom, wd);
        p.clearTouched();
    }

    /*
     * Three rows of two values, wd 0.01. Step 1 (lr 0.1, mom 0.9) touches rows 0 and 1, step 2
     * (lr 0.05, mom 0.85) touches row 0 only.
     *   row 0 sees exactly dense Adam's two steps (adamTwoStepsMatchFastaiFormulas).
     *   row 1 = (0.5, 0.5), g = (0.5, -1): after step 1 (0.4995 - 0.099998, 0.4995 + 0.099999)
     *         = (0.399502, 0.599499); untouched in step 2; finish() applies the missed 0.9995
     *         -> (0.39930225, 0.59919925).
     *   row 2 = (3, -3) is never touched: unchanged until finish(), then times 0.999 * 0.9995.
     */
    @Test
    void lazyAdamLeavesIdleRowsAloneAndCatchesUpTheirDecayInFinish() {
        Param p = new Param("factors", new float[] {1f, -2f, 0.5f, 0.5f, 3f, -3f}, 2);
        p.trackRows();
        LazyAdam opt = new LazyAdam();
        opt.init(new Param[] {p});
        lazyStep(opt, p, new int[] {0, 1}, new float[][] {{0.5f, -1f}, {0.5f, -1f}}, 0.1, 0.9, 0.01);
        assertThat(p.value[4]).isEqualTo(3f);
        assertThat(p.value[5]).isEqualTo(-3f);
        lazyStep(opt, p, new int[] {0}, new float[][] {{-0.25f, 2f}}, 0.05, 0.85, 0.01);
        assertThat(p.value[0]).isCloseTo(0.89626999f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.92151552f, within(TOL));
        assertThat(p.value[2]).isCloseTo(0.399502f, within(TOL));
        assertThat(p.value[3]).isCloseTo(0.599499f, within(TOL));
        assertThat(p.value[4]).isEqualTo(3f);
        assertThat(p.value[5]).isEqualTo(-3f);

        opt.finish();
        assertThat(p.value[0]).isCloseTo(0.89626999f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.92151552f, within(TOL));
        assertThat(p.value[2]).isCloseTo(0.39930225f, within(TOL));
        assertThat(p.value[3]).isCloseTo(0.59919925f, within(TOL));
        assertThat(p.value[4]).isCloseTo(3f * 0.999f * 0.9995f, within(TOL));
        assertThat(p.value[5]).isCloseTo(-3f * 0.999f * 0.9995f, within(TOL));
        // a second finish has nothing left to apply
        opt.finish();
        assertThat(p.value[4]).isCloseTo(3f * 0.999f * 0.9995f, within(TOL));
    }

    @Test
    void lazyAdamEqualsDenseAdamWhenEveryRowIsTouchedAndThereIsNoDecay() {
        int rows = 4, len = 3;
        Rng rng = new Rng(5);
        float[] init = new float[rows * len];
        for (int j = 0; j < init.length; j++) init[j] = rng.nextFloat() - 0.5f;
        Param dense = new Param("w", init.clone(), len);
        Param lazy = new Param("w", init.clone(), len);
        lazy.trackRows();
        Adam adam = new Adam();
        LazyAdam lazyAdam = new LazyAdam();
        adam.init(new Param[] {dense});
        lazyAdam.init(new Param[] {lazy});
        int[] all = {0, 1, 2, 3};
        for (int s = 0; s < 6; s++) {
            float[][] g = new float[rows][len];
            for (float[] row : g) for (int f = 0; f < len; f++) row[f] = rng.nextFloat() * 2 - 1;
            double lr = 0.01 * (s + 1), mom = 0.95 - 0.02 * s;
            float[] flat = new float[rows * len];
            for (int r = 0; r < rows; r++) System.arraycopy(g[r], 0, flat, r * len, len);
            step(adam, dense, flat, lr, mom, 0);
            lazyStep(lazyAdam, lazy, all, g, lr, mom, 0);
        }
        lazyAdam.finish();
        assertThat(lazy.value).containsExactly(dense.value);
    }

    @Test
    void lazyAdamStepsUntrackedParamsDensely() {
        Param p = new Param("w", new float[] {1f, -2f}, 1);
        LazyAdam opt = new LazyAdam();
        opt.init(new Param[] {p});
        step(opt, p, new float[] {0.5f, -1f}, 0.1, 0.9, 0.01);
        step(opt, p, new float[] {-0.25f, 2f}, 0.05, 0.85, 0.01);
        assertThat(p.value[0]).isCloseTo(0.89626999f, within(TOL));
        assertThat(p.value[1]).isCloseTo(-1.92151552f, within(TOL));
    }
}
