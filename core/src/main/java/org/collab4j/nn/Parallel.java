package org.collab4j.nn;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * Runs a task as {@code threads} parts, part 0 on the calling thread, and waits for all. Layers
 * split their work so that each part writes its own outputs in the same order as one thread
 * would: results do not depend on the number of threads.
 */
public final class Parallel implements AutoCloseable {
    public static final Parallel SERIAL = new Parallel(1);
    public final int threads;
    private final ExecutorService pool;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "collab4j-nn");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task.accept(part)} for parts {@code 0..parts-1} ({@code parts <= threads}). */
    public void run(int parts, IntConsumer task) {
        if (parts <= 1 || pool == null) {
            for (int p = 0; p < parts; p++) task.accept(p);
            return;
        }
        CountDownLatch done = new CountDownLatch(parts - 1);
        Throwable[] failure = new Throwable[1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            pool.execute(() -> {
                try {
                    task.accept(part);
                } catch (Throwable e) {
                    failure[0] = e;
                } finally {
                    done.countDown();
                }
            });
        }
        task.accept(0);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a parallel layer", e);
        }
        if (failure[0] != null) throw new IllegalStateException("a worker failed", failure[0]);
    }

    /** Start of part {@code p} of {@code n} items split in {@code parts}. */
    public static int lo(int n, int p, int parts) {
        return (int) ((long) n * p / parts);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
