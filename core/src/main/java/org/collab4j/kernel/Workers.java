package org.collab4j.kernel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of worker threads for row-parallel solvers (ALS's ridge solves, BPMF's row
 * sampling, item-item similarities). Rows are handed out in chunks from a shared counter, so
 * uneven rows balance themselves; each worker has an index for its own scratch buffers. The
 * calling thread is worker 0. With one thread nothing is started and rows run in order.
 */
public final class Workers implements AutoCloseable {
    /** Work on rows {@code [from, to)} by worker {@code worker} (0 .. threads-1). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int worker, int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    public Workers(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "collab4j-worker");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)} in chunks of {@code chunk} rows; returns when all are done. */
    public void forEach(int n, int chunk, RangeBody body) {
        if (n <= 0) return;
        int c = Math.max(1, chunk);
        if (pool == null || n <= c) {
            for (int from = 0; from < n; from += c) body.run(0, from, Math.min(n, from + c));
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int helpers = Math.min(threads - 1, (n + c - 1) / c - 1);
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[helpers];
        for (int w = 0; w < helpers; w++) {
            int worker = w + 1;
            futures[w] = pool.submit(() -> drain(next, n, c, worker, body));
        }
        RuntimeException failure = null;
        try {
            drain(next, n, c, 0, body);
        } catch (RuntimeException e) {
            next.set(n); // let the others stop early
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for workers", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    Throwable cause = e.getCause();
                    failure = cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
                }
            }
        }
        if (failure != null) throw failure;
    }

    private static void drain(AtomicInteger next, int n, int chunk, int worker, RangeBody body) {
        while (true) {
            int from = next.getAndAdd(chunk);
            if (from >= n) return;
            body.run(worker, from, Math.min(n, from + chunk));
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
