package org.picketnf.core.s2;

import java.util.Arrays;
import java.util.List;

import org.picketnf.core.Shape;

/**
 * Marker-based watershed as PickET runs it: {@code skimage.segmentation.watershed(-edt, markers, mask=mask)} with
 * connectivity 1, compactness 0 and no watershed line, where {@code markers = scipy.ndimage.label(peak mask)}.
 *
 * <p>The flooding follows scikit-image's priority flood exactly (0.19.3 and 0.25.2 behave the same): marker voxels
 * inside the mask are pushed in raster order with their own value and age 0; the element with the smallest
 * (value, age) is popped; each of its 6 neighbours, in the order -z, -y, -x, +x, +y, +z, that is inside the volume
 * and the mask and still unlabelled gets the popped element's label at once (at push time) and is pushed with value
 * {@code max(image[neighbour], popped value)} and the next age (1, 2, ...). The heap is the same classic array binary
 * heap (sift-up while strictly smaller than the parent; sift-down to the smaller child, the left one on ties), so
 * even equal keys (markers of equal value, all age 0) leave in the same order as in scikit-image.
 *
 * <p>Older scikit-image (0.19.3, which made PickET's reference outputs) pushes a neighbour with its own value
 * {@code image[neighbour]}, without raising it to the popped value; {@link Flooding#SKIMAGE_0_19} selects that.
 */
public final class Watershed {
    private Watershed() {
    }

    /** How the value of a pushed neighbour is computed. */
    public enum Flooding {
        /** {@code max(image[neighbour], popped value)}: PickET's locked scikit-image 0.25.2 (the default). */
        SKIMAGE_0_25,
        /** {@code image[neighbour]}: scikit-image 0.19.3 (Debian 12), which made PickET's reference outputs. */
        SKIMAGE_0_19
    }

    /** {@link #fromPeaks(float[], byte[], Shape, int[], Flooding)} with {@link Flooding#SKIMAGE_0_25}. */
    public static Instances fromPeaks(float[] edt, byte[] mask, Shape shape, int[] peaks) {
        return fromPeaks(edt, mask, shape, peaks, Flooding.SKIMAGE_0_25);
    }

    /**
     * Watershed of -edt inside {@code mask != 0}, seeded at {@code peaks}.
     *
     * <p>Markers: the peak voxels are labelled by 6-connected components in raster order (PickET's
     * {@code nd.label(mask of peaks)}; peaks from {@link PeakLocalMax} with d &gt; 1 are never adjacent, so each peak
     * is its own marker, numbered in raster order of the peaks). As in scikit-image, marker voxels outside the mask
     * are dropped but keep their label numbers, so such a label then has no voxels. Foreground components that no
     * marker reaches stay 0. Duplicate peak indices count once.
     *
     * @param edt   the distance transform (values compared as float; NaN not supported)
     * @param peaks    linear indices of the peaks, in any order
     * @param flooding which scikit-image version's pushed values to reproduce
     * @return labels 0..count, count = number of marker components
     * @throws IllegalArgumentException on a size mismatch or a peak index outside the volume
     */
    public static Instances fromPeaks(float[] edt, byte[] mask, Shape shape, int[] peaks,
                                      Flooding flooding) {
        return fromPeaks(edt, mask, shape, peaks, flooding, Progress.NONE);
    }

    /**
     * As {@link #fromPeaks(float[], byte[], Shape, int[], Flooding)}, counting one unit per labelled voxel on
     * {@code progress} (its total should be the number of mask voxels).
     */
    public static Instances fromPeaks(float[] edt, byte[] mask, Shape shape, int[] peaks,
                                      Flooding flooding, Progress progress) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        Markers mk = markers(edt, mask, shape, peaks, flooding);
        int n = mk.n();
        boolean raise = flooding == Flooding.SKIMAGE_0_25;
        int[] sorted = mk.sorted();
        int m = sorted.length;
        int[] markerLabel = mk.label();
        int count = mk.count();
        // labels: -1 outside the mask while flooding (one array to test per neighbour instead of two), 0 = not yet
        // reached, else the marker's label; the -1 become 0 at the end
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            if (mask[i] == 0) {
                labels[i] = -1;
            }
        }
        Heap heap = new Heap(Math.max(16, m));
        // markers * mask, then pushed in np.flatnonzero (raster) order with age 0
        for (int k = 0; k < m; k++) {
            int p = sorted[k];
            if (mask[p] != 0) {
                labels[p] = markerLabel[k];
                heap.push(key(-edt[p], 0), p);
            }
        }
        int slice = nx * ny;
        double invSlice = 1.0 / slice;
        double invNx = 1.0 / nx;
        long age = 0;
        long popped = 0;
        while (heap.size > 0) {
            if ((++popped & 0xFFFFF) == 0) {
                progress.add(0x100000);
            }
            long top = heap.minKey();
            int i = heap.pop();
            float value = Float.intBitsToFloat(unsortable((int) (top >> 32)));
            int label = labels[i];
            // i / slice and rem / nx by a multiplication, corrected to the exact quotient
            int z = (int) (i * invSlice);
            if (z * slice > i) {
                z--;
            } else if ((long) (z + 1) * slice <= i) {
                z++;
            }
            int rem = i - z * slice;
            int y = (int) (rem * invNx);
            if (y * nx > rem) {
                y--;
            } else if ((y + 1) * nx <= rem) {
                y++;
            }
            int x = rem - y * nx;
            // neighbours in scikit-image's offset order: -z, -y, -x, +x, +y, +z
            for (int t = 0; t < 6; t++) {
                int j;
                switch (t) {
                    case 0: if (z == 0) continue; j = i - slice; break;
                    case 1: if (y == 0) continue; j = i - nx; break;
                    case 2: if (x == 0) continue; j = i - 1; break;
                    case 3: if (x == nx - 1) continue; j = i + 1; break;
                    case 4: if (y == ny - 1) continue; j = i + nx; break;
                    default: if (z == nz - 1) continue; j = i + slice; break;
                }
                if (labels[j] != 0) {
                    continue;
                }
                labels[j] = label;
                float v = -edt[j];
                if (raise && v < value) {
                    v = value;
                }
                heap.push(key(v, ++age), j);
            }
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0) {
                labels[i] = 0;
            }
        }
        return new Instances(nx, ny, nz, labels, count);
    }

    /** The volume's voxel count, the distinct sorted peaks, their marker labels and the largest label. */
    private record Markers(int n, int[] sorted, int[] label, int count) {
    }

    /** The checks both floodings make on their arguments, and their markers. */
    private static Markers markers(float[] edt, byte[] mask, Shape shape, int[] peaks, Flooding flooding) {
        int n = S2Checks.dims(shape, edt == null ? -1 : edt.length, "edt");
        S2Checks.dims(shape, mask == null ? -1 : mask.length, "mask");
        if (peaks == null || flooding == null) {
            throw new IllegalArgumentException(peaks == null ? "peaks is null" : "flooding is null");
        }
        int[] sorted = distinctSorted(peaks, n);
        int[] label = labelMarkers(sorted, shape.nx(), shape.ny());
        int count = 0;
        for (int l : label) {
            count = Math.max(count, l);
        }
        return new Markers(n, sorted, label, count);
    }

    /** The peak indices sorted, each once; throws on one outside [0, n). */
    private static int[] distinctSorted(int[] peaks, int n) {
        int[] sorted = peaks.clone();
        Arrays.sort(sorted);
        int m = 0;
        for (int k = 0; k < sorted.length; k++) {
            int p = sorted[k];
            if (p < 0 || p >= n) {
                throw new IllegalArgumentException("peak index " + p + " outside [0, " + n + ")");
            }
            if (m == 0 || sorted[m - 1] != p) {
                sorted[m++] = p;
            }
        }
        return Arrays.copyOf(sorted, m);
    }

    /** What {@link #centroidsFromPeaks} gives: the particles of labels 1..count that got voxels, by label. */
    public record Centres(List<Particle> particles, int count) {
    }

    /**
     * The same flooding as {@link #fromPeaks(float[], byte[], Shape, int[], Flooding, Progress)} without a label
     * volume: returns what {@code Centroids.of(fromPeaks(...))} returns (and the label count), holding 4 bytes per
     * voxel less. A pushed voxel's label travels with it in the queue, the mask marks reached voxels (1 -&gt; 2)
     * and is restored to 0/1 before returning, and each voxel is added to its label's sums when it leaves the queue.
     *
     * @param mask 0 outside, 1 inside (other values are refused)
     */
    public static Centres centroidsFromPeaks(float[] edt, byte[] mask, Shape shape, int[] peaks, Flooding flooding,
                                             Progress progress) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        Markers mk = markers(edt, mask, shape, peaks, flooding);
        int n = mk.n();
        for (int i = 0; i < n; i++) {
            if ((mask[i] & ~1) != 0) {
                throw new IllegalArgumentException("mask value " + mask[i] + " at index " + i + ": only 0 and 1");
            }
        }
        boolean raise = flooding == Flooding.SKIMAGE_0_25;
        int[] sorted = mk.sorted();
        int m = sorted.length;
        int[] markerLabel = mk.label();
        int count = mk.count();
        Centroids.Sums sums = new Centroids.Sums(count);
        Heap heap = new Heap(Math.max(16, m));
        try {
            for (int k = 0; k < m; k++) {
                int p = sorted[k];
                if (mask[p] != 0) {
                    mask[p] = 2;
                    heap.push(key(-edt[p], 0), ((long) markerLabel[k] << 32) | p);
                }
            }
            int slice = nx * ny;
            long age = 0;
            long popped = 0;
            while (heap.size > 0) {
                if ((++popped & 0xFFFFF) == 0) {
                    progress.add(0x100000);
                }
                long top = heap.minKey();
                long item = heap.popItem();
                int i = (int) item;
                int label = (int) (item >>> 32);
                float value = Float.intBitsToFloat(unsortable((int) (top >> 32)));
                int z = i / slice;
                int rem = i - z * slice;
                int y = rem / nx;
                int x = rem - y * nx;
                sums.add(label, x, y, z);
                long tag = (long) label << 32;
                for (int t = 0; t < 6; t++) {
                    int j;
                    switch (t) {
                        case 0: if (z == 0) continue; j = i - slice; break;
                        case 1: if (y == 0) continue; j = i - nx; break;
                        case 2: if (x == 0) continue; j = i - 1; break;
                        case 3: if (x == nx - 1) continue; j = i + 1; break;
                        case 4: if (y == ny - 1) continue; j = i + nx; break;
                        default: if (z == nz - 1) continue; j = i + slice; break;
                    }
                    if (mask[j] != 1) {
                        continue;
                    }
                    mask[j] = 2;
                    float v = -edt[j];
                    if (raise && v < value) {
                        v = value;
                    }
                    heap.push(key(v, ++age), tag | j);
                }
            }
        } finally {
            for (int i = 0; i < n; i++) {
                if (mask[i] == 2) {
                    mask[i] = 1;
                }
            }
        }
        return new Centres(sums.particles(), count);
    }

    /** Labels of sorted, distinct peak indices by 6-connected components, numbered in raster order. */
    static int[] labelMarkers(int[] sorted, int nx, int ny) {
        int m = sorted.length;
        int[] parent = new int[m];
        int slice = nx * ny;
        for (int k = 0; k < m; k++) {
            parent[k] = k;
            int p = sorted[k];
            int x = p % nx;
            int y = (p / nx) % ny;
            if (x > 0) {
                join(parent, k, Arrays.binarySearch(sorted, 0, k, p - 1));
            }
            if (y > 0) {
                join(parent, k, Arrays.binarySearch(sorted, 0, k, p - nx));
            }
            if (p >= slice) {
                join(parent, k, Arrays.binarySearch(sorted, 0, k, p - slice));
            }
        }
        // roots are the smallest member (the first in raster order); parent[k] < k for non-roots
        int[] label = new int[m];
        int count = 0;
        for (int k = 0; k < m; k++) {
            int r = root(parent, k);
            label[k] = r == k ? ++count : label[r];
        }
        return label;
    }

    private static void join(int[] parent, int k, int other) {
        if (other < 0) {
            return;
        }
        int a = root(parent, k);
        int b = root(parent, other);
        if (a < b) {
            parent[b] = a;
        } else if (b < a) {
            parent[a] = b;
        }
    }

    private static int root(int[] parent, int a) {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    }

    /** Heap key: (value, age) as one long whose signed order is the lexicographic order of the pair. */
    static long key(float value, long age) {
        return ((long) PeakLocalMax.sortable(value) << 32) | age;
    }

    private static int unsortable(int s) {
        return s ^ ((s >> 31) & 0x7fffffff);
    }

    /**
     * Min-heap of (key, voxel index), node k stored at {@code a[2k]} (key) and {@code a[2k+1]} (index) so that a
     * node is one memory access. It arranges elements exactly like the textbook array heap scikit-image uses
     * (sift-up while strictly smaller than the parent; sift-down to the smaller child, the left one on ties, while
     * that child is strictly smaller), so equal keys leave in the same order.
     */
    static final class Heap {
        long[] a;
        int size;

        Heap(int capacity) {
            a = new long[2 * capacity];
        }

        long minKey() {
            return a[0];
        }

        void push(long key, long item) {
            if (2 * size == a.length) {
                long cap = Math.min(Integer.MAX_VALUE - 8L, 2L * a.length);
                if (cap <= a.length) {
                    throw new IllegalStateException("watershed heap too large");
                }
                a = java.util.Arrays.copyOf(a, (int) cap);
            }
            long[] h = a;
            int c = size++;
            while (c > 0) {
                int p = (c - 1) >>> 1;
                long pk = h[2 * p];
                if (key < pk) {
                    h[2 * c] = pk;
                    h[2 * c + 1] = h[2 * p + 1];
                    c = p;
                } else {
                    break;
                }
            }
            h[2 * c] = key;
            h[2 * c + 1] = item;
        }

        /** Removes the smallest element and returns its item (a voxel index). */
        int pop() {
            return (int) popItem();
        }

        /** Removes the smallest element and returns its item. */
        long popItem() {
            long[] h = a;
            long top = h[1];
            int last = --size;
            if (last == 0) {
                return top;
            }
            long key = h[2 * last];
            int i = 0;
            while (true) {
                int l = 2 * i + 1;
                if (l >= last) {
                    break;
                }
                int s = l;
                long sk = h[2 * l];
                int r = l + 1;
                if (r < last) {
                    long rk = h[2 * r];
                    if (rk < sk) {
                        s = r;
                        sk = rk;
                    }
                }
                if (sk < key) {
                    h[2 * i] = sk;
                    h[2 * i + 1] = h[2 * s + 1];
                    i = s;
                } else {
                    break;
                }
            }
            h[2 * i] = key;
            h[2 * i + 1] = h[2 * last + 1];
            return top;
        }
    }
}
