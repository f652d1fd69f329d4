package org.picketnf.core.s1;

/**
 * Floating-point operations per interior voxel of the feature passes as written (for bench/roofline.sh): one
 * multiply, add, subtract, abs or sqrt counts 1. Counted from the loops of {@link SymTaps} and {@link GaborPasses}
 * for an odd window n = 2h + 1 (h = 2: the symmetric folds of the taps halve the multiplies), per voxel of a row;
 * the z- and y-passes run over whole rows (nx) and the x-pass over interior ones, a difference of 4/nx ignored here.
 */
public final class FeatureFlops {
    private FeatureFlops() {
    }

    static int symReal(int h) {
        return 2 * h;
    }

    static int symComplex(int h) {
        return 4 * h;
    }

    /** Re = sum over h+1 folded taps (h+1 mul, h add); Im = h mul, h-1 add. */
    static int applyReal(int h, boolean im) {
        return (2 * h + 1) + (im ? 2 * h - 1 : 0);
    }

    /** Re and Im each: 2h+1 mul and 2h add (a0*z + sum_e a_e*p_e - b_e*m_e). */
    static int applyComplex(int h) {
        return 2 * (4 * h + 1);
    }

    /** sqrt(re^2 + im^2) * sqrt(2). */
    static final int MAGNITUDE = 5;

    /** {@link FftFeatures#section}: z-pass (kz = 0..h), y-pass per (kz, ky), x-pass with magnitudes. */
    public static long ffts(int n) {
        int h = n / 2;
        long z = symReal(h) + applyReal(h, false) + (long) h * applyReal(h, true);
        long y = symReal(h) + applyReal(h, false) + (long) h * applyReal(h, true)
                + (long) h * (symComplex(h) + (long) n * applyComplex(h));
        int groups = h + h * n;
        long x = symReal(h) + applyReal(h, false) + 1 + (long) h * (applyReal(h, true) + MAGNITUDE)
                + (long) groups * (symComplex(h) + (long) n * (applyComplex(h) + MAGNITUDE));
        return z + y + x;
    }

    /**
     * {@link GaborFeatures#section}: a z-pass per distinct z-frequency, a y-pass per distinct (z, y) pair, and per
     * selected filter the real part of an n-tap complex x-correlation (2n mul, 2n - 1 add/sub).
     */
    public static long gabor(int n, int numSinusoids, int[] selected) {
        GaborPlan p = new GaborPlan(n, numSinusoids, selected.clone());
        int h = p.h;
        long z = symReal(h);
        for (int f : p.zFreqs) {
            z += applyReal(h, f != 0);
        }
        long y = (long) p.zFreqs.length * symComplex(h) + (long) p.pairZSlot.length * applyComplex(h);
        long x = (long) p.selected.length * (4L * n - 1);
        return z + y + x;
    }
}
