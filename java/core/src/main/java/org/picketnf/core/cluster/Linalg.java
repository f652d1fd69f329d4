package org.picketnf.core.cluster;

/** Small dense d x d helpers for the Gaussian mixture (O(d^3), negligible next to the O(n d^2) passes). */
final class Linalg {
    private Linalg() {
    }

    /**
     * Lower Cholesky factor L (L L^T = A) from the lower triangle of A, as LAPACK's unblocked {@code potf2}.
     *
     * @throws CovarianceNotPositiveDefiniteException if a pivot is &lt;= 0 or NaN
     */
    static double[][] cholesky(double[][] A, int component) {
        int d = A.length;
        double[][] L = new double[d][];
        for (int j = 0; j < d; j++) {
            L[j] = new double[j + 1];
        }
        for (int j = 0; j < d; j++) {
            double[] lj = L[j];
            double s = A[j][j];
            for (int m = 0; m < j; m++) {
                s -= lj[m] * lj[m];
            }
            if (!(s > 0)) {
                throw new CovarianceNotPositiveDefiniteException(component, j, s);
            }
            double ljj = Math.sqrt(s);
            lj[j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double[] li = L[i];
                double t = A[i][j];
                for (int m = 0; m < j; m++) {
                    t -= li[m] * lj[m];
                }
                li[j] = t / ljj;
            }
        }
        return L;
    }

    /** Inverse of a lower-triangular L (rows of length j + 1), by forward substitution; also lower triangular. */
    static double[][] invertLower(double[][] L) {
        int d = L.length;
        double[][] inv = new double[d][];
        for (int j = 0; j < d; j++) {
            inv[j] = new double[j + 1];
        }
        for (int c = 0; c < d; c++) {
            inv[c][c] = 1.0 / L[c][c];
            for (int i = c + 1; i < d; i++) {
                double[] li = L[i];
                double s = 0;
                for (int m = c; m < i; m++) {
                    s += li[m] * inv[m][c];
                }
                inv[i][c] = -s / li[i];
            }
        }
        return inv;
    }
}
