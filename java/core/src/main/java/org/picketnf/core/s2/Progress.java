package org.picketnf.core.s2;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Progress of a long S2 step for task logs: one line "WHAT: P%, T s" at most every {@value #EVERY_S} seconds
 * (nothing for steps that end sooner, so short runs log nothing). Thread-safe; never changes a result.
 */
public final class Progress {
    /** Seconds between two lines. */
    public static final int EVERY_S = 10;
    /** A progress that logs nothing. */
    public static final Progress NONE = new Progress("", 1, null, Long.MAX_VALUE);

    private final String what;
    private final long total;
    private final Consumer<String> log;
    private final long everyNs;
    private final long t0 = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong last = new AtomicLong(System.nanoTime());

    /** Logs "what: P%" lines to {@code log} (null: none) while {@link #add} counts up to {@code total} units. */
    public Progress(String what, long total, Consumer<String> log) {
        this(what, total, log, EVERY_S * 1_000_000_000L);
    }

    Progress(String what, long total, Consumer<String> log, long everyNs) {
        this.what = what;
        this.total = Math.max(1, total);
        this.log = log;
        this.everyNs = everyNs;
    }

    /** A progress for a sub-step: the same log, another name and total. */
    public Progress step(String name, long units) {
        return log == null ? NONE : new Progress(what + ": " + name, units, log, everyNs);
    }

    /** Counts {@code units} more done; logs when the last line is older than the interval. */
    public void add(long units) {
        if (log == null) {
            return;
        }
        long d = done.addAndGet(units);
        long now = System.nanoTime();
        long l = last.get();
        if (d < total && now - l > everyNs && last.compareAndSet(l, now)) {
            log.accept(String.format(Locale.ROOT, "%s: %.0f%%, %.1f s", what, 100.0 * d / total, (now - t0) / 1e9));
        }
    }
}
