package org.picketnf.core.export;

import java.util.regex.Pattern;

/**
 * Where a particle set was picked and for which pixel size its coordinates are written.
 *
 * <p>Particles come in voxels of the <em>picked</em> tomogram (the centre of voxel (0,0,0) is 0,0,0). The exports
 * write them for the <em>output</em> pixel size {@code pixelSize / binning}: {@code binning} is the binning of the
 * picked tomogram relative to the output pixel size. Picked on a bin-4 tomogram and written for the unbinned tilt
 * series: {@code binning = 4}, output pixel coordinates = 4 x voxel coordinates, output tomogram size = 4 x the
 * picked size. This is the mapping RELION 5 ({@code ParticleSet::getParticleCoordDecenteredPixel}) and Warp
 * ({@code ts_export_particles --coords_angpix}) use: Angstrom = pixel index x pixel size at every binning, so the
 * tomogram centre {@code size / 2} of one binning maps onto that of another.
 *
 * @param tomogramName the tomogram's name in the outputs (rlnTomoName, copick run, ...): letters, digits, '.', '_'
 *        and '-' only, so that it is one STAR token and one path element
 * @param nx picked tomogram size in x, voxels
 * @param ny picked tomogram size in y, voxels
 * @param nz picked tomogram size in z, voxels
 * @param pixelSize voxel size of the picked tomogram, Angstrom
 * @param binning picked-tomogram binning relative to the output pixel size (> 0; 1 = write for the picked tomogram)
 * @param pixelSizeTrusted true when the pixel size came from the MRC header (not 0 or 1) or from the user; false
 *        when it is a placeholder, so that Angstrom outputs are only as good as that assumption
 */
public record ExportGeometry(String tomogramName, int nx, int ny, int nz, double pixelSize, double binning,
        boolean pixelSizeTrusted) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    public ExportGeometry {
        if (tomogramName == null || !NAME.matcher(tomogramName).matches() || tomogramName.startsWith(".")) {
            throw new IllegalArgumentException("tomogram name '" + tomogramName + "' must be letters, digits, '.',"
                    + " '_' or '-' (no spaces, no path), not starting with '.'");
        }
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new IllegalArgumentException("tomogram size must be > 0, got " + nx + "," + ny + "," + nz);
        }
        if (!(pixelSize > 0) || !Double.isFinite(pixelSize)) {
            throw new IllegalArgumentException("pixel size must be a finite number > 0, got " + pixelSize);
        }
        if (!(binning > 0) || !Double.isFinite(binning)) {
            throw new IllegalArgumentException("binning must be a finite number > 0, got " + binning);
        }
    }

    /** The pixel size the coordinates are written for: {@code pixelSize / binning}, Angstrom. */
    public double outputPixelSize() {
        return pixelSize / binning;
    }

    /** The picked size along axis 0 (x), 1 (y) or 2 (z), voxels. */
    public int size(int axis) {
        return switch (axis) {
            case 0 -> nx;
            case 1 -> ny;
            case 2 -> nz;
            default -> throw new IllegalArgumentException("axis " + axis);
        };
    }

    /** The tomogram size at the output pixel size along an axis: {@code round(size x binning)}, pixels. */
    public long outputSize(int axis) {
        return Math.round(size(axis) * binning);
    }

    /** A picked voxel coordinate as a 0-based output pixel coordinate (voxel centres): {@code v x binning}. */
    public double toOutput(double voxel) {
        return voxel * binning;
    }

    /** The inverse of {@link #toOutput}. */
    public double fromOutput(double pixel) {
        return pixel / binning;
    }
}
