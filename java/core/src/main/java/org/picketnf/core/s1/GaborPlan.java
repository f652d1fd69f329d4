package org.picketnf.core.s1;

import java.util.ArrayList;
import java.util.List;

/**
 * Immutable kernels and pass structure for a list of bank filters, in the separable form of {@link GaborFeatures}'s
 * fast path: per axis frequency the centred even (a) and odd (b) envelope kernels, the distinct z-axis frequencies
 * and (z, y) frequency pairs that the z- and y-passes compute, and per filter its x kernel with the phase folded in.
 */
final class GaborPlan {
    final int n;
    final int h;
    final int ns;
    final int[] selected;
    /** distinct z-axis frequency indices, ascending; their centred kernels a (even) / b (odd), e = 0..h. */
    final int[] zFreqs;
    /** per distinct (z-freq, y-freq) pair, grouped by z-freq: slot of its z-freq in zFreqs, y-freq index. */
    final int[] pairZSlot;
    final int[] pairYFreq;
    /** first pair of each z slot, and one past the last. */
    final int[] zSlotPairStart;
    final float[][] a;
    final float[][] b;
    /** per selected filter: its pair, and its full x kernel (phase folded in), d = 0..n-1. */
    final int[] filterPair;
    /** selected-filter positions grouped by pair: those of pair q are pairFilters[pairFilterStart[q] ..]. */
    final int[] pairFilters;
    final int[] pairFilterStart;
    final float[][] kr;
    final float[][] ki;

    GaborPlan(int n, int ns, int[] selected) {
        GaborBank.checkBank(n, ns);
        int nf = ns * ns * ns;
        for (int s : selected) {
            if (s < 0 || s >= nf) {
                throw new IllegalArgumentException("Gabor filter index " + s + " outside 0.." + (nf - 1));
            }
        }
        this.n = n;
        this.h = n / 2;
        this.ns = ns;
        this.selected = selected;
        double[] f = GaborBank.linspace(GaborFeatures.MAX_FREQ, ns);
        double step = (double) n / (n - 1);
        double sigma = h / 3.0;
        double[] g = new double[h + 1];
        for (int e = 0; e <= h; e++) {
            g[e] = Math.exp(-(e * e) / (4 * sigma * sigma));
        }
        a = new float[ns][h + 1];
        b = new float[ns][h + 1];
        for (int i = 0; i < ns; i++) {
            double psi = 2 * Math.PI * f[i] * step;
            for (int e = 0; e <= h; e++) {
                a[i][e] = (float) (g[e] * Math.cos(psi * e));
                b[i][e] = (float) (g[e] * Math.sin(psi * e));
            }
        }
        // axis frequencies of each filter (meshgrid swap: z axis <- iy, y axis <- iz)
        boolean[] zUsed = new boolean[ns];
        boolean[][] pairUsed = new boolean[ns][ns];
        for (int s : selected) {
            int fz = (s / ns) % ns;
            int fy = s / (ns * ns);
            zUsed[fz] = true;
            pairUsed[fz][fy] = true;
        }
        List<Integer> zl = new ArrayList<>();
        for (int i = 0; i < ns; i++) {
            if (zUsed[i]) {
                zl.add(i);
            }
        }
        zFreqs = zl.stream().mapToInt(Integer::intValue).toArray();
        int[][] pairId = new int[ns][ns];
        List<int[]> pairs = new ArrayList<>();
        zSlotPairStart = new int[zFreqs.length + 1];
        for (int zs = 0; zs < zFreqs.length; zs++) {
            zSlotPairStart[zs] = pairs.size();
            for (int fy = 0; fy < ns; fy++) {
                if (pairUsed[zFreqs[zs]][fy]) {
                    pairId[zFreqs[zs]][fy] = pairs.size();
                    pairs.add(new int[] {zs, fy});
                }
            }
        }
        zSlotPairStart[zFreqs.length] = pairs.size();
        pairZSlot = pairs.stream().mapToInt(p -> p[0]).toArray();
        pairYFreq = pairs.stream().mapToInt(p -> p[1]).toArray();
        filterPair = new int[selected.length];
        kr = new float[selected.length][n];
        ki = new float[selected.length][n];
        for (int k = 0; k < selected.length; k++) {
            int s = selected[k];
            int fz = (s / ns) % ns;
            int fy = s / (ns * ns);
            int fx = s % ns;
            filterPair[k] = pairId[fz][fy];
            double phase = 2 * Math.PI * step * h * (f[fz] + f[fy] + f[fx]);
            double psi = 2 * Math.PI * f[fx] * step;
            for (int d = 0; d < n; d++) {
                int e = d - h;
                double ge = g[Math.abs(e)];
                double t = phase + psi * e;
                kr[k][d] = (float) (ge * Math.cos(t));
                ki[k][d] = (float) (ge * Math.sin(t));
            }
        }
        int np = pairZSlot.length;
        pairFilterStart = new int[np + 1];
        for (int k = 0; k < selected.length; k++) {
            pairFilterStart[filterPair[k] + 1]++;
        }
        for (int q = 0; q < np; q++) {
            pairFilterStart[q + 1] += pairFilterStart[q];
        }
        pairFilters = new int[selected.length];
        int[] fill = pairFilterStart.clone();
        for (int k = 0; k < selected.length; k++) {
            pairFilters[fill[filterPair[k]]++] = k;
        }
    }
}
