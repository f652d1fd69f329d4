package org.picketnf.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class TriangleKernelTest {

    /** The build's tests and the launchers run with the Vector API module; without it the scalar path is silent. */
    @Test
    void theVectorModuleIsThere() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "tests must run with --add-modules jdk.incubator.vector (java/pom.xml's surefire argLine)");
    }

    /**
     * Both forms equal the plain double sums over the full matrix (|M z|^2 for a lower-triangular M; z^T A z - 2 b^T z
     * for a symmetric A), for every d from 1 to 26 and d = 63, 125, 130, and sample counts that are and are not a
     * multiple of the vector step. The vector path (when this machine has one), the scalar path and the one-sample
     * form are bit-identical, and values in the unused columns of the block change nothing.
     */
    @Test
    void formsAreTheQuadraticFormsAndEveryPathAgreesBitForBit() {
        Random rnd = new Random(17);
        int[] dims = new int[29];
        for (int d = 1; d <= 26; d++) {
            dims[d - 1] = d;
        }
        dims[26] = 63;
        dims[27] = 125;
        dims[28] = 130;
        for (int d : dims) {
            for (int n : new int[] {1, 7, 16, 37, 256}) {
                double[][] lower = new double[d][];
                double[][] full = new double[d][d];
                for (int j = 0; j < d; j++) {
                    lower[j] = new double[j + 1];
                    for (int m = 0; m <= j; m++) {
                        lower[j][m] = rnd.nextGaussian();
                        full[j][m] = lower[j][m];
                        full[m][j] = lower[j][m];
                    }
                }
                double[] b = new double[d];
                for (int j = 0; j < d; j++) {
                    b[j] = rnd.nextGaussian();
                }
                TriangleKernel sym = TriangleKernel.symmetric(lower, b);
                TriangleKernel sq = TriangleKernel.squares(lower);
                int stride = 256;
                double[] col = new double[sym.paddedDimension() * stride];
                for (int m = 0; m < d; m++) {
                    for (int i = 0; i < stride; i++) {
                        // columns from n on are scratch another block left behind: any finite value
                        col[m * stride + i] = i < n ? rnd.nextGaussian() : 1e3 * rnd.nextGaussian();
                    }
                }
                check(sym, col, stride, n, d, (z) -> {
                    double plain = 0;
                    for (int j = 0; j < d; j++) {
                        for (int m = 0; m < d; m++) {
                            plain += z[j] * full[j][m] * z[m];
                        }
                        plain -= 2 * b[j] * z[j];
                    }
                    return plain;
                });
                check(sq, col, stride, n, d, (z) -> {
                    double plain = 0;
                    for (int j = 0; j < d; j++) {
                        double t = 0;
                        for (int m = 0; m <= j; m++) {
                            t += lower[j][m] * z[m];
                        }
                        plain += t * t;
                    }
                    return plain;
                });
            }
        }
    }

    private static void check(TriangleKernel k, double[] col, int stride, int n, int d,
                              java.util.function.ToDoubleFunction<double[]> plain) {
        double[] scalar = new double[stride];
        k.scalarForms(col, stride, n, scalar);
        double[] dispatched = new double[stride];
        k.forms(col, stride, n, dispatched, TriangleKernel.accumulators());
        double[] vector = null;
        if (TriangleKernel.VECTOR) {
            vector = new double[stride];
            k.vectorForms(col, stride, n, vector, TriangleKernel.accumulators());
        }
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int m = 0; m < d; m++) {
                z[m] = col[m * stride + i];
            }
            double p = plain.applyAsDouble(z);
            assertEquals(p, scalar[i], 1e-10 * (1 + Math.abs(p)), "d=" + d + " n=" + n + " i=" + i);
            assertEquals(scalar[i], k.form(z), 0.0, "one sample, bit-identical, d=" + d);
            assertEquals(scalar[i], dispatched[i], 0.0, "dispatch, bit-identical, d=" + d);
            if (vector != null) {
                assertEquals(scalar[i], vector[i], 0.0, "vector path, bit-identical, d=" + d + " i=" + i);
            }
        }
    }

    /** A hand-computed case: M = [[2, 0], [1, 3]], z = (1, 2): M z = (2, 7), |M z|^2 = 53; A = [[2, 1], [1, 3]],
     * b = (1, -1): z^T A z = 2 + 4 + 12 = 18, -2 b^T z = -2 (1 - 2) = 2, so 20. */
    @Test
    void handComputed() {
        double[][] lower = {{2}, {1, 3}};
        assertEquals(53.0, TriangleKernel.squares(lower).form(new double[] {1, 2}), 0.0);
        assertEquals(20.0, TriangleKernel.symmetric(lower, new double[] {1, -1}).form(new double[] {1, 2}), 0.0);
    }

    /**
     * The rank-k update: the plain double sums on and above the diagonal, the lower triangle untouched, the vector
     * and scalar paths bit-identical, and two identical columns give bit-identical entries (the exactly singular
     * covariances of duplicated FFT magnitudes depend on it). d from 1 to 20 and 63, 125; row counts 0 to 257.
     */
    @Test
    void syrkUpperIsTheUpperTriangleOfTheSumOfOuterProducts() {
        Random rnd = new Random(5);
        for (int d : new int[] {1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 20, 63, 125}) {
            for (int count : new int[] {0, 1, 4, 31, 257}) {
                int w = Kernels.rowWidth(d);
                double[][] row = new double[count][w];
                for (double[] x : row) {
                    for (int m = 0; m < d; m++) {
                        x[m] = rnd.nextGaussian();
                    }
                    if (d >= 3) {
                        x[d - 1] = x[1]; // column d-1 duplicates column 1
                    }
                }
                double[][] s = new double[d][d];
                double[][] scalar = new double[d][d];
                for (int j = 0; j < d; j++) {
                    for (int m = 0; m < d; m++) {
                        s[j][m] = j + 0.5 * m; // a start value, and the lower triangle's sentinel
                        scalar[j][m] = s[j][m];
                    }
                }
                Kernels.syrkUpper(row, count, d, s);
                Kernels.syrkUpperScalar(row, count, d, scalar);
                for (int j = 0; j < d; j++) {
                    for (int m = 0; m < d; m++) {
                        if (m < j) {
                            assertEquals(j + 0.5 * m, s[j][m], 0.0, "lower triangle untouched");
                            continue;
                        }
                        double plain = j + 0.5 * m;
                        double sum = 0;
                        for (int i = 0; i < count; i++) {
                            sum += row[i][j] * row[i][m];
                        }
                        plain += sum;
                        assertEquals(plain, s[j][m], 1e-11 * (1 + Math.abs(plain)), "d=" + d + " count=" + count);
                        assertEquals(scalar[j][m], s[j][m], 0.0, "vector and scalar paths, bit-identical");
                    }
                }
                if (d >= 3) {
                    // with column d-1 == column 1 and S from zero: S[1][1] == S[1][d-1] == S[d-1][d-1] exactly
                    double[][] z = new double[d][d];
                    Kernels.syrkUpper(row, count, d, z);
                    assertEquals(z[1][1], z[1][d - 1], 0.0);
                    assertEquals(z[1][1], z[d - 1][d - 1], 0.0);
                }
            }
        }
    }

    @Test
    void syrkUpperRefusesShortRows() {
        double[][] row = {new double[125]};
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Kernels.syrkUpper(row, 1, 125, new double[125][125]));
    }
}
