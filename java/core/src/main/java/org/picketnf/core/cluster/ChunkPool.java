package org.picketnf.core.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the chunks of a {@link Partition} on a fixed number of threads (the caller is one of them).
 * Which thread runs which chunk is not fixed; results must only depend on the chunk index.
 */
final class ChunkPool implements AutoCloseable {

    /** Work for one chunk; {@code worker} in [0, threads) selects a per-thread scratch space. */
    @FunctionalInterface
    interface ChunkBody {
        void run(int chunk, int worker);
    }

    private final int threads;
    private final ExecutorService pool;

    ChunkPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            pool = null;
        } else {
            AtomicInteger id = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "picket-cluster-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} for every chunk in [0, chunks) and returns when all are done. */
    void forEachChunk(int chunks, ChunkBody body) {
        int workers = Math.min(threads, chunks);
        if (workers <= 1) {
            for (int c = 0; c < chunks; c++) {
                body.run(c, 0);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            final int worker = w;
            futures.add(pool.submit(() -> loop(chunks, body, worker, next, failed)));
        }
        Throwable error = null;
        try {
            loop(chunks, body, 0, next, failed);
        } catch (RuntimeException | Error e) {
            error = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (error == null) {
                    error = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (error == null) {
                    error = new IllegalStateException("interrupted while waiting for worker threads", e);
                }
            }
        }
        if (error instanceof RuntimeException re) {
            throw re;
        }
        if (error instanceof Error er) {
            throw er;
        }
        if (error != null) {
            throw new IllegalStateException(error);
        }
    }

    private static void loop(int chunks, ChunkBody body, int worker, AtomicInteger next, AtomicInteger failed) {
        try {
            int c;
            while (failed.get() == 0 && (c = next.getAndIncrement()) < chunks) {
                body.run(c, worker);
            }
        } catch (RuntimeException | Error e) {
            failed.incrementAndGet();
            throw e;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
