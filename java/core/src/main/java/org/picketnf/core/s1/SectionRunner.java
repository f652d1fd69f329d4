package org.picketnf.core.s1;

import org.picketnf.core.ParallelRange;
import org.picketnf.core.Volume;

/**
 * Drives a {@link SectionFeatures} over a range of z-sections on several threads. Each section's features depend
 * only on the volume and z, so the results are the same for any thread count; only the order in which sections
 * reach the sink varies.
 */
public final class SectionRunner {
    private SectionRunner() {
    }

    /** Receives one section's features. Called from worker threads, so implementations must be thread-safe. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param z the section
         * @param features {@link SectionFeatures#section} output for z; the array belongs to the calling worker and
         *        is overwritten after this method returns
         */
        void accept(int z, float[] features);
    }

    /**
     * Computes sections zFrom..zTo-1 (all interior) on {@code threads} threads and hands each to sink. Memory: one
     * section-sized feature array per thread, plus the features' own scratch.
     */
    public static void run(SectionFeatures f, Volume pre, int zFrom, int zTo, int threads, Sink sink) {
        int len = f.sectionLength(pre);
        ParallelRange.forRange(zFrom, zTo, threads, () -> new float[len], (float[] out, int z) -> {
            f.section(pre, z, out);
            sink.accept(z, out);
        });
    }

    /**
     * Features of every interior voxel of the volume in raster order (z, then y, then x), dimension() floats each:
     * voxel ((z-h)*(ny-2h) + (y-h))*(nx-2h) + (x-h). For tests and small volumes (the array must fit in one Java
     * array).
     */
    public static float[] all(SectionFeatures f, Volume pre, int threads) {
        int h = f.size() / 2;
        int nz = Math.max(0, pre.nz() - 2 * h);
        long total = (long) f.sectionLength(pre) * nz;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("features of " + pre + " do not fit in one array (" + total + ")");
        }
        float[] all = new float[(int) total];
        int len = f.sectionLength(pre);
        run(f, pre, h, h + nz, threads, (z, feat) -> System.arraycopy(feat, 0, all, (z - h) * len, len));
        return all;
    }
}
