package org.picketnf.core.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.picketnf.core.Geometry;
import org.picketnf.core.Volume;
import org.picketnf.core.s1.FeatureFlops;
import org.picketnf.core.s1.FftFeatures;
import org.picketnf.core.s1.GaborFeatures;
import org.picketnf.core.s1.IntensityFeatures;
import org.picketnf.core.s1.SectionFeatures;

/**
 * Achieved GFLOP/s of S1's hot kernels on one thread, for bench/roofline.sh (not a unit test: a main run from the
 * test classpath, because the kernels are package-private). Each kernel runs on synthetic data of the pipeline's
 * shapes (5x5x5 windows: d = 125 for intensities, 63 for ffts, 64 for gabor; blocks of 256 rows) for about the time
 * given, after a warm-up of the same length, and prints one line
 * {@code kernel=<name> precision=<float|double> flops_per_item=<F> items_per_s=<R> gflops=<G>}. A flop is one
 * multiply, add or subtract (a multiply-add counts 2); the per-item counts are those of the loops as written.
 *
 * <p>Usage: {@code java -cp <tools fat jar>:<core test classes> org.picketnf.core.cluster.KernelRoofline [SECONDS]}
 */
public final class KernelRoofline {
    private static final int D = 125;
    private static final int ROWS = 1 << 16;

    private KernelRoofline() {
    }

    interface Kernel {
        /** Runs once; returns the number of items processed. */
        long run();
    }

    record Result(String name, String precision, double flopsPerItem, double itemsPerS) {
        String line() {
            return String.format(Locale.ROOT, "kernel=%s precision=%s flops_per_item=%.0f items_per_s=%.4g gflops=%.2f",
                    name, precision, flopsPerItem, itemsPerS, flopsPerItem * itemsPerS / 1e9);
        }
    }

    static Result time(String name, String precision, double flopsPerItem, double seconds, Kernel k) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) { // warm-up: C2 compiles the loops
            k.run();
        }
        double best = 0;
        end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            long items = k.run();
            double rate = items / ((System.nanoTime() - t0) / 1e9);
            best = Math.max(best, rate);
        }
        return new Result(name, precision, flopsPerItem, best);
    }

    static float[] gaussianRows(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1 + (i % d == 0 ? 0.5 : 0));
        }
        return x;
    }

    static Result feature(String name, SectionFeatures f, double flopsPerVoxel, double seconds) {
        int nx = 256;
        int ny = 64;
        int nz = 9;
        int h = f.size() / 2;
        Volume v = new Volume(nx, ny, nz, gaussianRows(nx * ny * nz, 1, 7), Geometry.UNIT);
        int interior = (nx - 2 * h) * (ny - 2 * h);
        float[] out = new float[interior * f.dimension()];
        return time(name, "float", flopsPerVoxel, seconds, () -> {
            for (int z = h; z < nz - h; z++) {
                f.section(v, z, out);
            }
            return (long) interior * (nz - 2 * h);
        });
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        List<Result> out = new ArrayList<>();
        int n = 5;

        out.add(feature("features_ffts", new FftFeatures(n), FeatureFlops.ffts(n), seconds));
        int[] selected = new int[GaborFeatures.DEFAULT_NUM_OUTPUT];
        for (int i = 0; i < selected.length; i++) { // 64 of the 1000 filters, spread over the bank
            selected[i] = (i * 997 + 13) % 1000;
        }
        out.add(feature("features_gabor", new GaborFeatures(n, GaborFeatures.DEFAULT_NUM_SINUSOIDS, selected),
                FeatureFlops.gabor(n, GaborFeatures.DEFAULT_NUM_SINUSOIDS, selected), seconds));
        // intensities: a copy of the window (no arithmetic): printed as GB/s written, 4 * 125 bytes per voxel
        Result copy = feature("features_intensities", new IntensityFeatures(n), 0, seconds);
        System.out.println(String.format(Locale.ROOT,
                "kernel=features_intensities precision=float bytes_per_item=500 items_per_s=%.4g gbytes_per_s=%.2f",
                copy.itemsPerS(), copy.itemsPerS() * 500 / 1e9));

        float[] X = gaussianRows(ROWS, D, 11);
        byte[] labels = new byte[ROWS];
        // Lloyd iterations of KMeans fitting (k = 2): per row and iteration the distances to both centres
        // (3d each) and the centre update (d adds); the k-means++ start is included in the time (a few percent)
        int iters = 10;
        out.add(time("kmeans_fit", "double", 7.0 * D, seconds, () -> {
            KMeansModel m = KMeans.fit(X, ROWS, D, KMeans.Options.of(2, 3).withMaxIter(iters).withTol(0));
            return (long) ROWS * m.iterations();
        }));

        double[][] centers = new double[2][D];
        centers[1][0] = 1.0;
        KMeansModel km = new KMeansModel(centers, 1, 0, true);
        GmmModel g = Gmm.fit(X, ROWS, D, 2, 1, 1);
        GmmModel.Evaluator ev = g.evaluator();
        GmmModel.Evaluator.Scratch s = ev.scratch();
        // E-step: per component the centring (d) and a triangular form (d(d+1)/2 multiply-adds + d squares/adds)
        out.add(time("gmm_estep", "double", 2 * (D + D * (D + 1.0) + 2 * D), seconds, () -> {
            for (int r0 = 0; r0 < ROWS; r0 += Kernels.BLOCK) {
                ev.logWeighted(X, r0, Kernels.BLOCK, s);
            }
            return ROWS;
        }));

        double[][] rows = new double[Kernels.BLOCK][Kernels.rowWidth(D)];
        double[] shift = new double[D];
        double[][] S = new double[D][D];
        // M-step covariance: rank-1 update of the upper triangle per row, d(d+1)/2 multiply-adds
        out.add(time("gmm_mstep_cov", "double", D * (D + 1.0), seconds, () -> {
            for (int r0 = 0; r0 < ROWS; r0 += Kernels.BLOCK) {
                Kernels.toRows(X, r0, Kernels.BLOCK, D, shift, rows);
                Kernels.syrkUpper(rows, Kernels.BLOCK, D, S);
            }
            return ROWS;
        }));

        // predict, two components: one symmetric form z^T A z - 2 b^T z, d(d+1)/2 multiply-adds + 3d
        out.add(time("predict_gmm", "double", D * (D + 1.0) + 4 * D, seconds, () -> {
            g.predict(X, ROWS, labels, 0, 1);
            return ROWS;
        }));
        // nearest of k = 2 centres: per centre d subtracts, d multiplies, d adds
        out.add(time("predict_kmeans", "double", 2 * 3.0 * D, seconds, () -> {
            km.predict(X, ROWS, labels, 0, 1);
            return ROWS;
        }));
        for (Result r : out) {
            if (r.flopsPerItem() > 0) {
                System.out.println(r.line());
            }
        }
    }
}
