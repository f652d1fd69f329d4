package org.picketnf.core.cluster;

/**
 * A plain, unoptimised transcription of scikit-learn's GaussianMixture(covariance_type='full') EM in double, as
 * an oracle for {@link Gmm}: whole-array formulas in the order scikit-learn writes them, no blocking, no shift.
 */
final class NaiveGmm {
    static final double EPS = Math.ulp(1.0);

    double[] weights;
    double[][] means;
    double[][][] cov;
    /** Upper-triangular precision Cholesky factors P = (L^-1)^T. */
    double[][][] prec;
    int iterations;
    boolean converged;
    double lowerBound = Double.NEGATIVE_INFINITY;

    private final double[][] x;
    private final int n;
    private final int d;
    private final int k;
    private final double reg;

    NaiveGmm(float[] X, int n, int d, int k, double reg) {
        this.n = n;
        this.d = d;
        this.k = k;
        this.reg = reg;
        x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < d; m++) {
                x[i][m] = X[i * d + m];
            }
        }
    }

    static NaiveGmm fit(float[] X, int n, int d, int k, int[] labels, double tol, double reg, int maxIter) {
        NaiveGmm g = new NaiveGmm(X, n, d, k, reg);
        double[][] resp = new double[n][k];
        for (int i = 0; i < n; i++) {
            resp[i][labels[i]] = 1;
        }
        double[] nk = g.estimate(resp);
        g.weights = new double[k];
        for (int c = 0; c < k; c++) {
            g.weights[c] = nk[c] / n;
        }
        for (int it = 1; it <= maxIter; it++) {
            double prev = g.lowerBound;
            double[][] logp = g.weightedLogProb();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, logp[i][c]);
                }
                double s = 0;
                for (int c = 0; c < k; c++) {
                    s += Math.exp(logp[i][c] - max);
                }
                double norm = Math.log(s) + max;
                sum += norm;
                for (int c = 0; c < k; c++) {
                    resp[i][c] = Math.exp(logp[i][c] - norm);
                }
            }
            g.lowerBound = sum / n;
            nk = g.estimate(resp);
            double tot = 0;
            for (double v : nk) {
                tot += v;
            }
            for (int c = 0; c < k; c++) {
                g.weights[c] = nk[c] / tot;
            }
            g.iterations = it;
            if (Math.abs(g.lowerBound - prev) < tol) {
                g.converged = true;
                break;
            }
        }
        return g;
    }

    /** _estimate_gaussian_parameters + _compute_precision_cholesky; returns nk. */
    double[] estimate(double[][] resp) {
        double[] nk = new double[k];
        means = new double[k][d];
        cov = new double[k][d][d];
        prec = new double[k][][];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                nk[c] += resp[i][c];
            }
            nk[c] += 10 * EPS;
            for (int i = 0; i < n; i++) {
                for (int m = 0; m < d; m++) {
                    means[c][m] += resp[i][c] * x[i][m];
                }
            }
            for (int m = 0; m < d; m++) {
                means[c][m] /= nk[c];
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    for (int m = 0; m < d; m++) {
                        cov[c][j][m] += resp[i][c] * (x[i][j] - means[c][j]) * (x[i][m] - means[c][m]);
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                for (int m = 0; m < d; m++) {
                    cov[c][j][m] /= nk[c];
                }
                cov[c][j][j] += reg;
            }
            prec[c] = precisionCholesky(cov[c]);
        }
        return nk;
    }

    /** (L^-1)^T for the lower Cholesky factor L of a. */
    static double[][] precisionCholesky(double[][] a) {
        int d = a.length;
        double[][] l = Phantoms.chol(a);
        double[][] inv = new double[d][d];
        for (int c = 0; c < d; c++) {
            for (int i = 0; i < d; i++) {
                double s = i == c ? 1 : 0;
                for (int m = 0; m < i; m++) {
                    s -= l[i][m] * inv[m][c];
                }
                inv[i][c] = s / l[i][i];
            }
        }
        double[][] p = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                p[i][j] = inv[j][i];
            }
        }
        return p;
    }

    /** log w_c + log N(x_i | mu_c, Sigma_c) via y = (x - mu) P. */
    double[][] weightedLogProb() {
        double[][] out = new double[n][k];
        for (int c = 0; c < k; c++) {
            double logDet = 0;
            for (int j = 0; j < d; j++) {
                logDet += Math.log(prec[c][j][j]);
            }
            for (int i = 0; i < n; i++) {
                double q = 0;
                for (int j = 0; j < d; j++) {
                    double y = 0;
                    for (int m = 0; m < d; m++) {
                        y += (x[i][m] - means[c][m]) * prec[c][m][j];
                    }
                    q += y * y;
                }
                out[i][c] = -0.5 * (d * Math.log(2 * Math.PI) + q) + logDet + Math.log(weights[c]);
            }
        }
        return out;
    }
}
