package org.picketnf.core;

/**
 * The size of a 3-D grid laid out like {@link Volume} (x fastest, then y, then z): what travels with a bare array
 * (a mask, a distance transform, instance labels) instead of three separate ints.
 *
 * @param nx size along x
 * @param ny size along y
 * @param nz size along z
 */
public record Shape(int nx, int ny, int nz) {
    /** @throws IllegalArgumentException if a dimension is negative */
    public Shape {
        Volume.checkDims(nx, ny, nz);
    }

    /** Number of voxels, as a long (it need not fit in one Java array). */
    public long voxels() {
        return (long) nx * ny * nz;
    }

    /** Index of (x, y, z) in an array of this shape. No bounds check. */
    public int index(int x, int y, int z) {
        return (z * ny + y) * nx + x;
    }

    @Override
    public String toString() {
        return nx + "x" + ny + "x" + nz;
    }
}
