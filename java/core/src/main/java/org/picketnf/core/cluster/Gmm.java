package org.picketnf.core.cluster;

import java.util.Arrays;

/**
 * Gaussian mixture with full covariances fitted by EM, following scikit-learn's
 * {@code GaussianMixture(covariance_type='full', n_init=1)} step for step, on float data with double arithmetic.
 *
 * <ul>
 *   <li>Initial M-step from one-hot responsibilities r (the initial labels, scikit-learn's
 *       {@code init_params='kmeans'}): {@code n_k = sum_i r_ik + 10 eps}, {@code mu_k = sum_i r_ik x_i / n_k},
 *       {@code Sigma_k = sum_i r_ik (x_i - mu_k)(x_i - mu_k)^T / n_k + regCovar I}, {@code w_k = n_k / n}.</li>
 *   <li>Then for iter = 1..maxIter: E-step with the current parameters (weighted log densities via the inverse
 *       Cholesky factor of each covariance, {@code log_prob_norm} = log-sum-exp over components, responsibilities
 *       {@code exp(log_prob - log_prob_norm)}, lower bound = mean of {@code log_prob_norm}); M-step as above from
 *       those responsibilities but with {@code w_k = n_k / sum_k n_k}; stop when |lower bound - previous| &lt; tol
 *       (the previous bound starts at -inf). The returned parameters are those of the last M-step and the lower
 *       bound that of the last E-step, as in scikit-learn.</li>
 * </ul>
 *
 * <p>How it is computed (same results up to rounding): one pass over the data per iteration does the E-step and
 * accumulates the M-step's sufficient statistics, in blocks of {@link Kernels#BLOCK} rows. The second moments are
 * taken about a fixed shift c (the data mean): {@code S_k = sum_i r_ik (x_i - c)(x_i - c)^T}, from which
 * {@code n_k Sigma_k = S_k - delta s^T - s delta^T + R delta delta^T} with {@code s = sum r (x - c)},
 * {@code R = sum r}, {@code delta = mu_k - c}. Since the responsibilities of a sample sum to one, the largest
 * component's S is obtained as {@code T - sum of the others}, with {@code T = sum_i (x_i - c)(x_i - c)^T} computed
 * once at initialisation; for two components that removes a quarter of the work. Taking moments about the
 * global mean instead of each component's own mean costs about log10(|mu_k - c|^2 / var) digits to cancellation
 * (e.g. 2 digits of 16 for components 10 sigma apart). Accumulation is in double, in a fixed order over a fixed
 * partition of the rows, so results are bit-identical for any thread count. Exactly duplicated feature columns
 * (such as redundant FFT magnitudes) give exactly singular covariances plus regCovar, as in scikit-learn: responsibilities enter the second moments as sqrt(r) on the rows and every formula is
 * symmetric operation by operation, so identical columns give bit-identical covariance entries.
 */
public final class Gmm {
    /** scikit-learn's default {@code tol}. */
    public static final double DEFAULT_TOL = 1e-3;
    /** scikit-learn's default {@code reg_covar}. */
    public static final double DEFAULT_REG_COVAR = 1e-6;
    /** scikit-learn's default {@code max_iter}. */
    public static final int DEFAULT_MAX_ITER = 100;

    private Gmm() {
    }

    /**
     * The settings of an EM fit: start from {@link #of(int)} and change the rest with the {@code with...} methods.
     * {@link Gmm#fit} checks them.
     *
     * @param k        number of components, 1..127
     * @param tol      convergence threshold on the change of the mean log-likelihood, &gt;= 0 (scikit-learn 1e-3)
     * @param regCovar added to every covariance diagonal, &gt;= 0 (scikit-learn 1e-6)
     * @param maxIter  maximum number of EM iterations, &gt;= 0 (scikit-learn 100); 0 returns the initial M-step
     * @param threads  number of threads, &gt;= 1; the result does not depend on it
     */
    public record Options(int k, double tol, double regCovar, int maxIter, int threads) {
        /** k components with scikit-learn's tol, reg_covar and max_iter, on one thread. */
        public static Options of(int k) {
            return new Options(k, DEFAULT_TOL, DEFAULT_REG_COVAR, DEFAULT_MAX_ITER, 1);
        }

        public Options withTol(double tol) {
            return new Options(k, tol, regCovar, maxIter, threads);
        }

        public Options withRegCovar(double regCovar) {
            return new Options(k, tol, regCovar, maxIter, threads);
        }

        public Options withMaxIter(int maxIter) {
            return new Options(k, tol, regCovar, maxIter, threads);
        }

        public Options withThreads(int threads) {
            return new Options(k, tol, regCovar, maxIter, threads);
        }
    }

    /**
     * scikit-learn's defaults end to end: {@code KMeans(k, seed)} labels as the initial responsibilities, then
     * {@code GaussianMixture(k, tol=1e-3, reg_covar=1e-6, max_iter=100)}.
     */
    public static GmmModel fit(float[] X, int n, int d, int k, long seed, int threads) {
        int[] labels = new int[Math.max(0, n)];
        KMeans.fit(X, n, d, KMeans.Options.of(k, seed).withThreads(threads), labels);
        return fit(X, n, d, labels, Options.of(k).withThreads(threads));
    }

    /**
     * Fits a k-component full-covariance Gaussian mixture to the first n rows of row-major {@code X} (n x d).
     *
     * @param X          row-major data, row i at {@code i * d}; not modified
     * @param n          number of samples, &gt;= k
     * @param d          number of features, &gt;= 1
     * @param initLabels initial component of each sample (n values in [0, k)), e.g. from {@link KMeans}
     * @param options    k, tol, regCovar, maxIter and threads
     * @throws IllegalArgumentException on bad arguments, or if X holds NaN or infinite values
     * @throws CovarianceNotPositiveDefiniteException if a covariance is not positive definite
     */
    public static GmmModel fit(float[] X, int n, int d, int[] initLabels, Options options) {
        return fit(X, n, d, initLabels, options, true);
    }

    /** As the public fit; {@code subtractLargest} = false computes every component's second moment directly. */
    static GmmModel fit(float[] X, int n, int d, int[] initLabels, Options options, boolean subtractLargest) {
        final int k = options.k();
        final double tol = options.tol();
        final double regCovar = options.regCovar();
        final int maxIter = options.maxIter();
        final int threads = options.threads();
        Kernels.checkData(X, n, d);
        if (k < 1 || k > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("k (number of components) must be in 1.." + Byte.MAX_VALUE
                    + ", got " + k);
        }
        if (n < k) {
            throw new IllegalArgumentException("n (number of samples) = " + n
                    + " must be >= k (number of components) = " + k);
        }
        if (initLabels == null || initLabels.length < n) {
            throw new IllegalArgumentException("initLabels must hold n = " + n + " labels, got "
                    + (initLabels == null ? "null" : initLabels.length));
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be finite and >= 0, got " + tol);
        }
        if (!(regCovar >= 0) || Double.isInfinite(regCovar)) {
            throw new IllegalArgumentException("regCovar must be finite and >= 0, got " + regCovar);
        }
        if (maxIter < 0) {
            throw new IllegalArgumentException("maxIter must be >= 0, got " + maxIter);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        try (ChunkPool par = new ChunkPool(threads)) {
            return new Run(X, n, d, k, par, subtractLargest).fit(initLabels, tol, regCovar, maxIter);
        }
    }

    private static final class Run {
        final float[] X;
        final int n;
        final int d;
        final int k;
        final ChunkPool par;
        final Partition part;
        final boolean subtractLargest;
        final GmmStats[] partial;
        final Scratch[] scratch;
        double[] shift;
        /** sum_i (x_i - c)(x_i - c)^T, upper triangle. */
        double[][] total;

        Run(float[] X, int n, int d, int k, ChunkPool par, boolean subtractLargest) {
            this.X = X;
            this.n = n;
            this.d = d;
            this.k = k;
            this.par = par;
            this.part = new Partition(n, Kernels.BLOCK);
            this.subtractLargest = subtractLargest;
            this.partial = new GmmStats[part.chunks];
            this.scratch = new Scratch[par.threads()];
        }

        final class Scratch {
            final double[][] rows = new double[Kernels.BLOCK][Kernels.rowWidth(d)];
            final double[][] scaled = new double[Kernels.BLOCK][Kernels.rowWidth(d)];
            final double[][] resp = new double[k][Kernels.BLOCK];
            final double[][][] gathered = new double[k][Kernels.BLOCK][];
            final int[] counts = new int[k];
            GmmModel.Evaluator.Scratch eval;

        }

        private Scratch scratch(int worker) {
            if (scratch[worker] == null) {
                scratch[worker] = new Scratch();
            }
            return scratch[worker];
        }

        private GmmStats partial(int chunk) {
            if (partial[chunk] == null) {
                partial[chunk] = new GmmStats(k, d);
            } else {
                partial[chunk].clear();
            }
            return partial[chunk];
        }

        private GmmStats reduce(boolean[] skipS) {
            GmmStats tot = new GmmStats(k, d);
            for (GmmStats p : partial) {
                tot.add(p, skipS);
            }
            return tot;
        }

        GmmModel fit(int[] labels, double tol, double regCovar, int maxIter) {
            shift = checkedMean(labels);

            // Initial M-step from one-hot responsibilities.
            par.forEachChunk(part.chunks, (c, w) -> oneHotChunk(c, scratch(w), labels));
            GmmStats init = reduce(null);
            total = new double[d][d];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    for (int m = j; m < d; m++) {
                        total[j][m] += init.S[c][j][m];
                    }
                }
            }
            GmmParams p = GmmParams.mStep(init, shift, n, regCovar, true);

            double lowerBound = Double.NEGATIVE_INFINITY;
            boolean converged = false;
            int iter = 0;
            for (int it = 1; it <= maxIter; it++) {
                double previous = lowerBound;
                int largest = subtractLargest ? GmmModel.argmax(p.nk) : -1;
                boolean[] skipS = new boolean[k];
                if (largest >= 0) {
                    skipS[largest] = true;
                }
                GmmModel.Evaluator ev = new GmmModel.Evaluator(p.weights, p.means, p.linv);
                par.forEachChunk(part.chunks, (c, w) -> emChunk(c, scratch(w), ev, skipS));
                GmmStats st = reduce(skipS);
                if (largest >= 0) {
                    double[][] big = st.S[largest];
                    for (int j = 0; j < d; j++) {
                        for (int m = j; m < d; m++) {
                            double v = total[j][m];
                            for (int c = 0; c < k; c++) {
                                if (c != largest) {
                                    v -= st.S[c][j][m];
                                }
                            }
                            big[j][m] = v;
                        }
                    }
                }
                lowerBound = st.logProbSum / n;
                p = GmmParams.mStep(st, shift, n, regCovar, false);
                iter = it;
                if (Math.abs(lowerBound - previous) < tol) {
                    converged = true;
                    break;
                }
            }
            double[][][] prec = new double[k][][];
            for (int c = 0; c < k; c++) {
                prec[c] = GmmModel.upperFromInverseLower(p.linv[c], d);
            }
            return new GmmModel(p.weights, p.means, p.cov, prec, iter, converged, lowerBound);
        }

        /** Checks X and the labels; returns the column means of X (the shift c). */
        double[] checkedMean(int[] labels) {
            double[][] sums = new double[part.chunks][d];
            par.forEachChunk(part.chunks, (c, w) -> {
                int r0 = part.start(c);
                int r1 = part.end(c);
                Kernels.checkFinite(X, r0, r1, d);
                double[] acc = sums[c];
                for (int i = r0; i < r1; i++) {
                    int lab = labels[i];
                    if (lab < 0 || lab >= k) {
                        throw new IllegalArgumentException("initLabels[" + i + "] = " + lab + " is not in [0, " + k
                                + ")");
                    }
                    int o = i * d;
                    for (int m = 0; m < d; m++) {
                        acc[m] += X[o + m];
                    }
                }
            });
            double[] mean = new double[d];
            for (double[] s : sums) {
                for (int m = 0; m < d; m++) {
                    mean[m] += s[m];
                }
            }
            for (int m = 0; m < d; m++) {
                mean[m] /= n;
            }
            return mean;
        }

        void oneHotChunk(int chunk, Scratch sc, int[] labels) {
            GmmStats st = partial(chunk);
            for (int r0 = part.start(chunk), end = part.end(chunk); r0 < end; r0 += Kernels.BLOCK) {
                int rows = Math.min(Kernels.BLOCK, end - r0);
                Kernels.toRows(X, r0, rows, d, shift, sc.rows);
                Arrays.fill(sc.counts, 0);
                for (int i = 0; i < rows; i++) {
                    int lab = labels[r0 + i];
                    sc.gathered[lab][sc.counts[lab]++] = sc.rows[i];
                    double[] acc = st.s[lab];
                    double[] x = sc.rows[i];
                    for (int m = 0; m < d; m++) {
                        acc[m] += x[m];
                    }
                    st.r[lab] += 1;
                }
                for (int c = 0; c < k; c++) {
                    Kernels.syrkUpper(sc.gathered[c], sc.counts[c], d, st.S[c]);
                }
            }
        }

        void emChunk(int chunk, Scratch sc, GmmModel.Evaluator ev, boolean[] skipS) {
            GmmStats st = partial(chunk);
            if (sc.eval == null) {
                sc.eval = ev.scratch();
            }
            double[][] logp = sc.eval.logp;
            double lps = 0;
            for (int r0 = part.start(chunk), end = part.end(chunk); r0 < end; r0 += Kernels.BLOCK) {
                int rows = Math.min(Kernels.BLOCK, end - r0);
                ev.logWeighted(X, r0, rows, sc.eval);
                for (int i = 0; i < rows; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        max = Math.max(max, logp[c][i]);
                    }
                    double a = Double.isInfinite(max) ? 0 : max;
                    double sum = 0;
                    for (int c = 0; c < k; c++) {
                        sum += Math.exp(logp[c][i] - a);
                    }
                    double norm = Math.log(sum) + a;
                    lps += norm;
                    for (int c = 0; c < k; c++) {
                        sc.resp[c][i] = Math.exp(logp[c][i] - norm);
                    }
                }
                Kernels.toRows(X, r0, rows, d, shift, sc.rows);
                for (int c = 0; c < k; c++) {
                    double[] resp = sc.resp[c];
                    double[] acc = st.s[c];
                    double rs = st.r[c];
                    for (int i = 0; i < rows; i++) {
                        rs += resp[i];
                        Kernels.axpy(resp[i], sc.rows[i], d, acc);
                    }
                    st.r[c] = rs;
                    if (!skipS[c]) {
                        for (int i = 0; i < rows; i++) {
                            double sq = Math.sqrt(resp[i]);
                            double[] src = sc.rows[i];
                            double[] dst = sc.scaled[i];
                            for (int m = 0; m < d; m++) {
                                dst[m] = sq * src[m];
                            }
                        }
                        Kernels.syrkUpper(sc.scaled, rows, d, st.S[c]);
                    }
                }
            }
            st.logProbSum = lps;
        }
    }
}
