package org.picketnf.core.s1;

import org.picketnf.core.Volume;

/**
 * The separable passes of {@link GaborFeatures}' fast path over one section, with their per-call scratch: walks the
 * output rows of the section ({@link #nextRow}), leaving the y-pass results of the current row, from which
 * {@link #responseRow} and {@link #responseAt} form the responses (the x-pass). Not thread-safe; one per call.
 */
final class GaborPasses {
    final GaborPlan p;
    final float[] d;
    final int nx;
    final int ny;
    final int z;
    final int nxi;
    final int len;
    /** ring[slot][2*zs] / [2*zs+1]: Re / Im of the z-pass for z-frequency slot zs (Im unused for f = 0). */
    final float[][][] ring;
    final float[][] rows;
    final float[][] sym;
    /** per pair q: Re plane 2q, Im plane 2q+1, each nx long. */
    final float[][] f2;
    /** shifted copies of the current pair's y-pass row for the x-pass: xr[d][i] = Re(i + d). */
    final float[][] xr;
    final float[][] xi;
    final float[][] taps;
    final float[][] tapsIm;
    int yNext;
    /** current output row (interior y), valid after nextRow() returned true. */
    int y = -1;

    GaborPasses(GaborPlan p, Volume pre, int z) {
        this.p = p;
        this.d = pre.data();
        this.nx = pre.nx();
        this.ny = pre.ny();
        this.z = z;
        this.nxi = nx - 2 * p.h;
        this.len = nx;
        int n = p.n;
        ring = new float[n][2 * p.zFreqs.length][len];
        rows = SymTaps.planes(n, len);
        sym = SymTaps.planes(2 + 4 * p.h, len);
        f2 = SymTaps.planes(2 * p.pairZSlot.length, len);
        xr = SymTaps.planes(n, Math.max(0, nxi));
        xi = SymTaps.planes(n, Math.max(0, nxi));
        taps = new float[n][];
        tapsIm = new float[n][];
        yNext = 0;
    }

    /** Advances to the next interior output row; false when the section is done. */
    boolean nextRow() {
        int n = p.n;
        int h = p.h;
        if (nxi <= 0 || ny - 2 * h <= 0) {
            return false;
        }
        while (yNext < ny) {
            int yp = yNext++;
            // stage 1: z-pass of row yp for every used z frequency
            for (int t = 0; t < n; t++) {
                System.arraycopy(d, ((z - h + t) * ny + yp) * nx, rows[t], 0, len);
            }
            SymTaps.symReal(rows, h, len, sym);
            float[][] slot = ring[yp % n];
            for (int zs = 0; zs < p.zFreqs.length; zs++) {
                int fz = p.zFreqs[zs];
                SymTaps.applyReal(sym, h, len, p.a[fz], p.b[fz], 1f, slot[2 * zs], fz == 0 ? null : slot[2 * zs + 1]);
            }
            if (yp < 2 * h) {
                continue;
            }
            y = yp - h;
            // stage 2: y-pass per (z-freq, y-freq) pair
            for (int zs = 0; zs < p.zFreqs.length; zs++) {
                boolean real = p.zFreqs[zs] == 0;
                for (int t = 0; t < n; t++) {
                    float[][] sl = ring[(y - h + t) % n];
                    taps[t] = sl[2 * zs];
                    tapsIm[t] = sl[2 * zs + 1];
                }
                if (real) {
                    SymTaps.symReal(taps, h, len, sym);
                } else {
                    SymTaps.symComplex(taps, tapsIm, h, len, sym);
                }
                for (int q = p.zSlotPairStart[zs]; q < p.zSlotPairStart[zs + 1]; q++) {
                    int fy = p.pairYFreq[q];
                    if (real) {
                        SymTaps.applyReal(sym, h, len, p.a[fy], p.b[fy], 1f, f2[2 * q], f2[2 * q + 1]);
                    } else {
                        SymTaps.applyComplex(sym, h, len, p.a[fy], p.b[fy], 1f, f2[2 * q], f2[2 * q + 1]);
                    }
                }
            }
            return true;
        }
        return false;
    }

    /** Prepares the x-pass taps of pair q for {@link #responseRow}. */
    void loadPair(int q) {
        SymTaps.shiftedTaps(f2[2 * q], p.n, nxi, xr);
        SymTaps.shiftedTaps(f2[2 * q + 1], p.n, nxi, xi);
    }

    /**
     * Stage 3 for selected filter s (whose pair was loaded by {@link #loadPair}) over the current row:
     * dst[i], i = 0..nxi-1 (x = i + h): sum_d kr_d Re(x+d) - ki_d Im(x+d). For n = 5 the real and imaginary
     * sums are formed separately and subtracted; otherwise term by term. {@link #responseAt} does exactly the
     * same operations, so both give the same bits.
     */
    void responseRow(int s, float[] dst) {
        float[] kr = p.kr[s];
        float[] ki = p.ki[s];
        int m = nxi;
        if (kr.length == 5) {
            float r0 = kr[0];
            float r1 = kr[1];
            float r2 = kr[2];
            float r3 = kr[3];
            float r4 = kr[4];
            float i0 = ki[0];
            float i1 = ki[1];
            float i2 = ki[2];
            float i3 = ki[3];
            float i4 = ki[4];
            float[] a0 = xr[0];
            float[] a1 = xr[1];
            float[] a2 = xr[2];
            float[] a3 = xr[3];
            float[] a4 = xr[4];
            float[] b0 = xi[0];
            float[] b1 = xi[1];
            float[] b2 = xi[2];
            float[] b3 = xi[3];
            float[] b4 = xi[4];
            // two 5-term passes: JDK 17 C2 does not vectorise a 10-load loop body (it cannot unroll it enough)
            for (int i = 0; i < m; i++) {
                dst[i] = r0 * a0[i] + r1 * a1[i] + r2 * a2[i] + r3 * a3[i] + r4 * a4[i];
            }
            for (int i = 0; i < m; i++) {
                dst[i] -= i0 * b0[i] + i1 * b1[i] + i2 * b2[i] + i3 * b3[i] + i4 * b4[i];
            }
            return;
        }
        float r0 = kr[0];
        float i0 = ki[0];
        float[] a0 = xr[0];
        float[] b0 = xi[0];
        for (int i = 0; i < m; i++) {
            dst[i] = r0 * a0[i] - i0 * b0[i];
        }
        for (int t = 1; t < kr.length; t++) {
            float rt = kr[t];
            float it = ki[t];
            float[] at = xr[t];
            float[] bt = xi[t];
            for (int i = 0; i < m; i++) {
                dst[i] += rt * at[i] - it * bt[i];
            }
        }
    }

    /** Stage 3 for selected filter s at one voxel (reads the y-pass row directly); same arithmetic as above. */
    float responseAt(int s, int x0) {
        int q = p.filterPair[s];
        float[] re = f2[2 * q];
        float[] im = f2[2 * q + 1];
        float[] kr = p.kr[s];
        float[] ki = p.ki[s];
        if (kr.length == 5) {
            float r = kr[0] * re[x0] + kr[1] * re[x0 + 1] + kr[2] * re[x0 + 2] + kr[3] * re[x0 + 3]
                    + kr[4] * re[x0 + 4];
            return r - (ki[0] * im[x0] + ki[1] * im[x0 + 1] + ki[2] * im[x0 + 2] + ki[3] * im[x0 + 3]
                    + ki[4] * im[x0 + 4]);
        }
        float acc = kr[0] * re[x0] - ki[0] * im[x0];
        for (int t = 1; t < kr.length; t++) {
            acc += kr[t] * re[x0 + t] - ki[t] * im[x0 + t];
        }
        return acc;
    }
}
