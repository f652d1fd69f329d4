package org.picketnf.core.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * K-means (Lloyd) with k-means++ initialisation, following scikit-learn's {@code KMeans(init='k-means++',
 * n_init=1, algorithm='lloyd')} step for step, on float data with double arithmetic.
 *
 * <ul>
 *   <li>Initialisation: the first centre is a uniformly random sample; each further centre is the best of
 *       {@code 2 + floor(ln k)} candidates drawn with probability proportional to D^2 (the squared distance to
 *       the nearest centre so far; inverse-CDF search on the running sum, as numpy's {@code searchsorted}),
 *       "best" meaning the smallest total potential {@code sum_i min(D_i^2, |x_i - candidate|^2)}.</li>
 *   <li>Iterations: assign every sample to its nearest centre, move each centre to the mean of its samples.
 *       Stop when no label changed ("strict convergence") or when the sum over centres of the squared centre
 *       shift is &lt;= {@code tol * mean_j var(X[:, j])}; at most {@code maxIter} iterations.</li>
 *   <li>A final assignment makes the labels consistent with the returned centres; the inertia is the sum of
 *       squared distances to them.</li>
 *   <li>Empty clusters (as scikit-learn): the samples farthest from their assigned centre (largest first, ties to
 *       the lower index) are moved, one per empty cluster, out of their cluster's sum and become the empty
 *       cluster's centre; the labels are fixed up by the next assignment.</li>
 * </ul>
 *
 * <p>Differences from scikit-learn, all deliberate: the random numbers come from
 * {@link SplittableRandom}{@code (seed)}, not numpy's MT19937, so the chosen initial centres (and hence, on
 * ambiguous data, the result) differ from scikit-learn's for the same seed; distances are computed directly
 * rather than as {@code |x|^2 - 2 x.c + |c|^2}, and the data are not re-centred, so ties may break differently
 * at the last few bits. For a given seed and data the result is bit-identical for any thread count.
 */
public final class KMeans {
    /** scikit-learn's default {@code max_iter}. */
    public static final int DEFAULT_MAX_ITER = 300;
    /** scikit-learn's default {@code tol} (relative to the mean feature variance). */
    public static final double DEFAULT_TOL = 1e-4;

    private KMeans() {
    }

    /**
     * The settings of a fit: start from {@link #of(int, long)} and change the rest with the {@code with...}
     * methods. {@link KMeans#fit} checks them.
     *
     * @param k       number of clusters, 1..127
     * @param seed    seed of the k-means++ initialisation
     * @param maxIter maximum number of Lloyd iterations, &gt;= 1 (scikit-learn: 300)
     * @param tol     relative centre-shift tolerance, &gt;= 0 (scikit-learn: 1e-4)
     * @param threads number of threads, &gt;= 1; the result does not depend on it
     */
    public record Options(int k, long seed, int maxIter, double tol, int threads) {
        /**
         * k clusters from {@code seed} with scikit-learn's max_iter and tol ({@link KMeans#DEFAULT_MAX_ITER},
         * {@link KMeans#DEFAULT_TOL}), on one thread.
         */
        public static Options of(int k, long seed) {
            return new Options(k, seed, DEFAULT_MAX_ITER, DEFAULT_TOL, 1);
        }

        public Options withMaxIter(int maxIter) {
            return new Options(k, seed, maxIter, tol, threads);
        }

        public Options withTol(double tol) {
            return new Options(k, seed, maxIter, tol, threads);
        }

        public Options withThreads(int threads) {
            return new Options(k, seed, maxIter, tol, threads);
        }
    }

    /**
     * Fits k-means to the first n rows of row-major {@code X} (n x d).
     *
     * @param X       row-major data, row i at {@code i * d}; not modified
     * @param n       number of samples, &gt;= k
     * @param d       number of features, &gt;= 1
     * @param options k, seed, iteration cap, tolerance and threads
     * @throws IllegalArgumentException on bad arguments, or if X holds NaN or infinite values
     */
    public static KMeansModel fit(float[] X, int n, int d, Options options) {
        return fit(X, n, d, options, null);
    }

    /**
     * As {@link #fit(float[], int, int, Options)}, also writing the final labels (equal to the returned model's
     * predictions) to {@code labelsOut[0..n)} unless it is null.
     */
    public static KMeansModel fit(float[] X, int n, int d, Options options, int[] labelsOut) {
        final int k = options.k();
        final long seed = options.seed();
        final int maxIter = options.maxIter();
        final double tol = options.tol();
        final int threads = options.threads();
        Kernels.checkData(X, n, d);
        if (k < 1 || k > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("k (number of clusters) must be in 1.." + Byte.MAX_VALUE + ", got " + k);
        }
        if (n < k) {
            throw new IllegalArgumentException("n (number of samples) = " + n + " must be >= k (number of clusters) = "
                    + k);
        }
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be finite and >= 0, got " + tol);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (labelsOut != null && labelsOut.length < n) {
            throw new IllegalArgumentException("labelsOut has length " + labelsOut.length + " < n = " + n);
        }
        try (ChunkPool par = new ChunkPool(threads)) {
            return new Run(X, n, d, k, par).fit(seed, maxIter, tol, labelsOut);
        }
    }

    /** The state of one fit. */
    private static final class Run {
        final float[] X;
        final int n;
        final int d;
        final int k;
        final ChunkPool par;
        final Partition part;

        Run(float[] X, int n, int d, int k, ChunkPool par) {
            this.X = X;
            this.n = n;
            this.d = d;
            this.k = k;
            this.par = par;
            this.part = new Partition(n, Kernels.BLOCK);
        }

        KMeansModel fit(long seed, int maxIter, double tol, int[] labelsOut) {
            double tolScaled = tol * meanVariance();
            double[][] centers = new KMeansPlusPlus(X, n, d, k, par, part).centers(new SplittableRandom(seed));

            int[] labels = new int[n];
            Arrays.fill(labels, -1);
            int chunks = part.chunks;
            double[][][] sums = new double[chunks][k][d];
            long[][] counts = new long[chunks][k];
            long[] changed = new long[chunks];

            boolean strict = false;
            boolean converged = false;
            int iter = 0;
            while (iter < maxIter) {
                iter++;
                KMeansModel.Assigner a = new KMeansModel.Assigner(centers);
                par.forEachChunk(chunks, (c, w) -> {
                    double[][] s = sums[c];
                    long[] cnt = counts[c];
                    for (double[] row : s) {
                        Arrays.fill(row, 0.0);
                    }
                    Arrays.fill(cnt, 0);
                    long ch = 0;
                    for (int i = part.start(c), end = part.end(c); i < end; i++) {
                        int o = i * d;
                        int lab = a.label(X, o);
                        if (labels[i] != lab) {
                            ch++;
                            labels[i] = lab;
                        }
                        cnt[lab]++;
                        double[] acc = s[lab];
                        for (int m = 0; m < d; m++) {
                            acc[m] += X[o + m];
                        }
                    }
                    changed[c] = ch;
                });
                double[][] sum = new double[k][d];
                long[] count = new long[k];
                long totalChanged = 0;
                for (int c = 0; c < chunks; c++) {
                    for (int j = 0; j < k; j++) {
                        count[j] += counts[c][j];
                        for (int m = 0; m < d; m++) {
                            sum[j][m] += sums[c][j][m];
                        }
                    }
                    totalChanged += changed[c];
                }
                relocateEmpty(centers, labels, sum, count);
                double[][] next = new double[k][d];
                double shift = 0;
                for (int j = 0; j < k; j++) {
                    for (int m = 0; m < d; m++) {
                        next[j][m] = count[j] > 0 ? sum[j][m] / count[j] : sum[j][m];
                        double e = next[j][m] - centers[j][m];
                        shift += e * e;
                    }
                }
                centers = next;
                if (totalChanged == 0) {
                    strict = true;
                    break;
                }
                if (shift <= tolScaled) {
                    converged = true;
                    break;
                }
            }
            converged |= strict;

            // Final assignment with the final centres, and the inertia.
            KMeansModel.Assigner a = new KMeansModel.Assigner(centers);
            double[] inertia = new double[chunks];
            final double[][] fc = centers;
            par.forEachChunk(chunks, (c, w) -> {
                double s = 0;
                for (int i = part.start(c), end = part.end(c); i < end; i++) {
                    int lab = a.label(X, i * d);
                    labels[i] = lab;
                    s += Kernels.sqDist(X, i * d, fc[lab], d);
                }
                inertia[c] = s;
            });
            double total = 0;
            for (double v : inertia) {
                total += v;
            }
            if (labelsOut != null) {
                System.arraycopy(labels, 0, labelsOut, 0, n);
            }
            return new KMeansModel(centers, iter, total, converged);
        }

        /** Checks that X is finite and returns the mean over features of the per-feature variance (ddof 0). */
        double meanVariance() {
            int chunks = part.chunks;
            double[][] partial = new double[chunks][d];
            par.forEachChunk(chunks, (c, w) -> {
                int r0 = part.start(c);
                int r1 = part.end(c);
                Kernels.checkFinite(X, r0, r1, d);
                double[] acc = partial[c];
                for (int i = r0; i < r1; i++) {
                    int o = i * d;
                    for (int m = 0; m < d; m++) {
                        acc[m] += X[o + m];
                    }
                }
            });
            double[] mean = new double[d];
            for (double[] p : partial) {
                for (int m = 0; m < d; m++) {
                    mean[m] += p[m];
                }
            }
            for (int m = 0; m < d; m++) {
                mean[m] /= n;
            }
            par.forEachChunk(chunks, (c, w) -> {
                double[] acc = partial[c];
                Arrays.fill(acc, 0.0);
                for (int i = part.start(c), r1 = part.end(c); i < r1; i++) {
                    int o = i * d;
                    for (int m = 0; m < d; m++) {
                        double e = X[o + m] - mean[m];
                        acc[m] += e * e;
                    }
                }
            });
            double[] var = new double[d];
            for (double[] p : partial) {
                for (int m = 0; m < d; m++) {
                    var[m] += p[m];
                }
            }
            double s = 0;
            for (int m = 0; m < d; m++) {
                s += var[m] / n;
            }
            return s / d;
        }

        double[] row(int i) {
            double[] r = new double[d];
            int o = i * d;
            for (int m = 0; m < d; m++) {
                r[m] = X[o + m];
            }
            return r;
        }

        /**
         * scikit-learn's {@code _relocate_empty_clusters}: for each empty cluster (in index order) take the next
         * sample farthest from its assigned old centre, remove it from its cluster's sum and make it the empty
         * cluster's sum.
         */
        void relocateEmpty(double[][] oldCenters, int[] labels, double[][] sum, long[] count) {
            int empty = 0;
            for (long c : count) {
                if (c == 0) {
                    empty++;
                }
            }
            if (empty == 0) {
                return;
            }
            final int top = empty;
            int chunks = part.chunks;
            int[][] topIdx = new int[chunks][];
            double[][] topDist = new double[chunks][];
            par.forEachChunk(chunks, (c, w) -> {
                int[] idx = new int[top];
                double[] dist = new double[top];
                Arrays.fill(idx, -1);
                Arrays.fill(dist, Double.NEGATIVE_INFINITY);
                for (int i = part.start(c), r1 = part.end(c); i < r1; i++) {
                    insertTop(idx, dist, i, Kernels.sqDist(X, i * d, oldCenters[labels[i]], d));
                }
                topIdx[c] = idx;
                topDist[c] = dist;
            });
            int[] idx = new int[top];
            double[] dist = new double[top];
            Arrays.fill(idx, -1);
            Arrays.fill(dist, Double.NEGATIVE_INFINITY);
            for (int c = 0; c < chunks; c++) {
                for (int t = 0; t < top; t++) {
                    if (topIdx[c][t] >= 0) {
                        insertTop(idx, dist, topIdx[c][t], topDist[c][t]);
                    }
                }
            }
            int[] emptyIds = new int[top];
            for (int j = 0, e = 0; j < k; j++) {
                if (count[j] == 0) {
                    emptyIds[e++] = j;
                }
            }
            for (int t = 0; t < top; t++) {
                int j = emptyIds[t];
                int far = idx[t];
                int old = labels[far];
                double[] x = row(far);
                for (int m = 0; m < d; m++) {
                    sum[old][m] -= x[m];
                }
                count[old]--;
                sum[j] = x;
                count[j] = 1;
            }
        }

        /** Keeps the largest distances in decreasing order; equal distances keep the lower index first. */
        private static void insertTop(int[] idx, double[] dist, int i, double v) {
            int p = idx.length;
            while (p > 0 && (v > dist[p - 1] || (v == dist[p - 1] && (idx[p - 1] < 0 || i < idx[p - 1])))) {
                p--;
            }
            if (p == idx.length) {
                return;
            }
            System.arraycopy(idx, p, idx, p + 1, idx.length - p - 1);
            System.arraycopy(dist, p, dist, p + 1, dist.length - p - 1);
            idx[p] = i;
            dist[p] = v;
        }
    }
}
