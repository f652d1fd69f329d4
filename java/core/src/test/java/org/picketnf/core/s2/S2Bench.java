package org.picketnf.core.s2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.picketnf.core.Shape;
import org.picketnf.core.Volume;
import org.picketnf.core.mrc.MrcFile;

/**
 * Benchmark of the S2 numerics (not a unit test): wall seconds of CC (+ centroids), EDT, peaks and watershed
 * (+ centroids) on a seeded 512x512x200 blob mask (about 10 % foreground), then all 12 localisations of the tomo1
 * reference segmentations in the same JVM.
 *
 * <pre>
 * mvn -q -o -pl core test-compile
 * java -Xmx2g -cp core/target/classes:core/target/test-classes org.picketnf.core.s2.S2Bench [threads] [refDir]
 * </pre>
 */
public final class S2Bench {
    private S2Bench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Path ref = Path.of(args.length > 1 ? args[1] : "/work/shared/reference/picket-py-tomo1");
        int nx = 512, ny = 512, nz = 200;
        long t0 = System.nanoTime();
        byte[] mask = blobs(new Random(42), nx, ny, nz, 0.10);
        long fg = 0;
        for (byte b : mask) {
            fg += b;
        }
        System.out.printf(Locale.ROOT, "mask %dx%dx%d, %.1f %% foreground, made in %.2f s; threads %d%n", nx, ny, nz,
                100.0 * fg / mask.length, sec(t0), threads);
        for (int rep = 0; rep < 2; rep++) {
            run("blobs rep " + rep, mask, nx, ny, nz, threads);
        }
        if (Files.isDirectory(ref)) {
            long all = System.nanoTime();
            for (String seg : S2PicketFidelityTest.SEGMENTATIONS) {
                Volume v = MrcFile.open(ref.resolve("segmentation_0_" + seg + ".mrc")).readVolume();
                byte[] m = new byte[v.size()];
                for (int i = 0; i < m.length; i++) {
                    m[i] = (byte) (v.data()[i] == 1f ? 1 : 0);
                }
                run("tomo1 " + seg, m, v.nx(), v.ny(), v.nz(), threads);
            }
            System.out.printf(Locale.ROOT, "tomo1: 12 localisations (6 CC + 6 WS, incl. reading) in %.2f s%n",
                    sec(all));
        }
    }

    private static void run(String name, byte[] mask, int nx, int ny, int nz, int threads) {
        long t = System.nanoTime();
        List<Particle> cc = Centroids.of(ConnectedComponents.label(mask, new Shape(nx, ny, nz)));
        double tcc = sec(t);
        t = System.nanoTime();
        float[] edt = DistanceTransform.edt(mask, new Shape(nx, ny, nz), threads);
        double tedt = sec(t);
        t = System.nanoTime();
        int[] peaks = PeakLocalMax.peaks(edt, new Shape(nx, ny, nz), 15, threads);
        double tpk = sec(t);
        t = System.nanoTime();
        List<Particle> ws = Centroids.of(Watershed.fromPeaks(edt, mask, new Shape(nx, ny, nz), peaks));
        double tws = sec(t);
        System.out.printf(Locale.ROOT, "%-26s CC %.3f s (%d) | EDT %.3f s | peaks %.3f s (%d) | watershed %.3f s (%d)"
                + " | total %.3f s%n", name, tcc, cc.size(), tedt, tpk, peaks.length, tws, ws.size(),
                tcc + tedt + tpk + tws);
    }

    private static double sec(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Random balls of radius 4..14 until the foreground fraction is reached. */
    static byte[] blobs(Random rnd, int nx, int ny, int nz, double fraction) {
        byte[] m = new byte[nx * ny * nz];
        long fg = 0;
        long target = (long) (fraction * m.length);
        while (fg < target) {
            int cx = rnd.nextInt(nx), cy = rnd.nextInt(ny), cz = rnd.nextInt(nz);
            double r = 4 + 10 * rnd.nextDouble();
            int ri = (int) Math.ceil(r);
            for (int z = Math.max(0, cz - ri); z <= Math.min(nz - 1, cz + ri); z++) {
                for (int y = Math.max(0, cy - ri); y <= Math.min(ny - 1, cy + ri); y++) {
                    for (int x = Math.max(0, cx - ri); x <= Math.min(nx - 1, cx + ri); x++) {
                        int dx = x - cx, dy = y - cy, dz = z - cz;
                        int i = (z * ny + y) * nx + x;
                        if (dx * dx + dy * dy + dz * dz <= r * r && m[i] == 0) {
                            m[i] = 1;
                            fg++;
                        }
                    }
                }
            }
        }
        return m;
    }
}
