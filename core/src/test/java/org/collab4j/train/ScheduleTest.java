package org.collab4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    static final double TOL = 1e-12;

    @Test
    void cosIsFastaiSchedCos() {
        // start + (1 + cos(pi (1 - pos))) (end - start) / 2
        assertThat(Schedule.cos(2, 6, 0)).isCloseTo(2, within(TOL));
        assertThat(Schedule.cos(2, 6, 0.5)).isCloseTo(4, within(TOL));
        assertThat(Schedule.cos(2, 6, 1)).isCloseTo(6, within(TOL));
        // pos 1/3: cos(2 pi / 3) = -1/2, so start + 0.25 (end - start)
        assertThat(Schedule.cos(2, 6, 1.0 / 3)).isCloseTo(3, within(TOL));
        assertThat(Schedule.cos(6, 2, 0.25)).isCloseTo(6 - 4 * (1 - Math.sqrt(0.5)) / 2, within(TOL));
    }

    /*
     * One-cycle at lrMax 0.01 (div 25, divFinal 1e5, pctStart 0.25, momenta 0.95/0.85):
     *   pos 0     lr 0.01/25 = 4e-4                          mom 0.95
     *   pos 0.125 halfway up: 4e-4 + (0.01 - 4e-4)/2 = 0.0052  mom 0.90
     *   pos 0.25  peak: lr 0.01                               mom 0.85
     *   pos 0.5   a third of the way down: cos(2pi/3) = -1/2,
     *             lr 0.01 + 0.25 (1e-7 - 0.01) = 0.007500025  mom 0.85 + 0.25 * 0.1 = 0.875
     *   pos 1     lr 0.01/1e5 = 1e-7                          mom 0.95
     */
    @Test
    void oneCycleMatchesFastai() {
        Schedule s = Schedule.oneCycle(0.01);
        assertThat(s.lr(0)).isCloseTo(4e-4, within(TOL));
        assertThat(s.mom(0)).isCloseTo(0.95, within(TOL));
        assertThat(s.lr(0.125)).isCloseTo(0.0052, within(TOL));
        assertThat(s.mom(0.125)).isCloseTo(0.90, within(TOL));
        assertThat(s.lr(0.25)).isCloseTo(0.01, within(TOL));
        assertThat(s.mom(0.25)).isCloseTo(0.85, within(TOL));
        assertThat(s.lr(0.5)).isCloseTo(0.007500025, within(TOL));
        assertThat(s.mom(0.5)).isCloseTo(0.875, within(TOL));
        assertThat(s.lr(1)).isCloseTo(1e-7, within(TOL));
        assertThat(s.mom(1)).isCloseTo(0.95, within(TOL));
    }

    @Test
    void oneCycleRisesThenFallsMonotonically() {
        Schedule s = Schedule.oneCycle(0.01);
        double prev = s.lr(0);
        for (int i = 1; i <= 100; i++) {
            double pos = i / 100.0, lr = s.lr(pos);
            if (pos <= 0.25) assertThat(lr).isGreaterThanOrEqualTo(prev);
            else assertThat(lr).isLessThanOrEqualTo(prev);
            prev = lr;
        }
    }

    @Test
    void constantScheduleIgnoresPosition() {
        Schedule s = Schedule.constant(3e-3, 0.9);
        for (double pos : new double[] {0, 0.3, 1}) {
            assertThat(s.lr(pos)).isEqualTo(3e-3);
            assertThat(s.mom(pos)).isEqualTo(0.9);
        }
    }

    @Test
    void exponentialGoesFromStartToEnd() {
        Schedule s = Schedule.exponential(1e-7, 10, 0.9);
        assertThat(s.lr(0)).isCloseTo(1e-7, within(1e-20));
        assertThat(s.lr(0.5)).isCloseTo(1e-3, within(1e-15));
        assertThat(s.lr(1)).isCloseTo(10, within(1e-9));
    }
}
