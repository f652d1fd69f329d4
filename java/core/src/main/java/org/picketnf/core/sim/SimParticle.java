package org.picketnf.core.sim;

/**
 * One particle of a synthetic tomogram, as written to the ground truth.
 *
 * <p>Coordinates are voxel coordinates: the centre of voxel (i, j, k) is at (i, j, k), x along the MRC X axis
 * (fastest), z along the section axis. The particle lies entirely inside the sphere of radius {@code radius}
 * about (x, y, z), and no two particles' bounding spheres overlap.
 *
 * @param x centre x (voxels)
 * @param y centre y (voxels)
 * @param z centre z (voxels)
 * @param radius bounding radius (voxels)
 * @param cls shape class
 */
public record SimParticle(double x, double y, double z, double radius, ParticleClass cls) {
}
