package org.picketnf.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class KernelsTest {

    /**
     * The batch symmetric form (lower triangle, off-diagonal terms counted twice, columns in groups of four) equals
     * the plain double sum z^T A z - 2 b^T z over the full symmetric matrix, for every d from 1 to 26 and several
     * row counts; each sample's value is bit-identical to the one-sample order that GmmModel.Llr.label repeats, and
     * a longer scratch array changes nothing.
     */
    @Test
    void symmetricFormIsTheQuadraticFormForEveryDimension() {
        Random rnd = new Random(17);
        for (int d = 1; d <= 26; d++) {
            for (int rows : new int[] {1, 7, 64}) {
                double[][] a = new double[d][d];
                for (int j = 0; j < d; j++) {
                    for (int m = 0; m <= j; m++) {
                        a[j][m] = rnd.nextGaussian();
                        a[m][j] = a[j][m];
                    }
                }
                double[] b = new double[d];
                double[][] col = new double[d][rows];
                for (int j = 0; j < d; j++) {
                    b[j] = rnd.nextGaussian();
                    for (int i = 0; i < rows; i++) {
                        col[j][i] = rnd.nextGaussian();
                    }
                }
                double[] q = new double[rows];
                Kernels.symmetricForm(col, a, b, d, rows, q, new double[rows]);
                double[] q2 = new double[rows];
                Kernels.symmetricForm(col, a, b, d, rows, q2, new double[2 * rows]);
                for (int i = 0; i < rows; i++) {
                    double plain = 0;
                    for (int j = 0; j < d; j++) {
                        for (int m = 0; m < d; m++) {
                            plain += col[j][i] * a[j][m] * col[m][i];
                        }
                        plain -= 2 * b[j] * col[j][i];
                    }
                    assertEquals(plain, q[i], 1e-10 * (1 + Math.abs(plain)), "d=" + d + " rows=" + rows);
                    assertEquals(oneSample(col, a, b, d, i), q[i], 0.0, "bit-identical, d=" + d);
                    assertEquals(q[i], q2[i], 0.0);
                }
            }
        }
    }

    /** The one-sample order of GmmModel.Llr.label: per row j, columns in groups of four from 0, then singly. */
    private static double oneSample(double[][] col, double[][] a, double[] b, int d, int i) {
        double q = 0;
        for (int j = 0; j < d; j++) {
            double s;
            int m = 0;
            if (j >= 4) {
                s = a[j][0] * col[0][i] + a[j][1] * col[1][i] + a[j][2] * col[2][i] + a[j][3] * col[3][i];
                m = 4;
            } else {
                s = 0;
            }
            for (; m + 4 <= j; m += 4) {
                s += a[j][m] * col[m][i] + a[j][m + 1] * col[m + 1][i] + a[j][m + 2] * col[m + 2][i]
                        + a[j][m + 3] * col[m + 3][i];
            }
            for (; m < j; m++) {
                s += a[j][m] * col[m][i];
            }
            q += col[j][i] * (a[j][j] * col[j][i] + 2 * s - 2 * b[j]);
        }
        return q;
    }
}
