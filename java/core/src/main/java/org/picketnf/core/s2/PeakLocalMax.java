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
            cand = candidates(image, shape, d, threshold, threads, slabSections(d));
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

    /** Output sections per slab of the maximum filter: at least 16, and at least 2d so that the overlap is <= 1x. */
    static int slabSections(int d) {
        return Math.max(16, 2 * d);
    }

    /**
     * The candidates in raster order: voxels of the interior box (d from every face) that are &gt; threshold and
     * equal to the maximum of the (2d+1)^3 cube around them. The maximum filter runs slab by slab ({@code slab}
     * output sections, each from its slab + d sections on either side), so at most (slab + 2d) filtered sections
     * per thread are held instead of a filtered copy of the volume (4 bytes per voxel: at 1024x1024x512 that was
     * 2.1 GB of LOCALIZE's heap). The result does not depend on {@code slab} or {@code threads}.
     */
    static IntList candidates(float[] image, Shape shape, int d, float threshold, int threads, int slab) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        int z0 = d;
        int z1 = nz - d;
        int slabs = (z1 - z0 + slab - 1) / slab;
        IntList[] found = new IntList[slabs];
        int slice = nx * ny;
        ParallelRange.forRange(0, slabs, threads, () -> new float[3][], (bufs, s) -> {
            int za = z0 + s * slab;
            int zb = Math.min(z1, za + slab);
            int lo = Math.max(0, za - d);
            float[] mx = slabMax(image, shape, d, za, zb, bufs);
            IntList list = new IntList();
            for (int z = za; z < zb; z++) {
                int m = (z - lo) * slice;
                for (int y = d; y < ny - d; y++) {
                    int off = (z * ny + y) * nx;
                    int mo = m + y * nx;
                    for (int x = d; x < nx - d; x++) {
                        float v = image[off + x];
                        if (v > threshold && v == mx[mo + x]) {
                            list.add(off + x);
                        }
                    }
                }
            }
            found[s] = list;
        });
        IntList all = new IntList();
        for (IntList l : found) {
            all.addAll(l);
        }
        return all;
    }

    /**
     * Maximum over the in-volume part of the (2r+1)^3 cube around every voxel of sections [za, zb) (scipy
     * maximum_filter with a cube footprint and mode 'nearest'): three 1-D passes of the van Herk / Gil-Werman
     * algorithm over sections [max(0, za - r), min(nz, zb + r)), which is every section those cubes reach. Returns
     * {@code bufs[2]}, where section z is at offset {@code (z - max(0, za - r)) * nx * ny}; only sections [za, zb)
     * of it are the filter's values. {@code bufs} is per-thread scratch (grown as needed).
     */
    static float[] slabMax(float[] image, Shape shape, int r, int za, int zb, float[][] bufs) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        int slice = nx * ny;
        int k = 2 * r + 1;
        int lo = Math.max(0, za - r);
        int hi = Math.min(nz, zb + r);
        int len = hi - lo;
        if (bufs[2] == null || bufs[2].length < (long) len * slice) {
            bufs[2] = new float[Math.toIntExact((long) len * slice)];
        }
        float[] out = bufs[2];
        System.arraycopy(image, lo * slice, out, 0, len * slice);
        // x then y, one section at a time
        for (int z = 0; z < len; z++) {
            int off = z * slice;
            ensure(bufs, nx + 2 * r);
            for (int y = 0; y < ny; y++) {
                lines(out, out, off + y * nx, 1, nx, 1, r, k, bufs);
            }
            ensure(bufs, (long) (ny + 2 * r) * nx);
            lines(out, out, off, nx, ny, nx, r, k, bufs);
        }
        // z, one (x, z) plane per y
        ensure(bufs, (long) (len + 2 * r) * nx);
        for (int y = 0; y < ny; y++) {
            lines(out, out, y * nx, slice, len, nx, r, k, bufs);
        }
        return out;
    }

    /** The whole filtered volume, slab by slab (for tests: the pipeline never holds it). */
    static float[] maxFilter(float[] image, Shape shape, int r, int threads) {
        float[] out = new float[image.length];
        int slice = shape.nx() * shape.ny();
        int nz = shape.nz();
        int slab = slabSections(r);
        ParallelRange.forRange(0, (nz + slab - 1) / slab, threads, () -> new float[3][], (bufs, s) -> {
            int za = s * slab;
            int zb = Math.min(nz, za + slab);
            float[] mx = slabMax(image, shape, r, za, zb, bufs);
            int lo = Math.max(0, za - r);
            System.arraycopy(mx, (za - lo) * slice, out, za * slice, (zb - za) * slice);
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

        void addAll(IntList o) {
            if (size + o.size > data.length) {
                data = Arrays.copyOf(data, Math.toIntExact(Math.max(size + (long) o.size, 2L * data.length)));
            }
            System.arraycopy(o.data, 0, data, size, o.size);
            size += o.size;
        }
    }
}
