package org.picketnf.core;

/**
 * Where a voxel grid sits in space: voxel size and origin, both in Ångström, per axis x, y, z.
 * Immutable. Carried from input to output so that results overlay the tomogram in IMOD, ChimeraX or napari.
 *
 * @param voxelX voxel size along x (Å), &gt; 0
 * @param voxelY voxel size along y (Å), &gt; 0
 * @param voxelZ voxel size along z (Å), &gt; 0
 * @param originX origin along x (Å), as in the MRC2014 ORIGIN field
 * @param originY origin along y (Å)
 * @param originZ origin along z (Å)
 */
public record Geometry(double voxelX, double voxelY, double voxelZ,
                       double originX, double originY, double originZ) {

    /** Unit voxels at the origin. */
    public static final Geometry UNIT = new Geometry(1, 1, 1, 0, 0, 0);

    public Geometry {
        if (!(voxelX > 0) || !(voxelY > 0) || !(voxelZ > 0)
                || !Double.isFinite(voxelX) || !Double.isFinite(voxelY) || !Double.isFinite(voxelZ)) {
            throw new IllegalArgumentException("voxel size must be finite and > 0, got "
                    + voxelX + "," + voxelY + "," + voxelZ);
        }
        if (!Double.isFinite(originX) || !Double.isFinite(originY) || !Double.isFinite(originZ)) {
            throw new IllegalArgumentException("origin must be finite, got " + originX + "," + originY + "," + originZ);
        }
    }

    /** Isotropic voxels of size {@code voxel} Å at the origin. */
    public static Geometry isotropic(double voxel) {
        return new Geometry(voxel, voxel, voxel, 0, 0, 0);
    }
}
