package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.picketnf.core.Shape;

class ConnectedComponentsTest {

    @Test
    void diagonalNeighboursAreSeparate() {
        // 3x3x1: a diagonal line of three voxels; corners touch only by edges, which 6-connectivity ignores
        byte[] m = {
            1, 0, 0,
            0, 1, 0,
            0, 0, 1};
        Instances inst = ConnectedComponents.label(m, new Shape(3, 3, 1));
        assertEquals(3, inst.count());
        assertArrayEquals(new int[] {1, 0, 0, 0, 2, 0, 0, 0, 3}, inst.labels());
        // 2x2x2: two voxels touching by a vertex only
        byte[] v = new byte[8];
        v[0] = 1;            // (0,0,0)
        v[7] = 1;            // (1,1,1)
        assertEquals(2, ConnectedComponents.label(v, new Shape(2, 2, 2)).count());
        // along z only: (0,0,0) and (0,0,1) are face neighbours
        byte[] zpair = new byte[8];
        zpair[0] = 1;
        zpair[4] = 1;
        Instances zi = ConnectedComponents.label(zpair, new Shape(2, 2, 2));
        assertEquals(1, zi.count());
        assertEquals(1, zi.labels()[4]);
    }

    @Test
    void ringIsOneComponentAndItsHoleIsBackground() {
        // 5x5x1 ring around the centre
        byte[] m = new byte[25];
        for (int y = 1; y <= 3; y++) {
            for (int x = 1; x <= 3; x++) {
                if (x != 2 || y != 2) {
                    m[y * 5 + x] = 1;
                }
            }
        }
        Instances inst = ConnectedComponents.label(m, new Shape(5, 5, 1));
        assertEquals(1, inst.count());
        assertEquals(0, inst.labels()[12]);
        assertEquals(1, inst.labels()[6]);
        assertEquals(1, inst.labels()[18]);
    }

    @Test
    void numberingFollowsRasterOrderOfFirstVoxel() {
        // a U shape whose two arms start before a separate voxel further right on row 0, and join only on the
        // last row: provisional labels 1 (left arm), 2 (lone voxel), 3 (right arm) must become 1, 2, 1.
        // row 0: 1 0 1 0 1
        // row 1: 1 0 1 0 0
        // row 2: 1 1 1 0 0
        byte[] m = {
            1, 0, 1, 0, 1,
            1, 0, 1, 0, 0,
            1, 1, 1, 0, 0};
        Instances inst = ConnectedComponents.label(m, new Shape(5, 3, 1));
        assertEquals(2, inst.count());
        assertArrayEquals(new int[] {1, 0, 1, 0, 2, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0}, inst.labels());
        // a component starting in z-section 1 is numbered after every component starting in section 0
        byte[] two = new byte[2 * 2 * 2];
        two[4] = 1;          // (0,0,1)
        two[3] = 1;          // (1,1,0)
        Instances t = ConnectedComponents.label(two, new Shape(2, 2, 2));
        assertEquals(1, t.labels()[3]);
        assertEquals(2, t.labels()[4]);
    }

    @Test
    void emptyAndFullVolumes() {
        assertEquals(0, ConnectedComponents.label(new byte[0], new Shape(0, 3, 4)).count());
        assertEquals(0, ConnectedComponents.label(new byte[24], new Shape(2, 3, 4)).count());
        byte[] full = new byte[24];
        java.util.Arrays.fill(full, (byte) -1);   // any non-zero value is foreground
        Instances inst = ConnectedComponents.label(full, new Shape(2, 3, 4));
        assertEquals(1, inst.count());
        for (int l : inst.labels()) {
            assertEquals(1, l);
        }
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> ConnectedComponents.label(new byte[5], new Shape(2, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> ConnectedComponents.label(new byte[0], new Shape(-1, 0, 1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void matchesBreadthFirstFloodFill(int seed) {
        Random rnd = new Random(seed);
        int nx = 1 + rnd.nextInt(17), ny = 1 + rnd.nextInt(13), nz = 1 + rnd.nextInt(11);
        double p = 0.2 + 0.5 * rnd.nextDouble();  // around the percolation threshold: long tangled components
        byte[] m = S2TestUtil.randomMask(rnd, nx * ny * nz, p);
        Instances inst = ConnectedComponents.label(m, new Shape(nx, ny, nz));
        int[] expected = floodFill(m, nx, ny, nz);
        int count = 0;
        for (int l : expected) {
            count = Math.max(count, l);
        }
        assertEquals(count, inst.count());
        assertArrayEquals(expected, inst.labels());
    }

    /** Plain BFS labelling: scan in raster order, a new label at each unlabelled foreground voxel. */
    static int[] floodFill(byte[] m, int nx, int ny, int nz) {
        int[] lab = new int[m.length];
        int next = 0;
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        int[][] dirs = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = (z * ny + y) * nx + x;
                    if (m[i] == 0 || lab[i] != 0) {
                        continue;
                    }
                    lab[i] = ++next;
                    queue.add(new int[] {x, y, z});
                    while (!queue.isEmpty()) {
                        int[] c = queue.poll();
                        for (int[] d : dirs) {
                            int a = c[0] + d[0], b = c[1] + d[1], e = c[2] + d[2];
                            if (a < 0 || b < 0 || e < 0 || a >= nx || b >= ny || e >= nz) {
                                continue;
                            }
                            int j = (e * ny + b) * nx + a;
                            if (m[j] != 0 && lab[j] == 0) {
                                lab[j] = next;
                                queue.add(new int[] {a, b, e});
                            }
                        }
                    }
                }
            }
        }
        return lab;
    }
}
