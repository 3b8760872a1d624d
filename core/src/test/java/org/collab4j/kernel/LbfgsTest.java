package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class LbfgsTest {
    /** Rosenbrock's banana, minimum 0 at (1, 1). */
    static double rosenbrock(float[] x, float[] g) {
        double a = x[0], b = x[1];
        g[0] = (float) (-2 * (1 - a) - 400 * a * (b - a * a));
        g[1] = (float) (200 * (b - a * a));
        return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
    }

    @Test
    void findsTheMinimumOfRosenbrocksFunction() {
        Lbfgs opt = new Lbfgs(LbfgsTest::rosenbrock, new float[] {-1.2f, 1f}, 5);
        for (int t = 0; t < 100 && opt.step(); t++) {
        }
        assertThat(opt.x()[0]).isCloseTo(1f, within(1e-3f));
        assertThat(opt.x()[1]).isCloseTo(1f, within(2e-3f));
        assertThat(opt.value()).isLessThan(1e-6);
    }

    @Test
    void everyStepDecreasesTheFunctionAndKeepsItsValue() {
        double[] last = {Double.NaN};
        Lbfgs opt = new Lbfgs((x, g) -> last[0] = rosenbrock(x, g), new float[] {-1.2f, 1f}, 5);
        double before = opt.value();
        for (int t = 0; t < 20; t++) {
            if (t % 4 == 0) opt.restart();
            assertThat(opt.step()).isTrue();
            assertThat(opt.value()).isLessThanOrEqualTo(before).isEqualTo(rosenbrock(opt.x(), new float[2]));
            before = opt.value();
        }
        assertThat(opt.evaluations()).isGreaterThan(20);
    }

    @Test
    void solvesAnIllConditionedQuadratic() {
        int n = 30;
        Random rnd = new Random(1);
        double[] scale = new double[n], target = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = Math.pow(10, 3.0 * i / (n - 1)); // condition number 1000
            target[i] = rnd.nextGaussian();
        }
        Lbfgs opt = new Lbfgs((x, g) -> {
            double f = 0;
            for (int i = 0; i < n; i++) {
                double d = x[i] - target[i];
                g[i] = (float) (scale[i] * d);
                f += 0.5 * scale[i] * d * d;
            }
            return f;
        }, new float[n], 10);
        for (int t = 0; t < 150 && opt.step(); t++) { // SciPy's L-BFGS-B needs about as many
        }
        for (int i = 0; i < n; i++) assertThat((double) opt.x()[i]).isCloseTo(target[i], within(1e-3));
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // f(t) = (t - 1)^3 / 3 - (t - 1) ... minimum at t = 2 on [0, 3]: f' = (t - 1)^2 - 1
        java.util.function.DoubleUnaryOperator f = t -> Math.pow(t - 1, 3) / 3 - (t - 1), df = t -> (t - 1) * (t - 1) - 1;
        assertThat(Lbfgs.cubicMin(0, f.applyAsDouble(0), df.applyAsDouble(0), 3, f.applyAsDouble(3), df.applyAsDouble(3)))
                .isCloseTo(2, within(1e-12));
        // an infinite value at the far end: bisect
        assertThat(Lbfgs.cubicMin(0, 1, -1, 4, Double.POSITIVE_INFINITY, Double.NaN)).isEqualTo(2);
    }

    @Test
    void refusesAnUnusableStart() {
        assertThatThrownBy(() -> new Lbfgs((x, g) -> Double.NaN, new float[1], 3)).hasMessageContaining("NaN at the starting point");
        assertThatThrownBy(() -> new Lbfgs((x, g) -> 0, new float[1], 0)).hasMessageContaining("memory must be at least 1, got 0");
    }

    @Test
    void stopsAtAMinimum() {
        Lbfgs opt = new Lbfgs((x, g) -> {
            g[0] = 0;
            return 1;
        }, new float[] {3}, 3);
        assertThat(opt.step()).isFalse();
        assertThat(opt.x()).containsExactly(3f);
    }
}
