package org.picketnf.core.s2;

import java.util.Arrays;

import org.picketnf.core.ParallelRange;
import org.picketnf.core.Shape;

/**
 * Local maxima as {@code skimage.feature.peak_local_max(image, min_distance=d)} with its other arguments at their
 * defaults, which is how PickET calls it on the distance transform.
 *
 * <p>The rules (scikit-image 0.25.2, {@code skimage/feature/peak.py} and {@code skimage/_shared/coord.py}):
 * <ol>
 * <li>threshold = the image minimum;</li>
 * <li>a voxel is a candidate if it equals the maximum of the (2d+1)^3 cube around it (maximum filter, mode
 * 'nearest', which is the maximum over the part of the cube inside the volume) and is &gt; threshold;</li>
 * <li>"trivial image": if every voxel equals its filtered maximum, there are no peaks. With d &gt;= 1 this happens
 * exactly when the image is constant, which is how it is tested here;</li>
 * <li>border exclusion: candidates closer than d voxels to any face are dropped (the first and last d indices of
 * every axis);</li>
 * <li>candidates are ordered by decreasing value, ties in raster order (a stable sort of raster-ordered
 * candidates);</li>
 * <li>greedy spacing: in that order, a candidate is kept unless a kept one lies at Chebyshev distance &lt; d
 * (distance exactly d is allowed).</li>
 * </ol>
 * With d = 0 the footprint is one voxel and a candidate is simply a voxel &gt; threshold, with no trivial rule.
 *
 * <p>Differences to older scikit-image, which made PickET's reference outputs (0.19.3): its maximum filter used
 * mode 'constant' (padding 0), which only differs for images with negative values near a face, never for a distance
 * transform; and its sort was numpy's default (unstable) quicksort, so candidates of equal value could come out in
 * another order than raster order, which can change which of two equal peaks closer than d survives.
 *
 * <p>NaN values are not supported (the result is then unspecified).
 */
public final class PeakLocalMax {
    private PeakLocalMax() {
    }

    /**
     * Linear indices ({@code (z*ny+y)*nx+x}) of the peaks, in the order scikit-image returns them (decreasing
     * value, ties in raster order).
     *
     * @param minDistance d &gt;= 0: the cube half-width, the border width and the minimum spacing
     * @param threads     threads for the maximum filter (&gt;= 1); the result is identical for any value
     * @throws IllegalArgumentException on a size mismatch, minDistance &lt; 0 or threads &lt; 1
     */
    public static int[] peaks(float[] image, Shape shape, int minDistance, int threads) {
        return peaks(image, shape, minDistance, threads, false);
    }

    /**
     * As {@link #peaks(float[], Shape, int, int)}; with {@code numpyQuicksort} the candidates are ordered as
     * scikit-image 0.19.3 orders them, by numpy 1.24's unstable {@code argsort(-values)} (see {@link NumpyArgsort}),
     * which is what made PickET's reference outputs.
     */
    public static int[] peaks(float[] image, Shape shape, int minDistance, int threads,
                              boolean numpyQuicksort) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        int n = S2Checks.dims(shape, image == null ? -1 : image.length, "image");
        S2Checks.threads(threads);
        if (minDistance < 0) {
            throw new IllegalArgumentException("minDistance must be >= 0, got " + minDistance);
        }
        if (n == 0) {
            return new int[0];
        }
        float min = image[0];
        float max = image[0];
        for (int i = 1; i < n; i++) {
            float v = image[i];
            if (v < min) {
                min = v;
            } else if (v > max) {
                max = v;
            }
        }
        final float threshold = min;
        int d = minDistance;
        // interior box left after border exclusion
        int x0 = d, x1 = nx - d, y0 = d, y1 = ny - d, z0 = d, z1 = nz - d;
        if (x0 >= x1 || y0 >= y1 || z0 >= z1) {
            return new int[0];
        }
        IntList cand = new IntList();
        if (d == 0 || n == 1) {
            for (int i = 0; i < n; i++) {
                if (image[i] > threshold) {
                    cand.add(i);
                }
            }
        } else {
            if (min == max) {
                return new int[0]; // trivial image: every voxel equals its local maximum
            }
            float[] mx = maxFilter(image, shape, d, threads);
            for (int z = z0; z < z1; z++) {
                for (int y = y0; y < y1; y++) {
                    int off = (z * ny + y) * nx;
                    for (int x = x0; x < x1; x++) {
                        float v = image[off + x];
                        if (v > threshold && v == mx[off + x]) {
                            cand.add(off + x);
                        }
                    }
                }
            }
        }
        if (numpyQuicksort) {
            double[] neg = new double[cand.size];
            for (int k = 0; k < cand.size; k++) {
                neg[k] = -(double) image[cand.data[k]];
            }
            int[] perm = NumpyArgsort.argsort(neg);
            int[] order = new int[perm.length];
            for (int k = 0; k < perm.length; k++) {
                order[k] = cand.data[perm[k]];
            }
            return d <= 1 ? order : ensureSpacing(order, shape, d);
        }
        // Sort by decreasing value, ties by increasing index: key = (~sortable(v), index).
        long[] keys = new long[cand.size];
        for (int k = 0; k < cand.size; k++) {
            int i = cand.data[k];
            keys[k] = ((long) ~sortable(image[i]) << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[keys.length];
        for (int k = 0; k < keys.length; k++) {
            order[k] = (int) keys[k];
        }
        if (d <= 1) {
            return order; // spacing 1 or 0 rejects nothing among distinct voxels
        }
        return ensureSpacing(order, shape, d);
    }

    /** An int whose signed order is the order of the float values (-0.0 and 0.0 map to the same int). */
    static int sortable(float v) {
        int bits = Float.floatToIntBits(v + 0.0f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** Greedy pass: keep a point unless a kept point is at Chebyshev distance &lt; d. Grid of d-sized cells. */
    private static int[] ensureSpacing(int[] order, Shape shape, int d) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        int gx = (nx + d - 1) / d, gy = (ny + d - 1) / d, gz = (nz + d - 1) / d;
        int[] head = new int[Math.toIntExact((long) gx * gy * gz)];
        Arrays.fill(head, -1);
        int[] link = new int[order.length];
        int[] px = new int[order.length], py = new int[order.length], pz = new int[order.length];
        int kept = 0;
        int[] out = new int[order.length];
        int slice = nx * ny;
        for (int idx : order) {
            int z = idx / slice;
            int r = idx - z * slice;
            int y = r / nx;
            int x = r - y * nx;
            int cx = x / d, cy = y / d, cz = z / d;
            boolean reject = false;
            search:
            for (int cz2 = Math.max(0, cz - 1); cz2 <= Math.min(gz - 1, cz + 1); cz2++) {
                for (int cy2 = Math.max(0, cy - 1); cy2 <= Math.min(gy - 1, cy + 1); cy2++) {
                    for (int cx2 = Math.max(0, cx - 1); cx2 <= Math.min(gx - 1, cx + 1); cx2++) {
                        for (int q = head[(cz2 * gy + cy2) * gx + cx2]; q >= 0; q = link[q]) {
                            if (Math.abs(px[q] - x) < d && Math.abs(py[q] - y) < d && Math.abs(pz[q] - z) < d) {
                                reject = true;
                                break search;
                            }
                        }
                    }
                }
            }
            if (!reject) {
                int cell = (cz * gy + cy) * gx + cx;
                px[kept] = x;
                py[kept] = y;
                pz[kept] = z;
                link[kept] = head[cell];
                head[cell] = kept;
                out[kept++] = idx;
            }
        }
        return Arrays.copyOf(out, kept);
    }

    /**
     * Maximum over the in-volume part of the (2r+1)^3 cube around every voxel (scipy maximum_filter with a cube
     * footprint and mode 'nearest'): three 1-D passes of the van Herk / Gil-Werman algorithm.
     */
    static float[] maxFilter(float[] image, Shape shape, int r, int threads) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        float[] out = new float[image.length];
        int slice = nx * ny;
        int k = 2 * r + 1;
        // x then y, one z-section at a time
        ParallelRange.forRange(0, nz, threads, () -> new float[2][], (bufs, z) -> {
            int off = z * slice;
            for (int y = 0; y < ny; y++) {
                bufs = ensure(bufs, nx + 2 * r);
                lines(image, out, off + y * nx, 1, nx, 1, r, k, bufs);
            }
            bufs = ensure(bufs, (long) (ny + 2 * r) * nx);
            lines(out, out, off, nx, ny, nx, r, k, bufs);
        });
        // z, one (x, z) plane per y
        ParallelRange.forRange(0, ny, threads, () -> new float[2][], (bufs, y) -> {
            bufs = ensure(bufs, (long) (nz + 2 * r) * nx);
            lines(out, out, y * nx, slice, nz, nx, r, k, bufs);
        });
        return out;
    }

    private static float[][] ensure(float[][] bufs, long size) {
        if (bufs[0] == null || bufs[0].length < size) {
            bufs[0] = new float[Math.toIntExact(size)];
            bufs[1] = new float[Math.toIntExact(size)];
        }
        return bufs;
    }

    /**
     * Sliding maximum of radius r along one axis for {@code width} adjacent lines at once: element j of line w is
     * at {@code base + j*stride + w}, j in [0, len). Reads src, writes dst (may be the same array).
     * Van Herk / Gil-Werman on the line padded with r values of -infinity at each end: with blocks of k = 2r+1,
     * g = running max from each block start, h = running max to each block end, and the window starting at padded
     * position i has max(h[i], g[i+k-1]).
     */
    private static void lines(float[] src, float[] dst, int base, int stride, int len, int width, int r, int k,
                              float[][] bufs) {
        float[] h = bufs[0];
        float[] g = bufs[1];
        int m = len + 2 * r;
        Arrays.fill(h, 0, r * width, Float.NEGATIVE_INFINITY);
        Arrays.fill(h, (r + len) * width, m * width, Float.NEGATIVE_INFINITY);
        if (width == 1) {
            System.arraycopy(src, base, h, r, len);
        } else {
            for (int j = 0; j < len; j++) {
                System.arraycopy(src, base + j * stride, h, (r + j) * width, width);
            }
        }
        // g: forward running max within blocks
        for (int j = 0; j < m; j++) {
            int o = j * width;
            if (j % k == 0) {
                System.arraycopy(h, o, g, o, width);
            } else {
                int p = o - width;
                for (int w = 0; w < width; w++) {
                    float a = g[p + w];
                    float b = h[o + w];
                    g[o + w] = a > b ? a : b;
                }
            }
        }
        // h: backward running max within blocks, in place
        for (int j = m - 2; j >= 0; j--) {
            if ((j + 1) % k == 0) {
                continue; // last element of its block keeps its own value
            }
            int o = j * width;
            int p = o + width;
            for (int w = 0; w < width; w++) {
                float a = h[p + w];
                float b = h[o + w];
                h[o + w] = a > b ? a : b;
            }
        }
        for (int i = 0; i < len; i++) {
            int oh = i * width;
            int og = (i + k - 1) * width;
            int od = base + i * stride;
            for (int w = 0; w < width; w++) {
                float a = h[oh + w];
                float b = g[og + w];
                dst[od + w] = a > b ? a : b;
            }
        }
    }

    /** A growable int list. */
    static final class IntList {
        int[] data = new int[256];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, Math.toIntExact(Math.min(Integer.MAX_VALUE - 8L, 2L * size)));
            }
            data[size++] = v;
        }
    }
}
