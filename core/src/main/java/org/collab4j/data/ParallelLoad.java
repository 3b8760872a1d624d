package org.collab4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import org.collab4j.kernel.Workers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What a parallel load shares: jobs on a pool, ranges of a file cut at line starts, monotone progress. */
final class ParallelLoad {
    private ParallelLoad() {
    }

    /** Runs the jobs on the pool's workers, each once; returns when all are done. */
    static void runAll(Workers pool, List<Callable<Void>> jobs) {
        pool.run(jobs.size(), j -> {
            try {
                jobs.get(j).call();
            } catch (RuntimeException e) {
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Range bounds: {@code parts} roughly equal ranges, each starting right after a newline. */
    static long[] splitAtLines(FileChannel ch, long size, int parts) throws IOException {
        long[] b = new long[parts + 1];
        int n = 1;
        byte[] buf = new byte[64 * 1024];
        for (int k = 1; k < parts; k++) {
            long pos = Math.max(k * size / parts, b[n - 1] + 1) - 1;
            long start = -1;
            while (pos < size && start < 0) {
                int got = ch.read(ByteBuffer.wrap(buf), pos);
                if (got <= 0) break;
                for (int i = 0; i < got; i++) {
                    if (buf[i] == '\n') {
                        start = pos + i + 1;
                        break;
                    }
                }
                pos += got;
            }
            if (start < 0 || start >= size) break;
            b[n++] = start;
        }
        b[n++] = size;
        return Arrays.copyOf(b, n);
    }

    /** Serializes progress calls and keeps them monotone. */
    static final class ProgressSink {
        private final Progress progress;
        private final long total;
        private final AtomicLong done = new AtomicLong();
        private long reported = -1;

        ProgressSink(Progress progress, long total) {
            this.progress = progress;
            this.total = total;
        }

        void add(long bytes) {
            long d = done.addAndGet(bytes);
            synchronized (this) {
                if (d > reported) {
                    reported = d;
                    progress.update(d, total);
                }
            }
        }
    }
}
