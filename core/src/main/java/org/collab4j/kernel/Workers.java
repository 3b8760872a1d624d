package org.collab4j.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker pool of collab4j: the calling thread and {@code threads - 1} long-lived helper
 * threads, for every parallel loop in core, from an optimizer step of a few microseconds to a
 * pass over a file of ratings.
 *
 * <p>Two ways to hand out work, both returning when all of it is done:
 * <ul>
 * <li>{@link #run}: a task as a fixed number of parts, each run exactly once. Callers split their
 * work so that each part writes its own outputs in the same order as one thread would, and key any
 * scratch space by part, not by thread: results then do not depend on the number of threads, nor
 * on which thread ran a part.</li>
 * <li>{@link #forEach}: rows {@code [0, n)} in chunks claimed from a shared counter, so uneven rows
 * balance themselves; each worker (at most {@link #threads()} of them) has an index for its own
 * scratch buffers.</li>
 * </ul>
 *
 * <p>Built for hand-overs every few microseconds (an optimizer step, a layer's product of one
 * mini-batch), where an executor's queue and wake-up cost as much as the work. A helper waits
 * for the next task by spinning for a short while ({@link #SPIN_NANOS}), then parks; the parts
 * of a task are claimed one by one from a shared counter, so the calling thread runs whatever
 * parts a helper has not claimed yet. A helper the operating system has descheduled (a busy
 * machine) therefore costs at most the part it is in, never the whole task. The caller, once it
 * has no part left to take, spins briefly and then parks until the last part is done.
 *
 * <p>One task at a time: a task started while another is in flight (from inside a part, or from
 * another thread) runs all its parts on its own calling thread, which gives the same results.
 * With one thread nothing is started and parts run in order on the caller.
 */
public final class Workers implements AutoCloseable {
    /** No helpers: every task runs on its caller. */
    public static final Workers SERIAL = new Workers(1);
    /** How long an idle helper spins before it parks: longer than the gap between two steps of a small model. */
    static final long SPIN_NANOS = 50_000;
    /** Most parts of one task. */
    public static final int MAX_PARTS = 0xFFFF;

    /** Work on rows {@code [from, to)} by worker {@code worker} (0 .. threads-1). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int worker, int from, int to);
    }

    private final int threads;
    private final Helper[] helpers;
    /**
     * The task in flight in one word, so that one compare-and-set claims a part of this task and
     * no other: {@code generation << 32 | parts << 16 | next unclaimed part}.
     */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile IntConsumer task;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile boolean callerSleeping;
    private int generation;

    private static final class Helper {
        Thread thread;
        volatile boolean sleeping;
    }

    public Workers(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
        for (int h = 0; h < helpers.length; h++) {
            Helper helper = new Helper();
            helper.thread = new Thread(() -> helperLoop(helper), "collab4j-worker-" + (h + 1));
            helper.thread.setDaemon(true);
            helpers[h] = helper;
        }
        for (Helper h : helpers) h.thread.start();
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task.accept(part)} for parts {@code 0..parts-1}, each exactly once, and returns
     * when all have finished. A part's exception is rethrown: on the helpers, once the other parts
     * have run; on the caller alone, at once.
     */
    public void run(int parts, IntConsumer task) {
        if (parts <= 1 || helpers.length == 0) {
            for (int p = 0; p < parts; p++) task.accept(p);
            return;
        }
        if (closed) throw new IllegalStateException("this worker pool is closed");
        if (parts > MAX_PARTS) throw new IllegalArgumentException("at most " + MAX_PARTS + " parts, got " + parts);
        if (!inFlight.compareAndSet(false, true)) {
            // nested in a part of this pool's task, or started from another thread meanwhile
            for (int p = 0; p < parts; p++) task.accept(p);
            return;
        }
        try {
            this.task = task;
            this.failure = null;
            this.caller = Thread.currentThread();
            done.set(0);
            generation++;
            ticket.set((long) generation << 32 | (long) parts << 16); // publishes the task and counters above
            for (Helper h : helpers) if (h.sleeping) LockSupport.unpark(h.thread);
            work(generation);
            // wait for the parts the helpers claimed: spin first (they are short), then park until
            // the last one is done (work() unparks a sleeping caller)
            for (int spins = 0; done.get() < parts; spins++) {
                if (spins < 1 << 14) {
                    Thread.onSpinWait();
                    continue;
                }
                callerSleeping = true; // volatile: either the last part sees it and unparks, or this re-check sees it done
                if (done.get() < parts) LockSupport.park(this);
                callerSleeping = false;
            }
            this.task = null;
            this.caller = null;
        } finally {
            inFlight.set(false);
        }
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error e) throw e;
            throw new IllegalStateException("a parallel part failed", f);
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code chunk} rows, on at most
     * {@link #threads()} workers, and returns when all are done. After a chunk fails the others
     * stop taking chunks, and its exception is rethrown.
     */
    public void forEach(int n, int chunk, RangeBody body) {
        if (n <= 0) return;
        int c = Math.max(1, chunk);
        int workers = (int) Math.min(threads, (n + (long) c - 1) / c);
        if (workers == 1) {
            for (int from = 0; from < n; from += c) body.run(0, from, Math.min(n, from + c));
            return;
        }
        AtomicInteger next = new AtomicInteger();
        run(workers, w -> {
            try {
                for (int from; (from = next.getAndAdd(c)) < n && from >= 0; ) body.run(w, from, Math.min(n, from + c));
            } catch (RuntimeException | Error e) {
                next.set(n); // let the others stop early
                throw e;
            }
        });
    }

    /** Claims and runs parts of the task of generation {@code gen} until none is left. */
    private void work(int gen) {
        while (true) {
            long t = ticket.get();
            if ((int) (t >>> 32) != gen) return;
            int p = (int) (t & 0xFFFF), n = (int) (t >>> 16) & 0xFFFF;
            if (p >= n) return;
            if (!ticket.compareAndSet(t, t + 1)) continue;
            // a successful claim means this generation is still in flight, so task is its task
            try {
                task.accept(p);
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (done.incrementAndGet() == n && callerSleeping) LockSupport.unpark(caller);
            }
        }
    }

    private void helperLoop(Helper me) {
        int seen = 0;
        while (!closed) {
            int gen = (int) (ticket.get() >>> 32);
            if (gen != seen) {
                seen = gen;
                work(gen);
                continue;
            }
            long deadline = System.nanoTime() + SPIN_NANOS;
            while ((int) (ticket.get() >>> 32) == seen && !closed && System.nanoTime() < deadline) Thread.onSpinWait();
            if ((int) (ticket.get() >>> 32) != seen || closed) continue;
            // park; the caller unparks sleeping helpers after publishing a task
            me.sleeping = true; // volatile: either the caller sees it and unparks, or the re-check sees the new task
            if ((int) (ticket.get() >>> 32) == seen && !closed) LockSupport.park(this);
            me.sleeping = false;
        }
    }

    /** Start of part {@code p} of {@code n} items split in {@code parts}. */
    public static int lo(int n, int p, int parts) {
        return (int) ((long) n * p / parts);
    }

    @Override
    public void close() {
        if (helpers.length == 0) return;
        closed = true;
        for (Helper h : helpers) LockSupport.unpark(h.thread);
    }
}
