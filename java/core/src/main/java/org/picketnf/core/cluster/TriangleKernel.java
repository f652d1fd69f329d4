package org.picketnf.core.cluster;

/**
 * Quadratic forms of a lower-triangular matrix over blocks of samples: the hot loop of every GMM prediction and
 * E-step. Two kinds, both read from the rows of a lower triangle {@code M[j][m]}, m &lt;= j:
 * <ul>
 *   <li>{@link #squares}: {@code q = sum_j (sum_{m<=j} M[j][m] z_m)^2 = |M z|^2} (a Cholesky factor of a precision);
 *   <li>{@link #symmetric}: {@code q = z^T A z - 2 b^T z} for symmetric A given by its lower triangle, summed as
 *       {@code sum_j z_j (A[j][j] z_j + 2 t_j - 2 b_j)} with {@code t_j = sum_{m<j} A[j][m] z_m} (d(d+1)/2
 *       multiply-adds instead of d^2).
 * </ul>
 *
 * <p>The matrix is packed in blocks of {@value #JB} rows: {@code packed[jb][m * 8 + r] = M[8 jb + r][m]} for the m the
 * form uses, 0 elsewhere, m &lt; min(8 jb + 8, d). Every t_j is the chain {@code t = fma(packed[m*8+r], z_m, t)} over
 * that whole range from t = 0, then added into q in the order of j. The vector kernel ({@link VectorTriangle}, the
 * Java Vector API) runs 8 rows of the matrix against 2 vectors of samples at once with 16 accumulators in
 * registers, one sample per lane; the scalar path runs the same chain per sample with {@link Math#fma}. A lane's
 * arithmetic does not depend on its neighbours or on the vector width, so both paths, every vector width and every
 * block size give bit-identical forms (TriangleKernelTest).
 *
 * <p>Samples come as a column block {@code col[m * stride + i]}, m &lt; {@link #paddedDimension()}: rows m &gt;= d
 * must be zero and columns up to {@link #roundUp} of the sample count must hold finite values (their forms are
 * computed and ignored).
 */
final class TriangleKernel {
    /** Matrix rows per block (the kernel's 8 x 2-vector register tile). */
    static final int JB = 8;

    /** Whether the Vector API module is present (the launchers add it: {@code --add-modules jdk.incubator.vector}). */
    static final boolean VECTOR = vectorAvailable();

    private final int d;
    private final int dPad;
    private final boolean symmetric;
    private final double[][] packed;
    /** Symmetric form only: A[j][j] and 2 b_j, zero for j &gt;= d. */
    private final double[] diag;
    private final double[] b2;

    private TriangleKernel(double[][] lower, double[] b, boolean symmetric) {
        d = lower.length;
        if (d < 1) {
            throw new IllegalArgumentException("the matrix has no rows");
        }
        dPad = (d + JB - 1) / JB * JB;
        this.symmetric = symmetric;
        int nb = dPad / JB;
        packed = new double[nb][];
        for (int jb = 0; jb < nb; jb++) {
            int j0 = jb * JB;
            int mm = Math.min(j0 + JB, d);
            double[] p = new double[mm * JB];
            for (int r = 0; r < JB && j0 + r < d; r++) {
                int j = j0 + r;
                double[] row = lower[j];
                if (row.length < j + 1) {
                    throw new IllegalArgumentException("row " + j + " of the triangle has " + row.length
                            + " entries, needs " + (j + 1));
                }
                int last = symmetric ? j - 1 : j;
                for (int m = 0; m <= last; m++) {
                    p[m * JB + r] = row[m];
                }
            }
            packed[jb] = p;
        }
        if (symmetric) {
            diag = new double[dPad];
            b2 = new double[dPad];
            for (int j = 0; j < d; j++) {
                diag[j] = lower[j][j];
                b2[j] = 2 * b[j];
            }
        } else {
            diag = null;
            b2 = null;
        }
    }

    /** {@code |M z|^2} for lower-triangular M given by its rows ({@code lower[j]} has at least j + 1 entries). */
    static TriangleKernel squares(double[][] lower) {
        return new TriangleKernel(lower, null, false);
    }

    /** {@code z^T A z - 2 b^T z} for symmetric A given by the rows of its lower triangle. */
    static TriangleKernel symmetric(double[][] lower, double[] b) {
        if (b == null || b.length < lower.length) {
            throw new IllegalArgumentException("b needs " + lower.length + " entries");
        }
        return new TriangleKernel(lower, b, true);
    }

    int dimension() {
        return d;
    }

    /** d rounded up to a multiple of {@value #JB}: the rows a column block needs. */
    int paddedDimension() {
        return dPad;
    }

    /** Samples per vector step (2 vectors' lanes; 1 on the scalar path). */
    static int lanesPerStep() {
        return VECTOR ? VectorTriangle.STEP : 1;
    }

    /** n rounded up to a multiple of {@link #lanesPerStep()}: the columns and q entries a block of n needs. */
    static int roundUp(int n) {
        int s = lanesPerStep();
        return (n + s - 1) / s * s;
    }

    /** Scratch for the 8 x 2-vector accumulators of one thread. */
    static double[] accumulators() {
        return new double[JB * lanesPerStep()];
    }

    /**
     * {@code q[i]} = the form of sample i = column i of {@code col} (stride {@code stride}), for i in [0, n).
     *
     * @param acc scratch from {@link #accumulators()}
     */
    void forms(double[] col, int stride, int n, double[] q, double[] acc) {
        if (VECTOR) {
            vectorForms(col, stride, n, q, acc);
        } else {
            scalarForms(col, stride, n, q);
        }
    }

    /** {@link #forms} with the Vector API tile (only when {@link #VECTOR}). */
    void vectorForms(double[] col, int stride, int n, double[] q, double[] acc) {
        int step = VectorTriangle.STEP;
        for (int i = 0; i < n; i += step) {
            java.util.Arrays.fill(q, i, i + step, 0.0);
            for (int jb = 0; jb < packed.length; jb++) {
                int j0 = jb * JB;
                VectorTriangle.tile(col, stride, i, packed[jb], Math.min(j0 + JB, d), acc);
                if (symmetric) {
                    VectorTriangle.symmetricRows(q, i, col, stride, j0, diag, b2, acc);
                } else {
                    VectorTriangle.squareRows(q, i, acc);
                }
            }
        }
    }

    /** {@link #forms} one sample at a time with {@link Math#fma}. */
    void scalarForms(double[] col, int stride, int n, double[] q) {
        for (int i = 0; i < n; i++) {
            q[i] = form(col, stride, i);
        }
    }

    /** The form of one sample, z[m] for m &lt; d (entries from d on are ignored), on the scalar path. */
    double form(double[] z) {
        double[] col = new double[dPad];
        System.arraycopy(z, 0, col, 0, d);
        return form(col, 1, 0);
    }

    /** The form of column i, by the same chain of operations as one lane of the vector kernel. */
    private double form(double[] col, int stride, int i) {
        double q = 0;
        for (int jb = 0; jb < packed.length; jb++) {
            double[] p = packed[jb];
            int j0 = jb * JB;
            int mm = Math.min(j0 + JB, d);
            for (int r = 0; r < JB; r++) {
                double t = 0;
                for (int m = 0; m < mm; m++) {
                    t = Math.fma(p[m * JB + r], col[m * stride + i], t);
                }
                if (symmetric) {
                    int j = j0 + r;
                    double c = col[j * stride + i];
                    q = q + c * (c * diag[j] + (t + t) - b2[j]);
                } else {
                    q = q + t * t;
                }
            }
        }
        return q;
    }

    private static boolean vectorAvailable() {
        if (Boolean.getBoolean("picket.scalarKernels") || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        return VectorTriangle.usable();
    }
}
