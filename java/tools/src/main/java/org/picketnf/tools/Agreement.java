package org.picketnf.tools;

import java.util.List;

/**
 * How likely each fused group is a particle, from which sets found it: the two-class latent model of Dawid and Skene
 * (1979) for several annotators without ground truth.
 *
 * <p>Each group is a particle (T) or not (F); set j finds a particle with probability {@code a[j]} (its recall among
 * the groups) and a non-particle with probability {@code b[j]}; sets decide independently given the class. EM from
 * the support fraction as the first guess: M-step {@code a[j] = (sum_g q_g m_gj + c) / (sum_g q_g + 2c)}, the same
 * for {@code b} with {@code 1 - q}, and the prior {@code pi}; E-step the posterior {@code q_g = P(T | m_g)}. The
 * pseudo-count {@code c} (a Beta(c+1, c+1) prior on every rate) keeps the model from fitting a few groups exactly on
 * tomograms with tens of particles (bench/README.md: the sweep of c). Deterministic: fixed order, fixed iteration cap.
 */
final class Agreement {
    /** Pseudo-count on every rate (chosen by the sweep in bench/README.md). */
    static final double PSEUDO_COUNT = 5.0;
    static final int MAX_ITERATIONS = 500;
    static final double TOLERANCE = 1e-9;

    private Agreement() {
    }

    /** Fitted model: posterior per group, recall and false-find rate per set, prior, iterations run. */
    record Fit(double[] posterior, double[] recall, double[] falseRate, double prior, int iterations) {
    }

    /** Fits the model to the groups' membership over {@code k} sets. */
    static Fit fit(List<Fusion.Group> groups, int k, double pseudo) {
        int n = groups.size();
        boolean[][] m = new boolean[n][k];
        double[] q = new double[n];
        for (int g = 0; g < n; g++) {
            int[] mem = groups.get(g).member();
            for (int j = 0; j < k; j++) {
                m[g][j] = mem[j] >= 0;
            }
            q[g] = (double) groups.get(g).support() / k;
        }
        double[] a = new double[k];
        double[] b = new double[k];
        double pi = 0.5;
        int it = 0;
        while (it < MAX_ITERATIONS && n > 0) {
            it++;
            double sq = 0;
            for (double v : q) {
                sq += v;
            }
            pi = clamp((sq + pseudo) / (n + 2 * pseudo));
            for (int j = 0; j < k; j++) {
                double ta = 0;
                double tb = 0;
                for (int g = 0; g < n; g++) {
                    if (m[g][j]) {
                        ta += q[g];
                        tb += 1 - q[g];
                    }
                }
                a[j] = clamp((ta + pseudo) / (sq + 2 * pseudo));
                b[j] = clamp((tb + pseudo) / (n - sq + 2 * pseudo));
            }
            double change = 0;
            for (int g = 0; g < n; g++) {
                double lt = Math.log(pi);
                double lf = Math.log(1 - pi);
                for (int j = 0; j < k; j++) {
                    lt += m[g][j] ? Math.log(a[j]) : Math.log(1 - a[j]);
                    lf += m[g][j] ? Math.log(b[j]) : Math.log(1 - b[j]);
                }
                double d = Math.max(-700, Math.min(700, lf - lt));
                double nq = 1 / (1 + Math.exp(d));
                change = Math.max(change, Math.abs(nq - q[g]));
                q[g] = nq;
            }
            if (change < TOLERANCE) {
                break;
            }
        }
        return new Fit(q, a, b, pi, it);
    }

    private static double clamp(double p) {
        return Math.max(1e-6, Math.min(1 - 1e-6, p));
    }
}
