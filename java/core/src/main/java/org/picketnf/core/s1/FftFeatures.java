package org.picketnf.core.s1;

import org.picketnf.core.Volume;

/**
 * PickET's {@code ffts} feature in a reduced, exactly equivalent basis.
 *
 * <p>PickET's feature is {@code |fftshift(fftn(window))|} flattened in C order: n^3 magnitudes of the unnormalised
 * 3-D DFT, element (iz*n + iy)*n + ix holding frequency (kz, ky, kx) = (iz-h, iy-h, ix-h). The window is real, so
 * |X[k]| = |X[-k]|, and -k sits at the mirrored flat index n^3-1-i: the centre c = (n^3-1)/2 is DC and the other
 * entries pair up as (c+j, c-j).
 *
 * <p><b>Reduced coordinates</b> (dimension (n^3+1)/2, 63 for n = 5): {@code r[0] = |X[0,0,0]|} (DC) and, for
 * j = 1..c, {@code r[j] = sqrt(2) * |X[k]|} where k is the frequency at shifted flat index c+j, i.e. the upper half
 * of PickET's vector in its own order: (0,0,1..h), then (0,1..h,-h..h), then (1..h,-h..h,-h..h). Equivalently
 * j = kz*n^2 + ky*n + kx. This is an orthogonal change of basis of PickET's n^3-vector (pair sums over sqrt 2) in
 * which the remaining c coordinates (pair differences) are exactly zero, so Euclidean distances and norms are
 * unchanged; {@link #expandToPicket} maps back.
 *
 * <p>Computation: three separable passes over the centred window (a shift of the DFT origin only changes phases):
 * a z-pass for kz = 0..h from the volume's sections (the transform along z needs only kz &gt;= 0 for real input),
 * kept in a ring of n rows; a y-pass per (kz, ky) group; an x-pass per frequency, with magnitudes. Every
 * intermediate value is computed once per section, in float; errors are about 1e-7 of the window's largest
 * magnitude (2e-7 against numpy's complex64 fftn). Thread-safe: the scratch, about 81 rows of nx floats for
 * n = 5, is allocated per call.
 */
public final class FftFeatures implements SectionFeatures {
    private static final float SQRT2 = (float) Math.sqrt(2.0);

    private final int n;
    private final int h;
    /** a[k][e] = cos(2 pi k e / n), b[k][e] = -sin(2 pi k e / n), k, e = 0..h. */
    private final float[][] a;
    private final float[][] b;

    /** @param n window size, odd and &gt;= 1 */
    public FftFeatures(int n) {
        this.h = SectionFeatures.checkSize(n);
        this.n = n;
        a = new float[h + 1][h + 1];
        b = new float[h + 1][h + 1];
        for (int k = 0; k <= h; k++) {
            for (int e = 0; e <= h; e++) {
                double t = 2.0 * Math.PI * ((long) k * e % n) / n;
                a[k][e] = (float) Math.cos(t);
                b[k][e] = (float) -Math.sin(t);
            }
        }
    }

    /** (n^3 + 1) / 2. */
    @Override
    public int dimension() {
        return (n * n * n + 1) / 2;
    }

    @Override
    public int size() {
        return n;
    }

    /**
     * PickET's n^3 shifted-order magnitudes from a reduced vector: DC at the centre (n^3-1)/2 as is, and
     * r[j] / sqrt(2) at both c+j and c-j. n is inferred from the length (n^3+1)/2.
     *
     * @throws IllegalArgumentException if the length is not (n^3+1)/2 for an odd n
     */
    public static float[] expandToPicket(float[] reduced) {
        int len = reduced.length;
        int n = 1;
        while ((n * n * n + 1) / 2 < len) {
            n += 2;
        }
        if ((n * n * n + 1) / 2 != len) {
            throw new IllegalArgumentException("length " + len + " is not (n^3+1)/2 for an odd n");
        }
        int c = (n * n * n - 1) / 2;
        float[] out = new float[n * n * n];
        out[c] = reduced[0];
        for (int j = 1; j <= c; j++) {
            float m = (float) (reduced[j] / Math.sqrt(2.0));
            out[c + j] = m;
            out[c - j] = m;
        }
        return out;
    }

    @Override
    public void section(Volume pre, int z, float[] out) {
        if (!SectionFeatures.checkSection(this, pre, z, out)) {
            return;
        }
        final int nx = pre.nx();
        final int ny = pre.ny();
        final int len = nx;
        final int nxi = nx - 2 * h;
        final int dim = dimension();
        final float[] d = pre.data();

        // stage-1 ring of n rows: plane 0 = kz 0 (real), planes 2kz-1 / 2kz = Re / Im of kz = 1..h
        final int p1 = 1 + 2 * h;
        float[][][] ring = new float[n][p1][len];
        float[][] rows = SymTaps.planes(n, len);
        float[][] sym = SymTaps.planes(2 + 4 * h, len);
        // stage-2 rows: plane 0 = (kz,ky) = (0,0), real; complex groups g = 0.. at planes 1+2g (Re), 2+2g (Im)
        int nGroups = h + h * n;
        float[][] f2 = SymTaps.planes(1 + 2 * nGroups, len);
        float[][] xRe = SymTaps.planes(n, nxi);
        float[][] xIm = SymTaps.planes(n, nxi);
        float[] tRe = new float[nxi];
        float[] tIm = new float[nxi];
        float[][] taps = new float[n][];
        float[][] tapsIm = new float[n][];

        for (int yp = 0; yp < ny; yp++) {
            // stage 1: z-pass of row yp
            for (int t = 0; t < n; t++) {
                System.arraycopy(d, ((z - h + t) * ny + yp) * nx, rows[t], 0, len);
            }
            SymTaps.symReal(rows, h, len, sym);
            float[][] slot = ring[yp % n];
            SymTaps.applyReal(sym, h, len, a[0], b[0], 1f, slot[0], null);
            for (int kz = 1; kz <= h; kz++) {
                SymTaps.applyReal(sym, h, len, a[kz], b[kz], 1f, slot[2 * kz - 1], slot[2 * kz]);
            }
            if (yp < 2 * h) {
                continue;
            }
            int y = yp - h;

            // stage 2: y-pass for row y
            for (int t = 0; t < n; t++) {
                taps[t] = ring[(y - h + t) % n][0];
            }
            SymTaps.symReal(taps, h, len, sym);
            SymTaps.applyReal(sym, h, len, a[0], b[0], 1f, f2[0], null);
            int g = 0;
            for (int ky = 1; ky <= h; ky++, g++) {
                SymTaps.applyReal(sym, h, len, a[ky], b[ky], 1f, f2[1 + 2 * g], f2[2 + 2 * g]);
            }
            for (int kz = 1; kz <= h; kz++) {
                for (int t = 0; t < n; t++) {
                    float[][] sl = ring[(y - h + t) % n];
                    taps[t] = sl[2 * kz - 1];
                    tapsIm[t] = sl[2 * kz];
                }
                SymTaps.symComplex(taps, tapsIm, h, len, sym);
                for (int ky = -h; ky <= h; ky++, g++) {
                    int k = Math.abs(ky);
                    SymTaps.applyComplex(sym, h, len, a[k], b[k], ky < 0 ? -1f : 1f, f2[1 + 2 * g], f2[2 + 2 * g]);
                }
            }

            // stage 3: x-pass, magnitudes, scattered into out
            int outRow = (y - h) * nxi * dim;
            SymTaps.shiftedTaps(f2[0], n, nxi, xRe);
            SymTaps.symReal(xRe, h, nxi, sym);
            SymTaps.applyReal(sym, h, nxi, a[0], b[0], 1f, tRe, null);
            for (int i = 0, o = outRow; i < nxi; i++, o += dim) {
                out[o] = Math.abs(tRe[i]);
            }
            for (int kx = 1; kx <= h; kx++) {
                SymTaps.applyReal(sym, h, nxi, a[kx], b[kx], 1f, tRe, tIm);
                scatterMagnitude(tRe, tIm, nxi, out, outRow + kx, dim);
            }
            g = 0;
            for (int kz = 0; kz <= h; kz++) {
                for (int ky = (kz == 0 ? 1 : -h); ky <= h; ky++, g++) {
                    SymTaps.shiftedTaps(f2[1 + 2 * g], n, nxi, xRe);
                    SymTaps.shiftedTaps(f2[2 + 2 * g], n, nxi, xIm);
                    SymTaps.symComplex(xRe, xIm, h, nxi, sym);
                    for (int kx = -h; kx <= h; kx++) {
                        int k = Math.abs(kx);
                        SymTaps.applyComplex(sym, h, nxi, a[k], b[k], kx < 0 ? -1f : 1f, tRe, tIm);
                        int r = (kz * n + ky) * n + kx;
                        scatterMagnitude(tRe, tIm, nxi, out, outRow + r, dim);
                    }
                }
            }
        }
    }

    private static void scatterMagnitude(float[] re, float[] im, int len, float[] out, int off, int stride) {
        for (int i = 0; i < len; i++) {
            re[i] = SQRT2 * (float) Math.sqrt(re[i] * re[i] + im[i] * im[i]);
        }
        for (int i = 0, o = off; i < len; i++, o += stride) {
            out[o] = re[i];
        }
    }
}
