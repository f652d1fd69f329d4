package org.picketnf.core.sim;

import org.picketnf.core.BadInputException;
import org.picketnf.core.Volume;
import org.picketnf.core.io.Numbers;

/**
 * Parameters of a synthetic tomogram (see {@link SyntheticTomogram} for what each stage does). Immutable; start
 * from {@link #defaults(int, int, int, long)} and change fields with the {@code with...} methods. The constructor
 * checks every field and throws {@link BadInputException} with one line naming the bad value.
 *
 * @param nx size along x (voxels), &gt; 0
 * @param ny size along y (voxels), &gt; 0
 * @param nz size along z (voxels), &gt; 0
 * @param seed the seed; the same parameters and seed always give the same bytes
 * @param particles number of particles, or {@link #AUTO} (0) for about {@link #AUTO_FILL} of the volume in
 *                  bounding spheres
 * @param radiusMin smallest bounding radius (voxels), &gt;= 1
 * @param radiusMax largest bounding radius (voxels), &gt;= radiusMin
 * @param snr signal-to-noise ratio: variance of the noise-free tomogram over variance of the noise in it,
 *            both after all filtering; {@link Double#POSITIVE_INFINITY} for no noise; otherwise finite and &gt; 0
 * @param polarity whether particles are darker or brighter than the background
 * @param lowpassSigma standard deviation (voxels) of the Gaussian low-pass applied to the particles; 0 for none
 * @param wedge whether to apply a missing wedge (tilt axis y)
 * @param tiltMaxDeg the tilt range is -tiltMaxDeg..+tiltMaxDeg degrees, in (0, 90]; used when {@code wedge}
 * @param normalize whether to scale the result to mean 0 and standard deviation 1
 * @param voxelSize voxel size in Ångström written to the geometry, &gt; 0
 */
public record SimParams(int nx, int ny, int nz, long seed, int particles, double radiusMin, double radiusMax,
                        double snr, Polarity polarity, double lowpassSigma, boolean wedge, double tiltMaxDeg,
                        boolean normalize, double voxelSize) {

    /** {@link #particles} value asking for an automatic count. */
    public static final int AUTO = 0;
    /** Fraction of the volume the automatic count fills with bounding spheres (the particles fill about half). */
    public static final double AUTO_FILL = 0.10;
    public static final double DEFAULT_RADIUS_MIN = 5;
    public static final double DEFAULT_RADIUS_MAX = 8;
    public static final double DEFAULT_SNR = 0.03;
    public static final double DEFAULT_LOWPASS = 1.0;
    public static final double DEFAULT_TILT_MAX = 60;

    public SimParams {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new BadInputException("size must be > 0 along every axis, got " + nx + "," + ny + "," + nz);
        }
        try {
            Volume.checkedSize(nx, ny, nz);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("size " + nx + "," + ny + "," + nz + " is too large: " + e.getMessage(), e);
        }
        if (particles < 0) {
            throw new BadInputException("number of particles must be >= 1 (or automatic), got " + particles);
        }
        if (!(radiusMin >= 1) || !Double.isFinite(radiusMax) || radiusMax < radiusMin) {
            throw new BadInputException("radius range must satisfy 1 <= min <= max (voxels), got "
                    + Numbers.shortest(radiusMin) + "," + Numbers.shortest(radiusMax));
        }
        if (!(snr > 0) || Double.isNaN(snr)) {
            throw new BadInputException("snr must be > 0, got " + Numbers.shortest(snr));
        }
        if (polarity == null) {
            throw new BadInputException("polarity must be dark or bright");
        }
        if (!(lowpassSigma >= 0) || !Double.isFinite(lowpassSigma)) {
            throw new BadInputException("low-pass sigma must be >= 0 voxels, got " + Numbers.shortest(lowpassSigma));
        }
        if (wedge && (!(tiltMaxDeg > 0) || tiltMaxDeg > 90)) {
            throw new BadInputException("tilt range must be in (0, 90] degrees, got " + Numbers.shortest(tiltMaxDeg));
        }
        if (!(voxelSize > 0) || !Double.isFinite(voxelSize)) {
            throw new BadInputException("voxel size must be > 0, got " + Numbers.shortest(voxelSize));
        }
        double need = 2 * (radiusMax + SyntheticTomogram.MARGIN);
        if (nx - 1 < need || ny - 1 < need || nz - 1 < need) {
            throw new BadInputException("size " + nx + "," + ny + "," + nz + " is too small for particles of radius "
                    + Numbers.shortest(radiusMax) + ": every axis needs at least " + (int) Math.ceil(need + 1)
                    + " voxels");
        }
    }

    /** The defaults: automatic count, radius 5..8, SNR 0.03, dark, low-pass sigma 1, wedge +-60, normalised. */
    public static SimParams defaults(int nx, int ny, int nz, long seed) {
        return defaults(nx, ny, nz, seed, DEFAULT_RADIUS_MIN, DEFAULT_RADIUS_MAX);
    }

    /**
     * The defaults with another radius range: use this rather than {@code defaults(...).withRadius(...)} when the
     * volume is too small for the default radii but fits the given ones.
     */
    public static SimParams defaults(int nx, int ny, int nz, long seed, double radiusMin, double radiusMax) {
        return new SimParams(nx, ny, nz, seed, AUTO, radiusMin, radiusMax, DEFAULT_SNR,
                Polarity.DARK, DEFAULT_LOWPASS, true, DEFAULT_TILT_MAX, true, 1.0);
    }

    public SimParams withSeed(long s) {
        return new SimParams(nx, ny, nz, s, particles, radiusMin, radiusMax, snr, polarity, lowpassSigma, wedge,
                tiltMaxDeg, normalize, voxelSize);
    }

    public SimParams withParticles(int n) {
        return new SimParams(nx, ny, nz, seed, n, radiusMin, radiusMax, snr, polarity, lowpassSigma, wedge,
                tiltMaxDeg, normalize, voxelSize);
    }

    public SimParams withRadius(double min, double max) {
        return new SimParams(nx, ny, nz, seed, particles, min, max, snr, polarity, lowpassSigma, wedge,
                tiltMaxDeg, normalize, voxelSize);
    }

    public SimParams withSnr(double s) {
        return new SimParams(nx, ny, nz, seed, particles, radiusMin, radiusMax, s, polarity, lowpassSigma, wedge,
                tiltMaxDeg, normalize, voxelSize);
    }

    /** No noise at all (SNR infinite). */
    public SimParams withoutNoise() {
        return withSnr(Double.POSITIVE_INFINITY);
    }

    public SimParams withPolarity(Polarity p) {
        return new SimParams(nx, ny, nz, seed, particles, radiusMin, radiusMax, snr, p, lowpassSigma, wedge,
                tiltMaxDeg, normalize, voxelSize);
    }

    public SimParams withLowpass(double sigma) {
        return new SimParams(nx, ny, nz, seed, particles, radiusMin, radiusMax, snr, polarity, sigma, wedge,
                tiltMaxDeg, normalize, voxelSize);
    }

    /** A missing wedge for the tilt range -deg..+deg. */
    public SimParams withWedge(double deg) {
        return new SimParams(nx, ny, nz, seed, particles, radiusMin, radiusMax, snr, polarity, lowpassSigma, true,
                deg, normalize, voxelSize);
    }

    public SimParams withoutWedge() {
        return new SimParams(nx, ny, nz, seed, particles, radiusMin, radiusMax, snr, polarity, lowpassSigma, false,
                tiltMaxDeg, normalize, voxelSize);
    }

    public SimParams withNormalize(boolean on) {
        return new SimParams(nx, ny, nz, seed, particles, radiusMin, radiusMax, snr, polarity, lowpassSigma, wedge,
                tiltMaxDeg, on, voxelSize);
    }

    public SimParams withVoxelSize(double a) {
        return new SimParams(nx, ny, nz, seed, particles, radiusMin, radiusMax, snr, polarity, lowpassSigma, wedge,
                tiltMaxDeg, normalize, a);
    }

    /** Whether noise is added. */
    public boolean hasNoise() {
        return snr != Double.POSITIVE_INFINITY;
    }

    /**
     * The number of particles asked for: {@link #particles} if set, else enough bounding spheres (of the mean
     * volume for radii uniform in [radiusMin, radiusMax]) to fill {@link #AUTO_FILL} of the volume, at least 1.
     */
    public int requestedParticles() {
        if (particles != AUTO) {
            return particles;
        }
        double meanR3 = radiusMax == radiusMin ? radiusMin * radiusMin * radiusMin
                : (Math.pow(radiusMax, 4) - Math.pow(radiusMin, 4)) / (4 * (radiusMax - radiusMin));
        double meanVol = 4.0 / 3.0 * Math.PI * meanR3;
        double n = AUTO_FILL * ((double) nx * ny * nz) / meanVol;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, Math.round(n)));
    }
}
