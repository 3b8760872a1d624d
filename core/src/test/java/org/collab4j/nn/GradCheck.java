package org.collab4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleSupplier;

import org.collab4j.kernel.Rng;
import org.collab4j.train.Param;

/** Central finite differences against hand-derived gradients. */
public final class GradCheck {
    private GradCheck() {
    }

    /**
     * Checks {@code grad} of each parameter (as left by {@code backward}) against
     * {@code (loss(w+h) - loss(w-h)) / 2h}, on up to {@code samples} entries per parameter.
     */
    public static void params(Param[] params, DoubleSupplier loss, int samples) {
        Rng rng = new Rng(7);
        for (Param p : params) {
            int n = p.size();
            for (int s = 0; s < Math.min(samples, n); s++) {
                int j = n <= samples ? s : rng.nextInt(n);
                float w = p.value[j];
                // two step sizes: a ReLU kink inside one step spoils that difference, rarely both
                double a = numeric(p.value, j, 1e-3f * Math.max(1f, Math.abs(w)), loss);
                double b = numeric(p.value, j, 2.5e-4f * Math.max(1f, Math.abs(w)), loss);
                double g = p.grad[j];
                double best = Math.abs(g - a) <= Math.abs(g - b) ? a : b;
                assertThat(g).as("%s[%d] (differences %s, %s)", p.name, j, a, b)
                        .isCloseTo(best, org.assertj.core.data.Offset.offset(2e-3 + 2e-2 * Math.abs(best)));
            }
        }
    }

    private static double numeric(float[] v, int j, float h, DoubleSupplier loss) {
        float w = v[j];
        v[j] = w + h;
        double up = loss.getAsDouble();
        v[j] = w - h;
        double down = loss.getAsDouble();
        v[j] = w;
        return (up - down) / (2.0 * h);
    }

    /** Checks an input gradient {@code dx} against finite differences of {@code loss} in {@code x}. */
    public static void input(float[] x, int n, float[] dx, DoubleSupplier loss) {
        for (int j = 0; j < n; j++) {
            float v = x[j];
            float h = 1e-3f * Math.max(1f, Math.abs(v));
            x[j] = v + h;
            double up = loss.getAsDouble();
            x[j] = v - h;
            double down = loss.getAsDouble();
            x[j] = v;
            double numeric = (up - down) / (2.0 * h);
            assertThat((double) dx[j]).as("dx[%d]", j).isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-3 + 2e-2 * Math.abs(numeric)));
        }
    }

    /** {@code sum_j c[j] * y[j]}. */
    public static double dot(float[] c, float[] y, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += (double) c[j] * y[j];
        return s;
    }

    public static float[] random(int n, long seed) {
        Rng r = new Rng(seed);
        float[] a = new float[n];
        for (int j = 0; j < n; j++) a[j] = (float) r.nextGaussian();
        return a;
    }
}
