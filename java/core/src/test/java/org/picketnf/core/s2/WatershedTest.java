package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.picketnf.core.Shape;
import org.picketnf.core.s2.Watershed.Flooding;

class WatershedTest {

    private record Item(double value, long age, int index) {
    }

    /**
     * Plain reference: markers = BFS components of the peak set in raster order; java.util.PriorityQueue ordered
     * by (value, age); markers pushed in raster order with age 0; neighbours -z,-y,-x,+x,+y,+z labelled when
     * pushed. (PriorityQueue is an array binary heap with the same sift rules as scikit-image's heap, so even
     * equal keys leave in the same order.)
     */
    static int[] reference(float[] edt, byte[] mask, int nx, int ny, int nz, int[] peaks, Flooding flooding) {
        int n = edt.length;
        byte[] pm = new byte[n];
        for (int p : peaks) {
            pm[p] = 1;
        }
        int[] markers = ConnectedComponentsTest.floodFill(pm, nx, ny, nz);
        int[] out = new int[n];
        PriorityQueue<Item> pq = new PriorityQueue<>(
                Comparator.comparingDouble(Item::value).thenComparingLong(Item::age));
        for (int i = 0; i < n; i++) {
            if (markers[i] != 0 && mask[i] != 0) {
                out[i] = markers[i];
                pq.add(new Item(-(double) edt[i], 0, i));
            }
        }
        long age = 0;
        while (!pq.isEmpty()) {
            Item it = pq.poll();
            int i = it.index();
            int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
            int[][] nb = {{x, y, z - 1}, {x, y - 1, z}, {x - 1, y, z}, {x + 1, y, z}, {x, y + 1, z}, {x, y, z + 1}};
            for (int[] c : nb) {
                if (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[0] >= nx || c[1] >= ny || c[2] >= nz) {
                    continue;
                }
                int j = (c[2] * ny + c[1]) * nx + c[0];
                if (mask[j] == 0 || out[j] != 0) {
                    continue;
                }
                out[j] = out[i];
                double v = -(double) edt[j];
                if (flooding == Flooding.SKIMAGE_0_25) {
                    v = Math.max(v, it.value());
                }
                pq.add(new Item(v, ++age, j));
            }
        }
        return out;
    }

    @Test
    void twoTouchingSpheresAreSplitAtTheNeck() {
        int nx = 44, ny = 22, nz = 22;
        byte[] m = new byte[nx * ny * nz];
        S2TestUtil.ball(m, nx, ny, nz, 13, 11, 11, 8 * 8);
        S2TestUtil.ball(m, nx, ny, nz, 28, 11, 11, 8 * 8);   // centres 15 apart, radii 8: a neck at x = 20.5
        float[] edt = DistanceTransform.edt(m, new Shape(nx, ny, nz), 2);
        int[] peaks = PeakLocalMax.peaks(edt, new Shape(nx, ny, nz), 5, 2);
        assertEquals(2, peaks.length);
        Instances ws = Watershed.fromPeaks(edt, m, new Shape(nx, ny, nz), peaks);
        assertEquals(2, ws.count());
        int[] lab = ws.labels();
        int left = lab[(11 * ny + 11) * nx + 13];
        int right = lab[(11 * ny + 11) * nx + 28];
        assertEquals(1, left);
        assertEquals(2, right);
        for (int i = 0; i < m.length; i++) {
            int x = i % nx;
            if (m[i] == 0) {
                assertEquals(0, lab[i]);
            } else if (x <= 19) {
                assertEquals(left, lab[i], "x=" + x);
            } else if (x >= 22) {
                assertEquals(right, lab[i], "x=" + x);
            } else {
                assertNotEquals(0, lab[i]);
            }
        }
        java.util.List<Particle> c = Centroids.of(ws);
        assertEquals(2, c.size());
        assertEquals(13, c.get(0).x(), 1.0);
        assertEquals(28, c.get(1).x(), 1.0);
    }

    @Test
    void componentsWithoutMarkerStayZero() {
        int nx = 30, ny = 10, nz = 10;
        byte[] m = new byte[nx * ny * nz];
        S2TestUtil.ball(m, nx, ny, nz, 6, 5, 5, 9);
        S2TestUtil.ball(m, nx, ny, nz, 22, 5, 5, 9);
        float[] edt = DistanceTransform.edt(m, new Shape(nx, ny, nz), 1);
        int centre = (5 * ny + 5) * nx + 6;
        Instances ws = Watershed.fromPeaks(edt, m, new Shape(nx, ny, nz), new int[] {centre});
        for (int i = 0; i < m.length; i++) {
            int x = i % nx;
            assertEquals(m[i] != 0 && x < 15 ? 1 : 0, ws.labels()[i]);
        }
    }

    @Test
    void newerScikitImageRaisesPushedValuesToThePoppedOne() {
        // From scikit-image itself: watershed(image, markers) in 1-D with markers 1 and 2, image = -edt here.
        // 0.26.0 (like 0.25.2) vs 0.19.3.
        checkOneD(new float[] {4, 2, 1, 4, 1, 2, 3}, 0, 3, new int[] {1, 1, 2, 2, 2, 2, 2}, new int[] {1, 1, 1, 2, 2, 2, 2});
        checkOneD(new float[] {2, 0, 0, 2, 2, 1, 1}, 0, 6, new int[] {1, 1, 1, 2, 2, 2, 2}, new int[] {1, 1, 1, 1, 2, 2, 2});
    }

    private static void checkOneD(float[] image, int m1, int m2, int[] new25, int[] old19) {
        int n = image.length;
        float[] edt = new float[n];
        for (int i = 0; i < n; i++) {
            edt[i] = -image[i];
        }
        byte[] mask = new byte[n];
        java.util.Arrays.fill(mask, (byte) 1);
        assertArrayEquals(new25, Watershed.fromPeaks(edt, mask, new Shape(n, 1, 1), new int[] {m1, m2}).labels());
        assertArrayEquals(old19,
                Watershed.fromPeaks(edt, mask, new Shape(n, 1, 1), new int[] {m1, m2}, Flooding.SKIMAGE_0_19).labels());
    }

    @Test
    void markerLabellingAndMasking() {
        // 8x1x1 line; peaks 4, 2, 1 (adjacent 1 and 2 form one marker), 7 (outside the mask) and 4 again
        float[] edt = {1, 2, 2, 1, 3, 1, 0, 0};
        byte[] mask = {1, 1, 1, 1, 1, 1, 0, 0};
        Instances ws = Watershed.fromPeaks(edt, mask, new Shape(8, 1, 1), new int[] {4, 2, 1, 7, 4});
        assertEquals(3, ws.count());    // markers: {1,2} -> 1, {4} -> 2, {7} -> 3 (outside the mask: no voxels)
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2, 0, 0}, ws.labels());
        assertEquals(2, Centroids.of(ws).size());
        assertThrows(IllegalArgumentException.class,
                () -> Watershed.fromPeaks(edt, mask, new Shape(8, 1, 1), new int[] {8}));
        assertEquals(0, Watershed.fromPeaks(edt, mask, new Shape(8, 1, 1), new int[0]).count());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void matchesPlainReferenceOnDistanceTransforms(int seed) {
        Random rnd = new Random(500 + seed);
        int nx = 16 + rnd.nextInt(20), ny = 12 + rnd.nextInt(16), nz = 8 + rnd.nextInt(12);
        byte[] m = S2TestUtil.blobMask(rnd, nx, ny, nz, 10, 2, 7, 0.01);
        float[] edt = DistanceTransform.edt(m, new Shape(nx, ny, nz), 1);
        for (int d = 1; d <= 4; d++) {
            int[] peaks = PeakLocalMax.peaks(edt, new Shape(nx, ny, nz), d, 1);
            for (Flooding f : Flooding.values()) {
                Instances ws = Watershed.fromPeaks(edt, m, new Shape(nx, ny, nz), peaks, f);
                assertArrayEquals(reference(edt, m, nx, ny, nz, peaks, f), ws.labels(), "d=" + d + " " + f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void matchesPlainReferenceOnRoughImagesWithRandomMarkers(int seed) {
        Random rnd = new Random(600 + seed);
        int nx = 10 + rnd.nextInt(10), ny = 8 + rnd.nextInt(10), nz = 5 + rnd.nextInt(8);
        int n = nx * ny * nz;
        byte[] m = S2TestUtil.randomMask(rnd, n, 0.75);
        float[] img = new float[n];
        for (int i = 0; i < n; i++) {
            img[i] = rnd.nextInt(5);   // coarse levels: many equal keys
        }
        int[] peaks = new int[1 + rnd.nextInt(12)];
        for (int k = 0; k < peaks.length; k++) {
            peaks[k] = rnd.nextInt(n);
        }
        for (Flooding f : Flooding.values()) {
            Instances ws = Watershed.fromPeaks(img, m, new Shape(nx, ny, nz), peaks, f);
            assertArrayEquals(reference(img, m, nx, ny, nz, peaks, f), ws.labels(), f.toString());
        }
    }

    /**
     * The flooding without a label volume gives the particles of the plain reference's labels (centroids and voxel
     * counts, labels without voxels skipped), on distance transforms and on rough images with random, sometimes
     * adjacent or out-of-mask markers (many equal keys), for both floodings; the mask is left as it was.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void centroidsWithoutLabelVolumeMatchTheReference(int seed) {
        Random rnd = new Random(900 + seed);
        int nx = 10 + rnd.nextInt(20), ny = 8 + rnd.nextInt(14), nz = 5 + rnd.nextInt(10);
        int n = nx * ny * nz;
        Shape shape = new Shape(nx, ny, nz);
        byte[] blobs = S2TestUtil.blobMask(rnd, nx, ny, nz, 10, 2, 6, 0.01);
        float[] edt = DistanceTransform.edt(blobs, shape, 1);
        byte[] rough = S2TestUtil.randomMask(rnd, n, 0.75);
        float[] img = new float[n];
        for (int i = 0; i < n; i++) {
            img[i] = rnd.nextInt(5);
        }
        int[] random = new int[1 + rnd.nextInt(12)];
        for (int k = 0; k < random.length; k++) {
            random[k] = rnd.nextInt(n);
        }
        Object[][] cases = {
            {edt, blobs, PeakLocalMax.peaks(edt, shape, 2, 1)},
            {edt, blobs, PeakLocalMax.peaks(edt, shape, 1, 1)},
            {img, rough, random},
        };
        for (Object[] c : cases) {
            float[] image = (float[]) c[0];
            byte[] mask = (byte[]) c[1];
            int[] peaks = (int[]) c[2];
            byte[] before = mask.clone();
            for (Flooding f : Flooding.values()) {
                int[] ref = reference(image, mask, nx, ny, nz, peaks, f);
                int count = 0;
                for (int l : ref) {
                    count = Math.max(count, l);
                }
                Watershed.Centres got = Watershed.centroidsFromPeaks(image, mask, shape, peaks, f, Progress.NONE);
                List<Particle> want = Centroids.of(new Instances(nx, ny, nz, ref, got.count()));
                assertEquals(want, got.particles(), f.toString());
                assertTrue(count <= got.count());
                assertArrayEquals(before, mask, "mask restored");
            }
        }
        byte[] bad = blobs.clone();
        bad[0] = 2;
        assertThrows(IllegalArgumentException.class,
                () -> Watershed.centroidsFromPeaks(edt, bad, shape, new int[0], Flooding.SKIMAGE_0_25, Progress.NONE));
    }

    @Test
    void everyReachableMaskVoxelIsLabelled() {
        Random rnd = new Random(77);
        int nx = 40, ny = 30, nz = 20;
        byte[] m = S2TestUtil.blobMask(rnd, nx, ny, nz, 12, 3, 8, 0.0);
        float[] edt = DistanceTransform.edt(m, new Shape(nx, ny, nz), 2);
        int[] peaks = PeakLocalMax.peaks(edt, new Shape(nx, ny, nz), 3, 2);
        Instances ws = Watershed.fromPeaks(edt, m, new Shape(nx, ny, nz), peaks);
        Instances cc = ConnectedComponents.label(m, new Shape(nx, ny, nz));
        boolean[] seeded = new boolean[cc.count() + 1];
        for (int p : peaks) {
            seeded[cc.labels()[p]] = true;
        }
        for (int i = 0; i < m.length; i++) {
            boolean expectLabel = m[i] != 0 && seeded[cc.labels()[i]];
            assertEquals(expectLabel, ws.labels()[i] != 0, "voxel " + i);
        }
        assertTrue(ws.count() >= 3, "count " + ws.count());
    }
}
