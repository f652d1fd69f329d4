package org.picketnf.core.cluster;

import java.util.SplittableRandom;

/** Seeded synthetic data with known parameters for the clustering tests. */
final class Phantoms {
    private Phantoms() {
    }

    /** Samples of a mixture with known parameters: data (row-major float), true labels and the parameters. */
    record Mixture(float[] X, int n, int d, int[] labels, double[][] means, double[][][] covariances, int[] counts) {
    }

    /**
     * A random symmetric positive-definite d x d matrix with eigenvalues in roughly [lo, hi]: Q diag Q^T with a
     * random orthogonal Q (Gram-Schmidt of Gaussian vectors).
     */
    static double[][] randomCovariance(int d, double lo, double hi, SplittableRandom rnd) {
        double[][] q = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int m = 0; m < d; m++) {
                q[j][m] = gaussian(rnd);
            }
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int m = 0; m < d; m++) {
                    dot += q[j][m] * q[p][m];
                }
                for (int m = 0; m < d; m++) {
                    q[j][m] -= dot * q[p][m];
                }
            }
            double nrm = 0;
            for (int m = 0; m < d; m++) {
                nrm += q[j][m] * q[j][m];
            }
            nrm = Math.sqrt(nrm);
            for (int m = 0; m < d; m++) {
                q[j][m] /= nrm;
            }
        }
        double[][] c = new double[d][d];
        for (int e = 0; e < d; e++) {
            double lambda = lo + (hi - lo) * rnd.nextDouble();
            for (int j = 0; j < d; j++) {
                for (int m = 0; m < d; m++) {
                    c[j][m] += lambda * q[e][j] * q[e][m];
                }
            }
        }
        return c;
    }

    static double gaussian(SplittableRandom rnd) {
        // Box-Muller, one value per call (simple and seeded)
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** Lower Cholesky factor (plain formula, for sampling). */
    static double[][] chol(double[][] a) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int j = 0; j < d; j++) {
            double s = a[j][j];
            for (int m = 0; m < j; m++) {
                s -= l[j][m] * l[j][m];
            }
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < d; i++) {
                double t = a[i][j];
                for (int m = 0; m < j; m++) {
                    t -= l[i][m] * l[j][m];
                }
                l[i][j] = t / l[j][j];
            }
        }
        return l;
    }

    /** n samples, sample i drawn from component labels[i] (chosen with the given weights). */
    static Mixture sample(int n, double[] weights, double[][] means, double[][][] covs, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int k = weights.length;
        int d = means[0].length;
        double[][][] ls = new double[k][][];
        for (int c = 0; c < k; c++) {
            ls[c] = chol(covs[c]);
        }
        float[] X = new float[n * d];
        int[] labels = new int[n];
        int[] counts = new int[k];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            int c = 0;
            double acc = weights[0];
            while (c < k - 1 && u >= acc) {
                c++;
                acc += weights[c];
            }
            labels[i] = c;
            counts[c]++;
            for (int m = 0; m < d; m++) {
                z[m] = gaussian(rnd);
            }
            for (int j = 0; j < d; j++) {
                double v = means[c][j];
                for (int m = 0; m <= j; m++) {
                    v += ls[c][j][m] * z[m];
                }
                X[i * d + j] = (float) v;
            }
        }
        return new Mixture(X, n, d, labels, means, covs, counts);
    }

    /**
     * Two well-separated blobs in d dimensions: weights 0.7 / 0.3, random covariances with eigenvalues in
     * [0.2, 1], means 12 apart along a random direction plus a common offset.
     */
    static Mixture twoBlobs(int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[][] means = new double[2][d];
        double[] dir = new double[d];
        double nrm = 0;
        for (int m = 0; m < d; m++) {
            dir[m] = gaussian(rnd);
            nrm += dir[m] * dir[m];
        }
        nrm = Math.sqrt(nrm);
        for (int m = 0; m < d; m++) {
            double offset = 3 + gaussian(rnd);
            means[0][m] = offset - 6 * dir[m] / nrm;
            means[1][m] = offset + 6 * dir[m] / nrm;
        }
        double[][][] covs = {randomCovariance(d, 0.2, 1.0, rnd), randomCovariance(d, 0.2, 1.0, rnd)};
        return sample(n, new double[] {0.7, 0.3}, means, covs, seed);
    }

    /** Fraction of samples whose label matches the truth, up to swapping the two labels. */
    static double agreement2(int[] truth, int[] labels, int n) {
        int same = 0;
        for (int i = 0; i < n; i++) {
            if (truth[i] == labels[i]) {
                same++;
            }
        }
        return Math.max(same, n - same) / (double) n;
    }

    /** Permutation mapping estimated component c to the true component nearest in mean. */
    static int[] matchMeans(double[][] est, double[][] truth) {
        int[] map = new int[est.length];
        for (int c = 0; c < est.length; c++) {
            double best = Double.POSITIVE_INFINITY;
            for (int t = 0; t < truth.length; t++) {
                double s = 0;
                for (int m = 0; m < truth[t].length; m++) {
                    double e = est[c][m] - truth[t][m];
                    s += e * e;
                }
                if (s < best) {
                    best = s;
                    map[c] = t;
                }
            }
        }
        return map;
    }
}
