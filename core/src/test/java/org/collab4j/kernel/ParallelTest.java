package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The spinning hand-over: every part exactly once, task after task, failures reported, helpers that sleep or lag. */
class ParallelTest {
    @Test
    void everyPartRunsExactlyOnceInEveryTask() {
        try (Parallel p = new Parallel(3)) {
            for (int task = 0; task < 20_000; task++) {
                int parts = 1 + task % 9;
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                p.run(parts, runs::incrementAndGet);
                for (int q = 0; q < parts; q++) assertThat(runs.get(q)).as("task %d part %d", task, q).isEqualTo(1);
            }
        }
    }

    @Test
    void helpersTakePartsAndWakeUpAfterParking() throws InterruptedException {
        try (Parallel p = new Parallel(2)) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int round = 0; round < 3; round++) {
                Thread.sleep(5 * Parallel.SPIN_NANOS / 1_000_000 + 5); // long enough for the helper to park
                AtomicIntegerArray runs = new AtomicIntegerArray(64);
                p.run(64, q -> {
                    threads.add(Thread.currentThread().getName());
                    runs.incrementAndGet(q);
                    long until = System.nanoTime() + 200_000;
                    while (System.nanoTime() < until) Thread.onSpinWait();
                });
                for (int q = 0; q < 64; q++) assertThat(runs.get(q)).isEqualTo(1);
            }
            assertThat(threads).contains(Thread.currentThread().getName(), "collab4j-parallel-1");
        }
    }

    @Test
    void theOtherThreadTakesTheRestWhileOnePartIsHeldUp() {
        try (Parallel p = new Parallel(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(8);
            // part 0 blocks whoever runs it until every other part is done: only works if the other
            // thread takes all the rest, whichever thread that is
            p.run(8, q -> {
                runs.incrementAndGet(q);
                if (q == 0) {
                    long until = System.nanoTime() + 2_000_000_000L;
                    while (sum(runs) < 8 && System.nanoTime() < until) Thread.onSpinWait();
                }
            });
            assertThat(sum(runs)).isEqualTo(8);
        }
    }

    private static int sum(AtomicIntegerArray a) {
        int s = 0;
        for (int i = 0; i < a.length(); i++) s += a.get(i);
        return s;
    }

    @Test
    void aFailingPartIsRethrownAfterTheOthersFinish() {
        try (Parallel p = new Parallel(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(16);
            assertThatThrownBy(() -> p.run(16, q -> {
                runs.incrementAndGet(q);
                if (q == 5) throw new IllegalArgumentException("part five");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("part five");
            assertThat(sum(runs)).isEqualTo(16);
            // and the next task runs normally
            AtomicIntegerArray again = new AtomicIntegerArray(4);
            p.run(4, again::incrementAndGet);
            assertThat(sum(again)).isEqualTo(4);
        }
    }

    @Test
    void oneThreadRunsThePartsInOrderOnTheCaller() {
        StringBuilder order = new StringBuilder();
        Thread caller = Thread.currentThread();
        Parallel.SERIAL.run(4, q -> order.append(Thread.currentThread() == caller ? q : -1));
        assertThat(order.toString()).isEqualTo("0123");
        try (Parallel p = new Parallel(1)) {
            StringBuilder o = new StringBuilder();
            p.run(3, o::append);
            assertThat(o.toString()).isEqualTo("012");
        }
    }

    @Test
    void aClosedParallelRefusesWork() {
        Parallel p = new Parallel(2);
        p.close();
        assertThatThrownBy(() -> p.run(2, q -> { })).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
