package org.picketnf.core.cluster;

/** {@link Gmm}'s parameters after an M-step, and the M-step itself. */
final class GmmParams {
    /** numpy's {@code finfo(float64).eps}. */
    private static final double EPS = Math.ulp(1.0);

    double[] weights;
    double[][] means;
    double[][][] cov;
    double[][][] linv;
    double[] nk;

    /**
     * scikit-learn's {@code _estimate_gaussian_parameters} + {@code _compute_precision_cholesky}.
     *
     * @param shift      the shift c the statistics are taken about
     * @param n          number of samples
     * @param weightsByN weights n_k / n (the initial M-step) instead of n_k / sum_k n_k
     */
    static GmmParams mStep(GmmStats st, double[] shift, int n, double regCovar, boolean weightsByN) {
        final int k = st.r.length;
        final int d = shift.length;
        GmmParams p = new GmmParams();
        p.weights = new double[k];
        p.means = new double[k][d];
        p.cov = new double[k][d][d];
        p.linv = new double[k][][];
        p.nk = new double[k];
        double nkSum = 0;
        for (int c = 0; c < k; c++) {
            double r = st.r[c];
            double nk = r + 10 * EPS;
            p.nk[c] = nk;
            nkSum += nk;
            double[] s = st.s[c];
            double[] mu = p.means[c];
            double[] delta = new double[d];
            for (int m = 0; m < d; m++) {
                mu[m] = (s[m] + r * shift[m]) / nk;
                delta[m] = mu[m] - shift[m];
            }
            double[][] S = st.S[c];
            double[][] cov = p.cov[c];
            for (int j = 0; j < d; j++) {
                double dj = delta[j];
                double sj = s[j];
                for (int m = j; m < d; m++) {
                    // symmetric in (j, m) operation by operation: identical columns give identical entries
                    double v = (S[j][m] - (dj * s[m] + sj * delta[m]) + r * (dj * delta[m])) / nk;
                    cov[j][m] = v;
                    cov[m][j] = v;
                }
                cov[j][j] += regCovar;
            }
            p.linv[c] = Linalg.invertLower(Linalg.cholesky(cov, c));
        }
        for (int c = 0; c < k; c++) {
            p.weights[c] = p.nk[c] / (weightsByN ? n : nkSum);
        }
        return p;
    }
}
