package org.collab4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The spinning hand-over: every part or chunk exactly once, task after task, failures reported, helpers that sleep or lag. */
class WorkersTest {
    @Test
    void everyPartRunsExactlyOnceInEveryTask() {
        try (Workers p = new Workers(3)) {
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
        try (Workers p = new Workers(2)) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int round = 0; round < 3; round++) {
                Thread.sleep(5 * Workers.SPIN_NANOS / 1_000_000 + 5); // long enough for the helper to park
                AtomicIntegerArray runs = new AtomicIntegerArray(64);
                p.run(64, q -> {
                    threads.add(Thread.currentThread().getName());
                    runs.incrementAndGet(q);
                    long until = System.nanoTime() + 200_000;
                    while (System.nanoTime() < until) Thread.onSpinWait();
                });
                for (int q = 0; q < 64; q++) assertThat(runs.get(q)).isEqualTo(1);
            }
            assertThat(threads).contains(Thread.currentThread().getName(), "collab4j-worker-1");
        }
    }

    @Test
    void theOtherThreadTakesTheRestWhileOnePartIsHeldUp() {
        try (Workers p = new Workers(2)) {
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
        try (Workers p = new Workers(2)) {
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
        Workers.SERIAL.run(4, q -> order.append(Thread.currentThread() == caller ? q : -1));
        assertThat(order.toString()).isEqualTo("0123");
        try (Workers p = new Workers(1)) {
            StringBuilder o = new StringBuilder();
            p.run(3, o::append);
            assertThat(o.toString()).isEqualTo("012");
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        Workers p = new Workers(2);
        p.close();
        assertThatThrownBy(() -> p.run(2, q -> { })).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void forEachCoversEveryRowOnceInChunksWithAWorkerIndexPerThread() {
        try (Workers w = new Workers(3)) {
            for (int n : new int[] {1, 7, 64, 1000}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(n);
                Set<String> chunks = ConcurrentHashMap.newKeySet();
                java.util.Map<Integer, String> threadOf = new ConcurrentHashMap<>();
                w.forEach(n, 10, (worker, from, to) -> {
                    assertThat(worker).isBetween(0, 2);
                    // a worker index belongs to one thread at a time, so scratch keyed by it is safe
                    String mine = Thread.currentThread().getName();
                    String had = threadOf.putIfAbsent(worker, mine);
                    assertThat(had == null || had.equals(mine)).isTrue();
                    assertThat(from % 10).isZero();
                    assertThat(to).isEqualTo(Math.min(n, from + 10));
                    chunks.add(from + ".." + to);
                    for (int r = from; r < to; r++) runs.incrementAndGet(r);
                });
                for (int r = 0; r < n; r++) assertThat(runs.get(r)).as("n %d row %d", n, r).isEqualTo(1);
                assertThat(chunks).hasSize((n + 9) / 10);
            }
        }
    }

    @Test
    void forEachOnOneWorkerRunsTheChunksInOrderOnTheCaller() {
        StringBuilder order = new StringBuilder();
        Thread caller = Thread.currentThread();
        Workers.SERIAL.forEach(10, 4, (worker, from, to) -> order.append(Thread.currentThread() == caller ? worker + ":" + from + "-" + to + " " : "?"));
        assertThat(order.toString()).isEqualTo("0:0-4 0:4-8 0:8-10 ");
        try (Workers w = new Workers(4)) {
            StringBuilder o = new StringBuilder();
            w.forEach(3, 8, (worker, from, to) -> o.append(worker).append(':').append(from).append('-').append(to));
            assertThat(o.toString()).isEqualTo("0:0-3"); // one chunk: no hand-over
            w.forEach(0, 8, (worker, from, to) -> o.append("never"));
            assertThat(o.toString()).isEqualTo("0:0-3");
        }
    }

    @Test
    void aFailingChunkStopsTheOthersAndIsRethrown() {
        try (Workers w = new Workers(2)) {
            AtomicInteger ran = new AtomicInteger();
            // every other chunk takes 20 microseconds: left running, they would take two seconds, so
            // the other worker cannot run them all while the failing one waits to be scheduled
            assertThatThrownBy(() -> w.forEach(100_000, 1, (worker, from, to) -> {
                ran.incrementAndGet();
                if (from == 3) throw new IllegalStateException("row three");
                java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            })).isInstanceOf(IllegalStateException.class).hasMessage("row three");
            assertThat(ran.get()).isLessThan(100_000);
            AtomicInteger again = new AtomicInteger();
            w.forEach(100, 7, (worker, from, to) -> again.addAndGet(to - from));
            assertThat(again.get()).isEqualTo(100);
        }
    }

    @Test
    void aTaskStartedInsideAPartRunsOnItsCaller() {
        try (Workers w = new Workers(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(4 * 5);
            w.run(4, outer -> {
                Thread mine = Thread.currentThread();
                w.run(5, inner -> {
                    assertThat(Thread.currentThread()).isSameAs(mine);
                    runs.incrementAndGet(outer * 5 + inner);
                });
            });
            for (int q = 0; q < runs.length(); q++) assertThat(runs.get(q)).isEqualTo(1);
        }
    }

    @Test
    void aCallerThatWaitsLongParksAndIsWokenByTheLastPart() {
        try (Workers w = new Workers(2)) {
            for (int round = 0; round < 5; round++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(2);
                // part 1 sleeps well past the caller's spinning, whichever thread has it
                w.run(2, q -> {
                    if (q == 1) {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    runs.incrementAndGet(q);
                });
                assertThat(runs.get(0) + runs.get(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void refusesNoThreadsAndTooManyParts() {
        assertThatThrownBy(() -> new Workers(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, got 0");
        try (Workers w = new Workers(2)) {
            assertThatThrownBy(() -> w.run(Workers.MAX_PARTS + 1, q -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("at most 65535 parts, got 65536");
        }
    }
}
