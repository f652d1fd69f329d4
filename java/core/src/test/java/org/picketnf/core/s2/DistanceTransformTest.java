package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.picketnf.core.Shape;

class DistanceTransformTest {

    /** Nearest background voxel by exhaustive search; (float) sqrt of the exact integer squared distance. */
    static float[] bruteForce(byte[] m, int nx, int ny, int nz) {
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            if (m[i] == 0) {
                continue;
            }
            int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
            long best = Long.MAX_VALUE;
            for (int j = 0; j < m.length; j++) {
                if (m[j] != 0) {
                    continue;
                }
                long dx = j % nx - x, dy = (j / nx) % ny - y, dz = j / (nx * ny) - z;
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
            out[i] = (float) Math.sqrt((double) best);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void equalsBruteForceExactly(int seed) {
        Random rnd = new Random(100 + seed);
        int nx = 1 + rnd.nextInt(15), ny = 1 + rnd.nextInt(12), nz = 1 + rnd.nextInt(10);
        // sparse background: long distances, lines without background, many parabola intersections
        byte[] m = S2TestUtil.randomMask(rnd, nx * ny * nz, 0.8 + 0.19 * rnd.nextDouble());
        m[rnd.nextInt(m.length)] = 0;
        float[] expected = bruteForce(m, nx, ny, nz);
        assertArrayEquals(expected, DistanceTransform.edt(m, new Shape(nx, ny, nz), 1));
        assertArrayEquals(expected, DistanceTransform.edt(m, new Shape(nx, ny, nz), 3));
    }

    @Test
    void sphereInsideAndOnTheAxes() {
        int n = 31, c = 15;
        byte[] m = new byte[n * n * n];
        S2TestUtil.ball(m, n, n, n, c, c, c, 12 * 12);
        float[] d = DistanceTransform.edt(m, new Shape(n, n, n), 2);
        assertArrayEquals(bruteForce(m, n, n, n), d);
        // from the centre the nearest outside voxels are at offsets like (12, 1, 0): 145 > 144
        assertEquals((float) Math.sqrt(145), d[(c * n + c) * n + c]);
        assertEquals(1f, d[(c * n + c) * n + c + 12]);
        assertEquals(0f, d[0]);
    }

    @Test
    void singleForegroundVoxelAndEmptyVolumes() {
        byte[] m = new byte[27];
        m[13] = 1;
        float[] d = DistanceTransform.edt(m, new Shape(3, 3, 3), 1);
        for (int i = 0; i < 27; i++) {
            assertEquals(i == 13 ? 1f : 0f, d[i]);
        }
        assertEquals(0, DistanceTransform.edt(new byte[0], new Shape(0, 5, 5), 1).length);
        assertArrayEquals(new float[8], DistanceTransform.edt(new byte[8], new Shape(2, 2, 2), 1));
    }

    @Test
    void noBackgroundMeasuresToThePointBeforeTheFirstSection() {
        // scipy 1.10.1 and 1.17.1: distance_transform_edt(np.ones((3, 4, 5))) ** 2 == (z + 1)^2 + y^2 + x^2
        int nx = 5, ny = 4, nz = 3;
        byte[] m = new byte[nx * ny * nz];
        java.util.Arrays.fill(m, (byte) 1);
        float[] d = DistanceTransform.edt(m, new Shape(nx, ny, nz), 2);
        int i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    assertEquals((float) Math.sqrt((z + 1) * (z + 1) + y * y + x * x), d[i]);
                }
            }
        }
        assertEquals((float) Math.sqrt(34), d[m.length - 1]); // scipy: 5.8309518948453
    }

    @Test
    void sameForAnyThreadCountOnALargerVolume() {
        Random rnd = new Random(7);
        int nx = 70, ny = 45, nz = 33;
        byte[] m = S2TestUtil.blobMask(rnd, nx, ny, nz, 25, 3, 12, 0.001);
        float[] one = DistanceTransform.edt(m, new Shape(nx, ny, nz), 1);
        assertArrayEquals(one, DistanceTransform.edt(m, new Shape(nx, ny, nz), 2));
        assertArrayEquals(one, DistanceTransform.edt(m, new Shape(nx, ny, nz), 5));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> DistanceTransform.edt(new byte[4], new Shape(2, 2, 2), 1));
        assertThrows(IllegalArgumentException.class, () -> DistanceTransform.edt(new byte[8], new Shape(2, 2, 2), 0));
    }
}
