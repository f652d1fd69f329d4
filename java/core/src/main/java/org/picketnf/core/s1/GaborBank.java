package org.picketnf.core.s1;

/**
 * PickET's explicit cosine Gabor filter bank (the formula is in {@link GaborFeatures}), its frequencies and the
 * checks of its size arguments. {@link GaborPlan} holds the separable form of the same filters.
 */
final class GaborBank {
    private GaborBank() {
    }

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
    static double[] frequencies(int numSinusoids) {
        checkBank(3, numSinusoids);
        return linspace(GaborFeatures.MAX_FREQ, numSinusoids);
    }

    /**
     * PickET's explicit filter bank: {@code bank[idx][(dz*n + dy)*n + dx]}, idx = iz*ns^2 + iy*ns + ix, computed in
     * double as numpy does and rounded to float32 (see the class comment for the formula).
     *
     * @param n window size, odd and &gt;= 3
     * @param numSinusoids frequencies per axis, &gt;= 1
     */
    static float[][] bank(int n, int numSinusoids) {
        checkBank(n, numSinusoids);
        int h = n / 2;
        int ns = numSinusoids;
        double[] f = linspace(GaborFeatures.MAX_FREQ, ns);
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

    /** Checks the window size and the number of frequencies per axis of a bank. */
    static void checkBank(int n, int numSinusoids) {
        SectionFeatures.checkSize(n);
        if (n < 3) {
            throw new IllegalArgumentException("Gabor features need a neighborhood size >= 3 (PickET's envelope is "
                    + "NaN for n = 1), got " + n);
        }
        if (numSinusoids < 1 || numSinusoids > 1290) {
            throw new IllegalArgumentException("num_sinusoids must be in 1..1290, got " + numSinusoids);
        }
    }
}
