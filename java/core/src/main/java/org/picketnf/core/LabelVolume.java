package org.picketnf.core;

import java.util.Objects;

/**
 * A 3-D grid of small integer labels (int8, -128..127), laid out like {@link Volume}: x fastest, then y, then z.
 * Used for semantic segmentations (0 = background, 1 = particle). The array is shared, not copied.
 */
public final class LabelVolume {
    private final int nx;
    private final int ny;
    private final int nz;
    private final byte[] data;
    private final Geometry geometry;

    /** Wraps {@code data} (not copied). */
    public LabelVolume(int nx, int ny, int nz, byte[] data, Geometry geometry) {
        Volume.checkDims(nx, ny, nz);
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

    /** An all-zero label volume. */
    public static LabelVolume zeros(int nx, int ny, int nz, Geometry geometry) {
        return new LabelVolume(nx, ny, nz, new byte[Volume.checkedSize(nx, ny, nz)], geometry);
    }

    public int nx() { return nx; }
    public int ny() { return ny; }
    public int nz() { return nz; }
    /** nx, ny, nz as one value. */
    public Shape shape() { return new Shape(nx, ny, nz); }
    public int size() { return data.length; }
    public byte[] data() { return data; }
    public Geometry geometry() { return geometry; }

    public int index(int x, int y, int z) {
        return (z * ny + y) * nx + x;
    }

    public int get(int x, int y, int z) {
        return data[(z * ny + y) * nx + x];
    }

    public void set(int x, int y, int z, int label) {
        if (label < Byte.MIN_VALUE || label > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("label " + label + " does not fit in int8");
        }
        data[(z * ny + y) * nx + x] = (byte) label;
    }

    /** Number of voxels carrying each label value, indexed by {@code label + 128}. */
    public long[] histogram() {
        long[] h = new long[256];
        for (byte b : data) {
            h[b + 128]++;
        }
        return h;
    }

    /** This label volume as float values (a new array). */
    public Volume toVolume() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = data[i];
        }
        return new Volume(nx, ny, nz, f, geometry);
    }
}
