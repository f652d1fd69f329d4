package org.picketnf.core.s1;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.DoubleAdder;

import org.picketnf.core.Geometry;
import org.picketnf.core.Volume;

/**
 * Rough timing of S1 preprocessing and features over every interior voxel (not a test; run by hand):
 * <pre>  cd java &amp;&amp; mvn -q -pl core test-compile &amp;&amp;
 *  java -cp core/target/classes:core/target/test-classes org.picketnf.core.s1.FeatureBench [nx ny nz ...]</pre>
 * Default sizes: 100^3 and 256x256x64. Prints seconds per mode for 1 and 2 threads (or the comma-separated list in
 * {@code -Dbench.threads=...}). Gabor is split into the bank
 * statistics over all windows (1000 filters, the selection step) and the 64 selected features.
 */
public final class FeatureBench {
    private FeatureBench() {
    }

    public static void main(String[] args) {
        int[][] sizes = {{100, 100, 100}, {256, 256, 64}};
        if (args.length >= 3) {
            sizes = new int[args.length / 3][];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = new int[] {Integer.parseInt(args[3 * i]), Integer.parseInt(args[3 * i + 1]),
                        Integer.parseInt(args[3 * i + 2])};
            }
        }
        // warm-up so the JIT has compiled the loops
        Volume warm = volume(64, 48, 24, 1);
        for (int i = 0; i < 3; i++) {
            time(warm, 2, false);
        }
        for (int[] s : sizes) {
            Volume v = volume(s[0], s[1], s[2], 42);
            for (String t : System.getProperty("bench.threads", "1,2").split(",")) {
                time(v, Integer.parseInt(t.trim()), true);
            }
        }
    }

    static Volume volume(int nx, int ny, int nz, long seed) {
        Random rnd = new Random(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rnd.nextGaussian();
        }
        return new Volume(nx, ny, nz, d, Geometry.UNIT);
    }

    static void time(Volume raw, int threads, boolean print) {
        long t0 = System.nanoTime();
        Volume pre = Preprocess.blurAndNormalize(raw, 2.0, threads);
        double blur = secs(t0);
        DoubleAdder check = new DoubleAdder();
        SectionRunner.Sink sink = (z, f) -> check.add(f[0] + f[f.length - 1]);
        int h = 2;
        t0 = System.nanoTime();
        SectionRunner.run(new IntensityFeatures(5), pre, h, pre.nz() - h, threads, sink);
        double inten = secs(t0);
        t0 = System.nanoTime();
        SectionRunner.run(new FftFeatures(5), pre, h, pre.nz() - h, threads, sink);
        double fft = secs(t0);
        t0 = System.nanoTime();
        GaborFeatures.BankStats st = GaborFeatures.bankStats(pre, 5, 10, h, pre.nz() - h, null, threads);
        int[] sel = GaborFeatures.selectFilters(st.std(), 64);
        double bank = secs(t0);
        t0 = System.nanoTime();
        SectionRunner.run(new GaborFeatures(5, 10, sel), pre, h, pre.nz() - h, threads, sink);
        double gabor = secs(t0);
        if (print) {
            System.out.printf(Locale.ROOT, "%dx%dx%d threads=%d: blur+norm %.2fs  intensities %.2fs  ffts %.2fs"
                            + "  gabor-bank-stats(1000) %.2fs  gabor(64) %.2fs  [check %.3g]%n",
                    raw.nx(), raw.ny(), raw.nz(), threads, blur, inten, fft, bank, gabor, check.sum());
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
