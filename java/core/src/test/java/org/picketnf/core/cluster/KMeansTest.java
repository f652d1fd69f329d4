package org.picketnf.core.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KMeansTest {

    @ParameterizedTest
    @ValueSource(ints = {5, 64})
    void recoversTwoWellSeparatedBlobs(int d) {
        Phantoms.Mixture mix = Phantoms.twoBlobs(20_000, d, 11 + d);
        int[] labels = new int[mix.n()];
        KMeansModel model = KMeans.fit(mix.X(), mix.n(), d, KMeans.Options.of(2, 42).withThreads(2), labels);

        assertTrue(model.converged());
        assertTrue(Phantoms.agreement2(mix.labels(), labels, mix.n()) > 0.999);
        int[] map = Phantoms.matchMeans(model.centers(), mix.means());
        assertTrue(map[0] != map[1]);
        for (int c = 0; c < 2; c++) {
            int t = map[c];
            for (int m = 0; m < d; m++) {
                double se = Math.sqrt(mix.covariances()[t][m][m] / mix.counts()[t]);
                assertEquals(mix.means()[t][m], model.centers()[c][m], 5 * se + 1e-6, "centre " + c + " feature " + m);
            }
        }
    }

    @Test
    void finalLabelsEqualBatchAndSinglePredictions() {
        Phantoms.Mixture mix = Phantoms.twoBlobs(5_000, 7, 3);
        int[] labels = new int[mix.n()];
        KMeansModel model = KMeans.fit(mix.X(), mix.n(), 7, KMeans.Options.of(2, 1), labels);
        byte[] batch = new byte[mix.n() + 3];
        model.predict(mix.X(), mix.n(), batch, 3);
        int[] batchInt = new int[mix.n()];
        model.predict(mix.X(), mix.n(), batchInt, 0, 3);
        for (int i = 0; i < mix.n(); i++) {
            assertEquals(labels[i], batch[3 + i]);
            assertEquals(labels[i], batchInt[i]);
            assertEquals(labels[i], model.predict(mix.X(), i * 7));
        }
    }

    @Test
    void predictionIsTheNearestCentreForSeveralClusters() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 3000;
        int d = 6;
        float[] X = new float[n * d];
        for (int p = 0; p < X.length; p++) {
            X[p] = (float) (rnd.nextDouble() * 10);
        }
        int[] labels = new int[n];
        KMeansModel model = KMeans.fit(X, n, d, KMeans.Options.of(5, 9).withThreads(2), labels);
        double[][] c = model.centers();
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            double[] dist = new double[5];
            for (int j = 0; j < 5; j++) {
                double s = 0;
                for (int m = 0; m < d; m++) {
                    double e = X[i * d + m] - c[j][m];
                    s += e * e;
                }
                dist[j] = s;
                if (s < bestD) {
                    bestD = s;
                    best = j;
                }
            }
            // the fit's label is a nearest centre (equal up to rounding if nearly tied)
            assertEquals(bestD, dist[labels[i]], 1e-9 * (1 + bestD));
            if (labels[i] != best) {
                assertEquals(dist[best], dist[labels[i]], 1e-9 * (1 + bestD));
            }
            assertEquals(labels[i], model.predict(X, i * d));
            inertia += dist[labels[i]];
        }
        assertEquals(inertia, model.inertia(), 1e-9 * inertia);
        // each centre is the mean of its samples (Lloyd fixed point when converged on labels)
        if (model.converged() && model.iterations() < 300) {
            double[][] mean = new double[5][d];
            int[] cnt = new int[5];
            for (int i = 0; i < n; i++) {
                cnt[labels[i]]++;
                for (int m = 0; m < d; m++) {
                    mean[labels[i]][m] += X[i * d + m];
                }
            }
            for (int j = 0; j < 5; j++) {
                for (int m = 0; m < d; m++) {
                    assertEquals(mean[j][m] / cnt[j], c[j][m], 0.05, "centre " + j);
                }
            }
        }
    }

    @Test
    void inertiaDecreasesMonotonicallyWithIterations() {
        SplittableRandom rnd = new SplittableRandom(17);
        int n = 4000;
        int d = 3;
        float[] X = new float[n * d];
        for (int p = 0; p < X.length; p++) {
            X[p] = (float) rnd.nextDouble();
        }
        double previous = Double.POSITIVE_INFINITY;
        int distinct = 0;
        for (int it = 1; it <= 25; it++) {
            KMeansModel m = KMeans.fit(X, n, d, KMeans.Options.of(4, 123).withMaxIter(it).withTol(0.0));
            assertTrue(m.inertia() <= previous * (1 + 1e-12), "iteration " + it + ": " + m.inertia() + " > "
                    + previous);
            if (m.inertia() < previous) {
                distinct++;
            }
            previous = m.inertia();
        }
        assertTrue(distinct >= 5, "the phantom should need several iterations, got " + distinct);
    }

    @Test
    void sameSeedSameModelAndThreadCountDoesNotMatter() {
        Phantoms.Mixture mix = Phantoms.twoBlobs(40_000, 9, 21);
        KMeansModel a = KMeans.fit(mix.X(), mix.n(), 9, KMeans.Options.of(2, 7));
        KMeansModel b = KMeans.fit(mix.X(), mix.n(), 9, KMeans.Options.of(2, 7));
        KMeansModel c = KMeans.fit(mix.X(), mix.n(), 9, KMeans.Options.of(2, 7).withThreads(2));
        KMeansModel e = KMeans.fit(mix.X(), mix.n(), 9, KMeans.Options.of(2, 7).withThreads(3));
        assertEquals(a, b);
        assertEquals(a, c);
        assertEquals(a, e);
        // a k > 2 case too (different assignment code path)
        KMeansModel f = KMeans.fit(mix.X(), mix.n(), 9, KMeans.Options.of(3, 7));
        KMeansModel g = KMeans.fit(mix.X(), mix.n(), 9, KMeans.Options.of(3, 7).withThreads(3));
        assertEquals(f, g);
    }

    @Test
    void kMeansPlusPlusSpreadsTheInitialCentres() {
        // three tight, far-apart blobs: after one iteration every blob has its own centre
        int n = 3000;
        int d = 2;
        float[] X = new float[n * d];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            int b = i % 3;
            X[i * d] = (float) (100 * b + rnd.nextDouble());
            X[i * d + 1] = (float) (-50 * b + rnd.nextDouble());
        }
        for (long seed = 0; seed < 10; seed++) {
            KMeansModel m = KMeans.fit(X, n, d, KMeans.Options.of(3, seed).withMaxIter(1));
            boolean[] seen = new boolean[3];
            for (double[] c : m.centers()) {
                seen[(int) Math.round(c[0] / 100)] = true;
            }
            assertArrayEquals(new boolean[] {true, true, true}, seen, "seed " + seed);
        }
    }

    @Test
    void emptyClustersAreRelocatedWithoutNaN() {
        // four identical points and one outlier, k = 3: the third centre duplicates an existing one and its
        // cluster empties; relocation must keep every centre finite
        float[] X = {0, 0, 0, 0, 10};
        int[] labels = new int[5];
        KMeansModel m = KMeans.fit(X, 5, 1, KMeans.Options.of(3, 0), labels);
        for (double[] c : m.centers()) {
            assertTrue(Double.isFinite(c[0]));
        }
        for (int l : labels) {
            assertTrue(l >= 0 && l < 3);
        }
        assertEquals(0.0, m.inertia(), 0.0);
    }

    @Test
    void singleClusterIsTheMean() {
        float[] X = {1, 2, 3, 4, 5, 6};
        KMeansModel m = KMeans.fit(X, 3, 2, KMeans.Options.of(1, 0));
        assertArrayEquals(new double[] {3, 4}, m.centers()[0], 0.0);
        assertEquals(16.0, m.inertia(), 0.0);
    }

    @Test
    void rejectsDegenerateInput() {
        float[] X = new float[20];
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class, () -> KMeans.fit(X, 1, 2, KMeans.Options.of(2, 0)));
        assertTrue(e.getMessage().contains("must be >= k"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KMeans.fit(X, 10, 0, KMeans.Options.of(2, 0)));
        assertTrue(e.getMessage().contains("d (number of features)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KMeans.fit(X, 11, 2, KMeans.Options.of(2, 0)));
        assertTrue(e.getMessage().contains("fewer than n*d"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(X, 10, 2, KMeans.Options.of(0, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> KMeans.fit(X, 10, 2, KMeans.Options.of(2, 0).withMaxIter(0)));
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(X, 10, 2, KMeans.Options.of(2, 0).withTol(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> KMeans.fit(X, 10, 2, KMeans.Options.of(2, 0).withThreads(0)));
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(null, 10, 2, KMeans.Options.of(2, 0)));
        float[] nan = new float[20];
        nan[7] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> KMeans.fit(nan, 10, 2, KMeans.Options.of(2, 0).withThreads(2)));
        assertTrue(e.getMessage().contains("row 3, feature 1"), e.getMessage());
        float[] inf = new float[20];
        inf[19] = Float.NEGATIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(inf, 10, 2, KMeans.Options.of(2, 0)));
        // values beyond n*d are not looked at
        assertFalse(Double.isNaN(KMeans.fit(inf, 9, 2, KMeans.Options.of(2, 0)).inertia()));
    }
}
