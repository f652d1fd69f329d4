package org.picketnf.core.s1;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs independent per-section work over z in [from, to) on a fixed pool. Each z is computed by exactly one task and
 * its results go to positions fixed by z, so outputs do not depend on the thread count or on scheduling.
 * Logs a percent line now and then to the given sink (Nextflow task logs have no progress bars).
 */
public final class SectionLoop {
    private SectionLoop() {
    }

    /** Per-thread work on section z with a scratch object made once per thread. */
    public interface Work<S> {
        void run(int z, S scratch) throws Exception;
    }

    public static <S> void run(int from, int to, int threads, java.util.function.Supplier<S> scratch, Work<S> work,
                               String what, Consumer<String> log) {
        int total = to - from;
        if (total <= 0) {
            return;
        }
        int nThreads = Math.max(1, Math.min(threads, total));
        AtomicInteger next = new AtomicInteger(from);
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        long[] lastLog = {t0};
        Runnable body = () -> {
            S s = scratch.get();
            for (int z = next.getAndIncrement(); z < to; z = next.getAndIncrement()) {
                try {
                    work.run(z, s);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                int d = done.incrementAndGet();
                if (log != null) {
                    synchronized (lastLog) {
                        long now = System.nanoTime();
                        if (now - lastLog[0] > 10_000_000_000L && d < total) {
                            lastLog[0] = now;
                            log.accept(String.format(java.util.Locale.ROOT, "%s: %d/%d sections (%.0f%%), %.1f s",
                                    what, d, total, 100.0 * d / total, (now - t0) / 1e9));
                        }
                    }
                }
            }
        };
        if (nThreads == 1) {
            body.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
            Thread t = new Thread(r, "picket-section");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < nThreads; i++) {
                fs.add(pool.submit(body));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}
