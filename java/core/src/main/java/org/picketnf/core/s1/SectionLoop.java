package org.picketnf.core.s1;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.picketnf.core.ParallelRange;

/**
 * Independent per-section work over z in [from, to) on {@link ParallelRange}, with a progress line every 10 s for
 * task logs (Nextflow tasks have no progress bars). Each z is computed by one worker and its results go to positions
 * fixed by z, so outputs do not depend on the thread count or on scheduling.
 */
public final class SectionLoop {
    private static final long LOG_EVERY_NS = 10_000_000_000L;

    private SectionLoop() {
    }

    /** Per-thread work on section z with a scratch object made once per thread. */
    public interface Work<S> {
        void run(int z, S scratch) throws Exception;
    }

    public static <S> void run(int from, int to, int threads, Supplier<S> scratch, Work<S> work, String what,
                               Consumer<String> log) {
        int total = to - from;
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        AtomicLong lastLog = new AtomicLong(t0);
        ParallelRange.forRange(from, to, threads, scratch, (S s, int z) -> {
            try {
                work.run(z, s);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            int d = done.incrementAndGet();
            long now = System.nanoTime();
            long last = lastLog.get();
            if (log != null && d < total && now - last > LOG_EVERY_NS && lastLog.compareAndSet(last, now)) {
                log.accept(String.format(Locale.ROOT, "%s: %d/%d sections (%.0f%%), %.1f s", what, d, total,
                        100.0 * d / total, (now - t0) / 1e9));
            }
        });
    }
}
