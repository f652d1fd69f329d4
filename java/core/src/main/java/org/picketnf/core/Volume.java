package org.picketnf.core;

import java.util.Objects;

/**
 * A 3-D grid of float values, stored x fastest, then y, then z: the value at (x, y, z) is
 * {@code data[(z * ny + y) * nx + x]}. This is the layout of an unpermuted MRC file, so z-slabs are
 * contiguous ranges of the array.
 *
 * <p>The array is shared, not copied: {@link #data()} gives the live array. Not thread-safe for writes.
 */
public final class Volume {
    private final int nx;
    private final int ny;
    private final int nz;
    private final float[] data;
    private final Geometry geometry;

    /**
     * Wraps {@code data} (not copied).
     *
     * @throws IllegalArgumentException if a dimension is negative or data.length != nx*ny*nz
     */
    public Volume(int nx, int ny, int nz, float[] data, Geometry geometry) {
        checkDims(nx, ny, nz);
        Objects.requireNonNull(data, "data");
        if ((long) nx * ny * nz != data.length) {
            throw new IllegalArgumentException("data length " + data.length + " != nx*ny*nz = " + (long) nx * ny * nz);
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.data = data;
        this.geometry = Objects.requireNonNull(geometry, "geometry");
    }

    /** A zero-filled volume. */
    public static Volume zeros(int nx, int ny, int nz, Geometry geometry) {
        checkDims(nx, ny, nz);
        return new Volume(nx, ny, nz, new float[checkedSize(nx, ny, nz)], geometry);
    }

    static void checkDims(int nx, int ny, int nz) {
        if (nx < 0 || ny < 0 || nz < 0) {
            throw new IllegalArgumentException("dimensions must be >= 0, got " + nx + "x" + ny + "x" + nz);
        }
    }

    /** nx*ny*nz as an int, or an exception if the grid cannot be held in one Java array. */
    public static int checkedSize(int nx, int ny, int nz) {
        long n = (long) nx * ny * nz;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " has " + n
                    + " voxels, more than one Java array can hold (2^31-9)");
        }
        return (int) n;
    }

    public int nx() { return nx; }
    public int ny() { return ny; }
    public int nz() { return nz; }
    /** nx, ny, nz as one value. */
    public Shape shape() { return new Shape(nx, ny, nz); }
    /** Number of voxels. */
    public int size() { return data.length; }
    /** The live backing array (x fastest, then y, then z). */
    public float[] data() { return data; }
    public Geometry geometry() { return geometry; }

    /** Index of (x, y, z) in {@link #data()}. No bounds check beyond the array's own. */
    public int index(int x, int y, int z) {
        return (z * ny + y) * nx + x;
    }

    public float get(int x, int y, int z) {
        return data[(z * ny + y) * nx + x];
    }

    public void set(int x, int y, int z, float v) {
        data[(z * ny + y) * nx + x] = v;
    }

    /** Offset in {@link #data()} of the first voxel of z-section {@code z}. */
    public int sectionOffset(int z) {
        return z * nx * ny;
    }

    /**
     * A copy of the z-sections [z0, z1) as a new volume with the same geometry, its origin moved to z0.
     *
     * @throws IllegalArgumentException if the range is empty or outside [0, nz]
     */
    public Volume slab(int z0, int z1) {
        if (z0 < 0 || z1 > nz || z0 >= z1) {
            throw new IllegalArgumentException("slab [" + z0 + "," + z1 + ") outside [0," + nz + ")");
        }
        int sec = nx * ny;
        float[] out = new float[(z1 - z0) * sec];
        System.arraycopy(data, z0 * sec, out, 0, out.length);
        Geometry g = new Geometry(geometry.voxelX(), geometry.voxelY(), geometry.voxelZ(),
                geometry.originX(), geometry.originY(), geometry.originZ() + z0 * geometry.voxelZ());
        return new Volume(nx, ny, z1 - z0, out, g);
    }

    @Override
    public String toString() {
        return "Volume[" + nx + "x" + ny + "x" + nz + ", " + geometry + "]";
    }
}
