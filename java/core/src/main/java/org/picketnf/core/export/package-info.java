/**
 * Coordinate exports for the tools that come after picking: RELION 5 ({@link org.picketnf.core.export.StarExports}),
 * Warp/M and RELION 3-4 (the same class), copick ({@link org.picketnf.core.export.CopickExport}), Dynamo
 * ({@link org.picketnf.core.export.DynamoExport}) and IMOD ({@link org.picketnf.core.export.ImodExport}).
 *
 * <p>Every writer is a pure function of a list of {@link org.picketnf.core.s2.Particle} (voxels of the picked
 * tomogram, the centre of voxel (0,0,0) at 0,0,0), optional scores and an
 * {@link org.picketnf.core.export.ExportGeometry} (tomogram name, size, pixel size, binning): no times, no paths,
 * {@code Locale.ROOT}, the same bytes for the same input. Each class documents its tool's axis order, units, origin,
 * 0- or 1-based counting and centre, with the source it was read from; {@code docs/coordinates.md} has them in one
 * table.
 */
package org.picketnf.core.export;
