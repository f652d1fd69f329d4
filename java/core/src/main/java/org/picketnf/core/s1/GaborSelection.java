package org.picketnf.core.s1;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntFunction;

import org.picketnf.core.BadInputException;
import org.picketnf.core.ParallelRange;
import org.picketnf.core.Volume;
import org.picketnf.core.s1.GaborFeatures.BankStats;

/**
 * PickET's Gabor filter selection: the response statistics of every bank filter over a fitting set, and the
 * filters with the largest response std. The public entry points are on {@link GaborFeatures}.
 */
final class GaborSelection {
    private GaborSelection() {
    }

    /**
     * {@code np.argsort(std)[-numOutput:]}: the indices of the numOutput largest stds, in ascending std order.
     * Ties (equal std, -0.0 equal to 0.0) are ordered by ascending index, as a stable sort would order them (numpy's
     * default quicksort leaves their order unspecified), so among tied filters at the cut the higher indices are
     * kept. NaN sorts last (largest), as in numpy. If numOutput &gt;= std.length, every index is returned.
     *
     * @throws BadInputException if numOutput &lt; 1
     */
    static int[] selectFilters(double[] std, int numOutput) {
        if (numOutput < 1) {
            throw new BadInputException("num_output_features must be >= 1, got " + numOutput);
        }
        Integer[] order = new Integer[std.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byStd = (p, q) -> {
            double a = std[p];
            double b = std[q];
            boolean na = Double.isNaN(a);
            boolean nb = Double.isNaN(b);
            if (na || nb) {
                return Boolean.compare(na, nb);
            }
            return a < b ? -1 : (a > b ? 1 : 0);
        };
        Arrays.sort(order, byStd.thenComparingInt(i -> i));
        int k = Math.min(numOutput, std.length);
        int[] sel = new int[k];
        for (int i = 0; i < k; i++) {
            sel[i] = order[std.length - k + i];
        }
        return sel;
    }

    /**
     * Adds the responses of ALL ns^3 bank filters at the picked interior voxels of section z to sum and sumSq
     * (double; indexed by bank index), in raster order.
     *
     * @param pick which interior voxels of the section belong to the fitting set, index (y-h)*(nx-2h) + (x-h);
     *        null means all
     * @return the number of voxels added
     */
    static long accumulateBankStats(Volume pre, int n, int numSinusoids, int z, boolean[] pick, double[] sum,
                                    double[] sumSq) {
        GaborBank.checkBank(n, numSinusoids);
        int nf = numSinusoids * numSinusoids * numSinusoids;
        int[] all = new int[nf];
        for (int i = 0; i < nf; i++) {
            all[i] = i;
        }
        return accumulate(new GaborPlan(n, numSinusoids, all), pre, z, pick, sum, sumSq);
    }

    private static long accumulate(GaborPlan plan, Volume pre, int z, boolean[] pick, double[] sum, double[] sumSq) {
        int h = plan.h;
        int nf = plan.selected.length;
        if (sum.length < nf || sumSq.length < nf) {
            throw new IllegalArgumentException("sum arrays need " + nf + " entries");
        }
        if (z < h || z >= pre.nz() - h) {
            throw new IllegalArgumentException("section z=" + z + " is not interior for n=" + plan.n);
        }
        int nxi = pre.nx() - 2 * h;
        int nyi = pre.ny() - 2 * h;
        if (nxi <= 0 || nyi <= 0) {
            return 0;
        }
        if (pick != null && pick.length < nxi * nyi) {
            throw new IllegalArgumentException("pick has " + pick.length + " entries, section has " + nxi * nyi);
        }
        GaborPasses w = new GaborPasses(plan, pre, z);
        float[] row = new float[nxi];
        int[] xs = new int[nxi];
        long count = 0;
        while (w.nextRow()) {
            int rowStart = (w.y - h) * nxi;
            int m = 0;
            for (int i = 0; i < nxi; i++) {
                if (pick == null || pick[rowStart + i]) {
                    xs[m++] = i;
                }
            }
            if (m == 0) {
                continue;
            }
            count += m;
            if (4 * m >= nxi) {
                for (int q = 0; q < plan.pairZSlot.length; q++) {
                    w.loadPair(q);
                    for (int k = plan.pairFilterStart[q]; k < plan.pairFilterStart[q + 1]; k++) {
                        int s = plan.pairFilters[k];
                        w.responseRow(s, row);
                        addRow(row, xs, m, m == nxi, sum, sumSq, s);
                    }
                }
            } else {
                // few picked voxels: stage 3 only where needed (same arithmetic as the row path)
                for (int s = 0; s < nf; s++) {
                    for (int k = 0; k < m; k++) {
                        row[k] = w.responseAt(s, xs[k]);
                    }
                    addRow(row, null, m, true, sum, sumSq, s);
                }
            }
        }
        return count;
    }

    /**
     * Adds values v[xs[k]] (or v[k] if dense), k = 0..m-1, to sum[s] and their squares to sumSq[s], in double,
     * with four interleaved partial sums (k mod 4) combined at the end: a fixed order, independent of threads.
     */
    private static void addRow(float[] v, int[] xs, int m, boolean dense, double[] sum, double[] sumSq, int s) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double q3 = 0;
        int k = 0;
        if (dense) {
            for (; k + 3 < m; k += 4) {
                double r0 = v[k];
                double r1 = v[k + 1];
                double r2 = v[k + 2];
                double r3 = v[k + 3];
                a0 += r0;
                a1 += r1;
                a2 += r2;
                a3 += r3;
                q0 += r0 * r0;
                q1 += r1 * r1;
                q2 += r2 * r2;
                q3 += r3 * r3;
            }
            for (; k < m; k++) {
                double r = v[k];
                a0 += r;
                q0 += r * r;
            }
        } else {
            for (; k + 3 < m; k += 4) {
                double r0 = v[xs[k]];
                double r1 = v[xs[k + 1]];
                double r2 = v[xs[k + 2]];
                double r3 = v[xs[k + 3]];
                a0 += r0;
                a1 += r1;
                a2 += r2;
                a3 += r3;
                q0 += r0 * r0;
                q1 += r1 * r1;
                q2 += r2 * r2;
                q3 += r3 * r3;
            }
            for (; k < m; k++) {
                double r = v[xs[k]];
                a0 += r;
                q0 += r * r;
            }
        }
        sum[s] += (a0 + a1) + (a2 + a3);
        sumSq[s] += (q0 + q1) + (q2 + q3);
    }

    /**
     * Bank statistics over the windows centred on sections zFrom..zTo-1 (all interior), parallel over sections.
     * Per-section sums are added in z order, so the result is the same for any thread count.
     *
     * @param pick per section z, which interior voxels to use (see {@link #accumulateBankStats}); null, or a null
     *        result for a section, means all of them
     */
    static BankStats bankStats(Volume pre, int n, int numSinusoids, int zFrom, int zTo, IntFunction<boolean[]> pick,
                               int threads) {
        GaborBank.checkBank(n, numSinusoids);
        int h = n / 2;
        if (zFrom < h || zTo > pre.nz() - h || zFrom > zTo) {
            throw new IllegalArgumentException("section range [" + zFrom + "," + zTo + ") is not interior for n=" + n
                    + " in a volume with nz=" + pre.nz());
        }
        int nf = numSinusoids * numSinusoids * numSinusoids;
        int[] all = new int[nf];
        for (int i = 0; i < nf; i++) {
            all[i] = i;
        }
        GaborPlan plan = new GaborPlan(n, numSinusoids, all);
        int nSec = zTo - zFrom;
        double[][] sums = new double[nSec][];
        double[][] sqs = new double[nSec][];
        long[] counts = new long[nSec];
        ParallelRange.forRange(zFrom, zTo, threads, z -> {
            double[] s = new double[nf];
            double[] q = new double[nf];
            boolean[] p = pick == null ? null : pick.apply(z);
            counts[z - zFrom] = accumulate(plan, pre, z, p, s, q);
            sums[z - zFrom] = s;
            sqs[z - zFrom] = q;
        });
        double[] sum = new double[nf];
        double[] sumSq = new double[nf];
        long count = 0;
        for (int i = 0; i < nSec; i++) {
            count += counts[i];
            for (int f = 0; f < nf; f++) {
                sum[f] += sums[i][f];
                sumSq[f] += sqs[i][f];
            }
        }
        return new BankStats(count, sum, sumSq);
    }

}
