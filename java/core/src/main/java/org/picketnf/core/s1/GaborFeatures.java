package org.picketnf.core.s1;

import java.util.function.IntFunction;

import org.picketnf.core.BadInputException;
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

    private final GaborPlan plan;

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
        this.plan = new GaborPlan(n, numSinusoids, selected.clone());
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
        GaborPasses w = new GaborPasses(plan, pre, z);
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

    /** The bank frequencies per axis, {@code linspace(0, 0.5, numSinusoids)}. */
    public static double[] frequencies(int numSinusoids) {
        return GaborBank.frequencies(numSinusoids);
    }

    /**
     * PickET's explicit filter bank: {@code bank[idx][(dz*n + dy)*n + dx]}, idx = iz*ns^2 + iy*ns + ix, computed in
     * double as numpy does and rounded to float32 (see the class comment for the formula).
     *
     * @param n window size, odd and &gt;= 3
     * @param numSinusoids frequencies per axis, &gt;= 1
     */
    public static float[][] bank(int n, int numSinusoids) {
        return GaborBank.bank(n, numSinusoids);
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
        return GaborSelection.selectFilters(std, numOutput);
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
        return GaborSelection.accumulateBankStats(pre, n, numSinusoids, z, pick, sum, sumSq);
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
        return GaborSelection.bankStats(pre, n, numSinusoids, zFrom, zTo, pick, threads);
    }
}
