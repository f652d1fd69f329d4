package org.picketnf.core.s2;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * Runs independent loop iterations on a few platform threads. Which thread runs which index varies from run to run,
 * so a body must only write data owned by its index; then results do not depend on the thread count.
 */
final class Parallel {
    private Parallel() {
    }

    /**
     * Calls {@code body.accept(state, i)} for i in [0, n) on up to {@code threads} threads (the caller is one), with
     * one {@code state} object (scratch space) per thread. The first exception is rethrown once all threads stop.
     */
    static <S> void forEach(int n, int threads, Supplier<S> state, ObjIntConsumer<S> body) {
        S2Checks.threads(threads);
        if (n <= 0) {
            return;
        }
        int nt = Math.min(threads, n);
        if (nt == 1) {
            S st = state.get();
            for (int i = 0; i < n; i++) {
                body.accept(st, i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                S st = state.get();
                for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
                    body.accept(st, i);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        Thread[] others = new Thread[nt - 1];
        for (int t = 0; t < others.length; t++) {
            others[t] = new Thread(worker, "picket-s2-" + (t + 1));
            others[t].setDaemon(true);
            others[t].start();
        }
        worker.run();
        boolean interrupted = false;
        for (Thread th : others) {
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
