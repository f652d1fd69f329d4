package org.picketnf.core.s2;

import org.picketnf.core.Shape;

/**
 * Instance labels: 0 background, 1..count; same layout as {@link org.picketnf.core.Volume}
 * ({@code labels[(z * ny + y) * nx + x]}). The array is shared, not copied. A label in 1..count may have no voxels
 * (see {@link Watershed#fromPeaks}); {@link Centroids#of} skips such labels.
 *
 * @param nx    size along x
 * @param ny    size along y
 * @param nz    size along z
 * @param labels the label of every voxel, 0..count
 * @param count the largest label that may occur
 */
public record Instances(int nx, int ny, int nz, int[] labels, int count) {
    public Instances {
        S2Checks.dims(new Shape(nx, ny, nz), labels == null ? -1 : labels.length, "labels");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
    }

    /** nx, ny, nz as one value. */
    public Shape shape() {
        return new Shape(nx, ny, nz);
    }
}
