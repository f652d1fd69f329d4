package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.picketnf.core.Shape;

class PeakLocalMaxTest {

    /**
     * The rules written out plainly: brute-force cube maximum over the in-volume part, trivial-image test on all
     * voxels, threshold = minimum, border exclusion, stable sort by decreasing value, greedy Chebyshev spacing.
     */
    static int[] bruteForce(float[] img, int nx, int ny, int nz, int d) {
        int n = img.length;
        if (n == 0) {
            return new int[0];
        }
        float min = Float.POSITIVE_INFINITY;
        for (float v : img) {
            min = Math.min(min, v);
        }
        boolean[] peak = new boolean[n];
        if (d == 0 || n == 1) {
            for (int i = 0; i < n; i++) {
                peak[i] = img[i] > min;
            }
        } else {
            boolean all = true;
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        float mx = cubeMax(img, nx, ny, nz, x, y, z, d);
                        int i = (z * ny + y) * nx + x;
                        peak[i] = img[i] == mx;
                        all &= peak[i];
                    }
                }
            }
            if (all) {
                return new int[0];
            }
            for (int i = 0; i < n; i++) {
                peak[i] &= img[i] > min;
            }
        }
        List<Integer> cand = new ArrayList<>();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = (z * ny + y) * nx + x;
                    boolean border = x < d || y < d || z < d || x >= nx - d || y >= ny - d || z >= nz - d;
                    if (peak[i] && !border) {
                        cand.add(i);
                    }
                }
            }
        }
        cand.sort(Comparator.comparingDouble((Integer i) -> -img[i])); // List.sort is stable
        List<Integer> kept = new ArrayList<>();
        for (int i : cand) {
            boolean ok = true;
            for (int k : kept) {
                int dx = Math.abs(i % nx - k % nx);
                int dy = Math.abs((i / nx) % ny - (k / nx) % ny);
                int dz = Math.abs(i / (nx * ny) - k / (nx * ny));
                if (Math.max(dx, Math.max(dy, dz)) < d) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                kept.add(i);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Brute-force maximum over the in-volume part of the (2d+1)^3 cube around (x, y, z). */
    static float cubeMax(float[] img, int nx, int ny, int nz, int x, int y, int z, int d) {
        float mx = Float.NEGATIVE_INFINITY;
        for (int c = Math.max(0, z - d); c <= Math.min(nz - 1, z + d); c++) {
            for (int b = Math.max(0, y - d); b <= Math.min(ny - 1, y + d); b++) {
                for (int a = Math.max(0, x - d); a <= Math.min(nx - 1, x + d); a++) {
                    mx = Math.max(mx, img[(c * ny + b) * nx + a]);
                }
            }
        }
        return mx;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void matchesBruteForceOnImagesWithPlateaus(int seed) {
        Random rnd = new Random(300 + seed);
        int nx = 1 + rnd.nextInt(16), ny = 1 + rnd.nextInt(14), nz = 1 + rnd.nextInt(12);
        int levels = 1 + rnd.nextInt(4); // few distinct values: many plateaus and ties
        float[] img = new float[nx * ny * nz];
        for (int i = 0; i < img.length; i++) {
            img[i] = rnd.nextInt(levels) - 1;   // negative values too
        }
        for (int d = 0; d <= 4; d++) {
            int[] expected = bruteForce(img, nx, ny, nz, d);
            assertArrayEquals(expected, PeakLocalMax.peaks(img, new Shape(nx, ny, nz), d, 1), "d=" + d);
            assertArrayEquals(expected, PeakLocalMax.peaks(img, new Shape(nx, ny, nz), d, 3), "d=" + d);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void matchesBruteForceOnDistanceTransforms(int seed) {
        Random rnd = new Random(400 + seed);
        int nx = 20 + rnd.nextInt(10), ny = 18 + rnd.nextInt(8), nz = 14 + rnd.nextInt(6);
        byte[] m = S2TestUtil.blobMask(rnd, nx, ny, nz, 8, 2, 6, 0.01);
        float[] edt = DistanceTransform.edt(m, new Shape(nx, ny, nz), 1);
        for (int d : new int[] {1, 2, 3, 5}) {
            assertArrayEquals(bruteForce(edt, nx, ny, nz, d), PeakLocalMax.peaks(edt, new Shape(nx, ny, nz), d, 2),
                    "d=" + d);
        }
    }

    /**
     * The slab-by-slab maximum filter gives the candidates of a filter over the whole volume, for slabs of one
     * section up to the whole interior, on 1 and 3 threads (brute-force cube maxima, raster order).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void slabsGiveTheCandidatesOfTheWholeVolume(int seed) {
        Random rnd = new Random(700 + seed);
        int nx = 3 + rnd.nextInt(9), ny = 3 + rnd.nextInt(8), nz = 9 + rnd.nextInt(14);
        float[] img = new float[nx * ny * nz];
        for (int i = 0; i < img.length; i++) {
            img[i] = rnd.nextInt(1 + rnd.nextInt(5));
        }
        float min = Float.POSITIVE_INFINITY;
        for (float v : img) {
            min = Math.min(min, v);
        }
        for (int d = 1; d <= 3; d++) {
            List<Integer> expected = new ArrayList<>();
            for (int z = d; z < nz - d; z++) {
                for (int y = d; y < ny - d; y++) {
                    for (int x = d; x < nx - d; x++) {
                        float mx = cubeMax(img, nx, ny, nz, x, y, z, d);
                        int i = (z * ny + y) * nx + x;
                        if (img[i] > min && img[i] == mx) {
                            expected.add(i);
                        }
                    }
                }
            }
            int[] want = expected.stream().mapToInt(Integer::intValue).toArray();
            for (int slab : new int[] {1, 2, 3, 5, nz}) {
                for (int threads : new int[] {1, 3}) {
                    PeakLocalMax.IntList got = PeakLocalMax.candidates(img, new Shape(nx, ny, nz), d, min, threads,
                            slab);
                    assertArrayEquals(want, java.util.Arrays.copyOf(got.data, got.size),
                            "d=" + d + " slab=" + slab + " threads=" + threads);
                }
            }
        }
    }

    @Test
    void maxFilterEqualsBruteForce() {
        Random rnd = new Random(5);
        int nx = 13, ny = 9, nz = 7;
        float[] img = new float[nx * ny * nz];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) rnd.nextGaussian();
        }
        for (int r = 1; r <= 8; r++) {
            float[] mx = PeakLocalMax.maxFilter(img, new Shape(nx, ny, nz), r, 2);
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        assertEquals(cubeMax(img, nx, ny, nz, x, y, z, r), mx[(z * ny + y) * nx + x]);
                    }
                }
            }
        }
    }

    @Test
    void borderExclusionIsMinDistanceOnEveryAxis() {
        int n = 15, d = 3;
        float[] img = new float[n * n * n];
        int zLow = (2 * n + 7) * n + 7;       // z = 2: inside the first d sections, excluded
        int xHigh = (7 * n + 7) * n + 12;     // x = 12 = n - d: inside the last d columns, excluded
        int low = (7 * n + 3) * n + 3;        // x = y = 3 = d: kept
        int high = (11 * n + 11) * n + 11;    // 11 = n - d - 1: kept
        img[zLow] = 5;
        img[xHigh] = 4;
        img[low] = 3;
        img[high] = 2;
        int[] p = PeakLocalMax.peaks(img, new Shape(n, n, n), d, 1);
        assertArrayEquals(new int[] {low, high}, p);
        assertArrayEquals(bruteForce(img, n, n, n, d), p);
        // an axis of length <= 2d leaves no interior
        assertEquals(0, PeakLocalMax.peaks(new float[] {0, 1, 0, 0, 0, 0}, new Shape(6, 1, 1), 1, 1).length);
    }

    @Test
    void trivialImagesGiveNoPeaks() {
        float[] flat = new float[5 * 5 * 5];
        java.util.Arrays.fill(flat, 2.5f);
        assertEquals(0, PeakLocalMax.peaks(flat, new Shape(5, 5, 5), 1, 1).length);
        assertEquals(0, PeakLocalMax.peaks(new float[125], new Shape(5, 5, 5), 2, 1).length);
        assertEquals(0, PeakLocalMax.peaks(new float[] {3f}, new Shape(1, 1, 1), 0, 1).length);
        assertEquals(0, PeakLocalMax.peaks(new float[0], new Shape(0, 0, 0), 1, 1).length);
    }

    @Test
    void spacingKeepsPeaksExactlyMinDistanceApart() {
        // Two candidates closer than d are inside each other's cube, so both are candidates only when equal.
        int nx = 30, ny = 9, nz = 9, d = 4;
        float[] img = new float[nx * ny * nz];
        int a = (4 * ny + 4) * nx + 4;
        int b = a + d;          // Chebyshev distance exactly d from a, equal value: both kept
        int c = b + 2 * nx + 1; // distance 2 from b, lower: not a cube maximum
        int e = b + 12;         // far away: kept
        img[a] = 3;
        img[b] = 3;
        img[c] = 2;
        img[e] = 1;
        int[] p = PeakLocalMax.peaks(img, new Shape(nx, ny, nz), d, 1);
        assertArrayEquals(new int[] {a, b, e}, p);
        assertArrayEquals(bruteForce(img, nx, ny, nz, d), p);
        // at distance d - 1 the later one (raster order) of two equal candidates is dropped
        img[b] = 0;
        img[a + d - 1] = 3;
        assertArrayEquals(new int[] {a, e}, PeakLocalMax.peaks(img, new Shape(nx, ny, nz), d, 1));
    }

    @Test
    void spacingDropsEqualPlateauNeighboursButNotCubeMaxima() {
        // A plateau of equal maxima: every plateau voxel equals the cube maximum, so all are candidates; the
        // greedy pass keeps the first in raster order and drops plateau voxels closer than d.
        int nx = 20, ny = 7, nz = 7, d = 3;
        float[] img = new float[nx * ny * nz];
        int row = (3 * ny + 3) * nx;
        for (int x = 3; x <= 12; x++) {
            img[row + x] = 1;
        }
        int[] p = PeakLocalMax.peaks(img, new Shape(nx, ny, nz), d, 2);
        assertArrayEquals(new int[] {row + 3, row + 6, row + 9, row + 12}, p);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> PeakLocalMax.peaks(new float[8], new Shape(2, 2, 2), -1, 1));
        assertThrows(IllegalArgumentException.class, () -> PeakLocalMax.peaks(new float[8], new Shape(2, 2, 2), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> PeakLocalMax.peaks(new float[7], new Shape(2, 2, 2), 1, 1));
    }
}
