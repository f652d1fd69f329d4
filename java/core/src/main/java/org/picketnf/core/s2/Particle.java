package org.picketnf.core.s2;

/**
 * One instance: its label, its centre of mass in voxel coordinates (x, y, z; the centre of voxel (0,0,0) is 0,0,0)
 * and its number of voxels.
 */
public record Particle(int label, double x, double y, double z, long voxels) {
}
