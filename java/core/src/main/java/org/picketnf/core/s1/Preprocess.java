package org.picketnf.core.s1;

import org.picketnf.core.BadInputException;
import org.picketnf.core.ParallelRange;
import org.picketnf.core.Volume;

/**
 * PickET's preprocessing (spec section 2.3): a 3-D Gaussian blur with {@code scipy.ndimage.gaussian_filter}
 * semantics, then a global min-max normalisation to [0, 1], both on float32 data.
 *
 * <p>Layout of every {@link Volume}: {@code data[(z*ny + y)*nx + x]}, i.e. numpy's (z, y, x) C order. Sigma is in
 * voxels (the same sigma on every axis, as in PickET).
 *
 * <p>Blur details reproduced from scipy: kernel radius {@code int(truncate*sigma + 0.5)} with truncate = 4
 * (8 for sigma = 2); weights {@code exp(-0.5/sigma^2 * x^2)} for x = -r..r, divided by their (numpy pairwise) sum,
 * in double; boundary mode {@code 'reflect'} (half-sample symmetric, period 2L, so lines shorter than the radius
 * keep reflecting); axes filtered in the order z, y, x (numpy axes 0, 1, 2); every 1-D pass accumulates in double,
 * in scipy's symmetric-kernel order {@code c*w0 + sum_{j=r..1} (left_j + right_j)*w_j}, and stores its result as
 * float32 before the next pass reads it. sigma &lt;= 1e-15 means no blur (scipy skips such axes).
 *
 * <p>Threads: each pass is split over independent lines (z-pass: one y row of z-lines per task; y-pass: one
 * z-section; x-pass: one row), so results are bit-identical for any thread count. Memory: the output volume plus,
 * per thread, one section of float scratch and a few line buffers.
 */
public final class Preprocess {
    /** scipy's default {@code truncate}. */
    public static final double TRUNCATE = 4.0;
    /** PickET's blur sigma, in voxels. */
    public static final double DEFAULT_SIGMA = 2.0;

    private Preprocess() {
    }

    /**
     * Blur then normalise: {@code minMaxNormalize(gaussianBlur(v, sigma, threads))}, into one new volume with
     * v's geometry. v is not modified.
     *
     * @param sigma Gaussian sigma in voxels, &gt;= 0
     * @param threads number of threads, &gt;= 1
     * @throws BadInputException if v contains NaN or infinite values ("... contains N non-finite values"),
     *         if the blurred volume is constant (max == min), or if sigma is negative or not finite
     */
    public static Volume blurAndNormalize(Volume v, double sigma, int threads) {
        Volume out = gaussianBlur(v, sigma, threads);
        normalizeInPlace(out, threads);
        return out;
    }

    /**
     * scipy.ndimage.gaussian_filter(v, sigma) for float32 data (mode 'reflect', truncate 4), as a new volume with
     * v's geometry.
     *
     * @throws BadInputException if v has non-finite values or sigma is negative or not finite
     */
    public static Volume gaussianBlur(Volume v, double sigma, int threads) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new BadInputException("blur sigma must be finite and >= 0, got " + sigma);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        long bad = countNonFinite(v.data());
        if (bad > 0) {
            throw new BadInputException("input volume contains " + bad + " non-finite values (NaN or infinity)");
        }
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        float[] src = v.data();
        float[] dst = new float[src.length];
        if (sigma <= 1e-15 || src.length == 0) {
            System.arraycopy(src, 0, dst, 0, src.length);
            return new Volume(nx, ny, nz, dst, v.geometry());
        }
        double[] w = halfKernel(sigma, TRUNCATE);
        int r = w.length - 1;
        int sec = nx * ny;

        // z-pass: src -> dst, one y row (all its x) per task
        int[] zIdx = reflectIndex(nz, r);
        ParallelRange.forRange(0, ny, threads, y -> {
            double[] acc = new double[nx];
            for (int z = 0; z < nz; z++) {
                int c = (zIdx[z + r] * ny + y) * nx;
                for (int x = 0; x < nx; x++) {
                    acc[x] = src[c + x] * w[0];
                }
                for (int j = r; j >= 1; j--) {
                    int lo = (zIdx[z + r - j] * ny + y) * nx;
                    int hi = (zIdx[z + r + j] * ny + y) * nx;
                    double wj = w[j];
                    for (int x = 0; x < nx; x++) {
                        acc[x] += ((double) src[lo + x] + (double) src[hi + x]) * wj;
                    }
                }
                int o = (z * ny + y) * nx;
                for (int x = 0; x < nx; x++) {
                    dst[o + x] = (float) acc[x];
                }
            }
        });

        // y-pass: in place on dst, one section per task (copied to scratch first)
        int[] yIdx = reflectIndex(ny, r);
        ParallelRange.forRange(0, nz, threads, z -> {
            float[] s = new float[sec];
            double[] acc = new double[nx];
            int base = z * sec;
            System.arraycopy(dst, base, s, 0, sec);
            for (int y = 0; y < ny; y++) {
                int c = yIdx[y + r] * nx;
                for (int x = 0; x < nx; x++) {
                    acc[x] = s[c + x] * w[0];
                }
                for (int j = r; j >= 1; j--) {
                    int lo = yIdx[y + r - j] * nx;
                    int hi = yIdx[y + r + j] * nx;
                    double wj = w[j];
                    for (int x = 0; x < nx; x++) {
                        acc[x] += ((double) s[lo + x] + (double) s[hi + x]) * wj;
                    }
                }
                int o = base + y * nx;
                for (int x = 0; x < nx; x++) {
                    dst[o + x] = (float) acc[x];
                }
            }
        });

        // x-pass: in place on dst, one section per task, a reflected copy of each row
        int[] xIdx = reflectIndex(nx, r);
        ParallelRange.forRange(0, nz, threads, z -> {
            double[] line = new double[nx + 2 * r];
            for (int y = 0; y < ny; y++) {
                int o = (z * ny + y) * nx;
                for (int i = 0; i < line.length; i++) {
                    line[i] = dst[o + xIdx[i]];
                }
                for (int x = 0; x < nx; x++) {
                    int c = x + r;
                    double a = line[c] * w[0];
                    for (int j = r; j >= 1; j--) {
                        a += (line[c - j] + line[c + j]) * w[j];
                    }
                    dst[o + x] = (float) a;
                }
            }
        });
        return new Volume(nx, ny, nz, dst, v.geometry());
    }

    /**
     * PickET's {@code (v - min) / (max - min)} over the whole volume, in float32 arithmetic, in place.
     *
     * @throws BadInputException if the volume has non-finite values, is empty or constant, or max - min overflows
     */
    public static void normalizeInPlace(Volume v, int threads) {
        float[] d = v.data();
        long bad = countNonFinite(d);
        if (bad > 0) {
            throw new BadInputException("volume to normalise contains " + bad + " non-finite values");
        }
        if (d.length == 0) {
            throw new BadInputException("cannot normalise an empty volume");
        }
        float mn = d[0];
        float mx = d[0];
        for (float f : d) {
            if (f < mn) {
                mn = f;
            }
            if (f > mx) {
                mx = f;
            }
        }
        if (mx == mn) {
            throw new BadInputException("volume is constant after blurring (every value is " + mn
                    + "): min-max normalisation is undefined");
        }
        final float min = mn;
        final float range = mx - mn;
        if (Float.isInfinite(range)) {
            throw new BadInputException("value range " + mn + " .. " + mx + " overflows float32");
        }
        int sec = Math.max(1, v.nx() * v.ny());
        int nSec = (d.length + sec - 1) / sec;
        ParallelRange.forRange(0, nSec, threads, s -> {
            int end = Math.min(d.length, (s + 1) * sec);
            for (int i = s * sec; i < end; i++) {
                d[i] = (d[i] - min) / range;
            }
        });
    }

    /**
     * The normalised scipy Gaussian kernel, one half: {@code w[j]} is the weight at offset +-j, j = 0..r, with
     * r = {@code (int)(truncate*sigma + 0.5)}. Requires sigma &gt; 0.
     */
    static double[] halfKernel(double sigma, double truncate) {
        int r = (int) (truncate * sigma + 0.5);
        double sigma2 = sigma * sigma;
        double f = -0.5 / sigma2;
        double[] phi = new double[2 * r + 1];
        for (int i = 0; i < phi.length; i++) {
            int x = i - r;
            phi[i] = Math.exp(f * (double) (x * x));
        }
        double sum = 0.0 + pairwiseSum(phi, 0, phi.length);
        double[] w = new double[r + 1];
        for (int j = 0; j <= r; j++) {
            w[j] = phi[r + j] / sum;
        }
        return w;
    }

    /** numpy's pairwise summation of a[off .. off+n) (8 accumulators, blocks of 128). */
    static double pairwiseSum(double[] a, int off, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[off + i];
            }
            return res;
        } else if (n <= 128) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[off + j];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[off + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[off + i];
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
        }
    }

    /**
     * Index table for scipy's 'reflect' extension of a line of length len by r on each side:
     * entry i (0 &lt;= i &lt; len + 2r) is the source index of extended position i - r.
     */
    static int[] reflectIndex(int len, int r) {
        int[] idx = new int[len + 2 * r];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = reflect(i - r, len);
        }
        return idx;
    }

    /** Half-sample symmetric reflection of index i into [0, len): period 2*len, d c b a | a b c d | d c b a. */
    static int reflect(int i, int len) {
        if (len == 1) {
            return 0;
        }
        int m = Math.floorMod(i, 2 * len);
        return m < len ? m : 2 * len - 1 - m;
    }

    static long countNonFinite(float[] d) {
        long bad = 0;
        for (float f : d) {
            if (!Float.isFinite(f)) {
                bad++;
            }
        }
        return bad;
    }
}
