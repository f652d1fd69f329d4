package org.picketnf.core.cluster;

import java.util.Arrays;

/**
 * A fitted Gaussian mixture with full covariances (scikit-learn's {@code GaussianMixture(covariance_type='full')}
 * attributes). Immutable: arrays are deep-copied in and out.
 *
 * <p>Prediction is the argmax over components of the weighted log density
 * {@code log w_k - (d log(2 pi) + |P_k^T (x - mu_k)|^2) / 2 + sum_j log P_k[j][j]}, which is also the argmax of the
 * posterior; ties go to the lower index. Each component costs d^2/2 multiply-adds per sample; the batch methods
 * run in blocks and vectorise, the single-sample method does not.
 *
 * @param weights            k mixture weights ({@code weights_})
 * @param means              k x d means ({@code means_})
 * @param covariances        k x d x d covariances, {@code regCovar} included ({@code covariances_})
 * @param precisionsCholesky k x d x d upper-triangular P_k with P_k P_k^T = inverse of covariance k
 *                           ({@code precisions_cholesky_}); derived from the covariances when null
 * @param iterations         number of EM iterations run ({@code n_iter_})
 * @param converged          whether the lower bound changed by less than tol ({@code converged_})
 * @param lowerBound         mean log-likelihood per sample at the last E-step ({@code lower_bound_}); -inf if no
 *                           iteration ran
 */
public record GmmModel(double[] weights, double[][] means, double[][][] covariances, double[][][] precisionsCholesky,
                       int iterations, boolean converged, double lowerBound) {

    /** log(2 pi). */
    static final double LOG_2PI = Math.log(2 * Math.PI);

    /** Validates, deep-copies, and derives {@code precisionsCholesky} from the covariances if it is null. */
    public GmmModel {
        if (weights == null || weights.length < 1) {
            throw new IllegalArgumentException("weights must hold at least one component");
        }
        int k = weights.length;
        if (k > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Byte.MAX_VALUE + " components are supported, got " + k);
        }
        if (means == null || means.length != k || covariances == null || covariances.length != k) {
            throw new IllegalArgumentException("weights, means and covariances must all have " + k + " components");
        }
        int d = means[0] == null ? 0 : means[0].length;
        if (d < 1) {
            throw new IllegalArgumentException("means must have at least one feature");
        }
        weights = weights.clone();
        means = copy2(means, k, d, "means");
        covariances = copy3(covariances, k, d, "covariances");
        if (precisionsCholesky == null) {
            precisionsCholesky = new double[k][][];
            for (int c = 0; c < k; c++) {
                precisionsCholesky[c] = upperFromInverseLower(Linalg.invertLower(Linalg.cholesky(covariances[c], c)), d);
            }
        } else {
            precisionsCholesky = copy3(precisionsCholesky, k, d, "precisionsCholesky");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
        }
    }

    /** A model without stored precision factors: they are computed from the covariances. */
    public GmmModel(double[] weights, double[][] means, double[][][] covariances, int iterations, boolean converged,
                    double lowerBound) {
        this(weights, means, covariances, null, iterations, converged, lowerBound);
    }

    /** P = (L^-1)^T as a full d x d array (zero below the diagonal). */
    static double[][] upperFromInverseLower(double[][] linv, int d) {
        double[][] p = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int m = 0; m <= j; m++) {
                p[m][j] = linv[j][m];
            }
        }
        return p;
    }

    private static double[][] copy2(double[][] a, int k, int d, String name) {
        double[][] out = new double[k][];
        for (int c = 0; c < k; c++) {
            if (a[c] == null || a[c].length != d) {
                throw new IllegalArgumentException(name + "[" + c + "] must have length " + d);
            }
            out[c] = a[c].clone();
        }
        return out;
    }

    private static double[][][] copy3(double[][][] a, int k, int d, String name) {
        if (a.length != k) {
            throw new IllegalArgumentException(name + " must have " + k + " components");
        }
        double[][][] out = new double[k][][];
        for (int c = 0; c < k; c++) {
            if (a[c] == null || a[c].length != d) {
                throw new IllegalArgumentException(name + "[" + c + "] must be " + d + " x " + d);
            }
            out[c] = copy2(a[c], d, d, name + "[" + c + "]");
        }
        return out;
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[][] means() {
        return copy2(means, means.length, means[0].length, "means");
    }

    @Override
    public double[][][] covariances() {
        return copy3(covariances, covariances.length, means[0].length, "covariances");
    }

    @Override
    public double[][][] precisionsCholesky() {
        return copy3(precisionsCholesky, precisionsCholesky.length, means[0].length, "precisionsCholesky");
    }

    /** Number of components k. */
    public int k() {
        return weights.length;
    }

    /** Number of features d. */
    public int dimension() {
        return means[0].length;
    }

    /**
     * Weighted log densities {@code log w_c + log N(x | mu_c, Sigma_c)} of one sample (the d floats of x from
     * {@code off}) into {@code out[0..k)}.
     */
    public void logWeightedDensities(float[] x, int off, double[] out) {
        int d = dimension();
        if (off < 0 || (long) off + d > x.length) {
            throw new IllegalArgumentException("x has no " + d + " values at offset " + off);
        }
        evaluator().logWeightedOne(x, off, out);
    }

    /** Label (most probable component) of one sample, the d floats of {@code x} starting at {@code off}. */
    public int predict(float[] x, int off) {
        if (weights.length == 2) {
            int d = dimension();
            if (off < 0 || (long) off + d > x.length) {
                throw new IllegalArgumentException("x has no " + d + " values at offset " + off);
            }
            return llr().label(x, off);
        }
        double[] lp = new double[weights.length];
        logWeightedDensities(x, off, lp);
        return argmax(lp);
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Labels of the first n rows of row-major {@code X} (n x d), written to {@code labelsOut[labelsOff..]}. */
    public void predict(float[] X, int n, byte[] labelsOut, int labelsOff) {
        predict(X, n, labelsOut, labelsOff, 1);
    }

    /** As {@link #predict(float[], int, byte[], int)}, on {@code threads} threads. */
    public void predict(float[] X, int n, byte[] labelsOut, int labelsOff, int threads) {
        int d = dimension();
        Kernels.checkData(X, n, d);
        if (labelsOut == null) {
            throw new IllegalArgumentException("labelsOut is null");
        }
        if (labelsOff < 0 || (long) labelsOff + n > labelsOut.length) {
            throw new IllegalArgumentException("labelsOut (length " + labelsOut.length + ") has no room for " + n
                    + " labels at offset " + labelsOff);
        }
        if (n == 0) {
            return;
        }
        if (weights.length == 2) {
            predictTwo(X, n, labelsOut, labelsOff, threads);
            return;
        }
        Evaluator ev = evaluator();
        Partition part = new Partition(n, Kernels.BLOCK);
        try (ChunkPool par = new ChunkPool(threads)) {
            Evaluator.Scratch[] scratch = new Evaluator.Scratch[par.threads()];
            par.forEachChunk(part.chunks, (c, w) -> {
                if (scratch[w] == null) {
                    scratch[w] = ev.scratch();
                }
                Evaluator.Scratch s = scratch[w];
                for (int r0 = part.start(c), end = part.end(c); r0 < end; r0 += Kernels.BLOCK) {
                    int rows = Math.min(Kernels.BLOCK, end - r0);
                    ev.logWeighted(X, r0, rows, s);
                    s.argmax(rows, labelsOut, labelsOff + r0);
                }
            });
        }
    }

    /** Two components: the sign of one log-likelihood ratio per sample (see {@link Llr}). */
    private void predictTwo(float[] X, int n, byte[] labelsOut, int labelsOff, int threads) {
        Llr llr = llr();
        Partition part = new Partition(n, Kernels.BLOCK);
        try (ChunkPool par = new ChunkPool(threads)) {
            Llr.Scratch[] scratch = new Llr.Scratch[par.threads()];
            par.forEachChunk(part.chunks, (c, w) -> {
                if (scratch[w] == null) {
                    scratch[w] = llr.scratch();
                }
                for (int r0 = part.start(c), end = part.end(c); r0 < end; r0 += Kernels.BLOCK) {
                    int rows = Math.min(Kernels.BLOCK, end - r0);
                    llr.labels(X, r0, rows, scratch[w], labelsOut, labelsOff + r0);
                }
            });
        }
    }

    Llr llr() {
        return new Llr(this);
    }

    /**
     * A predictor that derives the model's matrices once, for many small batches (picket-segment labels a few rows
     * of voxels per call; deriving them per call took a quarter of its time). Same labels as
     * {@link #predict(float[], int, byte[], int)}; safe to share between threads (scratch per thread).
     */
    public Predictor predictor() {
        return new Predictor(this);
    }

    /** See {@link #predictor()}. */
    public static final class Predictor {
        private final int d;
        private final Llr llr;
        private final Evaluator ev;
        private final ThreadLocal<Llr.Scratch> llrScratch;
        private final ThreadLocal<Evaluator.Scratch> evScratch;

        private Predictor(GmmModel g) {
            d = g.dimension();
            llr = g.weights.length == 2 ? g.llr() : null;
            ev = llr == null ? g.evaluator() : null;
            llrScratch = llr == null ? null : ThreadLocal.withInitial(llr::scratch);
            evScratch = ev == null ? null : ThreadLocal.withInitial(ev::scratch);
        }

        /** Labels of the first n rows of row-major {@code X} (n x d) into {@code labelsOut[0..n)}. */
        public void predict(float[] X, int n, byte[] labelsOut) {
            Kernels.checkData(X, n, d);
            if (labelsOut == null || labelsOut.length < n) {
                throw new IllegalArgumentException("labelsOut has no room for " + n + " labels");
            }
            Llr.Scratch ls = llr == null ? null : llrScratch.get();
            Evaluator.Scratch es = ev == null ? null : evScratch.get();
            for (int r0 = 0; r0 < n; r0 += Kernels.BLOCK) {
                int rows = Math.min(Kernels.BLOCK, n - r0);
                if (llr != null) {
                    llr.labels(X, r0, rows, ls, labelsOut, r0);
                } else {
                    ev.logWeighted(X, r0, rows, es);
                    es.argmax(rows, labelsOut, r0);
                }
            }
        }
    }

    /**
     * The label of a two-component mixture as the sign of one log-likelihood ratio instead of two log densities:
     * with z = x - (mu_0 + mu_1)/2, delta = (mu_1 - mu_0)/2 and M_c = P_c P_c^T the precision matrices,
     * {@code log p_1(x) - log p_0(x) = K - (z^T A z - 2 b^T z + c)/2} where A = M_1 - M_0, b = M_1 delta + M_0 delta,
     * c = delta^T (M_1 - M_0) delta and K = log(w_1/w_0) + sum_j log(P_1[j][j]/P_0[j][j]). A is symmetric, so the
     * quadratic form costs d(d+1)/2 multiply-adds: half of the two triangular forms (d^2/2 each) it replaces.
     * Label 1 when the ratio is > 0 (ties go to component 0, as the argmax does). Centring at the midpoint keeps the
     * terms of the size of the distances to the means, so the ratio is as accurate as the two densities' difference
     * (GmmTest: the same labels wherever the two log densities differ by more than 1e-9).
     */
    static final class Llr {
        final int d;
        final double[] mid;
        /** Rows of the lower triangle of A: row j has j + 1 entries. */
        final double[][] a;
        final double[] b;
        final double k;
        /** z^T A z - 2 b^T z, blocked. */
        final TriangleKernel form;

        Llr(GmmModel g) {
            d = g.dimension();
            double[][] m0 = precision(g.precisionsCholesky[0], d);
            double[][] m1 = precision(g.precisionsCholesky[1], d);
            mid = new double[d];
            double[] delta = new double[d];
            for (int j = 0; j < d; j++) {
                mid[j] = 0.5 * (g.means[0][j] + g.means[1][j]);
                delta[j] = 0.5 * (g.means[1][j] - g.means[0][j]);
            }
            a = new double[d][];
            b = new double[d];
            double c = 0;
            for (int j = 0; j < d; j++) {
                a[j] = new double[j + 1];
                for (int m = 0; m <= j; m++) {
                    a[j][m] = m1[j][m] - m0[j][m];
                }
                double bj = 0;
                double aj = 0;
                for (int m = 0; m < d; m++) {
                    bj += (m1[j][m] + m0[j][m]) * delta[m];
                    aj += (m1[j][m] - m0[j][m]) * delta[m];
                }
                b[j] = bj;
                c += delta[j] * aj;
            }
            double logDet = 0;
            for (int j = 0; j < d; j++) {
                logDet += Math.log(g.precisionsCholesky[1][j][j]) - Math.log(g.precisionsCholesky[0][j][j]);
            }
            // K - c/2: the constant part of the ratio; the rest is -(z^T A z - 2 b^T z)/2
            k = Math.log(g.weights[1]) - Math.log(g.weights[0]) + logDet - 0.5 * c;
            form = TriangleKernel.symmetric(a, b);
        }

        /** M = P P^T for upper-triangular P. */
        private static double[][] precision(double[][] p, int d) {
            double[][] m = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int l = i; l < d; l++) { // p[i][l] and p[j][l] are non-zero for l >= max(i, j) = i
                        s += p[i][l] * p[j][l];
                    }
                    m[i][j] = s;
                    m[j][i] = s;
                }
            }
            return m;
        }

        /** Per-thread scratch of {@link #labels}: a column block, the forms and the tile's accumulators. */
        static final class Scratch {
            final double[] col;
            final double[] q = new double[Kernels.BLOCK];
            final double[] acc = TriangleKernel.accumulators();

            private Scratch(int dPad) {
                col = new double[dPad * Kernels.BLOCK];
            }
        }

        Scratch scratch() {
            return new Scratch(form.paddedDimension());
        }

        /** Labels of rows [row0, row0 + rows) (at most BLOCK) into {@code out[outOff..]}. */
        void labels(float[] X, int row0, int rows, Scratch s, byte[] out, int outOff) {
            Kernels.toColumns(X, row0, rows, d, mid, s.col, Kernels.BLOCK);
            form.forms(s.col, Kernels.BLOCK, rows, s.q, s.acc);
            for (int i = 0; i < rows; i++) {
                out[outOff + i] = (byte) (k - 0.5 * s.q[i] > 0 ? 1 : 0);
            }
        }

        /** The label of one sample, by the same operations as the batch form (bit-identical ratio). */
        int label(float[] x, int off) {
            double[] z = new double[d];
            for (int m = 0; m < d; m++) {
                z[m] = x[off + m] - mid[m];
            }
            double q = form.form(z);
            return k - 0.5 * q > 0 ? 1 : 0;
        }
    }

    Evaluator evaluator() {
        int k = weights.length;
        int d = dimension();
        double[][][] linv = new double[k][d][];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                linv[c][j] = new double[j + 1];
                for (int m = 0; m <= j; m++) {
                    linv[c][j][m] = precisionsCholesky[c][m][j];
                }
            }
        }
        return new Evaluator(weights, means, linv);
    }

    /** Compares all arrays by value (bit for bit), not by identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GmmModel g && iterations == g.iterations && converged == g.converged
                && Double.compare(lowerBound, g.lowerBound) == 0 && Arrays.equals(weights, g.weights)
                && Arrays.deepEquals(means, g.means) && Arrays.deepEquals(covariances, g.covariances)
                && Arrays.deepEquals(precisionsCholesky, g.precisionsCholesky);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(weights) + Arrays.deepHashCode(means)) + iterations;
    }

    @Override
    public String toString() {
        return "GmmModel[k=" + weights.length + ", d=" + means[0].length + ", iterations=" + iterations
                + ", converged=" + converged + ", lowerBound=" + lowerBound + ", weights=" + Arrays.toString(weights)
                + "]";
    }

    /**
     * Blocked weighted log densities for all components; used by both the fit's E-step and batch prediction.
     */
    static final class Evaluator {
        final int k;
        final int d;
        final double[][] means;
        /** Per component: rows of L^-1 (lower triangular, row j has j + 1 entries). */
        final double[][][] linv;
        /** Per component: sum_j log(L^-1[j][j]) and log(weight). */
        final double[] logDet;
        final double[] logWeight;
        /** Per component: |L^-1 z|^2, blocked. */
        final TriangleKernel[] forms;

        Evaluator(double[] weights, double[][] means, double[][][] linv) {
            this.k = weights.length;
            this.d = means[0].length;
            this.means = means;
            this.linv = linv;
            this.logDet = new double[k];
            this.logWeight = new double[k];
            this.forms = new TriangleKernel[k];
            for (int c = 0; c < k; c++) {
                forms[c] = TriangleKernel.squares(linv[c]);
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += Math.log(linv[c][j][j]);
                }
                logDet[c] = s;
                logWeight[c] = Math.log(weights[c]);
            }
        }

        static final class Scratch {
            final double[] col;
            final double[] acc;
            final double[] q;
            final double[][] logp;

            Scratch(int k, int dPad) {
                col = new double[dPad * Kernels.BLOCK];
                acc = TriangleKernel.accumulators();
                q = new double[Kernels.BLOCK];
                logp = new double[k][Kernels.BLOCK];
            }

            /** The most probable component of each of the first rows samples (ties to the lower index). */
            void argmax(int rows, byte[] out, int off) {
                for (int i = 0; i < rows; i++) {
                    int best = 0;
                    double bv = logp[0][i];
                    for (int c = 1; c < logp.length; c++) {
                        if (logp[c][i] > bv) {
                            bv = logp[c][i];
                            best = c;
                        }
                    }
                    out[off + i] = (byte) best;
                }
            }
        }

        Scratch scratch() {
            return new Scratch(k, forms[0].paddedDimension());
        }

        /** Weighted log densities of one sample into {@code out[0..k)}, by the batch form's operations. */
        void logWeightedOne(float[] x, int off, double[] out) {
            double dl = d * LOG_2PI;
            double[] z = new double[d];
            for (int c = 0; c < k; c++) {
                double[] mu = means[c];
                for (int m = 0; m < d; m++) {
                    z[m] = x[off + m] - mu[m];
                }
                out[c] = (-0.5 * (dl + forms[c].form(z)) + logDet[c]) + logWeight[c];
            }
        }

        /** {@code s.logp[c][i]} = weighted log density of row row0 + i under component c, i in [0, rows). */
        void logWeighted(float[] X, int row0, int rows, Scratch s) {
            double dl = d * LOG_2PI;
            for (int c = 0; c < k; c++) {
                Kernels.toColumns(X, row0, rows, d, means[c], s.col, Kernels.BLOCK);
                forms[c].forms(s.col, Kernels.BLOCK, rows, s.q, s.acc);
                double ld = logDet[c];
                double lw = logWeight[c];
                double[] out = s.logp[c];
                for (int i = 0; i < rows; i++) {
                    out[i] = (-0.5 * (dl + s.q[i]) + ld) + lw;
                }
            }
        }
    }
}
