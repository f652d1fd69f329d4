package org.picketnf.core.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Timing of {@link KMeans} and {@link Gmm} on a PickET-sized problem (not a unit test). Run from java/core after
 * {@code mvn -q -pl core test-compile}:
 *
 * <pre>
 * java -Xmx2g -cp target/classes:target/test-classes org.picketnf.core.cluster.ClusterBench [n d threads gmmMaxIter dup]
 * </pre>
 *
 * Defaults: n = 884736 (96^3), d = 125, threads "1,2", gmmMaxIter 100, dup = false. The data: two Gaussians
 * (weights 0.8 / 0.2) with 16 shared latent factors plus isotropic noise, means 4 noise-sigma apart along a random
 * direction; with dup = true the last 62 features copy features 1..62 (like PickET's redundant FFT magnitudes).
 */
public final class ClusterBench {
    private ClusterBench() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 884_736;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 125;
        String[] threadList = (args.length > 2 ? args[2] : "1,2").split(",");
        int gmmMaxIter = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        boolean dup = args.length > 4 && Boolean.parseBoolean(args[4]);

        long t0 = System.nanoTime();
        float[] X = generate(n, d, dup, 20260821L);
        System.out.printf("data: %d x %d float (%.0f MB)%s, generated in %.1f s%n", n, d, 4.0 * n * d / 1e6,
                dup ? ", 62 duplicated columns" : "", (System.nanoTime() - t0) / 1e9);
        resetPeaks();

        for (String ts : threadList) {
            int threads = Integer.parseInt(ts.trim());
            int[] labels = new int[n];
            long a = System.nanoTime();
            KMeansModel km = KMeans.fit(X, n, d, KMeans.Options.of(2, 42).withThreads(threads), labels);
            double kmSec = (System.nanoTime() - a) / 1e9;
            System.out.printf("threads=%d KMeans: %.2f s, %d iterations (%.3f s/iter incl. init), converged=%b, "
                    + "inertia=%.6g%n", threads, kmSec, km.iterations(), kmSec / km.iterations(), km.converged(),
                    km.inertia());

            a = System.nanoTime();
            Gmm.fit(X, n, d, labels, Gmm.Options.of(2).withMaxIter(0).withThreads(threads));
            double initSec = (System.nanoTime() - a) / 1e9;
            a = System.nanoTime();
            GmmModel g = Gmm.fit(X, n, d, labels, Gmm.Options.of(2).withMaxIter(gmmMaxIter).withThreads(threads));
            double gmmSec = (System.nanoTime() - a) / 1e9;
            System.out.printf("threads=%d GMM: %.2f s total, %d EM iterations, %.2f s/iteration (init M-step %.2f s),"
                    + " converged=%b, lowerBound=%.8g, weights=[%.4f, %.4f]%n", threads, gmmSec, g.iterations(),
                    (gmmSec - initSec) / Math.max(1, g.iterations()), initSec, g.converged(), g.lowerBound(),
                    g.weights()[0], g.weights()[1]);

            byte[] out = new byte[n];
            a = System.nanoTime();
            g.predict(X, n, out, 0, threads);
            double predSec = (System.nanoTime() - a) / 1e9;
            a = System.nanoTime();
            km.predict(X, n, out, 0, threads);
            double kpredSec = (System.nanoTime() - a) / 1e9;
            System.out.printf("threads=%d predict all rows: GMM %.2f s, KMeans %.3f s%n", threads, predSec, kpredSec);
        }
        System.out.printf("peak heap after data generation: %.0f MB (data %.0f MB); %s%n", peakHeapMb(),
                4.0 * n * d / 1e6, vmHwm());
    }

    static float[] generate(int n, int d, boolean dup, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int free = dup ? d - 62 : d;
        int factors = 16;
        double[][] f = new double[2][free * factors];
        for (int c = 0; c < 2; c++) {
            double scale = c == 0 ? 0.6 : 1.0;
            for (int p = 0; p < f[c].length; p++) {
                f[c][p] = scale * Phantoms.gaussian(rnd) / Math.sqrt(factors);
            }
        }
        double[] dir = new double[free];
        double nrm = 0;
        for (int m = 0; m < free; m++) {
            dir[m] = Phantoms.gaussian(rnd);
            nrm += dir[m] * dir[m];
        }
        double[][] mu = new double[2][free];
        for (int m = 0; m < free; m++) {
            double base = 10 + 2 * Phantoms.gaussian(rnd);
            mu[0][m] = base;
            mu[1][m] = base + 4 * dir[m] / Math.sqrt(nrm);
        }
        float[] X = new float[Math.multiplyExact(n, d)];
        double[] z = new double[factors];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextDouble() < 0.8 ? 0 : 1;
            for (int q = 0; q < factors; q++) {
                z[q] = Phantoms.gaussian(rnd);
            }
            int o = i * d;
            double[] fc = f[c];
            for (int m = 0; m < free; m++) {
                double v = mu[c][m] + Phantoms.gaussian(rnd);
                int fo = m * factors;
                for (int q = 0; q < factors; q++) {
                    v += fc[fo + q] * z[q];
                }
                X[o + m] = (float) v;
            }
            for (int m = free; m < d; m++) {
                X[o + m] = X[o + 1 + (m - free)];
            }
        }
        return X;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static double peakHeapMb() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                s += p.getPeakUsage().getUsed();
            }
        }
        return s / 1e6;
    }

    private static String vmHwm() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "";
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM")) {
                return "peak RSS " + line.substring(6).trim();
            }
        }
        return "";
    }
}
