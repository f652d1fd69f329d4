package org.picketnf.core.cluster;

/**
 * Inner loops shared by {@link KMeans}, {@link Gmm} and the models' batch predictions.
 *
 * <p>HotSpot C2 vectorises element-wise loops over separate, contiguous {@code double[]} arrays ("axpy" form),
 * but not floating-point sum reductions, nor (in JDK 17) loops that touch more than about five arrays or a single
 * flat array at several offsets. The O(d^2) loops of the GMM (its forms in {@link TriangleKernel}, the rank-k update
 * here) therefore use the Vector API tiles of {@link VectorTriangle}; the rest run over the features of a row.
 */
final class Kernels {
    private Kernels() {
    }

    /** Rows per block: a block's d x BLOCK doubles stay in L2 for d up to a few hundred. */
    static final int BLOCK = 256;

    /**
     * Copies rows [row0, row0 + rows) of the row-major float data into a column block, minus a shift:
     * {@code col[m * stride + i] = X[(row0 + i) * d + m] - shift[m]} (in double). Eight rows at a time, so that
     * each column's eight writes fill one cache line while the eight rows' reads stay in L1 (4x faster than one row
     * at a time at d = 125, whose writes each touch another line).
     */
    static void toColumns(float[] X, int row0, int rows, int d, double[] shift, double[] col, int stride) {
        int i = 0;
        for (; i + 8 <= rows; i += 8) {
            int o = (row0 + i) * d;
            for (int m = 0; m < d; m++) {
                double s = shift[m];
                int c = m * stride + i;
                int x = o + m;
                col[c] = X[x] - s;
                col[c + 1] = X[x + d] - s;
                col[c + 2] = X[x + 2 * d] - s;
                col[c + 3] = X[x + 3 * d] - s;
                col[c + 4] = X[x + 4 * d] - s;
                col[c + 5] = X[x + 5 * d] - s;
                col[c + 6] = X[x + 6 * d] - s;
                col[c + 7] = X[x + 7 * d] - s;
            }
        }
        for (; i < rows; i++) {
            int o = (row0 + i) * d;
            for (int m = 0; m < d; m++) {
                col[m * stride + i] = X[o + m] - shift[m];
            }
        }
    }

    /** Copies rows into row arrays, minus a shift: {@code row[i][m] = X[(row0 + i) * d + m] - shift[m]}. */
    static void toRows(float[] X, int row0, int rows, int d, double[] shift, double[][] row) {
        for (int i = 0; i < rows; i++) {
            int o = (row0 + i) * d;
            double[] r = row[i];
            for (int m = 0; m < d; m++) {
                r[m] = X[o + m] - shift[m];
            }
        }
    }

    /**
     * Width of the row arrays {@link #syrkUpper} reads: d rounded up to the vector kernel's tiles (entries from d on
     * must be zero).
     */
    static int rowWidth(int d) {
        int t = Math.max(TriangleKernel.JB, TriangleKernel.lanesPerStep());
        return (d + t - 1) / t * t;
    }

    /**
     * Rank-k update of the upper triangle: {@code S[j][m] += sum_i row[i][j] * row[i][m]} for m &gt;= j, rows i in
     * [0, count). The lower triangle of S is not touched. About d^2/2 multiply-adds per row. Each entry's sum is one
     * fma chain over the rows from zero, added to S once: on the Vector API path 8 rows of S times 2 vectors of
     * columns at once ({@link VectorTriangle#syrkTile}), else entry by entry with {@link Math#fma}; both give the
     * same bits. Weights are applied by the caller as sqrt(w) on the rows, so every product is symmetric in (j, m)
     * and identical feature columns give bit-identical entries.
     *
     * @param row row arrays of at least {@link #rowWidth}(d) entries, zero from d on
     */
    static void syrkUpper(double[][] row, int count, int d, double[][] S) {
        int width = rowWidth(d);
        for (int i = 0; i < count; i++) {
            if (row[i].length < width) {
                throw new IllegalArgumentException("row " + i + " has " + row[i].length + " entries, needs " + width);
            }
        }
        if (count == 0) {
            return;
        }
        if (TriangleKernel.VECTOR) {
            syrkUpperVector(row, count, d, S);
        } else {
            syrkUpperScalar(row, count, d, S);
        }
    }

    static void syrkUpperVector(double[][] row, int count, int d, double[][] S) {
        int step = VectorTriangle.STEP;
        double[] acc = new double[TriangleKernel.JB * step];
        for (int j0 = 0; j0 < d; j0 += TriangleKernel.JB) {
            for (int m0 = j0 / step * step; m0 < d; m0 += step) {
                VectorTriangle.syrkTile(row, count, j0, m0, acc);
                for (int r = 0; r < TriangleKernel.JB && j0 + r < d; r++) {
                    int j = j0 + r;
                    double[] s = S[j];
                    for (int m = Math.max(j, m0), end = Math.min(d, m0 + step); m < end; m++) {
                        s[m] += acc[r * step + m - m0];
                    }
                }
            }
        }
    }

    static void syrkUpperScalar(double[][] row, int count, int d, double[][] S) {
        for (int j = 0; j < d; j++) {
            double[] s = S[j];
            for (int m = j; m < d; m++) {
                double t = 0;
                for (int i = 0; i < count; i++) {
                    t = Math.fma(row[i][j], row[i][m], t);
                }
                s[m] += t;
            }
        }
    }

    /** {@code acc[m] += w * x[m]} for m in [0, d). */
    static void axpy(double w, double[] x, int d, double[] acc) {
        for (int m = 0; m < d; m++) {
            acc[m] += w * x[m];
        }
    }

    /** Squared Euclidean distance between row {@code off} of the float data and a double point. */
    static double sqDist(float[] X, int off, double[] c, int d) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int m = 0;
        for (; m + 4 <= d; m += 4) {
            double e0 = X[off + m] - c[m];
            double e1 = X[off + m + 1] - c[m + 1];
            double e2 = X[off + m + 2] - c[m + 2];
            double e3 = X[off + m + 3] - c[m + 3];
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        for (; m < d; m++) {
            double e = X[off + m] - c[m];
            s0 += e * e;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Dot product of row {@code off} of the float data with a double vector (four partial sums). */
    static double dot(float[] X, int off, double[] v, int d) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int m = 0;
        for (; m + 4 <= d; m += 4) {
            s0 += v[m] * X[off + m];
            s1 += v[m + 1] * X[off + m + 1];
            s2 += v[m + 2] * X[off + m + 2];
            s3 += v[m + 3] * X[off + m + 3];
        }
        for (; m < d; m++) {
            s0 += v[m] * X[off + m];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Checks the common arguments of a fit or a batch prediction. */
    static void checkData(float[] X, int n, int d) {
        if (X == null) {
            throw new IllegalArgumentException("X is null");
        }
        if (d < 1) {
            throw new IllegalArgumentException("d (number of features) must be >= 1, got " + d);
        }
        if (n < 0) {
            throw new IllegalArgumentException("n (number of samples) must be >= 0, got " + n);
        }
        if ((long) n * d > X.length) {
            throw new IllegalArgumentException("X has " + X.length + " values, fewer than n*d = " + n + "*" + d
                    + " = " + (long) n * d);
        }
    }

    /** Throws if a value among the first n*d of X is NaN or infinite (run per chunk). */
    static void checkFinite(float[] X, int row0, int row1, int d) {
        int end = row1 * d;
        for (int p = row0 * d; p < end; p++) {
            float v = X[p];
            if (!(v - v == 0f)) {
                throw new IllegalArgumentException("X contains a non-finite value (" + v + ") at row " + p / d
                        + ", feature " + p % d + "; remove or impute NaN/inf before clustering");
            }
        }
    }
}
