package org.picketnf.core.s1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

import org.picketnf.core.BadInputException;
import org.picketnf.core.ParallelRange;
import org.picketnf.core.Volume;

/**
 * PickET's {@code gabor} feature: responses of cosine Gabor filters from its fixed bank, selected by response std.
 *
 * <p><b>The bank</b> ({@link #bank}), reproduced with PickET's quirks: num_sinusoids^3 filters of n^3 floats
 * (1000 x 125 by default), filter index {@code idx = iz*ns^2 + iy*ns + ix} for frequencies
 * {@code f = linspace(0, 0.5, ns)} (cycles per grid unit). The wave grid is {@code c = linspace(0, n, n)} (step
 * n/(n-1) = 1.25 for n = 5, origin at the window corner) and, because {@code np.meshgrid} indexes 'xy', the
 * frequency named z runs along the window's y axis and the one named y along its z axis:
 * <pre>  filter[idx][(dz*n + dy)*n + dx] = float32( cos(2 pi (f[iz] c[dy] + f[iy] c[dz] + f[ix] c[dx]))
 *                                          * exp(-r^2 / (4 sigma^2)) )</pre>
 * with r^2 = (dz-h)^2 + (dy-h)^2 + (dx-h)^2 and sigma = h/3 (PickET's exp(-0.5 r^2/(2 sigma^2))). A response is
 * the plain dot product of the C-order window with a filter (correlation at the centre, no flip).
 *
 * <p><b>Selection</b>: PickET keeps {@code np.argsort(std)[-num_output:]} where std is the population std of each
 * filter's response over the fitting windows. Use {@link #bankStats} (or {@link #accumulateBankStats} per section),
 * {@link BankStats#std()} and {@link #selectFilters}. This class's {@link #section} then computes the selected
 * responses, in the order of the selected indices.
 *
 * <p><b>Fast path</b>: cos(P + a + b + c) = Re(e^{iP} e^{ia} e^{ib} e^{ic}) with centred coordinates and a separable
 * envelope, so a response is the real part of a separable complex correlation: a z-pass per distinct z-axis
 * frequency (shared by all filters), kept in a ring of n rows; a y-pass per distinct (z, y) frequency pair; an
 * x-pass per filter with the constant phase e^{iP} folded in. Float arithmetic; differences from the dot product
 * with the float32 bank are about 1e-6 of the window's sum of |values|.
 *
 * <p>Threading: immutable; {@link #section} and {@link #accumulateBankStats} allocate their own scratch (rows of
 * nx floats: 2n per z-frequency, 2 per (z, y) frequency pair, about 3n + 6 more; at most about 325 rows, 0.7 MB at
 * nx = 512, for the whole default bank), so they may run on several threads at once. {@link #bankStats}
 * parallelises over sections and adds the per-section sums in z order, so its result does not depend on the thread
 * count.
 *
 * <p>Speed note: JDK 17's C2 vectorises a loop only if every array access uses the plain loop index and the body is
 * small; the passes are written that way (shifted x-taps are copied rows). The bank statistics cost about ten
 * times the 64 selected features, because every one of the 1000 responses is formed and squared in double.
 */
public final class GaborFeatures implements SectionFeatures {
    /** PickET's default {@code num_sinusoids}. */
    public static final int DEFAULT_NUM_SINUSOIDS = 10;
    /** PickET's default {@code num_output_features}. */
    public static final int DEFAULT_NUM_OUTPUT = 64;
    /** Largest bank frequency, cycles per grid unit. */
    public static final double MAX_FREQ = 0.5;

    private final Plan plan;

    /**
     * Features made of the given bank filters.
     *
     * @param n window size, odd and &gt;= 3
     * @param numSinusoids frequencies per axis, &gt;= 1
     * @param selected bank indices (0 .. ns^3-1), in output order, e.g. from {@link #selectFilters}
     */
    public GaborFeatures(int n, int numSinusoids, int[] selected) {
        if (selected.length == 0) {
            throw new IllegalArgumentException("no Gabor filters selected");
        }
        this.plan = new Plan(n, numSinusoids, selected.clone());
    }

    @Override
    public int dimension() {
        return plan.selected.length;
    }

    @Override
    public int size() {
        return plan.n;
    }

    /** Frequencies per axis of the bank. */
    public int numSinusoids() {
        return plan.ns;
    }

    /** The selected bank indices, in output order (a copy). */
    public int[] selected() {
        return plan.selected.clone();
    }

    @Override
    public void section(Volume pre, int z, float[] out) {
        if (!SectionFeatures.checkSection(this, pre, z, out)) {
            return;
        }
        int dim = dimension();
        Worker w = new Worker(plan, pre, z);
        float[] row = new float[w.nxi];
        while (w.nextRow()) {
            int base = (w.y - plan.h) * w.nxi * dim;
            for (int q = 0; q < plan.pairZSlot.length; q++) {
                w.loadPair(q);
                for (int k = plan.pairFilterStart[q]; k < plan.pairFilterStart[q + 1]; k++) {
                    int s = plan.pairFilters[k];
                    w.responseRow(s, row);
                    for (int i = 0, o = base + s; i < w.nxi; i++, o += dim) {
                        out[o] = row[i];
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the bank

    /** {@code numpy.linspace(0, stop, num)} (endpoint included; last value exactly stop). */
    static double[] linspace(double stop, int num) {
        double[] v = new double[num];
        if (num == 1) {
            return v;
        }
        double step = stop / (num - 1);
        for (int i = 0; i < num; i++) {
            v[i] = i * step;
        }
        v[num - 1] = stop;
        return v;
    }

    /** The bank frequencies per axis, {@code linspace(0, 0.5, numSinusoids)}. */
    public static double[] frequencies(int numSinusoids) {
        checkBank(3, numSinusoids);
        return linspace(MAX_FREQ, numSinusoids);
    }

    /**
     * PickET's explicit filter bank: {@code bank[idx][(dz*n + dy)*n + dx]}, idx = iz*ns^2 + iy*ns + ix, computed in
     * double as numpy does and rounded to float32 (see the class comment for the formula).
     *
     * @param n window size, odd and &gt;= 3
     * @param numSinusoids frequencies per axis, &gt;= 1
     */
    public static float[][] bank(int n, int numSinusoids) {
        checkBank(n, numSinusoids);
        int h = n / 2;
        int ns = numSinusoids;
        double[] f = linspace(MAX_FREQ, ns);
        double[] c = linspace(n, n);
        double sigma = h / 3.0;
        double twoSigma2 = 2 * (sigma * sigma);
        float[][] bank = new float[ns * ns * ns][n * n * n];
        for (int iz = 0; iz < ns; iz++) {
            for (int iy = 0; iy < ns; iy++) {
                for (int ix = 0; ix < ns; ix++) {
                    float[] filt = bank[(iz * ns + iy) * ns + ix];
                    for (int dz = 0; dz < n; dz++) {
                        for (int dy = 0; dy < n; dy++) {
                            for (int dx = 0; dx < n; dx++) {
                                // np.meshgrid('xy'): the grid named z varies along axis 1 (dy), y along axis 0 (dz)
                                double arg = f[iz] * c[dy] + f[iy] * c[dz] + f[ix] * c[dx];
                                double wave = StrictMath.cos(2 * Math.PI * arg);
                                int r2 = (dx - h) * (dx - h) + (dy - h) * (dy - h) + (dz - h) * (dz - h);
                                double gauss = StrictMath.exp(-0.5 * (r2 / twoSigma2));
                                filt[(dz * n + dy) * n + dx] = (float) (wave * gauss);
                            }
                        }
                    }
                }
            }
        }
        return bank;
    }

    private static void checkBank(int n, int numSinusoids) {
        SectionFeatures.checkSize(n);
        if (n < 3) {
            throw new IllegalArgumentException("Gabor features need a neighborhood size >= 3 (PickET's envelope is "
                    + "NaN for n = 1), got " + n);
        }
        if (numSinusoids < 1 || numSinusoids > 1290) {
            throw new IllegalArgumentException("num_sinusoids must be in 1..1290, got " + numSinusoids);
        }
    }

    // ------------------------------------------------------------------------------------------ selection

    /**
     * {@code np.argsort(std)[-numOutput:]}: the indices of the numOutput largest stds, in ascending std order.
     * Ties (equal std, -0.0 equal to 0.0) are ordered by ascending index, as a stable sort would order them (numpy's
     * default quicksort leaves their order unspecified), so among tied filters at the cut the higher indices are
     * kept. NaN sorts last (largest), as in numpy. If numOutput &gt;= std.length, every index is returned.
     *
     * @throws BadInputException if numOutput &lt; 1
     */
    public static int[] selectFilters(double[] std, int numOutput) {
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
     * Sums of every bank filter's responses over a fitting set.
     *
     * @param count number of windows summed
     * @param sum per bank filter, the sum of its responses
     * @param sumSq per bank filter, the sum of its squared responses
     */
    public record BankStats(long count, double[] sum, double[] sumSq) {
        /** Population std (ddof = 0) per filter: sqrt(max(0, sumSq/N - (sum/N)^2)); NaN if count is 0. */
        public double[] std() {
            double[] s = new double[sum.length];
            for (int i = 0; i < s.length; i++) {
                double mean = sum[i] / count;
                double var = sumSq[i] / count - mean * mean;
                s[i] = Math.sqrt(Math.max(0.0, var));
                if (count == 0) {
                    s[i] = Double.NaN;
                }
            }
            return s;
        }
    }

    /**
     * Adds the responses of ALL ns^3 bank filters at the picked interior voxels of section z to sum and sumSq
     * (double; indexed by bank index), in raster order.
     *
     * @param pick which interior voxels of the section belong to the fitting set, index (y-h)*(nx-2h) + (x-h);
     *        null means all
     * @return the number of voxels added
     */
    public static long accumulateBankStats(Volume pre, int n, int numSinusoids, int z, boolean[] pick,
                                           double[] sum, double[] sumSq) {
        checkBank(n, numSinusoids);
        int nf = numSinusoids * numSinusoids * numSinusoids;
        int[] all = new int[nf];
        for (int i = 0; i < nf; i++) {
            all[i] = i;
        }
        return accumulate(new Plan(n, numSinusoids, all), pre, z, pick, sum, sumSq);
    }

    private static long accumulate(Plan plan, Volume pre, int z, boolean[] pick, double[] sum, double[] sumSq) {
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
        Worker w = new Worker(plan, pre, z);
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
    public static BankStats bankStats(Volume pre, int n, int numSinusoids, int zFrom, int zTo,
                                      IntFunction<boolean[]> pick, int threads) {
        checkBank(n, numSinusoids);
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
        Plan plan = new Plan(n, numSinusoids, all);
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

    // ------------------------------------------------------------------------------------------ fast path

    /** Immutable kernels and pass structure for a list of bank filters. */
    private static final class Plan {
        final int n;
        final int h;
        final int ns;
        final int[] selected;
        /** distinct z-axis frequency indices, ascending; their centred kernels a (even) / b (odd), e = 0..h. */
        final int[] zFreqs;
        /** per distinct (z-freq, y-freq) pair, grouped by z-freq: slot of its z-freq in zFreqs, y-freq index. */
        final int[] pairZSlot;
        final int[] pairYFreq;
        /** first pair of each z slot, and one past the last. */
        final int[] zSlotPairStart;
        final float[][] a;
        final float[][] b;
        /** per selected filter: its pair, and its full x kernel (phase folded in), d = 0..n-1. */
        final int[] filterPair;
        /** selected-filter positions grouped by pair: those of pair q are pairFilters[pairFilterStart[q] ..]. */
        final int[] pairFilters;
        final int[] pairFilterStart;
        final float[][] kr;
        final float[][] ki;

        Plan(int n, int ns, int[] selected) {
            checkBank(n, ns);
            int nf = ns * ns * ns;
            for (int s : selected) {
                if (s < 0 || s >= nf) {
                    throw new IllegalArgumentException("Gabor filter index " + s + " outside 0.." + (nf - 1));
                }
            }
            this.n = n;
            this.h = n / 2;
            this.ns = ns;
            this.selected = selected;
            double[] f = linspace(MAX_FREQ, ns);
            double step = (double) n / (n - 1);
            double sigma = h / 3.0;
            double[] g = new double[h + 1];
            for (int e = 0; e <= h; e++) {
                g[e] = Math.exp(-(e * e) / (4 * sigma * sigma));
            }
            a = new float[ns][h + 1];
            b = new float[ns][h + 1];
            for (int i = 0; i < ns; i++) {
                double psi = 2 * Math.PI * f[i] * step;
                for (int e = 0; e <= h; e++) {
                    a[i][e] = (float) (g[e] * Math.cos(psi * e));
                    b[i][e] = (float) (g[e] * Math.sin(psi * e));
                }
            }
            // axis frequencies of each filter (meshgrid swap: z axis <- iy, y axis <- iz)
            boolean[] zUsed = new boolean[ns];
            boolean[][] pairUsed = new boolean[ns][ns];
            for (int s : selected) {
                int fz = (s / ns) % ns;
                int fy = s / (ns * ns);
                zUsed[fz] = true;
                pairUsed[fz][fy] = true;
            }
            List<Integer> zl = new ArrayList<>();
            for (int i = 0; i < ns; i++) {
                if (zUsed[i]) {
                    zl.add(i);
                }
            }
            zFreqs = zl.stream().mapToInt(Integer::intValue).toArray();
            int[][] pairId = new int[ns][ns];
            List<int[]> pairs = new ArrayList<>();
            zSlotPairStart = new int[zFreqs.length + 1];
            for (int zs = 0; zs < zFreqs.length; zs++) {
                zSlotPairStart[zs] = pairs.size();
                for (int fy = 0; fy < ns; fy++) {
                    if (pairUsed[zFreqs[zs]][fy]) {
                        pairId[zFreqs[zs]][fy] = pairs.size();
                        pairs.add(new int[] {zs, fy});
                    }
                }
            }
            zSlotPairStart[zFreqs.length] = pairs.size();
            pairZSlot = pairs.stream().mapToInt(p -> p[0]).toArray();
            pairYFreq = pairs.stream().mapToInt(p -> p[1]).toArray();
            filterPair = new int[selected.length];
            kr = new float[selected.length][n];
            ki = new float[selected.length][n];
            for (int k = 0; k < selected.length; k++) {
                int s = selected[k];
                int fz = (s / ns) % ns;
                int fy = s / (ns * ns);
                int fx = s % ns;
                filterPair[k] = pairId[fz][fy];
                double phase = 2 * Math.PI * step * h * (f[fz] + f[fy] + f[fx]);
                double psi = 2 * Math.PI * f[fx] * step;
                for (int d = 0; d < n; d++) {
                    int e = d - h;
                    double ge = g[Math.abs(e)];
                    double t = phase + psi * e;
                    kr[k][d] = (float) (ge * Math.cos(t));
                    ki[k][d] = (float) (ge * Math.sin(t));
                }
            }
            int np = pairZSlot.length;
            pairFilterStart = new int[np + 1];
            for (int k = 0; k < selected.length; k++) {
                pairFilterStart[filterPair[k] + 1]++;
            }
            for (int q = 0; q < np; q++) {
                pairFilterStart[q + 1] += pairFilterStart[q];
            }
            pairFilters = new int[selected.length];
            int[] fill = pairFilterStart.clone();
            for (int k = 0; k < selected.length; k++) {
                pairFilters[fill[filterPair[k]]++] = k;
            }
        }
    }

    /** Per-call scratch: walks the output rows of one section, leaving the y-pass results of the current row. */
    private static final class Worker {
        final Plan p;
        final float[] d;
        final int nx;
        final int ny;
        final int z;
        final int nxi;
        final int len;
        /** ring[slot][2*zs] / [2*zs+1]: Re / Im of the z-pass for z-frequency slot zs (Im unused for f = 0). */
        final float[][][] ring;
        final float[][] rows;
        final float[][] sym;
        /** per pair q: Re plane 2q, Im plane 2q+1, each nx long. */
        final float[][] f2;
        /** shifted copies of the current pair's y-pass row for the x-pass: xr[d][i] = Re(i + d). */
        final float[][] xr;
        final float[][] xi;
        final float[][] taps;
        final float[][] tapsIm;
        int yNext;
        /** current output row (interior y), valid after nextRow() returned true. */
        int y = -1;

        Worker(Plan p, Volume pre, int z) {
            this.p = p;
            this.d = pre.data();
            this.nx = pre.nx();
            this.ny = pre.ny();
            this.z = z;
            this.nxi = nx - 2 * p.h;
            this.len = nx;
            int n = p.n;
            ring = new float[n][2 * p.zFreqs.length][len];
            rows = SymTaps.planes(n, len);
            sym = SymTaps.planes(2 + 4 * p.h, len);
            f2 = SymTaps.planes(2 * p.pairZSlot.length, len);
            xr = SymTaps.planes(n, Math.max(0, nxi));
            xi = SymTaps.planes(n, Math.max(0, nxi));
            taps = new float[n][];
            tapsIm = new float[n][];
            yNext = 0;
        }

        /** Advances to the next interior output row; false when the section is done. */
        boolean nextRow() {
            int n = p.n;
            int h = p.h;
            if (nxi <= 0 || ny - 2 * h <= 0) {
                return false;
            }
            while (yNext < ny) {
                int yp = yNext++;
                // stage 1: z-pass of row yp for every used z frequency
                for (int t = 0; t < n; t++) {
                    System.arraycopy(d, ((z - h + t) * ny + yp) * nx, rows[t], 0, len);
                }
                SymTaps.symReal(rows, h, len, sym);
                float[][] slot = ring[yp % n];
                for (int zs = 0; zs < p.zFreqs.length; zs++) {
                    int fz = p.zFreqs[zs];
                    SymTaps.applyReal(sym, h, len, p.a[fz], p.b[fz], 1f, slot[2 * zs], fz == 0 ? null : slot[2 * zs + 1]);
                }
                if (yp < 2 * h) {
                    continue;
                }
                y = yp - h;
                // stage 2: y-pass per (z-freq, y-freq) pair
                for (int zs = 0; zs < p.zFreqs.length; zs++) {
                    boolean real = p.zFreqs[zs] == 0;
                    for (int t = 0; t < n; t++) {
                        float[][] sl = ring[(y - h + t) % n];
                        taps[t] = sl[2 * zs];
                        tapsIm[t] = sl[2 * zs + 1];
                    }
                    if (real) {
                        SymTaps.symReal(taps, h, len, sym);
                    } else {
                        SymTaps.symComplex(taps, tapsIm, h, len, sym);
                    }
                    for (int q = p.zSlotPairStart[zs]; q < p.zSlotPairStart[zs + 1]; q++) {
                        int fy = p.pairYFreq[q];
                        if (real) {
                            SymTaps.applyReal(sym, h, len, p.a[fy], p.b[fy], 1f, f2[2 * q], f2[2 * q + 1]);
                        } else {
                            SymTaps.applyComplex(sym, h, len, p.a[fy], p.b[fy], 1f, f2[2 * q], f2[2 * q + 1]);
                        }
                    }
                }
                return true;
            }
            return false;
        }

        /** Prepares the x-pass taps of pair q for {@link #responseRow}. */
        void loadPair(int q) {
            SymTaps.shiftedTaps(f2[2 * q], p.n, nxi, xr);
            SymTaps.shiftedTaps(f2[2 * q + 1], p.n, nxi, xi);
        }

        /**
         * Stage 3 for selected filter s (whose pair was loaded by {@link #loadPair}) over the current row:
         * dst[i], i = 0..nxi-1 (x = i + h): sum_d kr_d Re(x+d) - ki_d Im(x+d). For n = 5 the real and imaginary
         * sums are formed separately and subtracted; otherwise term by term. {@link #responseAt} does exactly the
         * same operations, so both give the same bits.
         */
        void responseRow(int s, float[] dst) {
            float[] kr = p.kr[s];
            float[] ki = p.ki[s];
            int m = nxi;
            if (kr.length == 5) {
                float r0 = kr[0];
                float r1 = kr[1];
                float r2 = kr[2];
                float r3 = kr[3];
                float r4 = kr[4];
                float i0 = ki[0];
                float i1 = ki[1];
                float i2 = ki[2];
                float i3 = ki[3];
                float i4 = ki[4];
                float[] a0 = xr[0];
                float[] a1 = xr[1];
                float[] a2 = xr[2];
                float[] a3 = xr[3];
                float[] a4 = xr[4];
                float[] b0 = xi[0];
                float[] b1 = xi[1];
                float[] b2 = xi[2];
                float[] b3 = xi[3];
                float[] b4 = xi[4];
                // two 5-term passes: JDK 17 C2 does not vectorise a 10-load loop body (it cannot unroll it enough)
                for (int i = 0; i < m; i++) {
                    dst[i] = r0 * a0[i] + r1 * a1[i] + r2 * a2[i] + r3 * a3[i] + r4 * a4[i];
                }
                for (int i = 0; i < m; i++) {
                    dst[i] -= i0 * b0[i] + i1 * b1[i] + i2 * b2[i] + i3 * b3[i] + i4 * b4[i];
                }
                return;
            }
            float r0 = kr[0];
            float i0 = ki[0];
            float[] a0 = xr[0];
            float[] b0 = xi[0];
            for (int i = 0; i < m; i++) {
                dst[i] = r0 * a0[i] - i0 * b0[i];
            }
            for (int t = 1; t < kr.length; t++) {
                float rt = kr[t];
                float it = ki[t];
                float[] at = xr[t];
                float[] bt = xi[t];
                for (int i = 0; i < m; i++) {
                    dst[i] += rt * at[i] - it * bt[i];
                }
            }
        }

        /** Stage 3 for selected filter s at one voxel (reads the y-pass row directly); same arithmetic as above. */
        float responseAt(int s, int x0) {
            int q = p.filterPair[s];
            float[] re = f2[2 * q];
            float[] im = f2[2 * q + 1];
            float[] kr = p.kr[s];
            float[] ki = p.ki[s];
            if (kr.length == 5) {
                float r = kr[0] * re[x0] + kr[1] * re[x0 + 1] + kr[2] * re[x0 + 2] + kr[3] * re[x0 + 3]
                        + kr[4] * re[x0 + 4];
                return r - (ki[0] * im[x0] + ki[1] * im[x0 + 1] + ki[2] * im[x0 + 2] + ki[3] * im[x0 + 3]
                        + ki[4] * im[x0 + 4]);
            }
            float acc = kr[0] * re[x0] - ki[0] * im[x0];
            for (int t = 1; t < kr.length; t++) {
                acc += kr[t] * re[x0 + t] - ki[t] * im[x0 + t];
            }
            return acc;
        }
    }
}
