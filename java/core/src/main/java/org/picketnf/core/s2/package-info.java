/**
 * Numerics of PickET's stage 2 (particle localisation) on binary masks: 6-connected component labelling
 * ({@link org.picketnf.core.s2.ConnectedComponents}), the exact Euclidean distance transform
 * ({@link org.picketnf.core.s2.DistanceTransform}), {@code peak_local_max} ({@link org.picketnf.core.s2.PeakLocalMax}),
 * marker watershed ({@link org.picketnf.core.s2.Watershed}) and centres of mass
 * ({@link org.picketnf.core.s2.Centroids}). Pure computation, no I/O. Volumes use the layout of
 * {@link org.picketnf.core.Volume}: the voxel (x, y, z) is at index {@code (z * ny + y) * nx + x}.
 *
 * <p>PickET's watershed mode is
 * <pre>{@code
 * float[] edt = DistanceTransform.edt(mask, shape, threads);
 * int[] peaks = PeakLocalMax.peaks(edt, shape, 15, threads);
 * Instances ws = Watershed.fromPeaks(edt, mask, shape, peaks);
 * List<Particle> particles = Centroids.of(ws);
 * }</pre>
 */
package org.picketnf.core.s2;
