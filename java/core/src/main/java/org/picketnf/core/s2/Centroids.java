package org.picketnf.core.s2;

import java.util.ArrayList;
import java.util.List;

/**
 * Centres of mass of instance labels, as PickET's {@code nd.center_of_mass(seg, seg, range(1, count + 1))}. The
 * weights there are the label values, constant within a label, so this is the plain mean voxel position; sums are
 * exact (long) and each coordinate is one correctly rounded division, which equals scipy's float64 result.
 */
public final class Centroids {
    private Centroids() {
    }

    /**
     * Centre of mass of each label 1..count (x, y, z voxel coordinates, double), with voxel counts; labels without
     * voxels are skipped (scipy gives NaN rows for them, which PickET drops). Sorted by label. Voxels with a label
     * outside 1..count are ignored.
     */
    public static List<Particle> of(Instances inst) {
        int count = inst.count();
        int nx = inst.nx(), ny = inst.ny(), nz = inst.nz();
        int[] labels = inst.labels();
        Sums sums = new Sums(count);
        int i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    int l = labels[i];
                    if (l > 0 && l <= count) {
                        sums.add(l, x, y, z);
                    }
                }
            }
        }
        return sums.particles();
    }

    /**
     * Coordinate sums and voxel counts of labels 1..count, added voxel by voxel in any order (integer sums: the
     * centroids do not depend on the order).
     */
    public static final class Sums {
        private final long[] sx;
        private final long[] sy;
        private final long[] sz;
        private final long[] n;

        public Sums(int count) {
            sx = new long[count + 1];
            sy = new long[count + 1];
            sz = new long[count + 1];
            n = new long[count + 1];
        }

        /** One voxel (x, y, z) of label l in 1..count. */
        public void add(int l, int x, int y, int z) {
            sx[l] += x;
            sy[l] += y;
            sz[l] += z;
            n[l]++;
        }

        /** The labels with voxels, by label: centre of mass and voxel count. */
        public List<Particle> particles() {
            List<Particle> out = new ArrayList<>();
            for (int l = 1; l < n.length; l++) {
                if (n[l] > 0) {
                    double c = n[l];
                    out.add(new Particle(l, sx[l] / c, sy[l] / c, sz[l] / c, n[l]));
                }
            }
            return out;
        }
    }
}
