package org.picketnf.core.sim;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The missing wedge of a single-axis tilt series about the y axis, applied to one XZ plane at a time.
 *
 * <p>For a tilt range of -t..+t degrees the measured Fourier components of an XZ plane are those whose direction
 * (fx, fz), in cycles per voxel, makes an angle of at most t with the fx axis: |fz| cos t &lt;= |fx| sin t.
 * Everything else (the wedge about the fz axis) is set to zero; the DC term is kept. The mask is symmetric under
 * (fx, fz) -&gt; (-fx, -fz), so a real plane stays real. With t = 90 nothing is removed.
 */
final class MissingWedge {
    private final int nx;
    private final int nz;
    /** keep[kx * nz + kz]. */
    private final boolean[] keep;
    /** Whether column kx keeps every kz (then it needs no z transform). */
    private final boolean[] fullColumn;
    private final long kept;

    MissingWedge(int nx, int nz, double tiltMaxDeg) {
        this.nx = nx;
        this.nz = nz;
        double t = Math.toRadians(tiltMaxDeg);
        double sin = StrictMath.sin(t);
        double cos = tiltMaxDeg >= 90 ? 0 : StrictMath.cos(t);
        keep = new boolean[nx * nz];
        fullColumn = new boolean[nx];
        long k = 0;
        for (int kx = 0; kx < nx; kx++) {
            double fx = Math.abs(signedIndex(kx, nx) / (double) nx);
            boolean full = true;
            for (int kz = 0; kz < nz; kz++) {
                double fz = Math.abs(signedIndex(kz, nz) / (double) nz);
                boolean in = fz * cos <= fx * sin;
                keep[kx * nz + kz] = in;
                full &= in;
                if (in) {
                    k++;
                }
            }
            fullColumn[kx] = full;
        }
        kept = k;
    }

    /** The frequency index k of an n-point DFT as a signed index in (-n/2, n/2]. */
    static int signedIndex(int k, int n) {
        return k <= n / 2 ? k : k - n;
    }

    /** Whether component (kx, kz) (DFT indices) is kept. */
    boolean keeps(int kx, int kz) {
        return keep[kx * nz + kz];
    }

    /** The fraction of an XZ plane's Fourier components that are kept: the variance factor for white noise. */
    double keptFraction() {
        return kept / ((double) nx * nz);
    }

    /** Per-thread FFT plans and buffers. */
    Worker worker() {
        return new Worker();
    }

    final class Worker {
        private final FloatFFT_1D fftX = new FloatFFT_1D(nx);
        private final FloatFFT_1D fftZ = new FloatFFT_1D(nz);
        private final float[] c = new float[2 * nx * nz];
        private final float[] col = new float[2 * nz];

        /** Removes the wedge from a real XZ plane held as nz rows of nx values, in place. */
        void apply(float[] plane) {
            for (int i = 0; i < nx * nz; i++) {
                c[2 * i] = plane[i];
                c[2 * i + 1] = 0f;
            }
            for (int z = 0; z < nz; z++) {
                fftX.complexForward(c, 2 * z * nx);
            }
            for (int kx = 0; kx < nx; kx++) {
                if (fullColumn[kx]) {
                    continue;
                }
                for (int z = 0; z < nz; z++) {
                    col[2 * z] = c[2 * (z * nx + kx)];
                    col[2 * z + 1] = c[2 * (z * nx + kx) + 1];
                }
                fftZ.complexForward(col);
                int base = kx * nz;
                for (int kz = 0; kz < nz; kz++) {
                    if (!keep[base + kz]) {
                        col[2 * kz] = 0f;
                        col[2 * kz + 1] = 0f;
                    }
                }
                fftZ.complexInverse(col, true);
                for (int z = 0; z < nz; z++) {
                    c[2 * (z * nx + kx)] = col[2 * z];
                    c[2 * (z * nx + kx) + 1] = col[2 * z + 1];
                }
            }
            for (int z = 0; z < nz; z++) {
                fftX.complexInverse(c, 2 * z * nx, true);
            }
            for (int i = 0; i < nx * nz; i++) {
                plane[i] = c[2 * i];
            }
        }
    }
}
