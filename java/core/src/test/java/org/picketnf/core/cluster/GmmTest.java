package org.picketnf.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GmmTest {

    private static int[] kmeansLabels(Phantoms.Mixture mix, int k, long seed) {
        int[] labels = new int[mix.n()];
        KMeans.fit(mix.X(), mix.n(), mix.d(), KMeans.Options.of(k, seed), labels);
        return labels;
    }

    /** Two overlapping, correlated Gaussians in 6-D: EM needs a good number of iterations. */
    private static Phantoms.Mixture overlapping(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 6;
        double[][] means = new double[2][d];
        for (int m = 0; m < d; m++) {
            means[0][m] = 5 + rnd.nextDouble();
            means[1][m] = means[0][m] + (m < 2 ? 1.5 : 0.3);
        }
        double[][][] covs = {Phantoms.randomCovariance(d, 0.1, 2.0, rnd), Phantoms.randomCovariance(d, 0.3, 1.0, rnd)};
        return Phantoms.sample(n, new double[] {0.6, 0.4}, means, covs, seed + 1);
    }

    private static void assertClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * scale, what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void matchesNaiveEmOnCorrelatedData(boolean subtractLargest) {
        Phantoms.Mixture mix = overlapping(2000, 8);
        int[] init = kmeansLabels(mix, 2, 42);
        NaiveGmm ref = NaiveGmm.fit(mix.X(), mix.n(), 6, 2, init, 1e-3, 1e-6, 100);
        GmmModel g = Gmm.fit(mix.X(), mix.n(), 6, init, Gmm.Options.of(2).withThreads(2), subtractLargest);

        assertTrue(ref.iterations >= 5, "phantom should need several EM iterations, got " + ref.iterations);
        assertEquals(ref.iterations, g.iterations());
        assertEquals(ref.converged, g.converged());
        assertEquals(ref.lowerBound, g.lowerBound(), 1e-12 * Math.abs(ref.lowerBound));
        assertClose(ref.weights, g.weights(), 1e-9, "weights");
        for (int c = 0; c < 2; c++) {
            assertClose(ref.means[c], g.means()[c], 1e-9, "means[" + c + "]");
            for (int j = 0; j < 6; j++) {
                assertClose(ref.cov[c][j], g.covariances()[c][j], 1e-8, "cov[" + c + "][" + j + "]");
                assertClose(ref.prec[c][j], g.precisionsCholesky()[c][j], 1e-7, "prec[" + c + "][" + j + "]");
            }
        }
    }

    @Test
    void matchesNaiveEmForEveryIterationCount() {
        Phantoms.Mixture mix = overlapping(600, 3);
        int[] init = kmeansLabels(mix, 2, 1);
        for (int it = 0; it <= 4; it++) {
            NaiveGmm ref = NaiveGmm.fit(mix.X(), mix.n(), 6, 2, init, 0, 1e-6, it);
            GmmModel g = Gmm.fit(mix.X(), mix.n(), 6, init, Gmm.Options.of(2).withTol(0).withMaxIter(it));
            assertEquals(it, g.iterations());
            assertEquals(ref.lowerBound, g.lowerBound(), 1e-12 * Math.abs(ref.lowerBound));
            assertClose(ref.weights, g.weights(), 1e-12, "weights");
            for (int c = 0; c < 2; c++) {
                assertClose(ref.means[c], g.means()[c], 1e-11, "means");
                for (int j = 0; j < 6; j++) {
                    assertClose(ref.cov[c][j], g.covariances()[c][j], 1e-10, "cov");
                }
            }
        }
    }

    @Test
    void handComputedOneDimensionalMStepAndLowerBound() {
        // x = {0, 2, 10}, labels {0, 0, 1}, reg = 1e-6
        float[] X = {0, 2, 10};
        int[] labels = {0, 0, 1};
        double eps = Math.ulp(1.0);
        double n0 = 2 + 10 * eps;
        double n1 = 1 + 10 * eps;
        double mu0 = 2 / n0;
        double mu1 = 10 / n1;
        double var0 = (mu0 * mu0 + (2 - mu0) * (2 - mu0)) / n0 + 1e-6;
        double var1 = (10 - mu1) * (10 - mu1) / n1 + 1e-6;
        GmmModel init = Gmm.fit(X, 3, 1, labels, Gmm.Options.of(2).withMaxIter(0));
        assertEquals(0, init.iterations());
        assertFalse(init.converged());
        assertEquals(Double.NEGATIVE_INFINITY, init.lowerBound());
        assertEquals(n0 / 3, init.weights()[0], 1e-15);
        assertEquals(n1 / 3, init.weights()[1], 1e-15);
        assertEquals(1.0, init.means()[0][0], 1e-14);
        assertEquals(10.0, init.means()[1][0], 1e-13);
        assertEquals(1.000001, init.covariances()[0][0][0], 1e-13);
        assertEquals(1e-6, init.covariances()[1][0][0], 1e-15);
        // moments are taken about the data mean (4), 3 sigma from this component's mean: ~1e-15 cancellation
        assertEquals(var0, init.covariances()[0][0][0], 1e-14);
        assertEquals(1 / Math.sqrt(var1), init.precisionsCholesky()[1][0][0], 1e-9 / Math.sqrt(var1));

        // one EM iteration: lower bound = mean_i log sum_c w_c N(x_i | mu_c, var_c) under the initial parameters
        double[] w = {n0 / 3, n1 / 3};
        double[] mu = {mu0, mu1};
        double[] var = {var0, var1};
        double lb = 0;
        double[][] r = new double[3][2];
        for (int i = 0; i < 3; i++) {
            double[] lp = new double[2];
            for (int c = 0; c < 2; c++) {
                double e = X[i] - mu[c];
                lp[c] = Math.log(w[c]) - 0.5 * Math.log(2 * Math.PI * var[c]) - e * e / (2 * var[c]);
            }
            double max = Math.max(lp[0], lp[1]);
            double norm = max + Math.log(Math.exp(lp[0] - max) + Math.exp(lp[1] - max));
            lb += norm / 3;
            r[i][0] = Math.exp(lp[0] - norm);
            r[i][1] = Math.exp(lp[1] - norm);
        }
        GmmModel one = Gmm.fit(X, 3, 1, labels, Gmm.Options.of(2).withMaxIter(1));
        assertEquals(1, one.iterations());
        assertEquals(lb, one.lowerBound(), 1e-12 * Math.abs(lb));
        double nk0 = r[0][0] + r[1][0] + r[2][0] + 10 * eps;
        double nk1 = r[0][1] + r[1][1] + r[2][1] + 10 * eps;
        double m0 = (2 * r[1][0] + 10 * r[2][0]) / nk0;
        assertEquals(nk0 / (nk0 + nk1), one.weights()[0], 1e-15);
        assertEquals(m0, one.means()[0][0], 1e-13);
        double v0 = (r[0][0] * m0 * m0 + r[1][0] * (2 - m0) * (2 - m0) + r[2][0] * (10 - m0) * (10 - m0)) / nk0 + 1e-6;
        assertEquals(v0, one.covariances()[0][0][0], 1e-12);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 64})
    void recoversTwoWellSeparatedBlobs(int d) {
        Phantoms.Mixture mix = Phantoms.twoBlobs(20_000, d, 100 + d);
        GmmModel g = Gmm.fit(mix.X(), mix.n(), d, 2, 42, 2);
        assertTrue(g.converged());
        byte[] labels = new byte[mix.n()];
        g.predict(mix.X(), mix.n(), labels, 0, 2);
        int[] li = new int[mix.n()];
        for (int i = 0; i < mix.n(); i++) {
            li[i] = labels[i];
        }
        assertTrue(Phantoms.agreement2(mix.labels(), li, mix.n()) > 0.999);
        int[] map = Phantoms.matchMeans(g.means(), mix.means());
        assertNotEquals(map[0], map[1]);
        for (int c = 0; c < 2; c++) {
            int t = map[c];
            int nt = mix.counts()[t];
            assertEquals(nt / (double) mix.n(), g.weights()[c], 0.002);
            double[][] s = mix.covariances()[t];
            for (int j = 0; j < d; j++) {
                assertEquals(mix.means()[t][j], g.means()[c][j], 5 * Math.sqrt(s[j][j] / nt) + 1e-5);
                for (int m = 0; m < d; m++) {
                    double se = Math.sqrt((s[j][j] * s[m][m] + s[j][m] * s[j][m]) / nt);
                    assertEquals(s[j][m], g.covariances()[c][j][m], 6 * se + 1e-5, "cov " + j + "," + m);
                }
            }
        }
    }

    @Test
    void bitIdenticalForAnyThreadCountAndRepeatable() {
        Phantoms.Mixture mix = overlapping(40_000, 77);
        int[] init = kmeansLabels(mix, 2, 5);
        GmmModel a = Gmm.fit(mix.X(), mix.n(), 6, init, Gmm.Options.of(2));
        GmmModel b = Gmm.fit(mix.X(), mix.n(), 6, init, Gmm.Options.of(2).withThreads(2));
        GmmModel c = Gmm.fit(mix.X(), mix.n(), 6, init, Gmm.Options.of(2).withThreads(3));
        GmmModel e = Gmm.fit(mix.X(), mix.n(), 6, init, Gmm.Options.of(2));
        assertTrue(a.iterations() > 2);
        assertEquals(a, b);
        assertEquals(a, c);
        assertEquals(a, e);
        // the seeded end-to-end fit too
        assertEquals(Gmm.fit(mix.X(), mix.n(), 6, 2, 9, 1), Gmm.fit(mix.X(), mix.n(), 6, 2, 9, 3));
    }

    /**
     * The reusable predictor gives the labels of the batch prediction, for two components (the ratio) and three
     * (the densities), in batches of every size from 1 row to more than a block, on several threads at once.
     */
    @Test
    void predictorMatchesBatchPredictionInBatchesOfAnySize() throws Exception {
        Phantoms.Mixture mix = overlapping(3000, 12);
        for (int k : new int[] {2, 3}) {
            GmmModel g = Gmm.fit(mix.X(), mix.n(), 6, kmeansLabels(mix, k, 3), Gmm.Options.of(k));
            byte[] batch = new byte[mix.n()];
            g.predict(mix.X(), mix.n(), batch, 0, 1);
            GmmModel.Predictor p = g.predictor();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                java.util.List<java.util.concurrent.Future<byte[]>> runs = new java.util.ArrayList<>();
                for (int size : new int[] {1, 7, 255, 256, 257, 1000}) {
                    runs.add(pool.submit(() -> {
                        byte[] out = new byte[mix.n()];
                        byte[] part = new byte[size];
                        for (int r0 = 0; r0 < mix.n(); r0 += size) {
                            int rows = Math.min(size, mix.n() - r0);
                            float[] x = java.util.Arrays.copyOfRange(mix.X(), r0 * 6, (r0 + rows) * 6);
                            p.predict(x, rows, part);
                            System.arraycopy(part, 0, out, r0, rows);
                        }
                        return out;
                    }));
                }
                for (java.util.concurrent.Future<byte[]> r : runs) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(batch, r.get(), "k=" + k);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void predictIsArgmaxOfNaiveLogDensities() {
        Phantoms.Mixture mix = overlapping(3000, 12);
        GmmModel g = Gmm.fit(mix.X(), mix.n(), 6, kmeansLabels(mix, 2, 3), Gmm.Options.of(2));
        NaiveGmm ref = new NaiveGmm(mix.X(), mix.n(), 6, 2, 1e-6);
        ref.weights = g.weights();
        ref.means = g.means();
        ref.prec = g.precisionsCholesky();
        double[][] lp = ref.weightedLogProb();
        byte[] batch = new byte[mix.n()];
        g.predict(mix.X(), mix.n(), batch, 0, 3);
        double[] single = new double[2];
        int checked = 0;
        for (int i = 0; i < mix.n(); i++) {
            g.logWeightedDensities(mix.X(), i * 6, single);
            assertEquals(lp[i][0], single[0], 1e-10 * Math.abs(lp[i][0]) + 1e-10);
            assertEquals(lp[i][1], single[1], 1e-10 * Math.abs(lp[i][1]) + 1e-10);
            int p = g.predict(mix.X(), i * 6);
            assertEquals(p, batch[i]);
            if (Math.abs(lp[i][0] - lp[i][1]) > 1e-9) {
                assertEquals(lp[i][1] > lp[i][0] ? 1 : 0, p);
                checked++;
            }
        }
        assertTrue(checked > 2900);
    }

    @Test
    void modelRecomputesPrecisionFactorsAndRoundTrips() {
        Phantoms.Mixture mix = overlapping(1000, 4);
        GmmModel g = Gmm.fit(mix.X(), mix.n(), 6, 2, 42, 1);
        GmmModel h = new GmmModel(g.weights(), g.means(), g.covariances(), g.iterations(), g.converged(),
                g.lowerBound());
        assertEquals(g, h);
    }

    @Test
    void notPositiveDefiniteCovarianceGivesAClearError() {
        // feature 1 is constant: with regCovar = 0 its variance is exactly 0
        int n = 200;
        float[] X = new float[n * 2];
        int[] labels = new int[n];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            X[2 * i] = (float) rnd.nextDouble() + (i % 2) * 5;
            X[2 * i + 1] = 3;
            labels[i] = i % 2;
        }
        CovarianceNotPositiveDefiniteException e = assertThrows(CovarianceNotPositiveDefiniteException.class,
                () -> Gmm.fit(X, n, 2, labels, Gmm.Options.of(2).withRegCovar(0.0)));
        assertTrue(e.getMessage().contains("regCovar") && e.getMessage().contains("reg_covar"), e.getMessage());
        // the default regularisation makes it fine
        GmmModel g = Gmm.fit(X, n, 2, labels, Gmm.Options.of(2));
        assertEquals(1e-6, g.covariances()[0][1][1], 1e-12);
    }

    @Test
    void duplicatedFeaturesStayExactlySingularPlusRegularisation() {
        // columns 2 and 3 are identical (like PickET's redundant FFT magnitudes)
        Phantoms.Mixture base = overlapping(3000, 31);
        int n = base.n();
        float[] X = new float[n * 7];
        for (int i = 0; i < n; i++) {
            System.arraycopy(base.X(), i * 6, X, i * 7, 6);
            X[i * 7 + 6] = X[i * 7 + 2];
        }
        int[] init = new int[n];
        KMeans.fit(X, n, 7, KMeans.Options.of(2, 3), init);
        GmmModel g = Gmm.fit(X, n, 7, init, Gmm.Options.of(2).withThreads(2));
        for (int c = 0; c < 2; c++) {
            double[][] s = g.covariances()[c];
            assertEquals(s[2][2], s[6][6], 0.0);
            assertEquals(s[2][2] - 1e-6, s[2][6], 1e-15 * s[2][2]);
            for (int m = 0; m < 7; m++) {
                if (m != 2 && m != 6) {
                    assertEquals(s[2][m], s[6][m], 0.0, "row " + m);
                    assertEquals(s[m][2], s[m][6], 0.0, "column " + m);
                }
            }
            // (e2 - e6)^T Sigma (e2 - e6) = 2 regCovar up to the rounding of the reg addition
            assertEquals(2e-6, s[2][2] + s[6][6] - 2 * s[2][6], 1e-15 * s[2][2]);
        }
        NaiveGmm ref = NaiveGmm.fit(X, n, 7, 2, init, 1e-3, 1e-6, 100);
        assertEquals(ref.iterations, g.iterations());
        assertEquals(ref.lowerBound, g.lowerBound(), 1e-9 * Math.abs(ref.lowerBound));
    }

    @Test
    void rejectsDegenerateInput() {
        float[] X = new float[20];
        int[] labels = new int[10];
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class, () -> Gmm.fit(X, 1, 2, labels, Gmm.Options.of(2)));
        assertTrue(e.getMessage().contains("must be >= k"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gmm.fit(X, 10, 0, labels, Gmm.Options.of(2)));
        assertTrue(e.getMessage().contains("d (number of features)"), e.getMessage());
        float[] nan = new float[20];
        nan[0] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> Gmm.fit(nan, 10, 2, labels, Gmm.Options.of(2).withThreads(2)));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        int[] bad = new int[10];
        bad[4] = 2;
        e = assertThrows(IllegalArgumentException.class, () -> Gmm.fit(X, 10, 2, bad, Gmm.Options.of(2)));
        assertTrue(e.getMessage().contains("initLabels[4] = 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gmm.fit(X, 10, 2, new int[9], Gmm.Options.of(2)));
        assertThrows(IllegalArgumentException.class, () -> Gmm.fit(X, 10, 2, labels, Gmm.Options.of(2).withTol(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> Gmm.fit(X, 10, 2, labels, Gmm.Options.of(2).withRegCovar(-1e-6)));
        assertThrows(IllegalArgumentException.class,
                () -> Gmm.fit(X, 10, 2, labels, Gmm.Options.of(2).withMaxIter(-1)));
        assertThrows(IllegalArgumentException.class, () -> Gmm.fit(X, 10, 2, labels, Gmm.Options.of(2).withThreads(0)));
        assertThrows(IllegalArgumentException.class, () -> Gmm.fit(X, 10, 2, labels, Gmm.Options.of(0)));
        assertThrows(IllegalArgumentException.class, () -> Gmm.fit(nan, 10, 2, 2, 0L, 1));
    }
}
