package org.picketnf.core.s2;

import org.picketnf.core.ParallelRange;
import org.picketnf.core.Shape;

/**
 * Exact Euclidean distance transform, as {@code scipy.ndimage.distance_transform_edt(mask)} with unit sampling.
 *
 * <p>Method: squared distances are computed exactly in integers by three separable passes (Felzenszwalb and
 * Huttenlocher, "Distance transforms of sampled functions", 2012): a 1-D scan along x, then the lower envelope of
 * parabolas along y and along z. Parabola intersections are compared as exact fractions (no rounding), so the squared
 * distance of every voxel is the exact integer minimum, and the returned value is {@code (float) Math.sqrt(d2)},
 * i.e. scipy's float64 value rounded to float. Passes run over independent lines, so the result does not depend on
 * the number of threads.
 *
 * <p>Float output is enough for every later S2 step: for distances below 2048 voxels, distinct squared distances give
 * distinct, equally ordered float square roots (consecutive square roots differ by more than one float ulp), so
 * comparisons (maximum filter, sorting, watershed ordering) are the same as on scipy's float64 values.
 */
public final class DistanceTransform {
    private static final int INF = Integer.MAX_VALUE;
    /** Largest integer below which every int is exactly representable as a float. */
    private static final long FLOAT_EXACT = 1L << 24;

    private DistanceTransform() {
    }

    /**
     * Exact Euclidean distance (voxel units, isotropic) of every foreground voxel ({@code mask != 0}) to the nearest
     * background voxel ({@code mask == 0}); 0 on background.
     *
     * <p>A volume with no background voxel at all: scipy (checked with 1.10.1 and 1.17.1) then measures every voxel
     * to the point (x, y, z) = (0, 0, -1), one step before the first z-section, i.e. returns
     * sqrt(x^2 + y^2 + (z+1)^2); this method does the same, so that whole-foreground inputs also match.
     *
     * @param threads number of threads (&gt;= 1); the result is identical for any value
     * @throws IllegalArgumentException if the mask does not match the dimensions, threads &lt; 1, or the squared
     *                                  diagonal (nx-1)^2+(ny-1)^2+(nz-1)^2 does not fit in an int
     */
    public static float[] edt(byte[] mask, Shape shape, int threads) {
        return edt(mask, shape, threads, Progress.NONE);
    }

    /** As {@link #edt(byte[], Shape, int)}, counting nz + ny units of work on {@code progress}. */
    public static float[] edt(byte[] mask, Shape shape, int threads, Progress progress) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        int n = S2Checks.dims(shape, mask == null ? -1 : mask.length, "mask");
        S2Checks.threads(threads);
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        long diag = sq(nx - 1) + sq(ny - 1) + sq(nz - 1);
        if (diag >= INF) {
            throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz
                    + " is too long: squared distances would overflow an int");
        }
        boolean hasBackground = false;
        for (int i = 0; i < n; i++) {
            if (mask[i] == 0) {
                hasBackground = true;
                break;
            }
        }
        if (!hasBackground) {
            noBackground(out, shape);
            return out;
        }
        // Squared distances after the x and y passes are kept in `out` itself while they are exact in float,
        // otherwise in an int array (only for enormous sections).
        boolean inPlace = sq(nx - 1) + sq(ny - 1) < FLOAT_EXACT;
        int[] wide = inPlace ? null : new int[n];
        int slice = nx * ny;
        int maxLine = Math.max(nx, Math.max(ny, nz));

        // Passes 1 and 2: a 2-D squared EDT of each z-section.
        ParallelRange.forRange(0, nz, threads, () -> new Scratch(slice, maxLine), (s, z) -> {
            int off = z * slice;
            int[] sec = s.section;
            boolean any = false;
            for (int i = 0; i < slice; i++) {
                if (mask[off + i] != 0) {
                    any = true;
                    break;
                }
            }
            if (any) {
                for (int y = 0; y < ny; y++) {
                    rowPass(mask, off + y * nx, nx, sec, y * nx);
                }
                for (int x = 0; x < nx; x++) {
                    boolean positive = false;
                    for (int y = 0, j = x; y < ny; y++, j += nx) {
                        int v = sec[j];
                        s.f[y] = v;
                        positive |= v != 0;
                    }
                    if (!positive) {
                        continue;
                    }
                    envelope(s.f, ny, s.d, s);
                    for (int y = 0, j = x; y < ny; y++, j += nx) {
                        sec[j] = s.d[y];
                    }
                }
            } else {
                java.util.Arrays.fill(sec, 0);
            }
            if (inPlace) {
                for (int i = 0; i < slice; i++) {
                    int v = sec[i];
                    out[off + i] = v == INF ? Float.POSITIVE_INFINITY : (float) v;
                }
            } else {
                System.arraycopy(sec, 0, wide, off, slice);
            }
            progress.add(1);
        });

        // Pass 3 along z, one (x, z) plane per y: gather the plane transposed, run each z-line, write sqrt back.
        ParallelRange.forRange(0, ny, threads, () -> new Scratch((long) nx * nz, maxLine), (s, y) -> {
            int[] plane = s.section; // plane[x * nz + z]
            for (int z = 0; z < nz; z++) {
                int off = (z * ny + y) * nx;
                if (inPlace) {
                    for (int x = 0; x < nx; x++) {
                        float v = out[off + x];
                        plane[x * nz + z] = v == Float.POSITIVE_INFINITY ? INF : (int) v;
                    }
                } else {
                    for (int x = 0; x < nx; x++) {
                        plane[x * nz + z] = wide[off + x];
                    }
                }
            }
            for (int x = 0; x < nx; x++) {
                int base = x * nz;
                boolean positive = false;
                for (int z = 0; z < nz; z++) {
                    int v = plane[base + z];
                    s.f[z] = v;
                    positive |= v != 0;
                }
                if (!positive) {
                    continue;
                }
                envelope(s.f, nz, s.d, s);
                System.arraycopy(s.d, 0, plane, base, nz);
            }
            for (int z = 0; z < nz; z++) {
                int off = (z * ny + y) * nx;
                for (int x = 0; x < nx; x++) {
                    int v = plane[x * nz + z];
                    out[off + x] = v == 0 ? 0f : (float) Math.sqrt(v);
                }
            }
            progress.add(1);
        });
        return out;
    }

    private static long sq(long a) {
        return a * a;
    }

    /** Per-thread scratch: a section or plane buffer, and the line buffers of the envelope. */
    private static final class Scratch {
        final int[] section;
        final int[] f;
        final int[] d;
        final int[] v;
        final long[] zn;
        final long[] zd;

        Scratch(long sectionSize, int line) {
            section = new int[Math.toIntExact(sectionSize)];
            f = new int[line];
            d = new int[line];
            v = new int[line];
            zn = new long[line + 1];
            zd = new long[line + 1];
        }
    }

    /** Squared 1-D distance along a row to the nearest background voxel of that row (INF if there is none). */
    private static void rowPass(byte[] mask, int mOff, int n, int[] dst, int dOff) {
        int last = -1; // position of the last background voxel seen
        for (int x = 0; x < n; x++) {
            if (mask[mOff + x] == 0) {
                last = x;
                dst[dOff + x] = 0;
            } else {
                dst[dOff + x] = last < 0 ? INF : x - last; // plain distance for now
            }
        }
        last = -1;
        for (int x = n - 1; x >= 0; x--) {
            int cur = dst[dOff + x];
            if (cur == 0) {
                last = x;
                continue;
            }
            int dist = cur;
            if (last >= 0 && last - x < dist) {
                dist = last - x;
            }
            dst[dOff + x] = dist == INF ? INF : dist * dist;
        }
    }

    /**
     * d[q] = min over p of (q - p)^2 + f[p], for q in [0, n), ignoring p with f[p] == INF (all INF gives INF).
     * Lower envelope of parabolas; intersections kept as fractions zn/zd with zd &gt; 0 and compared exactly.
     */
    private static void envelope(int[] f, int n, int[] d, Scratch s) {
        int[] v = s.v;
        long[] zn = s.zn;
        long[] zd = s.zd;
        int k = -1;
        for (int q = 0; q < n; q++) {
            int fqRaw = f[q];
            if (fqRaw == INF) {
                continue;
            }
            long fq = fqRaw + (long) q * q;
            long num = 0;
            long den = 1;
            while (k >= 0) {
                int p = v[k];
                num = fq - (f[p] + (long) p * p);
                den = 2L * (q - p);
                // the new parabola hides v[k] entirely if their intersection is at or before z[k]
                if (k > 0 && num * zd[k] <= zn[k] * den) {
                    k--;
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            zn[k] = num;
            zd[k] = den;
        }
        if (k < 0) {
            for (int q = 0; q < n; q++) {
                d[q] = INF;
            }
            return;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            // move on while the next parabola starts strictly before q
            while (j < k && zn[j + 1] < (long) q * zd[j + 1]) {
                j++;
            }
            int p = v[j];
            d[q] = (q - p) * (q - p) + f[p];
        }
    }

    /** scipy's result when nothing is background: distance to (x, y, z) = (0, 0, -1). */
    private static void noBackground(float[] out, Shape shape) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        int i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    long d2 = sq(x) + sq(y) + sq(z + 1L);
                    out[i] = (float) Math.sqrt((double) d2);
                }
            }
        }
    }
}
