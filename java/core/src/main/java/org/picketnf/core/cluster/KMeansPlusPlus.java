package org.picketnf.core.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * scikit-learn's greedy k-means++ ({@code _kmeans_plusplus}) with unit sample weights, the initialisation of
 * {@link KMeans}: the first centre is a uniformly random sample, each further one the best of
 * {@code 2 + floor(ln k)} candidates drawn with probability proportional to D^2.
 */
final class KMeansPlusPlus {
    private final float[] X;
    private final int n;
    private final int d;
    private final int k;
    private final ChunkPool par;
    private final Partition part;

    KMeansPlusPlus(float[] X, int n, int d, int k, ChunkPool par, Partition part) {
        this.X = X;
        this.n = n;
        this.d = d;
        this.k = k;
        this.par = par;
        this.part = part;
    }

    /** The k initial centres, drawn from {@code rng}. */
    double[][] centers(SplittableRandom rng) {
        int trials = 2 + (int) Math.log(k);
        int chunks = part.chunks;
        double[][] centers = new double[k][];
        centers[0] = row(rng.nextInt(n));
        double[] closest = new double[n];
        double[] partial = new double[chunks];
        final double[] c0 = centers[0];
        par.forEachChunk(chunks, (c, w) -> {
            double s = 0;
            for (int i = part.start(c), r1 = part.end(c); i < r1; i++) {
                double v = Kernels.sqDist(X, i * d, c0, d);
                closest[i] = v;
                s += v;
            }
            partial[c] = s;
        });
        double pot = sum(partial);
        double[][] partialTrials = new double[chunks][trials];
        for (int cIdx = 1; cIdx < k; cIdx++) {
            double[] targets = new double[trials];
            for (int t = 0; t < trials; t++) {
                targets[t] = rng.nextDouble() * pot;
            }
            int[] cand = searchCumulative(closest, targets);
            double[][] candRows = new double[trials][];
            for (int t = 0; t < trials; t++) {
                candRows[t] = row(cand[t]);
            }
            par.forEachChunk(chunks, (c, w) -> {
                double[] p = partialTrials[c];
                Arrays.fill(p, 0.0);
                for (int i = part.start(c), r1 = part.end(c); i < r1; i++) {
                    double ci = closest[i];
                    for (int t = 0; t < trials; t++) {
                        p[t] += Math.min(ci, Kernels.sqDist(X, i * d, candRows[t], d));
                    }
                }
            });
            double[] pots = new double[trials];
            for (double[] p : partialTrials) {
                for (int t = 0; t < trials; t++) {
                    pots[t] += p[t];
                }
            }
            int best = 0;
            for (int t = 1; t < trials; t++) {
                if (pots[t] < pots[best]) {
                    best = t;
                }
            }
            centers[cIdx] = candRows[best];
            pot = pots[best];
            if (cIdx < k - 1) {
                final double[] cb = candRows[best];
                par.forEachChunk(chunks, (c, w) -> {
                    for (int i = part.start(c), r1 = part.end(c); i < r1; i++) {
                        closest[i] = Math.min(closest[i], Kernels.sqDist(X, i * d, cb, d));
                    }
                });
            }
        }
        return centers;
    }

    /**
     * For each target, the first index whose running sum of {@code w} is &gt;= the target (numpy's
     * {@code searchsorted(cumsum(w), target)}, side 'left'), clipped to n - 1.
     */
    static int[] searchCumulative(double[] w, double[] targets) {
        int t = targets.length;
        Integer[] order = new Integer[t];
        for (int i = 0; i < t; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(targets[a], targets[b]));
        int[] out = new int[t];
        Arrays.fill(out, w.length - 1);
        int next = 0;
        double cum = 0;
        for (int i = 0; i < w.length && next < t; i++) {
            cum += w[i];
            while (next < t && targets[order[next]] <= cum) {
                out[order[next++]] = i;
            }
        }
        return out;
    }

    /** Row i of X in double. */
    private double[] row(int i) {
        double[] r = new double[d];
        int o = i * d;
        for (int m = 0; m < d; m++) {
            r[m] = X[o + m];
        }
        return r;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
