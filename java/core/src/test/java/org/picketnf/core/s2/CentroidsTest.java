package org.picketnf.core.s2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CentroidsTest {

    @Test
    void meanVoxelPositionPerLabelSkippingEmptyLabels() {
        // 4x3x2; label 1: (0,0,0), (1,0,0), (1,2,1); label 3: (3,1,1); label 2 empty; label 4 (> count) ignored
        int nx = 4, ny = 3, nz = 2;
        int[] lab = new int[nx * ny * nz];
        lab[0] = 1;
        lab[1] = 1;
        lab[(1 * ny + 2) * nx + 1] = 1;
        lab[(1 * ny + 1) * nx + 3] = 3;
        lab[5] = 4;
        List<Particle> p = Centroids.of(new Instances(nx, ny, nz, lab, 3));
        assertEquals(2, p.size());
        assertEquals(new Particle(1, 2.0 / 3, 2.0 / 3, 1.0 / 3, 3), p.get(0));
        assertEquals(new Particle(3, 3, 1, 1, 1), p.get(1));
    }

    @Test
    void emptyInstances() {
        assertEquals(0, Centroids.of(new Instances(2, 2, 2, new int[8], 0)).size());
        assertEquals(0, Centroids.of(new Instances(0, 0, 0, new int[0], 5)).size());
    }
}
