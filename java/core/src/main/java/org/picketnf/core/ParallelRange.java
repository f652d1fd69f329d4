package org.picketnf.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * Runs a loop body over an index range on a few platform threads. Indices are handed out one at a time, so which
 * thread runs which index varies; callers keep results bit-identical for any thread count by making each index's
 * work independent of the others (no shared accumulators).
 */
public final class ParallelRange {
    private ParallelRange() {
    }

    /**
     * Calls {@code body.accept(i)} for every i in [from, to), on {@code min(threads, to - from)} threads
     * (the calling thread is one of them). The first exception thrown by a body is rethrown after all threads stop;
     * the remaining indices are then skipped.
     *
     * @throws IllegalArgumentException if threads &lt; 1
     */
    public static void forRange(int from, int to, int threads, IntConsumer body) {
        forRange(from, to, threads, () -> null, (Object ignored, int i) -> body.accept(i));
    }

    /**
     * Like {@link #forRange(int, int, int, IntConsumer)}, with one state object per worker thread, created by
     * {@code state} on that thread before its first index (e.g. a scratch buffer).
     */
    public static <S> void forRange(int from, int to, int threads, Supplier<S> state, ObjIntConsumer<S> body) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        int count = to - from;
        if (count <= 0) {
            return;
        }
        int nThreads = Math.min(threads, count);
        if (nThreads == 1) {
            S st = state.get();
            for (int i = from; i < to; i++) {
                body.accept(st, i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger(from);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                S st = null;
                for (int i = next.getAndIncrement(); i < to && failure.get() == null; i = next.getAndIncrement()) {
                    if (st == null) {
                        st = state.get();
                    }
                    body.accept(st, i);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        List<Thread> started = new ArrayList<>();
        for (int t = 1; t < nThreads; t++) {
            Thread th = new Thread(worker, "picket-s1-" + t);
            th.setDaemon(true);
            th.start();
            started.add(th);
        }
        worker.run();
        boolean interrupted = false;
        for (Thread th : started) {
            while (true) {
                try {
                    th.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
