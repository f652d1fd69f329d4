package org.picketnf.core.cluster;

import java.util.Arrays;

/**
 * {@link Gmm}'s sufficient statistics about the shift c: R_k = sum r, s_k = sum r (x - c), S_k upper triangle, and
 * the sum of the samples' log-likelihoods. One per chunk, reduced in chunk order.
 */
final class GmmStats {
    double logProbSum;
    final double[] r;
    final double[][] s;
    final double[][][] S;

    GmmStats(int k, int d) {
        r = new double[k];
        s = new double[k][d];
        S = new double[k][d][d];
    }

    void clear() {
        logProbSum = 0;
        Arrays.fill(r, 0.0);
        for (double[] v : s) {
            Arrays.fill(v, 0.0);
        }
        for (double[][] m : S) {
            for (double[] v : m) {
                Arrays.fill(v, 0.0);
            }
        }
    }

    /** this += o (upper triangles only), in a fixed order. */
    void add(GmmStats o, boolean[] skipS) {
        logProbSum += o.logProbSum;
        int k = r.length;
        for (int c = 0; c < k; c++) {
            r[c] += o.r[c];
            double[] a = s[c];
            double[] b = o.s[c];
            for (int m = 0; m < a.length; m++) {
                a[m] += b[m];
            }
            if (skipS != null && skipS[c]) {
                continue;
            }
            double[][] A = S[c];
            double[][] B = o.S[c];
            for (int j = 0; j < A.length; j++) {
                double[] aj = A[j];
                double[] bj = B[j];
                for (int m = j; m < aj.length; m++) {
                    aj[m] += bj[m];
                }
            }
        }
    }
}
