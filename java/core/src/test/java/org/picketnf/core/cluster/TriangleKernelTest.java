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
}
