package org.picketnf.core.s2;

import java.util.Arrays;

import org.picketnf.core.Shape;

/**
 * Particle size from the data, and the S2 parameters derived from it.
 *
 * <p>Two estimates, both in voxels:
 * <ul>
 * <li><b>mask blob diameter</b> ({@link #maskDiameter}): the local maxima of the distance transform of the particle
 * mask (a voxel not below any of its 26 neighbours) with a distance of at least {@value #MIN_PEAK_RADIUS} voxels
 * (smaller ones are noise specks) are the centres of the mask's blobs and their values the blob radii; the estimate
 * is twice the median radius, each maximum weighted by r^3 (its blob's volume), so that a few big blobs outweigh
 * many small fragments. A voxelised ball of radius R (voxels within R of its centre) has its maximum sqrt(R^2 + 1),
 * so this returns about 2R. It measures the mask, which a clustering can make fatter or thinner than the
 * particles (on the DeepFinder toy tomograms, GMM masks give 13-18 voxels and KMeans masks 8-10 for particles about
 * 11 across).</li>
 * <li><b>density profile diameter</b> ({@link #profileDiameter}): the radial profile of the tomogram around the
 * {@value #PROFILE_PEAKS} largest of those maxima, minus the level of its outer shells; the particle radius is where
 * the profile's contrast, going outwards from its extremum, falls to half (linear interpolation between shells).
 * This measures the particles in the tomogram itself, so it does not depend on how fat the mask is.</li>
 * </ul>
 *
 * <p>Derived parameters ({@link #derive}): watershed {@code min_distance} = round({@value #MD_PER_DIAMETER} x a
 * particle diameter) (from the profile or a diameter given by the user), or round({@value #MD_PER_MASK_DIAMETER} x the
 * mask blob diameter when that is all there is; at least 2 either way; two touching particles of diameter d have
 * centres d apart, so peaks closer than that belong to one particle; the factors were set on DeepFinder toy tomo1-5).
 * The connected-component size filter comes from the volume V of a ball whose diameter is the mask blob diameter
 * (or the user's diameter): instances below V / 4 (a ball of 0.63 d) are fragments, instances above 8 V (a ball of
 * 2 d) are merged clumps.
 */
public final class ParticleSize {
    /** Smallest distance-transform maximum counted as a blob centre. */
    public static final double MIN_PEAK_RADIUS = 2.0;
    /** How many of the largest maxima the density profile averages. */
    public static final int PROFILE_PEAKS = 300;
    /** min_distance per particle diameter. */
    public static final double MD_PER_DIAMETER = 0.8;
    /** min_distance per mask blob diameter (mask-only estimate). */
    public static final double MD_PER_MASK_DIAMETER = 0.5;
    /** min_voxels = this x the ball volume of the filter diameter. */
    public static final double MIN_VOLUME_FACTOR = 0.25;
    /** max_voxels = this x the ball volume of the filter diameter. */
    public static final double MAX_VOLUME_FACTOR = 8.0;

    private ParticleSize() {
    }

    /** The mask blob estimate: diameter in voxels (NaN when the mask has no maximum), and how many maxima. */
    public record MaskEstimate(double diameter, int maxima, double minRadius) {
    }

    /** The density profile estimate: diameter (NaN on failure), peaks used, shells, contrast per shell. */
    public record ProfileEstimate(double diameter, int peaksUsed, int radius, double[] contrast, String note) {
    }

    /** Derived parameters. */
    public record Derived(int minDistance, long minVoxels, long maxVoxels, String minDistanceRule, String filterRule) {
    }

    /**
     * Linear indices of the local maxima of {@code edt} (not below any of the 26 neighbours inside the volume) with a
     * value of at least {@code minRadius}, ordered by decreasing value, ties in raster order.
     */
    public static int[] maxima(float[] edt, Shape shape, double minRadius) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        S2Checks.dims(shape, edt == null ? -1 : edt.length, "edt");
        int slice = nx * ny;
        int[] found = new int[64];
        int m = 0;
        for (int z = 0, i = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++, i++) {
                    float v = edt[i];
                    if (v < minRadius || v <= 0) {
                        continue;
                    }
                    boolean max = true;
                    for (int dz = -1; dz <= 1 && max; dz++) {
                        int zz = z + dz;
                        if (zz < 0 || zz >= nz) {
                            continue;
                        }
                        for (int dy = -1; dy <= 1 && max; dy++) {
                            int yy = y + dy;
                            if (yy < 0 || yy >= ny) {
                                continue;
                            }
                            int row = zz * slice + yy * nx;
                            for (int dx = -1; dx <= 1; dx++) {
                                int xx = x + dx;
                                if (xx >= 0 && xx < nx && edt[row + xx] > v) {
                                    max = false;
                                    break;
                                }
                            }
                        }
                    }
                    if (max) {
                        if (m == found.length) {
                            found = Arrays.copyOf(found, 2 * m);
                        }
                        found[m++] = i;
                    }
                }
            }
        }
        // decreasing value, ties in raster order: values are >= 0, so their float bits order like the values
        long[] keys = new long[m];
        for (int k = 0; k < m; k++) {
            int i = found[k];
            keys[k] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(edt[i])) << 32) | i;
        }
        Arrays.sort(keys);
        int[] out = new int[m];
        for (int k = 0; k < m; k++) {
            out[k] = (int) keys[k];
        }
        return out;
    }

    /**
     * Mask blob diameter: twice the r^3-weighted median of the distance-transform maxima of at least
     * {@value #MIN_PEAK_RADIUS} (of at least 1 when there is none so large). NaN for a mask without maxima.
     */
    public static MaskEstimate maskDiameter(float[] edt, Shape shape) {
        double minR = MIN_PEAK_RADIUS;
        int[] mx = maxima(edt, shape, minR);
        if (mx.length == 0) {
            minR = 1.0;
            mx = maxima(edt, shape, minR);
        }
        return maskDiameter(edt, mx, minR);
    }

    /** As {@link #maskDiameter(float[], Shape)} from maxima already found with {@code minRadius}. */
    public static MaskEstimate maskDiameter(float[] edt, int[] mx, double minR) {
        if (mx.length == 0) {
            return new MaskEstimate(Double.NaN, 0, minR);
        }
        // maxima are sorted by decreasing value: walk from the smallest until half the weight
        double total = 0;
        for (int i : mx) {
            double r = edt[i];
            total += r * r * r;
        }
        double acc = 0;
        double med = edt[mx[0]];
        for (int k = mx.length - 1; k >= 0; k--) {
            double r = edt[mx[k]];
            acc += r * r * r;
            if (acc >= total / 2) {
                med = r;
                break;
            }
        }
        return new MaskEstimate(2 * med, mx.length, minR);
    }

    /**
     * Density profile diameter around the largest distance-transform maxima ({@code maxima}, in decreasing order);
     * profile radius R = max(8, ceil(maskDiameter) + 4) shells; centres closer than R to a face are skipped. The
     * tomogram is read in slabs (about 64 sections plus 2R), never whole.
     */
    public static ProfileEstimate profileDiameter(SectionReader tomo, Shape shape, int[] maxima,
                                                  double maskDiameter) {
        final int nx = shape.nx();
        final int ny = shape.ny();
        final int nz = shape.nz();
        int r = (int) Math.max(8, Math.ceil(Double.isNaN(maskDiameter) ? 0 : maskDiameter) + 4);
        int[] use = new int[Math.min(PROFILE_PEAKS, maxima.length)];
        int m = 0;
        int slice = nx * ny;
        for (int k = 0; k < maxima.length && m < use.length; k++) {
            int i = maxima[k];
            int z = i / slice;
            int y = (i - z * slice) / nx;
            int x = i - z * slice - y * nx;
            if (x >= r && y >= r && z >= r && x < nx - r && y < ny - r && z < nz - r) {
                use[m++] = i;
            }
        }
        if (m == 0) {
            return new ProfileEstimate(Double.NaN, 0, r, new double[0],
                    "no distance-transform maximum of the mask lies " + r + " voxels from every face");
        }
        use = Arrays.copyOf(use, m);
        Arrays.sort(use); // by z, for slab-wise reading
        // shell index of each offset in the (2r+1)^3 cube, -1 outside radius r
        int w = 2 * r + 1;
        int[] shell = new int[w * w * w];
        for (int dz = -r, k = 0; dz <= r; dz++) {
            for (int dy = -r; dy <= r; dy++) {
                for (int dx = -r; dx <= r; dx++, k++) {
                    int s = (int) Math.rint(Math.sqrt(dx * dx + dy * dy + dz * dz));
                    shell[k] = s <= r ? s : -1;
                }
            }
        }
        double[] sum = new double[r + 1];
        long[] cnt = new long[r + 1];
        int chunk = 64;
        int p = 0;
        float[] buf = null;
        while (p < m) {
            int zc0 = use[p] / slice;
            int q = p;
            while (q < m && use[q] / slice < zc0 + chunk) {
                q++;
            }
            int zc1 = use[q - 1] / slice;
            int s0 = zc0 - r;
            int s1 = zc1 + r + 1;
            int need = (s1 - s0) * slice;
            if (buf == null || buf.length < need) {
                buf = new float[need];
            }
            tomo.read(s0, s1, buf, 0);
            for (int t = p; t < q; t++) {
                int i = use[t];
                int z = i / slice;
                int y = (i - z * slice) / nx;
                int x = i - z * slice - y * nx;
                int k = 0;
                for (int dz = -r; dz <= r; dz++) {
                    int zoff = (z + dz - s0) * slice;
                    for (int dy = -r; dy <= r; dy++) {
                        int row = zoff + (y + dy) * nx + x;
                        for (int dx = -r; dx <= r; dx++, k++) {
                            int s = shell[k];
                            if (s >= 0) {
                                sum[s] += buf[row + dx];
                                cnt[s]++;
                            }
                        }
                    }
                }
            }
            p = q;
        }
        double[] prof = new double[r + 1];
        for (int s = 0; s <= r; s++) {
            prof[s] = sum[s] / cnt[s];
        }
        return fromProfile(prof, m);
    }

    /**
     * Half-contrast diameter of a radial profile (shell 0 = centre): the outer 3 shells give the background level;
     * the particles' side is the sign of the inner half's volume-weighted contrast; from the shell of largest contrast
     * on that side within the inner half, outwards to where the contrast first falls below half of it (interpolated
     * linearly).
     */
    public static ProfileEstimate fromProfile(double[] prof, int peaksUsed) {
        int r = prof.length - 1;
        double bg = (prof[r] + prof[r - 1] + prof[r - 2]) / 3;
        double[] c = new double[r + 1];
        for (int s = 0; s <= r; s++) {
            c[s] = prof[s] - bg;
        }
        // the particles' side: the sign of the volume-weighted contrast of the inner half (a bright or dark speck at
        // the very centre, where few voxels are averaged, must not decide it)
        double vol = 0;
        for (int s = 0; s <= r / 2; s++) {
            vol += c[s] * Math.max(s * s, 0.25);
        }
        double sign = vol < 0 ? -1 : 1;
        int ext = 0;
        for (int s = 1; s <= r / 2; s++) {
            if (sign * c[s] > sign * c[ext]) {
                ext = s;
            }
        }
        double half = sign * c[ext] / 2;
        if (!(half > 0)) {
            return new ProfileEstimate(Double.NaN, peaksUsed, r, c, "flat profile: no contrast around the maxima");
        }
        for (int s = ext + 1; s <= r; s++) {
            double a = sign * c[s];
            if (a < half) {
                double b = sign * c[s - 1];
                double rad = (s - 1) + (b - half) / (b - a);
                return new ProfileEstimate(2 * rad, peaksUsed, r, c, "half contrast at " + round2(rad)
                        + " voxels from the centre");
            }
        }
        return new ProfileEstimate(Double.NaN, peaksUsed, r, c, "the contrast does not fall to half within "
                + r + " voxels");
    }

    /**
     * Parameters from a diameter. {@code particleDiameter}: a particle diameter (profile or user; NaN if none);
     * {@code maskDiameter}: the mask blob diameter (NaN if none); {@code filterDiameter}: the diameter of the size
     * filter's ball when given (the user's); NaN: the mask's, else the particle diameter. Returns null when neither
     * diameter is known.
     */
    public static Derived derive(double particleDiameter, double maskDiameter, double filterDiameter) {
        int md;
        String mdRule;
        if (!Double.isNaN(particleDiameter)) {
            md = (int) Math.max(2, Math.round(MD_PER_DIAMETER * particleDiameter));
            mdRule = "round(" + MD_PER_DIAMETER + " x particle diameter), at least 2";
        } else if (!Double.isNaN(maskDiameter)) {
            md = (int) Math.max(2, Math.round(MD_PER_MASK_DIAMETER * maskDiameter));
            mdRule = "round(" + MD_PER_MASK_DIAMETER + " x mask blob diameter), at least 2";
        } else {
            return null;
        }
        double dMin;
        double dMax;
        if (!Double.isNaN(filterDiameter)) {
            dMin = filterDiameter;
            dMax = filterDiameter;
        } else if (Double.isNaN(maskDiameter)) {
            dMin = particleDiameter;
            dMax = particleDiameter;
        } else {
            dMin = maskDiameter;
            dMax = Double.isNaN(particleDiameter) ? maskDiameter : Math.max(maskDiameter, particleDiameter);
        }
        long minV = Math.max(1, Math.round(MIN_VOLUME_FACTOR * ball(dMin)));
        long maxV = Math.max(minV, Math.round(MAX_VOLUME_FACTOR * ball(dMax)));
        return new Derived(md, minV, maxV, mdRule, "V(d) = pi/6 d^3; min_voxels = round(" + MIN_VOLUME_FACTOR
                + " V(" + round2(dMin) + ")), max_voxels = round(" + MAX_VOLUME_FACTOR + " V(" + round2(dMax) + "))");
    }

    /** Volume of a ball of diameter d. */
    public static double ball(double d) {
        return Math.PI / 6 * d * d * d;
    }

    static double round2(double v) {
        return Math.rint(v * 100) / 100;
    }
}
