package org.picketnf.core.cluster;

import java.util.Arrays;

/**
 * A fitted k-means model: the cluster centres and how the fit ended. Immutable (arrays are copied in and out).
 *
 * <p>Prediction assigns each sample to the nearest centre in Euclidean distance; ties go to the lower index
 * (numpy's argmin). With k = 2 this is one dot product per sample: label 1 iff
 * {@code x . (c1 - c0) > ((c0 + c1) / 2) . (c1 - c0)} (about d multiply-adds per sample). For other k, with o the mean of the centres, the label is
 * the argmin of {@code |c_j - o|^2 - 2 (x - o) . (c_j - o)}. {@link KMeans#fit} assigns with this same code, so
 * predicting the training data reproduces the fit's final labels exactly.
 *
 * @param centers    k x d cluster centres (scikit-learn's {@code cluster_centers_})
 * @param iterations number of Lloyd iterations run ({@code n_iter_})
 * @param inertia    sum of squared distances of the training samples to their nearest centre ({@code inertia_})
 * @param converged  true if the iterations stopped on label stability or the centre-shift tolerance before
 *                   {@code maxIter}
 */
public record KMeansModel(double[][] centers, int iterations, double inertia, boolean converged) {

    /** Validates and deep-copies the centres. */
    public KMeansModel {
        if (centers == null || centers.length < 1) {
            throw new IllegalArgumentException("centers must hold at least one centre");
        }
        if (centers.length > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Byte.MAX_VALUE + " centres are supported, got "
                    + centers.length);
        }
        int d = centers[0] == null ? 0 : centers[0].length;
        if (d < 1) {
            throw new IllegalArgumentException("centres must have at least one feature");
        }
        double[][] copy = new double[centers.length][];
        for (int j = 0; j < centers.length; j++) {
            if (centers[j] == null || centers[j].length != d) {
                throw new IllegalArgumentException("centre " + j + " does not have " + d + " features");
            }
            copy[j] = centers[j].clone();
        }
        centers = copy;
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
    }

    /** The centres (a copy). */
    @Override
    public double[][] centers() {
        double[][] copy = new double[centers.length][];
        for (int j = 0; j < centers.length; j++) {
            copy[j] = centers[j].clone();
        }
        return copy;
    }

    /** Number of clusters k. */
    public int k() {
        return centers.length;
    }

    /** Number of features d. */
    public int dimension() {
        return centers[0].length;
    }

    /** Label of one sample, the d floats of {@code x} starting at {@code off}. */
    public int predict(float[] x, int off) {
        int d = dimension();
        if (off < 0 || (long) off + d > x.length) {
            throw new IllegalArgumentException("x has no " + d + " values at offset " + off);
        }
        return new Assigner(centers).label(x, off);
    }

    /** Labels of the first n rows of row-major {@code X} (n x d), written to {@code labelsOut[labelsOff..]}. */
    public void predict(float[] X, int n, byte[] labelsOut, int labelsOff) {
        predict(X, n, labelsOut, labelsOff, 1);
    }

    /** As {@link #predict(float[], int, byte[], int)}, on {@code threads} threads. */
    public void predict(float[] X, int n, byte[] labelsOut, int labelsOff, int threads) {
        checkOut(n, labelsOut == null ? -1 : labelsOut.length, labelsOff);
        assign(X, n, threads, (i, label) -> labelsOut[labelsOff + i] = (byte) label);
    }

    /** Labels of the first n rows of row-major {@code X} (n x d), as ints. */
    public void predict(float[] X, int n, int[] labelsOut, int labelsOff, int threads) {
        checkOut(n, labelsOut == null ? -1 : labelsOut.length, labelsOff);
        assign(X, n, threads, (i, label) -> labelsOut[labelsOff + i] = label);
    }

    private static void checkOut(int n, int length, int off) {
        if (length < 0) {
            throw new IllegalArgumentException("labelsOut is null");
        }
        if (off < 0 || (long) off + n > length) {
            throw new IllegalArgumentException("labelsOut (length " + length + ") has no room for " + n
                    + " labels at offset " + off);
        }
    }

    @FunctionalInterface
    private interface LabelSink {
        void put(int row, int label);
    }

    private void assign(float[] X, int n, int threads, LabelSink sink) {
        int d = dimension();
        Kernels.checkData(X, n, d);
        if (n == 0) {
            return;
        }
        Assigner a = new Assigner(centers);
        Partition part = new Partition(n, Kernels.BLOCK);
        try (ChunkPool par = new ChunkPool(threads)) {
            par.forEachChunk(part.chunks, (c, w) -> {
                for (int i = part.start(c), end = part.end(c); i < end; i++) {
                    sink.put(i, a.label(X, i * d));
                }
            });
        }
    }

    /** Compares centres by value (bit for bit), not by array identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KMeansModel m && iterations == m.iterations && converged == m.converged
                && Double.compare(inertia, m.inertia) == 0 && Arrays.deepEquals(centers, m.centers);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(centers) + Double.hashCode(inertia)) + iterations;
    }

    @Override
    public String toString() {
        return "KMeansModel[k=" + centers.length + ", d=" + centers[0].length + ", iterations=" + iterations
                + ", inertia=" + inertia + ", converged=" + converged + ", centers=" + Arrays.deepToString(centers)
                + "]";
    }

    /**
     * Nearest-centre assignment, shared by fitting and prediction so that both give the same labels.
     */
    static final class Assigner {
        final int k;
        final int d;
        /** k == 2: direction c1 - c0 and threshold ((c0 + c1) / 2) . (c1 - c0). */
        final double[] w;
        final double b;
        /** k != 2: centred centres c_j - o, their squared norms and o . (c_j - o). */
        final double[][] cc;
        final double[] norm;
        final double[] oc;

        Assigner(double[][] centers) {
            k = centers.length;
            d = centers[0].length;
            if (k == 2) {
                w = new double[d];
                double t = 0;
                for (int m = 0; m < d; m++) {
                    w[m] = centers[1][m] - centers[0][m];
                    t += 0.5 * (centers[0][m] + centers[1][m]) * w[m];
                }
                b = t;
                cc = null;
                norm = null;
                oc = null;
            } else {
                w = null;
                b = 0;
                double[] o = new double[d];
                for (double[] c : centers) {
                    for (int m = 0; m < d; m++) {
                        o[m] += c[m];
                    }
                }
                for (int m = 0; m < d; m++) {
                    o[m] /= k;
                }
                cc = new double[k][d];
                norm = new double[k];
                oc = new double[k];
                for (int j = 0; j < k; j++) {
                    double s = 0;
                    double t = 0;
                    for (int m = 0; m < d; m++) {
                        cc[j][m] = centers[j][m] - o[m];
                        s += cc[j][m] * cc[j][m];
                        t += o[m] * cc[j][m];
                    }
                    norm[j] = s;
                    oc[j] = t;
                }
            }
        }

        int label(float[] x, int off) {
            if (k == 2) {
                return Kernels.dot(x, off, w, d) - b > 0 ? 1 : 0;
            }
            int best = 0;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double s = norm[j] - 2 * (Kernels.dot(x, off, cc[j], d) - oc[j]);
                if (s < bestScore) {
                    bestScore = s;
                    best = j;
                }
            }
            return best;
        }
    }
}
